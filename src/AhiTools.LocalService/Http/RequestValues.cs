using System.Text.RegularExpressions;

namespace AhiTools.LocalService.Http
{
    /// <summary>Validated reads of path ids, query values and JSON bodies, failing with ValidationException as the service does.</summary>
    public static class RequestValues
    {
        private static readonly Regex ResourceId = new("^[0-9a-z]{32}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex VersionId = new("^[0-9]+\\z", RegexOptions.CultureInvariant);

        public static string DatastoreId(string value) => Id(value, "datastoreId");
        public static string ImageSetId(string value, string member = "imageSetId") => Id(value, member);

        private static string Id(string value, string member)
        {
            if (!ResourceId.IsMatch(value ?? ""))
                throw ServiceException.Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-z]{{32}}");
            return value!;
        }

        public static string Version(string? value, string member)
        {
            if (value == null || !VersionId.IsMatch(value))
                throw ServiceException.Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d+");
            return value;
        }

        public static string? OptionalVersionQuery(HttpContext context, string name)
        {
            var value = Query(context, name);
            return value == null ? null : Version(value, name);
        }

        public static string? Query(HttpContext context, string name)
        {
            var values = context.Request.Query[name];
            if (values.Count == 0) return null;
            return values[0];
        }

        public static bool BoolQuery(HttpContext context, string name)
        {
            var value = Query(context, name);
            if (value == null) return false;
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return false;
            throw ServiceException.Validation($"Value at '{name}' must be true or false.");
        }

        public static int MaxResults(HttpContext context, int defaultValue)
        {
            var value = Query(context, "maxResults");
            if (value == null) return defaultValue;
            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 1 || number > 50)
                throw ServiceException.Validation("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50");
            return number;
        }

        /// <summary>Parses a JSON object body; an empty body gives an empty object.</summary>
        public static JsonObject JsonBody(byte[] body)
        {
            if (body.Length == 0) return new JsonObject();
            JsonNode? node;
            try { node = JsonNode.Parse(body); }
            catch (JsonException) { throw ServiceException.Validation("The request body is not valid JSON."); }
            return node as JsonObject ?? throw ServiceException.Validation("The request body must be a JSON object.");
        }

        public static string? OptionalString(JsonObject body, string member)
        {
            var node = body[member];
            if (node == null) return null;
            if (node is JsonValue value && value.TryGetValue<string>(out var text)) return text;
            throw ServiceException.Validation($"Member '{member}' must be a string.");
        }

        public static JsonObject? OptionalObject(JsonObject body, string member)
        {
            var node = body[member];
            if (node == null) return null;
            return node as JsonObject ?? throw ServiceException.Validation($"Member '{member}' must be an object.");
        }
    }
}
