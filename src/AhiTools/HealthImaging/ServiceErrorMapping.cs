using System;
using System.IO;
using System.Management.Automation;
using System.Net.Http;

namespace AhiTools.HealthImaging
{
    /// <summary>Maps HealthImaging error codes onto PowerShell error categories (never NotSpecified).</summary>
    public static class ServiceErrorMapping
    {
        public static ErrorCategory ToCategory(HealthImagingServiceException exception)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));
            return ToCategory(exception.ErrorCode, (int)exception.StatusCode);
        }

        public static ErrorCategory ToCategory(string? errorCode, int statusCode)
        {
            switch (errorCode)
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
                case "SignatureDoesNotMatch":
                case "ExpiredTokenException":
                    return ErrorCategory.PermissionDenied;
                case "ThrottlingException":
                case "TooManyRequestsException":
                case "ServiceQuotaExceededException":
                    return ErrorCategory.LimitsExceeded;
                case "InternalServerException":
                    return ErrorCategory.ConnectionError;
            }

            if (statusCode >= 500)
            {
                return ErrorCategory.ConnectionError;
            }

            switch (statusCode)
            {
                case 400:
                    return ErrorCategory.InvalidArgument;
                case 401:
                case 403:
                    return ErrorCategory.PermissionDenied;
                case 402:
                case 429:
                    return ErrorCategory.LimitsExceeded;
                case 404:
                    return ErrorCategory.ObjectNotFound;
                case 409:
                    return ErrorCategory.ResourceBusy;
                default:
                    return ErrorCategory.InvalidOperation;
            }
        }

        /// <summary>Any failure of a client call: service errors by code, timeouts, and network failures as ConnectionError.</summary>
        public static ErrorCategory ToCategory(Exception exception)
        {
            switch (exception)
            {
                case HealthImagingServiceException service:
                    return ToCategory(service);
                case TimeoutException _:
                    return ErrorCategory.OperationTimeout;
                case HttpRequestException _:
                case IOException _:
                    return ErrorCategory.ConnectionError;
                case OperationCanceledException _:
                    return ErrorCategory.OperationStopped;
                case ArgumentException _:
                    return ErrorCategory.InvalidArgument;
                default:
                    return ErrorCategory.ConnectionError;
            }
        }
    }
}
