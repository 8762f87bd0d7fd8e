using System;
using System.Net;

namespace AhiTools.HealthImaging
{
    /// <summary>A service error: the x-amzn-ErrorType name, HTTP status, request id and the service's message.</summary>
    internal sealed class HealthImagingServiceException : Exception
    {
        public HealthImagingServiceException(string errorCode, HttpStatusCode statusCode, string? requestId, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorCode = errorCode;
            StatusCode = statusCode;
            RequestId = requestId;
        }

        /// <summary>For example ResourceNotFoundException, ConflictException.</summary>
        public string ErrorCode { get; }

        public HttpStatusCode StatusCode { get; }

        public string? RequestId { get; }
    }
}
