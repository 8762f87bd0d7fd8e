namespace AhiTools.HealthImaging
{
    /// <summary>Which failures are worth another attempt, and which may have left a write applied.</summary>
    internal static class TransientFailure
    {
        public static bool IsRetryable(Exception? exception)
        {
            switch (exception)
            {
                case null:
                    return false;
                case HealthImagingServiceException service:
                    return IsThrottling(service) || IsRetryableServerError((int)service.StatusCode);
                case HttpRequestException _:
                case IOException _:
                case TimeoutException _:
                    return true;
                case OperationCanceledException _:
                    // The caller's cancellation is checked before this is asked; what remains is a timeout inside
                    // the HTTP stack.
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// True when the request may have been applied although no answer came back: the connection was lost or timed
        /// out after the request was sent. Any complete answer, a 5xx included, means the service did not apply it,
        /// and a connection that was never made sent nothing.
        /// </summary>
        public static bool MayHaveBeenApplied(Exception exception)
        {
            if (ConnectionFailure.IsUnreachable(exception))
            {
                return false; // no connection was made, so nothing was sent
            }

            switch (exception)
            {
                case HealthImagingServiceException _:
                    return false;
                default:
                    return IsRetryable(exception);
            }
        }

        public static bool IsThrottling(HealthImagingServiceException service)
        {
            return (int)service.StatusCode == 429
                || string.Equals(service.ErrorCode, "ThrottlingException", StringComparison.Ordinal)
                || string.Equals(service.ErrorCode, "TooManyRequestsException", StringComparison.Ordinal);
        }

        private static bool IsRetryableServerError(int status) => status == 500 || status == 502 || status == 503 || status == 504;
    }
}
