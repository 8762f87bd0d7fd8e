namespace AhiTools.Commands
{
    /// <summary>Turns JSON into what ConvertFrom-Json would give: PSObjects with note properties, arrays, scalars.</summary>
    internal static class JsonToPSObject
    {
        private const string MetadataTypeName = "AhiTools.ImageSetMetadata";

        /// <summary>
        /// A metadata document as ConvertFrom-Json would give it, led by DatastoreId, ImageSetId and VersionId (the
        /// document's own DatastoreID and ImageSetID are the same names to PowerShell), typed for the default view.
        /// </summary>
        public static PSObject MetadataObject(JsonElement root, string datastoreId, string imageSetId, long version)
        {
            var result = new PSObject();
            result.Properties.Add(new PSNoteProperty("DatastoreId", datastoreId));
            result.Properties.Add(new PSNoteProperty("ImageSetId", imageSetId));
            result.Properties.Add(new PSNoteProperty("VersionId", version));
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (result.Properties[property.Name] is null)
                    {
                        result.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
                    }
                }
            }

            result.TypeNames.Insert(0, MetadataTypeName);
            return result;
        }

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
