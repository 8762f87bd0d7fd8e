using System.Net;

namespace AhiTools.HealthImaging
{
    /// <summary>A service error: the x-amzn-ErrorType name, HTTP status, request id and the service's message.</summary>
    internal sealed class HealthImagingServiceException(string errorCode, HttpStatusCode statusCode, string? requestId, string message, Exception? inner = null)
        : Exception(message, inner)
    {
        /// <summary>For example ResourceNotFoundException, ConflictException.</summary>
        public string ErrorCode { get; } = errorCode;

        public HttpStatusCode StatusCode { get; } = statusCode;

        public string? RequestId { get; } = requestId;
    }
}
