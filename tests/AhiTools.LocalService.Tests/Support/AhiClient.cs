using System;
using System.IO;
using System.IO.Compression;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Hosting;

namespace AhiTools.LocalService.Tests.Support
{
    /// <summary>Signed calls to the service plus the unsigned /_local routes, for tests.</summary>
    public sealed class AhiClient : IDisposable
    {
        private readonly HttpClient _http = new();

        public AhiClient(Uri baseUri, TestSigV4Signer? signer = null)
        {
            BaseUri = baseUri;
            Signer = signer ?? new TestSigV4Signer(ServiceOptions.DefaultAccessKey, ServiceOptions.DefaultSecretKey);
        }

        public Uri BaseUri { get; }
        public TestSigV4Signer Signer { get; set; }

        /// <summary>Sends a signed request; <paramref name="configure"/> can change headers before signing.</summary>
        public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? json = null,
            Action<HttpRequestMessage>? configure = null, bool sign = true, DateTimeOffset? signedAt = null)
        {
            var body = json == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(json);
            var request = new HttpRequestMessage(method, new Uri(BaseUri, pathAndQuery));
            if (json != null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            }
            configure?.Invoke(request);
            if (sign) Signer.Sign(request, body, signedAt);
            return _http.SendAsync(request);
        }

        public Task<HttpResponseMessage> PostAsync(string pathAndQuery, string? json = null) => SendAsync(HttpMethod.Post, pathAndQuery, json);

        public async Task<JsonObject> PostJsonAsync(string pathAndQuery, string? json = null)
        {
            var response = await PostAsync(pathAndQuery, json);
            return await ReadOkAsync(response);
        }

        public async Task<JsonObject> LocalAsync(string pathAndQuery, string json = "{}")
        {
            var response = await SendAsync(HttpMethod.Post, "_local/" + pathAndQuery, json, sign: false);
            return await ReadOkAsync(response);
        }

        public async Task<string> CreateDatastoreAsync(string name = "test-datastore")
            => (string)(await LocalAsync("datastores", new JsonObject { ["datastoreName"] = name }.ToJsonString()))["datastoreId"]!;

        public async Task<string> CreateImageSetAsync(string datastoreId, JsonObject document)
            => (string)(await LocalAsync($"datastore/{datastoreId}/imageSets", document.ToJsonString()))["imageSetId"]!;

        public async Task<string> AddVersionAsync(string datastoreId, string imageSetId, string json = "{}")
            => (string)(await LocalAsync($"datastore/{datastoreId}/imageSet/{imageSetId}/versions", json))["versionId"]!;

        public Task<JsonObject> GetImageSetAsync(string datastoreId, string imageSetId, string? version = null)
            => PostJsonAsync($"datastore/{datastoreId}/imageSet/{imageSetId}/getImageSet" + (version == null ? "" : "?version=" + version));

        public async Task<JsonObject> GetMetadataAsync(string datastoreId, string imageSetId, string? version = null)
        {
            var response = await PostAsync($"datastore/{datastoreId}/imageSet/{imageSetId}/getImageSetMetadata" + (version == null ? "" : "?version=" + version));
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            return (JsonObject)JsonNode.Parse(await reader.ReadToEndAsync())!;
        }

        /// <summary>Polls GetImageSet until the image set is no longer LOCKED.</summary>
        public async Task<JsonObject> WaitUntilSettledAsync(string datastoreId, string imageSetId, int timeoutMs = 10000)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            while (true)
            {
                var imageSet = await GetImageSetAsync(datastoreId, imageSetId);
                if ((string?)imageSet["imageSetState"] != "LOCKED") return imageSet;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Image set {imageSetId} stayed LOCKED.");
                await Task.Delay(25);
            }
        }

        public static async Task<JsonObject> ReadOkAsync(HttpResponseMessage response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {ErrorType(response)}: {text}");
            return (JsonObject)JsonNode.Parse(text)!;
        }

        public static string? ErrorType(HttpResponseMessage response)
            => response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? string.Join(",", values) : null;

        public void Dispose() => _http.Dispose();
    }
}
