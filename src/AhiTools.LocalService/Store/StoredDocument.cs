using System.IO.Compression;

namespace AhiTools.LocalService.Store
{
    /// <summary>An immutable metadata document as stored: UTF-8 JSON carrying DatastoreID and ImageSetID, plus its search summary.</summary>
    public sealed class StoredDocument
    {
        private byte[]? _gzip;

        private StoredDocument(byte[] json, SearchableValues summary)
        {
            Json = json;
            Summary = summary;
        }

        public byte[] Json { get; }
        public SearchableValues Summary { get; }

        /// <summary>Stores a copy of <paramref name="document"/> with SchemaVersion, DatastoreID and ImageSetID first.</summary>
        public static StoredDocument Create(JsonObject document, string datastoreId, string imageSetId)
        {
            var ordered = new JsonObject
            {
                ["SchemaVersion"] = document["SchemaVersion"]?.DeepClone() ?? JsonValue.Create("1.1"),
                ["DatastoreID"] = datastoreId,
                ["ImageSetID"] = imageSetId,
            };
            foreach (var (name, value) in document)
            {
                if (name == "SchemaVersion" || name == "DatastoreID" || name == "ImageSetID") continue;
                ordered[name] = value?.DeepClone();
            }
            return new StoredDocument(System.Text.Encoding.UTF8.GetBytes(ordered.ToJsonString()), SearchableValues.Of(ordered));
        }

        /// <summary>A document exactly as it was stored before (persistence), already labelled.</summary>
        public static StoredDocument FromStoredJson(byte[] json) => new(json, SearchableValues.Of(Parse(json)));

        /// <summary>The same content re-labelled for another image set (copies into a new image set, promotion).</summary>
        public StoredDocument Relabel(string datastoreId, string imageSetId) => Create(ToJsonObject(), datastoreId, imageSetId);

        public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json)!;

        public byte[] Gzip()
        {
            var cached = _gzip;
            if (cached != null) return cached;
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Json, 0, Json.Length);
            cached = buffer.ToArray();
            _gzip = cached;
            return cached;
        }

        public long Size => Json.LongLength;

        public static JsonObject Parse(ReadOnlySpan<byte> json) => JsonNode.Parse(json) as JsonObject
            ?? throw new FormatException("A metadata document must be a JSON object.");
    }
}
