namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Whether a version's metadata is exactly what one write would have made from its predecessor. HealthImaging's
    /// writes carry no client token, so after a lost response this is how a write recognises its own version, and
    /// never takes another writer's for it.
    /// </summary>
    internal static class WrittenVersionCheck
    {
        private static readonly HashSet<string> LeafContainers = new(StringComparer.Ordinal) { "DICOM", "DICOMVRs" };

        /// <summary>
        /// True when <paramref name="after"/> holds every value of <paramref name="updatable"/>, none of the elements,
        /// series or instances of <paramref name="removable"/>, and differs from <paramref name="before"/> nowhere else.
        /// </summary>
        public static bool IsUpdateOf(JsonObject before, JsonObject after, JsonObject? updatable, JsonObject? removable)
        {
            return SameExceptFor(null, WithoutSchemaVersion(before), WithoutSchemaVersion(after), WithoutSchemaVersion(updatable), WithoutSchemaVersion(removable), isLeaf: false);
        }

        /// <summary>A revert makes a version whose metadata equals the version reverted to.</summary>
        public static bool IsRevertTo(JsonObject after, JsonObject target) => JsonNode.DeepEquals(after, target);

        /// <summary>
        /// True when every copied instance is in <paramref name="after"/> and every instance it gained over
        /// <paramref name="before"/> is one of them.
        /// </summary>
        public static bool IsCopyOf(JsonObject before, JsonObject after, IEnumerable<string> copiedSopInstanceUids)
        {
            var had = new HashSet<string>(SopInstanceUids(before), StringComparer.Ordinal);
            var has = new HashSet<string>(SopInstanceUids(after), StringComparer.Ordinal);
            var copied = new HashSet<string>(copiedSopInstanceUids, StringComparer.Ordinal);
            return copied.Count > 0 && copied.All(has.Contains) && has.Where(uid => !had.Contains(uid)).All(copied.Contains);
        }

        /// <summary>The instances a copy takes from the source: those <paramref name="copiableAttributes"/> names (a series without instances means all of it), or all.</summary>
        public static IReadOnlyCollection<string> CopiedInstances(JsonObject source, string? copiableAttributes)
        {
            if (copiableAttributes is null)
            {
                return SopInstanceUids(source).ToList();
            }

            var copied = new List<string>();
            var selected = Child(Child(JsonNode.Parse(copiableAttributes), "Study"), "Series") as JsonObject;
            foreach (KeyValuePair<string, JsonNode?> series in selected ?? new JsonObject())
            {
                var instances = Child(series.Value, "Instances") as JsonObject;
                copied.AddRange(instances != null && instances.Count > 0
                    ? instances.Select(instance => instance.Key)
                    : InstancesOf(Child(Child(Child(source, "Study"), "Series"), series.Key) as JsonObject));
            }

            return copied;
        }

        private static bool SameExceptFor(string? name, JsonNode? before, JsonNode? after, JsonNode? updated, JsonNode? removed, bool isLeaf)
        {
            if (isLeaf || !(before is JsonObject || after is JsonObject))
            {
                if (updated != null) return JsonNode.DeepEquals(after, updated);
                if (removed != null) return after is null;
                return JsonNode.DeepEquals(before, after);
            }

            if (removed is JsonObject removal && (removal.Count == 0 || after is null))
            {
                // A series or instance removed whole, or emptied by the removal (which removes it with its last instance).
                return after is null && updated is null;
            }

            bool childrenAreLeaves = name != null && LeafContainers.Contains(name);
            return Names(before).Concat(Names(after)).Concat(Names(updated)).Concat(Names(removed)).Distinct(StringComparer.Ordinal)
                .All(child => SameExceptFor(child, Child(before, child), Child(after, child), Child(updated, child), Child(removed, child), childrenAreLeaves));
        }

        private static JsonNode? Child(JsonNode? node, string name) =>
            node is JsonObject obj && obj.TryGetPropertyValue(name, out JsonNode? child) ? child : null;

        private static IEnumerable<string> Names(JsonNode? node) =>
            node is JsonObject obj ? obj.Select(member => member.Key) : Enumerable.Empty<string>();

        private static JsonObject? WithoutSchemaVersion(JsonObject? document)
        {
            if (document is null)
            {
                return null;
            }

            var copy = new JsonObject();
            foreach (KeyValuePair<string, JsonNode?> member in document)
            {
                if (member.Key != "SchemaVersion")
                {
                    copy[member.Key] = member.Value?.DeepClone();
                }
            }

            return copy;
        }

        private static IEnumerable<string> SopInstanceUids(JsonObject document) =>
            (Child(Child(document, "Study"), "Series") as JsonObject ?? new JsonObject())
                .SelectMany(series => InstancesOf(series.Value as JsonObject));

        private static IEnumerable<string> InstancesOf(JsonObject? series) =>
            (Child(series, "Instances") as JsonObject)?.Select(instance => instance.Key) ?? Enumerable.Empty<string>();
    }
}
