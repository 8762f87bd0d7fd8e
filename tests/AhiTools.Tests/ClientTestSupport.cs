using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Amazon.Runtime;

namespace AhiTools.Tests
{
    /// <summary>A request as it reached the wire (below the signer).</summary>
    public sealed class CapturedRequest
    {
        public HttpMethod Method { get; set; } = HttpMethod.Get;
        public Uri Uri { get; set; } = new Uri("http://unset");
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public byte[] Body { get; set; } = Array.Empty<byte>();
        public string BodyText => Encoding.UTF8.GetString(Body);

        public Dictionary<string, string> Query()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            string query = Uri.Query.TrimStart('?');
            if (query.Length == 0) return result;
            foreach (string part in query.Split('&'))
            {
                int eq = part.IndexOf('=');
                result[Uri.UnescapeDataString(part.Substring(0, eq))] = Uri.UnescapeDataString(part.Substring(eq + 1));
            }

            return result;
        }
    }

    /// <summary>A scripted transport: each request gets the next scripted answer (or the fallback), and is recorded.</summary>
    public sealed class FakeTransport : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script =
            new();

        public List<CapturedRequest> Requests { get; } = new List<CapturedRequest>();

        public Func<HttpRequestMessage, HttpResponseMessage>? Fallback { get; set; }

        public FakeTransport Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer)
        {
            _script.Enqueue(answer);
            return this;
        }

        public FakeTransport ThenJson(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
        {
            return Then((request, _) => Task.FromResult(Json(status, json, headers)));
        }

        public FakeTransport ThenError(HttpStatusCode status, string errorType, string message, string requestId = "req-1")
        {
            return ThenJson(status, "{\"message\":\"" + message + "\"}", ("x-amzn-ErrorType", errorType), ("x-amzn-RequestId", requestId));
        }

        public FakeTransport ThenThrow(Exception exception)
        {
            return Then((request, _) => Task.FromException<HttpResponseMessage>(exception));
        }

        public static HttpResponseMessage Json(HttpStatusCode status, string json, params (string Name, string Value)[] headers)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var captured = new CapturedRequest { Method = request.Method, Uri = request.RequestUri! };
            foreach (var header in request.Headers)
            {
                captured.Headers[header.Key] = string.Join(",", header.Value);
            }

            if (request.Content != null)
            {
                foreach (var header in request.Content.Headers)
                {
                    captured.Headers[header.Key] = string.Join(",", header.Value);
                }

                captured.Body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            lock (Requests)
            {
                Requests.Add(captured);
            }

            if (_script.TryDequeue(out var answer))
            {
                return await answer(request, cancellationToken);
            }

            if (Fallback != null)
            {
                return Fallback(request);
            }

            throw new InvalidOperationException("The fake transport has no answer scripted for " + request.RequestUri);
        }
    }

    internal static class TestClients
    {
        public const string DatastoreId = "0123456789abcdef0123456789abcdef";
        public const string ImageSetId = "fedcba9876543210fedcba9876543210";
        public const string OtherImageSetId = "aaaabbbbccccddddeeeeffff00001111";

        public static HealthImagingRetryOptions FastRetries(int attempts = 4) => new()
        {
            MaxAttempts = attempts,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
            TotalTimeout = TimeSpan.FromSeconds(30),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };

        public static HealthImagingEndpoints LocalEndpoints => HealthImagingEndpoints.Custom(new Uri("http://127.0.0.1:9999"), "us-east-1");

        public static HealthImagingClient Create(FakeTransport transport, HealthImagingRetryOptions? retries = null, HealthImagingEndpoints? endpoints = null)
        {
            return new HealthImagingClient(
                new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                endpoints ?? HealthImagingEndpoints.ForRegion("us-east-1", "amazonaws.com"),
                retries ?? FastRetries(),
                transport);
        }
    }
}
