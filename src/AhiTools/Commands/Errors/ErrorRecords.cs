namespace AhiTools.Commands
{
    /// <summary>
    /// The one place that turns failures into PowerShell error records: each <see cref="ErrorKind"/> has one error
    /// category here, and nowhere else names one.
    /// </summary>
    internal static class ErrorRecords
    {
        private const string MalformedAnswerAdvice =
            "The service's answer could not be read; trying again will not help. Report it, with the image set (Get-AHIImageSetMetadata -AsJson shows its document as sent).";

        /// <summary>The record for any failure: the core's errors by their ErrorId and kind, service errors by their code.</summary>
        public static ErrorRecord From(Exception exception, object? target)
        {
            switch (exception)
            {
                case AhiException ahi:
                    return Create(ahi, ahi.ErrorId, ahi.Kind, OutputMapping.ToErrorTarget(ahi.Target) ?? target, ahi.RecommendedAction);
                case HealthImagingServiceException service:
                    return new ErrorRecord(service, service.ErrorCode, ToCategory(ServiceErrorMapping.ToKind(service)), target)
                    {
                        ErrorDetails = new ErrorDetails(DescribeServiceError(service)),
                    };
                case EndpointUnreachableException unreachable:
                    return Create(unreachable, ErrorIds.EndpointUnreachable, ErrorKind.Connection, target, EndpointUnreachableException.RecommendedAction);
                case WriteOutcomeUnknownException unknown:
                    return Create(unknown, ErrorIds.WriteOutcomeUnknown, ErrorKind.OutcomeUnknown, target, unknown.HowToCheck);
                case TimeoutException timeout:
                    return Create(timeout, ErrorIds.OperationTimedOut, ErrorKind.Timeout, target);
                case Exception malformed when ItemFailures.IsMalformedAnswer(malformed):
                    return Create(malformed, ErrorIds.InvalidDataException, ErrorKind.InvalidData, target, MalformedAnswerAdvice);
                default:
                    // Network failures (HttpRequestException, IOException) by their type's name.
                    return Create(exception, exception.GetType().Name, ErrorKind.Connection, target);
            }
        }

        /// <summary>A record for a failure the cmdlet layer finds itself (a parameter combination, a binding rule).</summary>
        public static ErrorRecord Create(Exception exception, string errorId, ErrorKind kind, object? target, string? recommendedAction = null)
        {
            return new ErrorRecord(exception, errorId, ToCategory(kind), target)
            {
                ErrorDetails = recommendedAction is null ? null : new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction },
            };
        }

        public static ErrorCategory ToCategory(ErrorKind kind) => kind switch
        {
            ErrorKind.InvalidInput => ErrorCategory.InvalidArgument,
            ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
            ErrorKind.Stale or ErrorKind.Failed => ErrorCategory.InvalidOperation,
            ErrorKind.Busy => ErrorCategory.ResourceBusy,
            ErrorKind.WorkflowFailed or ErrorKind.InvalidData => ErrorCategory.InvalidData,
            ErrorKind.Timeout => ErrorCategory.OperationTimeout,
            ErrorKind.Connection or ErrorKind.OutcomeUnknown => ErrorCategory.ConnectionError,
            ErrorKind.Throttled => ErrorCategory.LimitsExceeded,
            ErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
            ErrorKind.Unauthenticated => ErrorCategory.AuthenticationError,
            ErrorKind.NotInstalled => ErrorCategory.NotInstalled,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every ErrorKind needs an error category."),
        };

        private static string DescribeServiceError(HealthImagingServiceException service)
        {
            string requestId = string.IsNullOrEmpty(service.RequestId) ? "" : $" (request id {service.RequestId})";
            return $"{service.ErrorCode}: {service.Message}{requestId}";
        }
    }
}
