namespace AhiTools.LocalService.Seeding
{
    /// <summary>Seed-file convenience: a version's "changes" object is merged into a copy of the previous document
    /// (objects merge member by member, anything else replaces, null removes).</summary>
    public static class JsonDeepMerge
    {
        public static JsonObject Merge(JsonObject baseDocument, JsonObject changes)
        {
            var result = (JsonObject)baseDocument.DeepClone();
            Apply(result, changes);
            return result;
        }

        private static void Apply(JsonObject target, JsonObject changes)
        {
            foreach (var (name, change) in changes)
            {
                if (change == null) { target.Remove(name); continue; }
                if (change is JsonObject changeObject && target[name] is JsonObject targetObject) { Apply(targetObject, changeObject); continue; }
                target[name] = change.DeepClone();
            }
        }
    }
}
