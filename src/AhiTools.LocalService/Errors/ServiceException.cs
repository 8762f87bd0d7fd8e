namespace AhiTools.LocalService.Errors
{
    /// <summary>An AWS-shaped error: HTTP status, x-amzn-ErrorType name and a message. Thrown anywhere, written by the error middleware.</summary>
    public sealed class ServiceException(string errorType, int statusCode, string message) : Exception(message)
    {
        public string ErrorType { get; } = errorType;
        public int StatusCode { get; } = statusCode;

        public static ServiceException Validation(string message) => new("ValidationException", 400, message);
        public static ServiceException NotFound(string message) => new("ResourceNotFoundException", 404, message);
        public static ServiceException Conflict(string message) => new("ConflictException", 409, message);
        public static ServiceException AccessDenied(string message) => new("AccessDeniedException", 403, message);
        /// <summary>A failed SigV4 check: 403 with the code AWS's restJson1 services give (see <see cref="Auth.SigV4Failure"/>).</summary>
        public static ServiceException Authentication(Auth.SigV4Failure failure) => new(failure.ErrorType, 403, failure.Message);
        public static ServiceException Throttling(string message) => new("ThrottlingException", 429, message);
        public static ServiceException QuotaExceeded(string message) => new("ServiceQuotaExceededException", 402, message);
        public static ServiceException Internal(string message) => new("InternalServerException", 500, message);
        public static ServiceException Unavailable(string message) => new("ServiceUnavailableException", 503, message);
    }
}
