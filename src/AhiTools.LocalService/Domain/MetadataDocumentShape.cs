namespace AhiTools.LocalService.Domain
{
    /// <summary>Member names of the HealthImaging metadata document and shape checks shared by the updater and the copier.</summary>
    internal static class MetadataDocumentShape
    {
        public const string SchemaVersion = "SchemaVersion";
        public const string SupportedSchemaVersion = "1.1";
        public const string Patient = "Patient";
        public const string Study = "Study";
        public const string Series = "Series";
        public const string Instances = "Instances";
        public const string Dicom = "DICOM";
        public const string DicomVrs = "DICOMVRs";

        /// <summary>SchemaVersion may be the string "1.1" or the number 1.1 (AWS's examples use both).
        /// Assumed: a request document without SchemaVersion is accepted as 1.1.</summary>
        public static void RequireSupportedSchemaVersion(JsonObject requestDocument, string documentName)
        {
            if (!requestDocument.TryGetPropertyValue(SchemaVersion, out JsonNode? version))
                return;
            if (version is JsonValue value)
            {
                if (value.TryGetValue(out string? text) && text == SupportedSchemaVersion)
                    return;
                if (value.GetValueKind() == JsonValueKind.Number
                    && decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number)
                    && number == 1.1m)
                {
                    return;
                }
            }
            throw new MetadataRuleViolation($"{documentName}: SchemaVersion must be \"{SupportedSchemaVersion}\" (string or number).");
        }

        public static JsonObject RequireObject(JsonNode? node, string where)
        {
            if (node is JsonObject obj)
                return obj;
            throw new MetadataRuleViolation($"{where} must be a JSON object.");
        }

        public static JsonObject? OptionalObject(JsonObject parent, string member, string where)
        {
            if (!parent.TryGetPropertyValue(member, out JsonNode? node))
                return null;
            return RequireObject(node, $"{where}.{member}");
        }

        /// <summary>The object under <paramref name="member"/>, created empty when the document lacks it.</summary>
        public static JsonObject GetOrCreateObject(JsonObject parent, string member)
        {
            if (parent[member] is JsonObject existing)
                return existing;
            var created = new JsonObject();
            parent[member] = created;
            return created;
        }

        public static JsonObject? SeriesMap(JsonObject document) => (document[Study] as JsonObject)?[Series] as JsonObject;

        public static bool IsEmpty(JsonObject obj) => obj.Count == 0;

        /// <summary>True when a SOP Instance UID appears in any series of the document.</summary>
        public static bool ContainsInstance(JsonObject document, string sopInstanceUid)
        {
            JsonObject? seriesMap = SeriesMap(document);
            if (seriesMap == null)
                return false;
            foreach (var series in seriesMap)
            {
                if ((series.Value as JsonObject)?[Instances] is JsonObject instances && instances.ContainsKey(sopInstanceUid))
                    return true;
            }
            return false;
        }

        /// <summary>Replaces a key of a JSON object in place, keeping the member order.</summary>
        public static void RenameKey(JsonObject map, string oldKey, string newKey)
        {
            if (oldKey == newKey)
                return;
            var members = new List<KeyValuePair<string, JsonNode?>>(map.Count);
            foreach (var member in map)
                members.Add(member);
            map.Clear();
            foreach (var member in members)
                map[member.Key == oldKey ? newKey : member.Key] = member.Value;
        }

        public static JsonObject CloneObject(JsonObject source) => (JsonObject)source.DeepClone();
    }
}
