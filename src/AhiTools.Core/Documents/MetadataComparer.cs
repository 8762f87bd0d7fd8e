namespace AhiTools.Documents
{
    /// <summary>
    /// What changed between two metadata documents of an image set, level by level: the DICOM elements of Patient,
    /// Study, each series and each instance, and the series and instances added or removed as a whole. Differences
    /// come in document order (Patient, Study, then series and their instances), lazily, while both documents live.
    /// </summary>
    internal static class MetadataComparer
    {
        public static IEnumerable<MetadataDifference> Compare(JsonElement reference, JsonElement difference)
        {
            JsonElement? referenceStudy = Child(reference, MetadataDocumentNames.Study);
            JsonElement? differenceStudy = Child(difference, MetadataDocumentNames.Study);
            return CompareDicom(ElementLevel.Patient, null, null, Child(reference, MetadataDocumentNames.Patient), Child(difference, MetadataDocumentNames.Patient))
                .Concat(CompareDicom(ElementLevel.Study, null, null, referenceStudy, differenceStudy))
                .Concat(CompareMembers(ElementLevel.Series, null, Child(referenceStudy, MetadataDocumentNames.Series), Child(differenceStudy, MetadataDocumentNames.Series)));
        }

        // Series (keyed by SeriesInstanceUID) or the instances of one series (keyed by SOPInstanceUID).
        private static IEnumerable<MetadataDifference> CompareMembers(ElementLevel level, string? seriesUid, JsonElement? referenceMap, JsonElement? differenceMap)
        {
            foreach (Pair member in Pairs(referenceMap, differenceMap))
            {
                if (member.Before is JsonElement before && member.After is JsonElement after)
                {
                    foreach (MetadataDifference change in CompareMember(level, seriesUid, member.Name, before, after))
                    {
                        yield return change;
                    }
                }
                else
                {
                    yield return Whole(level, seriesUid, member.Name, member.Before is null ? MetadataChangeKind.Added : MetadataChangeKind.Removed);
                }
            }
        }

        private static IEnumerable<MetadataDifference> CompareMember(ElementLevel level, string? seriesUid, string uid, JsonElement before, JsonElement after)
        {
            if (level == ElementLevel.Instance)
            {
                return CompareDicom(level, seriesUid, uid, before, after);
            }

            return CompareDicom(level, uid, null, before, after)
                .Concat(CompareMembers(ElementLevel.Instance, uid, Child(before, MetadataDocumentNames.Instances), Child(after, MetadataDocumentNames.Instances)));
        }

        private static IEnumerable<MetadataDifference> CompareDicom(ElementLevel level, string? seriesUid, string? sopUid, JsonElement? referenceLevel, JsonElement? differenceLevel)
        {
            foreach (Pair element in Pairs(Child(referenceLevel, MetadataDocumentNames.Dicom), Child(differenceLevel, MetadataDocumentNames.Dicom)))
            {
                MetadataChangeKind change;
                if (element.Before is null)
                {
                    change = MetadataChangeKind.Added;
                }
                else if (element.After is null)
                {
                    change = MetadataChangeKind.Removed;
                }
                else if (!JsonElement.DeepEquals(element.Before.Value, element.After.Value))
                {
                    change = MetadataChangeKind.Modified;
                }
                else
                {
                    continue;
                }

                yield return new MetadataDifference(level, seriesUid, sopUid, element.Name, change, element.Before, element.After);
            }
        }

        /// <summary>
        /// The members of two maps matched by name: those of the difference map in its order (with the reference
        /// map's member when it has one), then those only the reference map has.
        /// </summary>
        private static IEnumerable<Pair> Pairs(JsonElement? referenceMap, JsonElement? differenceMap)
        {
            Dictionary<string, JsonElement> referenceMembers = Members(referenceMap);
            Dictionary<string, JsonElement> differenceMembers = Members(differenceMap);
            foreach (JsonProperty member in Properties(differenceMap))
            {
                yield return new Pair(member.Name, referenceMembers.TryGetValue(member.Name, out JsonElement before) ? before : (JsonElement?)null, member.Value);
            }

            foreach (JsonProperty member in Properties(referenceMap))
            {
                if (!differenceMembers.ContainsKey(member.Name))
                {
                    yield return new Pair(member.Name, member.Value, null);
                }
            }
        }

        private static MetadataDifference Whole(ElementLevel level, string? seriesUid, string uid, MetadataChangeKind change) =>
            level == ElementLevel.Series
                ? new MetadataDifference(level, uid, null, null, change, null, null)
                : new MetadataDifference(level, seriesUid, uid, null, change, null, null);

        private static JsonElement? Child(JsonElement? parent, string name) =>
            parent is JsonElement p && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out JsonElement child) ? child : (JsonElement?)null;

        private static IEnumerable<JsonProperty> Properties(JsonElement? map) =>
            map is JsonElement m && m.ValueKind == JsonValueKind.Object ? m.EnumerateObject() : (IEnumerable<JsonProperty>)Array.Empty<JsonProperty>();

        // A lookup per map: an instance map can hold thousands of members, and TryGetProperty scans them.
        private static Dictionary<string, JsonElement> Members(JsonElement? map)
        {
            var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty property in Properties(map))
            {
                members[property.Name] = property.Value;
            }

            return members;
        }

        private readonly record struct Pair(string Name, JsonElement? Before, JsonElement? After);
    }
}
