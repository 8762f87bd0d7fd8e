using System.Net;
using AhiTools.HealthImaging.Wire;

namespace AhiTools.HealthImaging
{
    /// <summary>Turns a non-2xx HealthImaging response into a <see cref="HealthImagingServiceException"/>.</summary>
    internal static class HealthImagingErrorReader
    {
        public const string ErrorTypeHeader = "x-amzn-ErrorType";
        public const string RequestIdHeader = "x-amzn-RequestId";

        public static HealthImagingServiceException Read(HttpResponseMessage response, byte[] body)
        {
            if (response is null) throw new ArgumentNullException(nameof(response));
            return Read(response.StatusCode, HeaderValue(response, ErrorTypeHeader), HeaderValue(response, RequestIdHeader), body);
        }

        public static HealthImagingServiceException Read(HttpStatusCode status, string? errorTypeHeader, string? requestId, byte[] body)
        {
            ErrorBodyShape? errorBody = TryParse(body);
            string code = CodeFromName(errorTypeHeader)
                ?? CodeFromName(errorBody?.Type)
                ?? CodeFromName(errorBody?.Code)
                ?? CodeFromStatus(status);
            string message = errorBody?.Message
                ?? errorBody?.MessageCapitalized
                ?? $"HealthImaging answered HTTP {(int)status} {status}.";
            return new HealthImagingServiceException(code, status, string.IsNullOrEmpty(requestId) ? null : requestId, message);
        }

        /// <summary>"ValidationException:http://internal.amazon.com/..." and "aws.protocols#ValidationException" are both "ValidationException".</summary>
        internal static string? CodeFromName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return null;
            }

            string code = name!.Trim();
            int colon = code.IndexOf(':');
            if (colon >= 0)
            {
                code = code.Substring(0, colon);
            }

            int hash = code.LastIndexOf('#');
            if (hash >= 0)
            {
                code = code.Substring(hash + 1);
            }

            code = code.Trim();
            return code.Length == 0 ? null : code;
        }

        internal static string CodeFromStatus(HttpStatusCode status)
        {
            switch ((int)status)
            {
                case 400: return "ValidationException";
                case 402: return "ServiceQuotaExceededException";
                case 403: return "AccessDeniedException";
                case 404: return "ResourceNotFoundException";
                case 409: return "ConflictException";
                case 429: return "ThrottlingException";
                case 500: return "InternalServerException";
                case 502: return "BadGatewayException";
                case 503: return "ServiceUnavailableException";
                case 504: return "GatewayTimeoutException";
                default: return "Http" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        private static ErrorBodyShape? TryParse(byte[] body)
        {
            if (body is null || body.Length == 0)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize(body, HealthImagingJsonContext.Default.ErrorBodyShape);
            }
            catch (JsonException)
            {
                // A proxy or load balancer may answer with HTML or plain text; the status still tells what happened.
                return null;
            }
        }

        private static string? HeaderValue(HttpResponseMessage response, string name)
        {
            if (response.Headers.TryGetValues(name, out IEnumerable<string>? values))
            {
                return values.FirstOrDefault();
            }

            if (response.Content != null && response.Content.Headers.TryGetValues(name, out values))
            {
                return values.FirstOrDefault();
            }

            return null;
        }
    }
}
