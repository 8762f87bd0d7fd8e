using System.Net.Http.Headers;
using System.Text.Json.Serialization.Metadata;
using AhiTools.HealthImaging.Wire;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Turns each HealthImaging operation into its HTTP request, member by member as the API model places them
    /// (URI labels, query string, payload). Pure: it builds messages and sends nothing.
    /// </summary>
    internal sealed class HealthImagingRequestBuilder
    {
        private readonly HealthImagingEndpoints _endpoints;

        public HealthImagingRequestBuilder(HealthImagingEndpoints endpoints)
        {
            _endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
        }

        public HttpRequestMessage GetImageSet(string datastoreId, string imageSetId, string? versionId)
        {
            return DataPlanePost(
                ImageSetPath(datastoreId, imageSetId, "getImageSet"),
                Query(("version", versionId)),
                body: null);
        }

        public HttpRequestMessage ListImageSetVersions(string datastoreId, string imageSetId, int? maxResults, string? nextToken)
        {
            return DataPlanePost(
                ImageSetPath(datastoreId, imageSetId, "listImageSetVersions"),
                Query(("maxResults", Format(maxResults)), ("nextToken", nextToken)),
                body: null);
        }

        public HttpRequestMessage GetImageSetMetadata(string datastoreId, string imageSetId, string? versionId)
        {
            return DataPlanePost(
                ImageSetPath(datastoreId, imageSetId, "getImageSetMetadata"),
                Query(("version", versionId)),
                body: null);
        }

        public HttpRequestMessage CopyImageSet(CopyImageSetRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var information = new CopyImageSetInformationShape
            {
                SourceImageSet = new CopySourceShape
                {
                    LatestVersionId = request.SourceLatestVersionId,
                    DicomCopies = request.CopiableAttributes is null ? null : new CopiableAttributesShape { CopiableAttributes = request.CopiableAttributes },
                },
                DestinationImageSet = request.DestinationImageSetId is null
                    ? null
                    : new CopyDestinationShape { ImageSetId = request.DestinationImageSetId, LatestVersionId = request.DestinationLatestVersionId ?? "" },
            };

            return DataPlanePost(
                ImageSetPath(request.DatastoreId, request.SourceImageSetId, "copyImageSet"),
                Query(("force", Flag(request.Force)), ("promoteToPrimary", Flag(request.PromoteToPrimary))),
                Json(information, HealthImagingJsonContext.Default.CopyImageSetInformationShape));
        }

        public HttpRequestMessage UpdateImageSetMetadata(UpdateImageSetMetadataRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            bool hasDocuments = request.UpdatableAttributes != null || request.RemovableAttributes != null;
            if (hasDocuments && request.RevertToVersionId != null)
            {
                throw new ArgumentException("An update carries either attribute documents or a version to revert to, not both.", nameof(request));
            }

            var updates = new MetadataUpdatesShape
            {
                DicomUpdates = hasDocuments
                    ? new DicomUpdatesShape { UpdatableAttributes = request.UpdatableAttributes, RemovableAttributes = request.RemovableAttributes }
                    : null,
                RevertToVersionId = request.RevertToVersionId,
            };

            return DataPlanePost(
                ImageSetPath(request.DatastoreId, request.ImageSetId, "updateImageSetMetadata"),
                Query(("latestVersion", request.LatestVersionId), ("force", Flag(request.Force))),
                Json(updates, HealthImagingJsonContext.Default.MetadataUpdatesShape));
        }

        public HttpRequestMessage SearchImageSets(string datastoreId, string? searchCriteriaJson, int? maxResults, string? nextToken)
        {
            string criteria = string.IsNullOrWhiteSpace(searchCriteriaJson) ? "{}" : searchCriteriaJson!;
            using (JsonDocument.Parse(criteria))
            {
                // Parsed only to fail early, before signing and sending, when the caller's JSON is malformed.
            }

            return DataPlanePost(
                "/datastore/" + Escape(datastoreId) + "/searchImageSets",
                Query(("maxResults", Format(maxResults)), ("nextToken", nextToken)),
                RawJson(criteria));
        }

        public HttpRequestMessage DeleteImageSet(string datastoreId, string imageSetId)
        {
            return DataPlanePost(ImageSetPath(datastoreId, imageSetId, "deleteImageSet"), "", body: null);
        }

        public HttpRequestMessage GetDatastore(string datastoreId)
        {
            return Build(HttpMethod.Get, _endpoints.ControlPlane, "/datastore/" + Escape(datastoreId), "", null);
        }

        public HttpRequestMessage ListDatastores(string? datastoreStatus, int? maxResults, string? nextToken)
        {
            string query = Query(("datastoreStatus", datastoreStatus), ("maxResults", Format(maxResults)), ("nextToken", nextToken));
            return Build(HttpMethod.Get, _endpoints.ControlPlane, "/datastore", query, null);
        }

        private HttpRequestMessage DataPlanePost(string path, string query, HttpContent? body)
        {
            return Build(HttpMethod.Post, _endpoints.DataPlane, path, query, body);
        }

        private static HttpRequestMessage Build(HttpMethod method, Uri baseUri, string path, string query, HttpContent? body)
        {
            string basePath = baseUri.AbsolutePath.TrimEnd('/');
            var builder = new StringBuilder();
            builder.Append(baseUri.Scheme).Append("://").Append(baseUri.Authority).Append(basePath).Append(path);
            if (query.Length > 0)
            {
                builder.Append('?').Append(query);
            }

            var message = new HttpRequestMessage(method, new Uri(builder.ToString()));
            if (body != null)
            {
                message.Content = body;
            }

            message.Headers.Accept.ParseAdd("application/json");
            return message;
        }

        private static string ImageSetPath(string datastoreId, string imageSetId, string action)
        {
            return "/datastore/" + Escape(datastoreId) + "/imageSet/" + Escape(imageSetId) + "/" + action;
        }

        private static string Escape(string value)
        {
            if (string.IsNullOrEmpty(value)) throw new ArgumentException("An ID is required.", nameof(value));
            return Uri.EscapeDataString(value);
        }

        private static string Query(params (string Name, string? Value)[] parameters)
        {
            var parts = new List<string>();
            foreach (var (name, value) in parameters)
            {
                // Empty counts as absent: PowerShell turns $null into "" when it binds a string argument.
                if (!string.IsNullOrEmpty(value))
                {
                    parts.Add(name + "=" + Uri.EscapeDataString(value));
                }
            }

            return string.Join("&", parts);
        }

        private static string? Format(int? value) => value?.ToString(CultureInfo.InvariantCulture);

        // Optional booleans are sent only when set, as the AWS SDKs do for an unset member.
        private static string? Flag(bool value) => value ? "true" : null;

        private static HttpContent Json<T>(T value, JsonTypeInfo<T> typeInfo)
        {
            byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        private static HttpContent RawJson(string json)
        {
            var content = new ByteArrayContent(new UTF8Encoding(false).GetBytes(json));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
    }
}
