namespace AhiTools.Documents
{
    /// <summary>
    /// Describes what an attributes document changes, by element name and UID only (never values), for -WhatIf,
    /// confirmation and verbose text.
    /// </summary>
    internal static class ChangeDescription
    {
        private const int MaxItems = 12;

        public static IReadOnlyList<string> ListChanges(JsonObject? document, AttributesDocumentKind kind)
        {
            var items = new List<string>();
            if (document is null)
            {
                return items;
            }

            AddElements(items, document[MetadataDocumentNames.Patient] as JsonObject, "Patient.");
            var study = document[MetadataDocumentNames.Study] as JsonObject;
            AddElements(items, study, "Study.");
            if (study?[MetadataDocumentNames.Series] is JsonObject seriesMap)
            {
                foreach (KeyValuePair<string, JsonNode?> series in seriesMap)
                {
                    var seriesObject = series.Value as JsonObject;
                    if (kind == AttributesDocumentKind.Removable && seriesObject?.Count == 0)
                    {
                        items.Add($"series {series.Key}");
                        continue;
                    }

                    AddElements(items, seriesObject, $"Series[{series.Key}].");
                    if (seriesObject?[MetadataDocumentNames.Instances] is JsonObject instances)
                    {
                        foreach (KeyValuePair<string, JsonNode?> instance in instances)
                        {
                            var instanceObject = instance.Value as JsonObject;
                            if (kind == AttributesDocumentKind.Removable && instanceObject?.Count == 0)
                            {
                                items.Add($"instance {instance.Key}");
                                continue;
                            }

                            AddElements(items, instanceObject, $"Instance[{instance.Key}].");
                        }
                    }
                }
            }

            return items;
        }

        /// <summary>"set Patient.PatientName, Study.StudyDescription; remove series 1.2.3" with long lists shortened.</summary>
        public static string Describe(JsonObject? updatable, JsonObject? removable)
        {
            var parts = new List<string>();
            IReadOnlyList<string> set = ListChanges(updatable, AttributesDocumentKind.Updatable);
            IReadOnlyList<string> remove = ListChanges(removable, AttributesDocumentKind.Removable);
            if (set.Count > 0)
            {
                parts.Add("set " + Join(set));
            }

            if (remove.Count > 0)
            {
                parts.Add("remove " + Join(remove));
            }

            return parts.Count == 0 ? "no change" : string.Join("; ", parts);
        }

        public static string Join(IReadOnlyList<string> items)
        {
            if (items.Count <= MaxItems)
            {
                return string.Join(", ", items);
            }

            var shown = new List<string>();
            for (int i = 0; i < MaxItems; i++)
            {
                shown.Add(items[i]);
            }

            return $"{string.Join(", ", shown)} and {items.Count - MaxItems} more";
        }

        private static void AddElements(List<string> items, JsonObject? level, string prefix)
        {
            if (level?[MetadataDocumentNames.Dicom] is JsonObject dicom)
            {
                foreach (KeyValuePair<string, JsonNode?> element in dicom)
                {
                    items.Add(prefix + element.Key);
                }
            }
        }
    }
}
