namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Recognises an answer that refused the request's time, as AWS's SDKs do (their clock-skew codes, and
    /// InvalidSignatureException or SignatureDoesNotMatch saying "Signature expired" or "Signature not yet current"),
    /// and words the error when the clock cannot be corrected.
    /// </summary>
    internal static class ClockSkew
    {
        public const string NotCorrectedErrorCode = Errors.ErrorIds.ClockSkewNotCorrected;

        public static bool IsRefusedTime(HealthImagingServiceException error)
        {
            switch (error.ErrorCode)
            {
                case "RequestTimeTooSkewed":
                case "RequestExpired":
                case "RequestInTheFuture":
                    return true;
                case "InvalidSignatureException":
                case "SignatureDoesNotMatch":
                case "AuthFailure":
                    return error.Message.StartsWith("Signature expired", StringComparison.OrdinalIgnoreCase)
                        || error.Message.StartsWith("Signature not yet current", StringComparison.OrdinalIgnoreCase);
                default:
                    return false;
            }
        }

        /// <summary>The service's time by the answer's Date header, if it has one.</summary>
        public static DateTimeOffset? ServiceTime(HttpResponseMessage response) => response.Headers.Date;

        public static string CorrectionNotice(Uri endpoint, TimeSpan offset, DateTimeOffset serviceTime) =>
            $"The clock of {endpoint.Authority} (its Date header: {Utc(serviceTime)}) is {Describe(offset)} this computer's clock: " +
            "AhiTools signs requests to it with that correction for the rest of the session, and sends this one again.";

        public static HealthImagingServiceException NotCorrected(HealthImagingServiceException refusal, Uri endpoint, DateTimeOffset localTime,
            DateTimeOffset? serviceTime, bool alreadyCorrected)
        {
            string message = serviceTime is DateTimeOffset service
                ? alreadyCorrected
                    ? $"{endpoint.Authority} refused the request's time again after AhiTools corrected its clock by the service's Date header: " +
                      $"this computer's clock reads {Utc(localTime)}, the service's {Utc(service)} ({Describe(service - localTime)} this computer's). "
                    : $"{endpoint.Authority} refused the request's time: this computer's clock reads {Utc(localTime)}, the service's {Utc(service)}. "
                : $"{endpoint.Authority} refused the request's time and its answer has no Date header to correct the clock by: this computer's clock reads {Utc(localTime)}. ";
            return new HealthImagingServiceException(NotCorrectedErrorCode, refusal.StatusCode, refusal.RequestId,
                message + $"The service said: {refusal.Message} Set this computer's clock right (for example with NTP: timedatectl, w32tm /resync), then try again.",
                refusal);
        }

        private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

        private static string Describe(TimeSpan offset)
        {
            TimeSpan size = offset.Duration();
            string amount = size.TotalHours >= 1
                ? $"{(int)size.TotalHours} h {size.Minutes} min"
                : size.TotalMinutes >= 1 ? $"{(int)size.TotalMinutes} min {size.Seconds} s" : $"{size.Seconds} s";
            return offset >= TimeSpan.Zero ? $"{amount} ahead of" : $"{amount} behind";
        }
    }
}
