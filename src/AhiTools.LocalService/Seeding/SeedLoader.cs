namespace AhiTools.LocalService.Seeding
{
    /// <summary>Loads a seed file (format in README.md and samples/seed.json) into the state.</summary>
    public static class SeedLoader
    {
        public static void LoadFile(ServiceState state, string path, string region)
        {
            JsonObject root;
            try { root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("The seed file must hold a JSON object."); }
            catch (System.Text.Json.JsonException e) { throw new FormatException($"The seed file {path} is not valid JSON: {e.Message}", e); }
            try { Load(state, root, region); }
            catch (InvalidOperationException e) { throw new FormatException($"The seed file {path} has a member of the wrong type: {e.Message}", e); }
            catch (Errors.ServiceException e) { throw new FormatException($"The seed file {path} is not valid: {e.Message}", e); }
        }

        public static void Load(ServiceState state, JsonObject root, string region)
        {
            var datastores = root["datastores"] as JsonArray ?? throw new FormatException("The seed needs a \"datastores\" array.");
            lock (state.Gate)
            {
                foreach (var datastoreNode in datastores)
                {
                    var spec = datastoreNode as JsonObject ?? throw new FormatException("Each datastore entry must be an object.");
                    var id = (string?)spec["datastoreId"];
                    var datastore = id != null && state.Datastores.TryGetValue(id, out var existing)
                        ? existing
                        : state.AddDatastore(id, (string?)spec["datastoreName"] ?? "seeded-datastore", region);
                    foreach (var imageSetNode in spec["imageSets"] as JsonArray ?? new JsonArray())
                        LoadImageSet(state, datastore, imageSetNode as JsonObject ?? throw new FormatException("Each image set entry must be an object."));
                    foreach (var generate in GenerateEntries(spec["generate"]))
                        DatasetGeneration.AddAll(state, datastore, SyntheticStudyGenerator.Generate(GeneratorOptionsReader.Read(generate)));
                }
                state.MarkChanged();
            }
        }

        private static JsonObject[] GenerateEntries(JsonNode? node) => node switch
        {
            null => Array.Empty<JsonObject>(),
            JsonObject single => new[] { single },
            JsonArray many => many.Select(n => n as JsonObject ?? throw new FormatException("Each generate entry must be an object.")).ToArray(),
            _ => throw new FormatException("\"generate\" must be an object or an array of objects."),
        };

        private static void LoadImageSet(ServiceState state, DatastoreRecord datastore, JsonObject spec)
        {
            var versions = spec["versions"] as JsonArray
                ?? new JsonArray(new JsonObject { ["document"] = spec["document"]?.DeepClone() });
            if (versions.Count == 0) throw new FormatException("An image set needs at least one version.");
            var isPrimary = spec["isPrimary"] is JsonValue p && p.GetValue<bool>();
            ImageSetRecord? imageSet = null;
            JsonObject? previous = null;
            foreach (var versionNode in versions)
            {
                var version = versionNode as JsonObject ?? throw new FormatException("Each version must be an object.");
                var document = version["document"] as JsonObject;
                if (document == null && version["changes"] is JsonObject changes && previous != null) document = JsonDeepMerge.Merge(previous, changes);
                if (document == null && previous == null) throw new FormatException("The first version of an image set needs a \"document\".");
                document ??= previous!;
                var status = (string?)version["workflowStatus"];
                var message = (string?)version["message"];
                var forced = version["forced"] is JsonValue f && f.GetValue<bool>();
                if (imageSet == null)
                {
                    imageSet = state.AddImageSet(datastore, (string?)spec["imageSetId"], document, status ?? ImageSetStates.Created, isPrimary);
                    imageSet.Latest.Message = message;
                    imageSet.Latest.Forced = forced;
                }
                else
                {
                    state.AppendSettledVersion(datastore, imageSet, document, status ?? ImageSetStates.Updated, message, forced);
                }
                previous = document;
            }
        }
    }
}
