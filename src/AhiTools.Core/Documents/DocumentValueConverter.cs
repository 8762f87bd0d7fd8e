using System.Collections;

namespace AhiTools.Documents
{
    /// <summary>
    /// Turns plain data (dictionaries, sequences, strings, numbers, booleans, null: what the cmdlet layer makes of
    /// hashtables, PSCustomObjects and arrays) into JSON nodes.
    /// Error messages name the element, never the value, because values can be patient data.
    /// </summary>
    internal static class DocumentValueConverter
    {
        /// <summary>A dictionary as ordered name/value pairs; null when the value is not one.</summary>
        public static IEnumerable? AsMembers(object? value, out bool isMap)
        {
            isMap = true;
            switch (value)
            {
                case IDictionary dictionary:
                    return ToEntries(dictionary);
                default:
                    isMap = false;
                    return null;
            }
        }

        /// <summary>
        /// How deep hashtables and arrays may nest: with the levels of the update document around them, deeper values
        /// would pass the 64 levels that JSON readers and writers accept. No DICOM sequence nests nearly as deep.
        /// </summary>
        public const int MaxNesting = 48;

        public static JsonNode? ToJson(object? value, string where) => ToJson(value, where, 0);

        public static JsonObject ToJsonObject(object? value, string where) => ToJsonObject(value, where, 0);

        private static JsonNode? ToJson(object? value, string where, int depth)
        {
            switch (value)
            {
                case null:
                    return null;
                case JsonNode node:
                    return node.DeepClone();
                case string text:
                    return JsonValue.Create(RequireWellFormed(text, where));
                case char character:
                    return JsonValue.Create(RequireWellFormed(character.ToString(), where));
                case bool flag:
                    return JsonValue.Create(flag);
                case int number:
                    return JsonValue.Create(number);
                case long number:
                    return JsonValue.Create(number);
                case short number:
                    return JsonValue.Create(number);
                case byte number:
                    return JsonValue.Create(number);
                case uint number:
                    return JsonValue.Create(number);
                case ulong number:
                    return JsonValue.Create(number);
                case double number:
                    RequireFinite(number, where);
                    return JsonValue.Create(number);
                case float number:
                    RequireFinite(number, where);
                    return JsonValue.Create(number);
                case decimal number:
                    return JsonValue.Create(number);
                case IDictionary _:
                    return ToJsonObject(value, where, depth);
                case IEnumerable sequence:
                    RequireNesting(depth, where);
                    var array = new JsonArray();
                    int index = 0;
                    foreach (object? item in sequence)
                    {
                        array.Add(ToJson(item, $"{where}[{index++}]", depth + 1));
                    }

                    return array;
                default:
                    throw new DocumentValidationException(
                        ErrorIds.InvalidAttributeValue,
                        $"The value of {where} is a {value.GetType().Name}; give it as a string, a number, a boolean, $null, an array or a hashtable.",
                        "DICOM dates and times are strings, for example '19800101' or '101500'.");
            }
        }

        private static JsonObject ToJsonObject(object? value, string where, int depth)
        {
            RequireNesting(depth, where);
            IEnumerable? members = AsMembers(value, out bool isMap);
            if (!isMap || members is null)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidDocument,
                    $"{where} must be a hashtable or an object with properties.");
            }

            var result = new JsonObject();
            foreach (DictionaryEntry entry in members)
            {
                string name = (string)entry.Key;
                result[name] = ToJson(entry.Value, $"{where}.{name}", depth + 1);
            }

            return result;
        }

        private static void RequireNesting(int depth, string where)
        {
            if (depth >= MaxNesting)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidDocument,
                    $"{where} nests hashtables and arrays more than {MaxNesting} levels deep, which no DICOM value does.",
                    "Check for a value that contains itself, or build the document as JSON.");
            }
        }

        private static void RequireFinite(double number, string where)
        {
            if (double.IsNaN(number) || double.IsInfinity(number))
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidAttributeValue,
                    $"The value of {where} is NaN or infinite, which neither JSON nor DICOM can hold.",
                    "Give a finite number, or $null for an empty element.");
            }
        }

        private static string RequireWellFormed(string text, string where)
        {
            if (DocumentText.HasLoneSurrogate(text))
            {
                throw DocumentText.LoneSurrogate($"The value of {where} holds an unpaired UTF-16 surrogate character");
            }

            return text;
        }

        private static IEnumerable ToEntries(IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                object? key = entry.Key;
                string name = Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";
                yield return new DictionaryEntry(name, entry.Value);
            }
        }
    }
}
