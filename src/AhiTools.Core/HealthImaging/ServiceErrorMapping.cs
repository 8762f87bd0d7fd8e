namespace AhiTools.HealthImaging
{
    /// <summary>What kind of failure a HealthImaging error code (or, without a known code, an HTTP status) is.</summary>
    internal static class ServiceErrorMapping
    {
        public static ErrorKind ToKind(HealthImagingServiceException exception)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            return ToKind(exception.ErrorCode, (int)exception.StatusCode);
        }

        public static ErrorKind ToKind(string? errorCode, int statusCode)
        {
            switch (errorCode)
            {
                case "ResourceNotFoundException":
                    return ErrorKind.NotFound;
                case "ConflictException":
                    return ErrorKind.Busy;
                case "ValidationException":
                    return ErrorKind.InvalidInput;
                case "AccessDeniedException":
                case "UnrecognizedClientException":
                case "InvalidSignatureException":
                case "SignatureDoesNotMatch":
                case "ExpiredTokenException":
                    return ErrorKind.AccessDenied;
                case "ThrottlingException":
                case "TooManyRequestsException":
                case "ServiceQuotaExceededException":
                    return ErrorKind.Throttled;
                case "InternalServerException":
                    return ErrorKind.Connection;
            }

            if (statusCode >= 500)
            {
                return ErrorKind.Connection;
            }

            switch (statusCode)
            {
                case 400:
                    return ErrorKind.InvalidInput;
                case 401:
                case 403:
                    return ErrorKind.AccessDenied;
                case 402:
                case 429:
                    return ErrorKind.Throttled;
                case 404:
                    return ErrorKind.NotFound;
                case 409:
                    return ErrorKind.Busy;
                default:
                    return ErrorKind.Failed;
            }
        }
    }
}
