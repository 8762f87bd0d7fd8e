namespace AhiTools.LocalService.Http
{
    /// <summary>Attribute blobs are UTF-8 JSON text. Invalid bytes, and \u escapes that leave a lone surrogate, are refused
    /// rather than stored as U+FFFD. Messages give byte offsets, never the text.</summary>
    public static class Utf8Text
    {
        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        /// <summary>Call before parsing: refuses invalid UTF-8 bytes.</summary>
        public static void RequireUtf8(byte[] bytes, string member)
        {
            try { Strict.GetCharCount(bytes); }
            catch (DecoderFallbackException e)
            {
                throw ServiceException.Validation($"{member} is not valid UTF-8 text (invalid byte at offset {e.Index}).");
            }
        }

        /// <summary>Call after the blob parsed as JSON: refuses a name or string whose escapes leave a surrogate unpaired,
        /// and a member named twice in one object (JsonNode would fail on it only when the object is read).</summary>
        public static void RequireReadableStrings(byte[] json, string member)
        {
            var reader = new Utf8JsonReader(json);
            var openObjects = new Stack<HashSet<string>>();
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    openObjects.Push(new HashSet<string>(StringComparer.Ordinal));
                }
                else if (reader.TokenType == JsonTokenType.EndObject)
                {
                    openObjects.Pop();
                }
                else if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    string text = StringAt(ref reader, member);
                    if (reader.TokenType == JsonTokenType.PropertyName && !openObjects.Peek().Add(text))
                        throw ServiceException.Validation($"{member}: the member '{text}' appears twice in one object.");
                }
            }
        }

        private static string StringAt(ref Utf8JsonReader reader, string member)
        {
            try { return reader.GetString()!; }
            catch (InvalidOperationException)
            {
                throw ServiceException.Validation(
                    $"{member} is not valid UTF-8 text: the string at offset {reader.TokenStartIndex} escapes an unpaired surrogate.");
            }
        }
    }
}
