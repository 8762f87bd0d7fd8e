namespace AhiTools.LocalService.Auth
{
    /// <summary>
    /// Why a request failed authentication, with the x-amzn-ErrorType and message that AWS's restJson1 services answer
    /// (all with 403). AWS's SDKs recognise a clock skew by InvalidSignatureException and the "Signature expired" and
    /// "Signature not yet current" messages, and correct their clock from the answer's Date header.
    /// </summary>
    public sealed class SigV4Failure
    {
        public const string MissingToken = "MissingAuthenticationTokenException";
        public const string IncompleteSignature = "IncompleteSignatureException";
        public const string InvalidSignature = "InvalidSignatureException";
        public const string UnrecognizedClient = "UnrecognizedClientException";

        private SigV4Failure(string errorType, string message)
        {
            ErrorType = errorType;
            Message = message;
        }

        public string ErrorType { get; }
        public string Message { get; }

        public static SigV4Failure Missing() => new(MissingToken, "Missing Authentication Token");

        public static SigV4Failure Incomplete(string message) => new(IncompleteSignature, message);

        public static SigV4Failure UnknownAccessKey() => new(UnrecognizedClient, "The security token included in the request is invalid.");

        public static SigV4Failure Invalid(string message) => new(InvalidSignature, message);

        public static SigV4Failure SignatureMismatch() => new(InvalidSignature,
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

        /// <summary>"Signature expired: 20261204T140000Z is now earlier than 20261204T141500Z (20261204T142000Z - 5 min.)"</summary>
        public static SigV4Failure Expired(DateTimeOffset signedAt, DateTimeOffset now, TimeSpan window) => new(InvalidSignature,
            $"Signature expired: {Stamp(signedAt)} is now earlier than {Stamp(now - window)} ({Stamp(now)} - {Minutes(window)} min.)");

        /// <summary>"Signature not yet current: 20261204T143000Z is still later than 20261204T142500Z (20261204T142000Z + 5 min.)"</summary>
        public static SigV4Failure NotYetCurrent(DateTimeOffset signedAt, DateTimeOffset now, TimeSpan window) => new(InvalidSignature,
            $"Signature not yet current: {Stamp(signedAt)} is still later than {Stamp(now + window)} ({Stamp(now)} + {Minutes(window)} min.)");

        private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        private static string Minutes(TimeSpan window) => ((int)window.TotalMinutes).ToString(CultureInfo.InvariantCulture);
    }
}
