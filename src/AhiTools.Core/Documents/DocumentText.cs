namespace AhiTools.Documents
{
    /// <summary>
    /// Parses the text of a JSON document, refusing what the service would store wrongly or what would be silently
    /// lost: bytes that are not UTF-8 (the service would keep U+FFFD), unpaired surrogates (in the text or as \u
    /// escapes), and a member name given twice in one object (one of the two values would be dropped).
    /// Messages give names and positions, never values.
    /// </summary>
    internal static class DocumentText
    {
        private static readonly UTF8Encoding StrictUtf8 = new(false, true);

        private const string Encodings = "Save the file as UTF-8 (UTF-16 with a byte order mark is read too), for example: Get-Content -Encoding Latin1 <file> | Set-Content -Encoding utf8 <new file>.";

        /// <summary>The bytes of a file: UTF-8, or UTF-16/UTF-32 when a byte order mark says so.</summary>
        public static JsonObject ParseBytes(byte[] bytes, string where)
        {
            Encoding encoding = DetectEncoding(bytes, out int preamble, out string encodingName);
            string text;
            try
            {
                text = encoding.GetString(bytes, preamble, bytes.Length - preamble);
            }
            catch (DecoderFallbackException e)
            {
                int offset = preamble + e.Index;
                string detail = encodingName == "UTF-8"
                    ? $"the byte at offset {offset} is not valid UTF-8 (a file saved as Latin-1 or Windows-1252 looks like this)"
                    : $"it starts with a {encodingName} byte order mark but is not valid {encodingName}";
                throw new DocumentValidationException(
                    ErrorIds.InvalidTextEncoding,
                    $"{where} is not UTF-8 text: {detail}. Nothing was sent.",
                    Encodings);
            }

            return Parse(text, where);
        }

        /// <summary>JSON text given as a string.</summary>
        public static JsonObject Parse(string json, string where)
        {
            byte[] utf8;
            try
            {
                utf8 = StrictUtf8.GetBytes(json);
            }
            catch (EncoderFallbackException)
            {
                throw LoneSurrogate($"{where} holds an unpaired UTF-16 surrogate character");
            }

            CheckMembersAndEscapes(utf8, where);
            var node = JsonNode.Parse(utf8);
            if (node is JsonObject obj)
            {
                return obj;
            }

            throw new DocumentValidationException(ErrorIds.InvalidDocument, $"{where} must be a JSON object.");
        }

        /// <summary>True when the text has a surrogate without its pair, which no UTF-8 text can hold.</summary>
        public static bool HasLoneSurrogate(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return true;
                }
            }

            return false;
        }

        public static DocumentValidationException LoneSurrogate(string what) =>
            new(
                ErrorIds.InvalidTextEncoding,
                $"{what} (U+D800 to U+DFFF without its pair), which is not valid UTF-8 text; the service would store it as U+FFFD. Nothing was sent.",
                "Correct the text: a character outside the Basic Multilingual Plane is a pair of surrogates, never one alone.");

        /// <summary>One pass over the tokens: duplicate member names per object, and \u escapes that leave a lone surrogate.</summary>
        private static void CheckMembersAndEscapes(byte[] utf8, string where)
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            var names = new Stack<HashSet<string>>();
            try
            {
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.StartObject:
                            names.Push(new HashSet<string>(StringComparer.Ordinal));
                            break;
                        case JsonTokenType.EndObject:
                            names.Pop();
                            break;
                        case JsonTokenType.PropertyName:
                            string name = ReadString(ref reader, where);
                            if (!names.Peek().Add(name))
                            {
                                throw new DocumentValidationException(
                                    ErrorIds.DuplicateJsonKey,
                                    $"{where} has the member '{name}' twice in one object; only one of the two values could be sent. Nothing was sent.",
                                    "Give each member once per object.");
                            }

                            break;
                        case JsonTokenType.String:
                            ReadString(ref reader, where);
                            break;
                    }
                }
            }
            catch (JsonException e)
            {
                // JsonException messages give the line and byte position, not the content.
                throw new DocumentValidationException(ErrorIds.InvalidJson, $"{where} is not valid JSON: {e.Message}");
            }
        }

        /// <summary>The token's text; a \u escape that leaves a surrogate unpaired cannot be read as a string.</summary>
        private static string ReadString(ref Utf8JsonReader reader, string where)
        {
            try
            {
                return reader.GetString() ?? "";
            }
            catch (InvalidOperationException)
            {
                throw LoneSurrogate($"{where} has a \\u escape near byte {reader.TokenStartIndex} that is an unpaired surrogate");
            }
        }

        private static Encoding DetectEncoding(byte[] bytes, out int preamble, out string name)
        {
            if (StartsWith(bytes, 0xFF, 0xFE, 0x00, 0x00))
            {
                preamble = 4;
                name = "UTF-32";
                return new UTF32Encoding(false, false, true);
            }

            if (StartsWith(bytes, 0x00, 0x00, 0xFE, 0xFF))
            {
                preamble = 4;
                name = "UTF-32";
                return new UTF32Encoding(true, false, true);
            }

            if (StartsWith(bytes, 0xFF, 0xFE))
            {
                preamble = 2;
                name = "UTF-16";
                return new UnicodeEncoding(false, false, true);
            }

            if (StartsWith(bytes, 0xFE, 0xFF))
            {
                preamble = 2;
                name = "UTF-16";
                return new UnicodeEncoding(true, false, true);
            }

            preamble = StartsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
            name = "UTF-8";
            return StrictUtf8;
        }

        private static bool StartsWith(byte[] bytes, params byte[] prefix)
        {
            if (bytes.Length < prefix.Length)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (bytes[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
