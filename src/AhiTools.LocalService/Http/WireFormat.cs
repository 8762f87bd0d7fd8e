namespace AhiTools.LocalService.Http
{
    /// <summary>rest-json response helpers: epoch-second timestamps with fractions, JSON results.</summary>
    public static class WireFormat
    {
        public static JsonNode Timestamp(DateTimeOffset value)
            => JsonValue.Create(decimal.Round(value.ToUnixTimeMilliseconds() / 1000m, 3))!;

        public static DateTimeOffset ParseTimestamp(JsonNode node, string member)
        {
            if (node is JsonValue value)
            {
                if (value.TryGetValue<decimal>(out var seconds))
                    return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
                if (value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return parsed;
                }
            }
            throw Errors.ServiceException.Validation($"Member '{member}' must be a timestamp (epoch seconds).");
        }

        public static IResult Json(JsonObject body)
            => Results.Text(body.ToJsonString(), "application/json", System.Text.Encoding.UTF8);

        public static void AddIfNotNull(this JsonObject target, string name, JsonNode? value)
        {
            if (value != null) target[name] = value;
        }
    }
}
