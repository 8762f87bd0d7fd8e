using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;

namespace AhiTools.LocalTesting
{
    /// <summary>
    /// The local service's unsigned /_local routes, which no injected fault or quota touches: what a started service
    /// holds. A failure of them is the start's failure (<see cref="ErrorIds.LocalServiceFailedToStart"/>).
    /// </summary>
    internal static class LocalServiceRoutes
    {
        private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

        /// <summary>An empty datastore, made ACTIVE at once.</summary>
        public static async Task<string[]> CreateDatastoreAsync(Uri endpoint, string name, CancellationToken cancellationToken)
        {
            string request = new JsonObject { ["datastoreName"] = name }.ToJsonString();
            using (JsonDocument created = await SendAsync(endpoint, HttpMethod.Post, "/_local/datastores", request, cancellationToken).ConfigureAwait(false))
            {
                return new[] { Read(() => created.RootElement.GetProperty("datastoreId").GetString()!) };
            }
        }

        /// <summary>The datastores the seed made.</summary>
        public static async Task<string[]> ListDatastoresAsync(Uri endpoint, CancellationToken cancellationToken)
        {
            using (JsonDocument listed = await SendAsync(endpoint, HttpMethod.Get, "/_local/datastores", null, cancellationToken).ConfigureAwait(false))
            {
                return Read(() => listed.RootElement.GetProperty("datastoreIds").EnumerateArray().Select(id => id.GetString()!).ToArray());
            }
        }

        private static async Task<JsonDocument> SendAsync(Uri endpoint, HttpMethod method, string path, string? json, CancellationToken cancellationToken)
        {
            using (var request = new HttpRequestMessage(method, new Uri(endpoint, path)))
            {
                if (json != null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                try
                {
                    using (HttpResponseMessage response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false))
                    {
                        response.EnsureSuccessStatusCode();
                        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
                    }
                }
                catch (Exception e) when (e is HttpRequestException || e is JsonException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    throw NotStarted(path, e);
                }
            }
        }

        private static T Read<T>(Func<T> read)
        {
            try
            {
                return read();
            }
            catch (Exception e) when (e is JsonException || e is InvalidOperationException || e is System.Collections.Generic.KeyNotFoundException)
            {
                throw NotStarted("/_local/datastores", e);
            }
        }

        private static LocalServiceException NotStarted(string path, Exception e) => new(
            ErrorIds.LocalServiceFailedToStart,
            ErrorKind.Failed,
            $"The local service started but its {path} route failed: {e.Message} The service was stopped.",
            e);
    }
}
