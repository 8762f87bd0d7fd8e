namespace AhiTools.Documents
{
    /// <summary>
    /// Reads a raw document given as JSON text, a hashtable or object, a FileInfo, or the path of a JSON file.
    /// </summary>
    internal static class DocumentInput
    {
        /// <param name="input">The parameter's value.</param>
        /// <param name="parameterName">Used in messages, for example UpdatableAttributes.</param>
        /// <param name="resolveFilePath">Turns a PowerShell path into a file-system path, or null when it names no file.</param>
        public static JsonObject Read(object? input, string parameterName, Func<string, string?> resolveFilePath)
        {
            object? value = input;
            switch (value)
            {
                case null:
                    throw new DocumentValidationException(ErrorIds.InvalidDocument, $"-{parameterName} is empty.");
                case JsonObject json:
                    return (JsonObject)json.DeepClone();
                case FileInfo file:
                    return ParseFile(file.FullName, parameterName);
                case string text when LooksLikeJson(text):
                    return Parse(text, $"-{parameterName}");
                case string path:
                    string? resolved = resolveFilePath(path);
                    if (resolved is null || !File.Exists(resolved))
                    {
                        throw new DocumentValidationException(
                            ErrorIds.DocumentFileNotFound,
                            $"-{parameterName} is neither a JSON document (it does not start with '{{') nor the path of an existing file.",
                            "Give the document as JSON text, a hashtable, an object, or the path of a JSON file.");
                    }

                    return ParseFile(resolved, parameterName);
                default:
                    return DocumentValueConverter.ToJsonObject(value, $"-{parameterName}");
            }
        }

        public static JsonObject Parse(string json, string where) => DocumentText.Parse(json, where);

        private static bool LooksLikeJson(string text) => text.TrimStart().StartsWith("{", StringComparison.Ordinal);

        private static JsonObject ParseFile(string path, string parameterName)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new DocumentValidationException(ErrorIds.DocumentFileUnreadable, $"The file for -{parameterName} could not be read: {e.Message}");
            }

            return DocumentText.ParseBytes(bytes, $"The file '{path}' given to -{parameterName}");
        }
    }
}
