using System.Collections;

namespace AhiTools.Documents
{
    /// <summary>
    /// The changes of several pipeline rows of one image set as one change: level, series and instance elements merged
    /// by key, removals and instances united, in order. The same element given two different values is refused
    /// (ConflictingRowChanges): which one was meant cannot be told, and nothing is sent.
    /// </summary>
    internal static class MetadataUpdateMerge
    {
        public static MetadataUpdateSpecification Merge(IReadOnlyList<MetadataUpdateSpecification> changes)
        {
            if (changes.Count == 1)
            {
                return changes[0];
            }

            return new MetadataUpdateSpecification
            {
                Patient = Elements(changes.Select(change => change.Patient), "Patient"),
                Study = Elements(changes.Select(change => change.Study), "Study"),
                Series = Keyed(changes.Select(change => change.Series), "Series"),
                Instance = Keyed(changes.Select(change => change.Instance), "Instance"),
                PrivateTag = Elements(changes.Select(change => change.PrivateTag), "PrivateTag"),
                PrivateTagInstances = United(changes.Select(change => change.PrivateTagInstances)),
                RemoveAttribute = United(changes.Select(change => change.RemoveAttribute)),
                RemoveSeries = United(changes.Select(change => change.RemoveSeries)),
                RemoveInstance = United(changes.Select(change => change.RemoveInstance)),
                UpdatableAttributes = SameDocument(changes.Select(change => change.UpdatableAttributes), "UpdatableAttributes"),
                RemovableAttributes = SameDocument(changes.Select(change => change.RemovableAttributes), "RemovableAttributes"),
            };
        }

        /// <summary>Element maps (keyword → value) merged; one element with two values is a conflict.</summary>
        private static IDictionary? Elements(IEnumerable<IDictionary?> maps, string where)
        {
            Hashtable? merged = null;
            foreach (IDictionary? map in maps.Distinct(ReferenceComparer.Instance))
            {
                if (map is null)
                {
                    continue;
                }

                merged ??= new Hashtable(StringComparer.Ordinal);
                foreach (DictionaryEntry entry in map)
                {
                    string key = Key(entry.Key);
                    if (merged.ContainsKey(key) && !SameValue(merged[key], entry.Value))
                    {
                        throw Conflict($"{where}.{key}");
                    }

                    merged[key] = entry.Value;
                }
            }

            return merged;
        }

        /// <summary>UID → element map, merged per UID.</summary>
        private static IDictionary? Keyed(IEnumerable<IDictionary?> maps, string where)
        {
            var byUid = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (IDictionary? map in maps.Distinct(ReferenceComparer.Instance))
            {
                if (map is null)
                {
                    continue;
                }

                foreach (DictionaryEntry entry in map)
                {
                    string uid = Key(entry.Key);
                    if (!byUid.TryGetValue(uid, out List<object?>? values))
                    {
                        byUid[uid] = values = new List<object?>();
                        order.Add(uid);
                    }

                    values.Add(entry.Value);
                }
            }

            if (order.Count == 0)
            {
                return null;
            }

            var merged = new Hashtable(StringComparer.Ordinal);
            foreach (string uid in order)
            {
                List<object?> values = byUid[uid];
                var elementMaps = values.Select(value => value as IDictionary).Where(map => map != null).Select(map => map!).ToList();
                if (elementMaps.Count == values.Count)
                {
                    merged[uid] = Elements(elementMaps, $"{where}.{uid}");
                }
                else if (values.All(value => SameValue(value, values[0])))
                {
                    merged[uid] = values[0]; // not a map: the builder refuses it with its own message
                }
                else
                {
                    throw Conflict($"{where}.{uid}");
                }
            }

            return merged;
        }

        private static IReadOnlyList<string> United(IEnumerable<IReadOnlyList<string>> lists) =>
            lists.SelectMany(list => list).Distinct(StringComparer.Ordinal).ToList();

        private static JsonObject? SameDocument(IEnumerable<JsonObject?> documents, string parameter)
        {
            JsonObject? first = null;
            foreach (JsonObject? document in documents)
            {
                if (document is null)
                {
                    continue;
                }

                if (first is null)
                {
                    first = document;
                }
                else if (!string.Equals(first.ToJsonString(), document.ToJsonString(), StringComparison.Ordinal))
                {
                    throw Conflict("-" + parameter);
                }
            }

            return first;
        }

        private static bool SameValue(object? one, object? other)
        {
            if (ReferenceEquals(one, other) || Equals(one, other))
            {
                return true;
            }

            // Values built anew for each row (a script block per row, or @{ Value = ...; VR = ... }) compare as JSON.
            try
            {
                return DocumentValueConverter.ToJson(one, "")?.ToJsonString() == DocumentValueConverter.ToJson(other, "")?.ToJsonString();
            }
            catch (DocumentValidationException)
            {
                return false;
            }
        }

        private static string Key(object? key) =>
            Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";

        private static DocumentValidationException Conflict(string element) => new(
            ErrorIds.ConflictingRowChanges,
            $"The rows piped in for one image set give {element} different values, so they cannot be made one update. Nothing was sent.",
            "Give each element one value for the rows of an image set, or update the rows one by one.");

        private sealed class ReferenceComparer : IEqualityComparer<IDictionary?>
        {
            public static readonly ReferenceComparer Instance = new();

            public bool Equals(IDictionary? x, IDictionary? y) => ReferenceEquals(x, y);

            public int GetHashCode(IDictionary? obj) => obj is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
        }
    }
}
