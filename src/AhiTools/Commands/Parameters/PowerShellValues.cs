using System.Collections.Specialized;
using System.Text.Json.Nodes;

namespace AhiTools.Commands
{
    /// <summary>
    /// Turns what PowerShell binds (PSObject wrappers, PSCustomObjects, PSCredentials) into the plain .NET values the
    /// core takes: dictionaries, lists, strings, numbers and <see cref="KeyPairCredential"/>.
    /// </summary>
    internal static class PowerShellValues
    {
        /// <summary>The object inside PSObject wrappers; a PSCustomObject stays wrapped (its properties are on the wrapper).</summary>
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

        /// <summary>One value: an array of one (as a command line or a default may give it) is its element; of more, null.</summary>
        public static object? Single(object? value)
        {
            value = Unwrap(value);
            if (value is IList list && !(value is string))
            {
                return list.Count == 1 ? Unwrap(list[0]) : null;
            }

            return value;
        }

        /// <summary>-Credential or $StoredAWSCredentials for the core: a PSCredential becomes its key pair.</summary>
        public static object? ToCredential(object? value)
        {
            object? unwrapped = Unwrap(value);
            return unwrapped is PSCredential credential
                ? new KeyPairCredential(credential.UserName, credential.GetNetworkCredential().Password)
                : unwrapped;
        }

        /// <summary>A hashtable parameter with its values made plain (see <see cref="ToPlain"/>).</summary>
        public static IDictionary? ToPlainMap(IDictionary? map) => map is null ? null : (IDictionary?)ToPlain(map);

        /// <summary>
        /// A document value as plain data, at any depth: PSCustomObjects and dictionaries become ordered dictionaries
        /// (in their own order), sequences become lists, wrappers are removed. Deeper than documents may nest, values
        /// are left as they are: the core refuses them for their depth.
        /// </summary>
        public static object? ToPlain(object? value) => ToPlain(value, 0);

        private static object? ToPlain(object? value, int depth)
        {
            value = Unwrap(value);
            if (depth > DocumentValueConverter.MaxNesting + 2)
            {
                return value;
            }

            switch (value)
            {
                case null:
                case string _:
                case JsonNode _:
                    return value;
                case PSObject custom:
                    var properties = new OrderedDictionary();
                    foreach (PSPropertyInfo property in custom.Properties)
                    {
                        properties[property.Name] = ToPlain(property.Value, depth + 1);
                    }

                    return properties;
                case IDictionary dictionary:
                    var entries = new OrderedDictionary();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        entries[Unwrap(entry.Key) ?? ""] = ToPlain(entry.Value, depth + 1);
                    }

                    return entries;
                case IEnumerable sequence:
                    var items = new List<object?>();
                    foreach (object? item in sequence)
                    {
                        items.Add(ToPlain(item, depth + 1));
                    }

                    return items;
                default:
                    return value;
            }
        }
    }
}
