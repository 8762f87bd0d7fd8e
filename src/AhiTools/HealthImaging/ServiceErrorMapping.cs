using System.Management.Automation;

namespace AhiTools.HealthImaging
{
    /// <summary>Maps HealthImaging error codes onto PowerShell error categories (never NotSpecified).</summary>
    public static class ServiceErrorMapping
    {
        public static ErrorCategory ToCategory(HealthImagingServiceException exception)
        {
            switch (exception.ErrorCode)
            {
                case "ResourceNotFoundException":
                    return ErrorCategory.ObjectNotFound;
                case "ConflictException":
                    return ErrorCategory.ResourceBusy;
                case "ValidationException":
                    return ErrorCategory.InvalidArgument;
                case "AccessDeniedException":
                case "UnrecognizedClientException":
                case "InvalidSignatureException":
                    return ErrorCategory.PermissionDenied;
                case "ThrottlingException":
                case "ServiceQuotaExceededException":
                    return ErrorCategory.LimitsExceeded;
                case "InternalServerException":
                    return ErrorCategory.ConnectionError;
            }

            int status = (int)exception.StatusCode;
            if (status >= 500)
            {
                return ErrorCategory.ConnectionError;
            }

            return status == 404 ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidOperation;
        }
    }
}
