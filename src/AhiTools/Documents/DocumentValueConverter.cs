using System;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace AhiTools.Documents
{
    /// <summary>
    /// Turns PowerShell data (hashtables, PSCustomObjects, arrays, strings, numbers, booleans, $null) into JSON nodes.
    /// Error messages name the element, never the value, because values can be patient data.
    /// </summary>
    public static class DocumentValueConverter
    {
        public static object? Unwrap(object? value)
        {
            while (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    return wrapped;
                }

                value = wrapped.BaseObject;
            }

            return value;
        }

        /// <summary>A hashtable, dictionary or PSCustomObject as ordered name/value pairs; null when the value is neither.</summary>
        public static IEnumerable? AsMembers(object? value, out bool isMap)
        {
            value = Unwrap(value);
            isMap = true;
            switch (value)
            {
                case IDictionary dictionary:
                    return ToEntries(dictionary);
                case PSObject custom:
                    return ToEntries(custom);
                default:
                    isMap = false;
                    return null;
            }
        }

        public static JsonNode? ToJson(object? value, string where)
        {
            value = Unwrap(value);
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
                    return JsonValue.Create(number);
                case float number:
                    return JsonValue.Create(number);
                case decimal number:
                    return JsonValue.Create(number);
                case IDictionary _:
                case PSObject _:
                    return ToJsonObject(value, where);
                case IEnumerable sequence:
                    var array = new JsonArray();
                    int index = 0;
                    foreach (object? item in sequence)
                    {
                        array.Add(ToJson(item, $"{where}[{index++}]"));
                    }

                    return array;
                default:
                    throw new DocumentValidationException(
                        "InvalidAttributeValue",
                        $"The value of {where} is a {value.GetType().Name}; give it as a string, a number, a boolean, $null, an array or a hashtable.",
                        "DICOM dates and times are strings, for example '19800101' or '101500'.");
            }
        }

        public static JsonObject ToJsonObject(object? value, string where)
        {
            IEnumerable? members = AsMembers(value, out bool isMap);
            if (!isMap || members is null)
            {
                throw new DocumentValidationException(
                    "InvalidDocument",
                    $"{where} must be a hashtable or an object with properties.");
            }

            var result = new JsonObject();
            foreach (DictionaryEntry entry in members)
            {
                string name = (string)entry.Key;
                result[name] = ToJson(entry.Value, $"{where}.{name}");
            }

            return result;
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
                object? key = Unwrap(entry.Key);
                string name = Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";
                yield return new DictionaryEntry(name, entry.Value);
            }
        }

        private static IEnumerable ToEntries(PSObject custom)
        {
            foreach (PSPropertyInfo property in custom.Properties)
            {
                yield return new DictionaryEntry(property.Name, property.Value);
            }
        }
    }
}
