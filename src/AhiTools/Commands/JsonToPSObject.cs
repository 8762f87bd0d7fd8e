using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json;

namespace AhiTools.Commands
{
    /// <summary>Turns JSON into what ConvertFrom-Json would give: PSObjects with note properties, arrays, scalars.</summary>
    internal static class JsonToPSObject
    {
        public static object? Convert(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var result = new PSObject();
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        result.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
                    }

                    return result;
                case JsonValueKind.Array:
                    var items = new List<object?>();
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        items.Add(Convert(item));
                    }

                    return items.ToArray();
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    if (element.TryGetInt64(out long whole))
                    {
                        return whole;
                    }

                    return element.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }
    }
}
