using System.Text.Encodings.Web;

namespace AhiTools.Documents
{
    /// <summary>Compact UTF-8 JSON for request documents, with size checks against the API model's limits.</summary>
    internal static class DocumentSerializer
    {
        private static readonly JsonSerializerOptions Compact = new()
        {
            WriteIndented = false,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static string ToJson(JsonObject document) => document.ToJsonString(Compact);

        /// <summary>The attributes document as the bytes of the updatableAttributes/removableAttributes blob.</summary>
        public static byte[] ToAttributesBlob(JsonObject document, AttributesDocumentKind kind)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(ToJson(document));
            if (bytes.Length > MetadataDocumentNames.MaxAttributesBytes)
            {
                string name = kind == AttributesDocumentKind.Updatable ? "updatable" : "removable";
                throw new DocumentValidationException(
                    ErrorIds.DocumentTooLarge,
                    $"The {name} attributes document is {bytes.Length} bytes; the API accepts at most {MetadataDocumentNames.MaxAttributesBytes} bytes, and the service's default quota is 10 KB per update request (adjustable in Service Quotas).",
                    "Split the change into several updates.");
            }

            return bytes;
        }

        /// <summary>True when the blob is above the service's default 10 KB payload quota (still within the API limit).</summary>
        public static bool ExceedsDefaultQuota(int byteCount) => byteCount > MetadataDocumentNames.DefaultPayloadQuotaBytes;

        public static string ToCopiableAttributes(JsonObject document)
        {
            string json = ToJson(document);
            if (json.Length > MetadataDocumentNames.MaxCopiableAttributesChars)
            {
                throw new DocumentValidationException(
                    ErrorIds.DocumentTooLarge,
                    $"The copiable attributes document is {json.Length} characters; the API accepts at most {MetadataDocumentNames.MaxCopiableAttributesChars}.",
                    "Copy the instances in several calls.");
            }

            return json;
        }
    }
}
