using System.Text.Json.Serialization;

namespace AhiTools.HealthImaging.Wire
{
    /// <summary>A rest-json timestamp: epoch seconds as a JSON number with fractions (1680029436.304).</summary>
    /// <remarks>
    /// A class, not a struct: System.Text.Json's generic code over a reference type is shared and precompiled, while
    /// over a struct (and its Nullable) it is compiled at run time, in the first call of every session.
    /// </remarks>
    [JsonConverter(typeof(EpochSecondsConverter))]
    internal sealed class EpochSeconds
    {
        public EpochSeconds(DateTimeOffset value)
        {
            Value = value;
        }

        public DateTimeOffset Value { get; }

        public static DateTimeOffset FromSeconds(decimal seconds)
        {
            long milliseconds = (long)decimal.Round(seconds * 1000m, MidpointRounding.AwayFromZero);
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        public static decimal ToSeconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000m;
    }

    internal sealed class EpochSecondsConverter : JsonConverter<EpochSeconds>
    {
        public override EpochSeconds Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                return new EpochSeconds(EpochSeconds.FromSeconds(reader.GetDecimal()));
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                // Tolerated for robustness: a stringified number or an ISO 8601 date.
                string text = reader.GetString() ?? "";
                if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal seconds))
                {
                    return new EpochSeconds(EpochSeconds.FromSeconds(seconds));
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
                {
                    return new EpochSeconds(parsed);
                }
            }

            throw new JsonException("Expected a timestamp in epoch seconds.");
        }

        public override void Write(Utf8JsonWriter writer, EpochSeconds value, JsonSerializerOptions options)
        {
            writer.WriteNumberValue(EpochSeconds.ToSeconds(value.Value));
        }
    }
}
