namespace AhiTools.LocalService.Persistence
{
    /// <summary>
    /// Saves and loads the whole state as one JSON file (state.json in the data directory). Documents are stored once each
    /// in a "documents" table and referenced by index, because reverts and failed copies share them between versions.
    /// </summary>
    public static class StateFile
    {
        public const string FileName = "state.json";
        private const int FormatVersion = 1;

        /// <summary>
        /// Captures the state: the records are written to JSON at once (call under the gate), the documents — immutable and
        /// possibly large — only by reference, so <see cref="StateCapture.WriteTo"/> can stream them outside the gate.
        /// </summary>
        public static StateCapture Capture(ServiceState state)
        {
            var documents = new List<StoredDocument>();
            var indexes = new Dictionary<StoredDocument, int>(ReferenceEqualityComparer.Instance);
            int IndexOf(StoredDocument document)
            {
                if (!indexes.TryGetValue(document, out var index))
                {
                    index = documents.Count;
                    documents.Add(document);
                    indexes.Add(document, index);
                }
                return index;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                foreach (var datastore in state.OrderedDatastores())
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", datastore.Id);
                    writer.WriteString("name", datastore.Name);
                    writer.WriteString("region", datastore.Region);
                    writer.WriteString("status", datastore.Status);
                    writer.WriteNumber("createdAt", datastore.CreatedAt.ToUnixTimeMilliseconds());
                    writer.WriteNumber("updatedAt", datastore.UpdatedAt.ToUnixTimeMilliseconds());
                    if (datastore.ClientToken != null) writer.WriteString("clientToken", datastore.ClientToken);
                    if (datastore.KmsKeyArn != null) writer.WriteString("kmsKeyArn", datastore.KmsKeyArn);
                    if (datastore.LambdaAuthorizerArn != null) writer.WriteString("lambdaAuthorizerArn", datastore.LambdaAuthorizerArn);
                    if (datastore.LosslessStorageFormat != null) writer.WriteString("losslessStorageFormat", datastore.LosslessStorageFormat);
                    writer.WriteStartArray("imageSets");
                    foreach (var imageSet in datastore.OrderedImageSets())
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", imageSet.Id);
                        if (imageSet.ReadOnlyLock is { } sourceLock)
                        {
                            writer.WriteStartObject("readOnlyLock");
                            writer.WriteString("previousState", sourceLock.PreviousState);
                            writer.WriteString("previousWorkflowStatus", sourceLock.PreviousWorkflowStatus);
                            writer.WriteEndObject();
                        }
                        writer.WriteStartArray("versions");
                        foreach (var version in imageSet.Versions) WriteVersion(writer, version, IndexOf);
                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            return new StateCapture(buffer.ToArray(), documents);
        }

        /// <summary>A captured state, written as {"formatVersion","datastores":[...],"documents":[...]}.</summary>
        public sealed class StateCapture
        {
            private readonly byte[] _datastores;
            private readonly List<StoredDocument> _documents;

            internal StateCapture(byte[] datastores, List<StoredDocument> documents)
            {
                _datastores = datastores;
                _documents = documents;
            }

            public void WriteTo(Stream stream)
            {
                void Ascii(string text) => stream.Write(System.Text.Encoding.ASCII.GetBytes(text));
                Ascii("{\"formatVersion\":" + FormatVersion + ",\"datastores\":");
                stream.Write(_datastores);
                Ascii(",\"documents\":[");
                for (var i = 0; i < _documents.Count; i++)
                {
                    if (i > 0) Ascii(",");
                    stream.Write(_documents[i].Json);
                }
                Ascii("]}");
            }
        }

        private static void WriteVersion(Utf8JsonWriter writer, ImageSetVersionRecord version, Func<StoredDocument, int> indexOf)
        {
            writer.WriteStartObject();
            writer.WriteString("versionId", version.VersionId);
            writer.WriteString("state", version.State);
            writer.WriteString("workflowStatus", version.WorkflowStatus);
            writer.WriteString("message", version.Message);
            writer.WriteBoolean("forced", version.Forced);
            writer.WriteBoolean("isPrimary", version.IsPrimary);
            writer.WriteNumber("createdAt", version.CreatedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("updatedAt", version.UpdatedAt.ToUnixTimeMilliseconds());
            if (version.DeletedAt is { } deletedAt) writer.WriteNumber("deletedAt", deletedAt.ToUnixTimeMilliseconds());
            writer.WriteNumber("document", indexOf(version.Document));
            if (version.Pending is { } pending)
            {
                writer.WriteStartObject("pending");
                writer.WriteNumber("document", indexOf(pending.Document));
                writer.WriteString("finalState", pending.FinalState);
                writer.WriteString("finalWorkflowStatus", pending.FinalWorkflowStatus);
                writer.WriteNumber("dueAt", pending.DueAt.ToUnixTimeMilliseconds());
                writer.WriteString("message", pending.Message);
                writer.WriteBoolean("forced", pending.Forced);
                writer.WriteString("sourceImageSetId", pending.SourceImageSetId);
                writer.WriteBoolean("holdsWriteSlot", pending.HoldsWriteSlot);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }

        /// <summary>Replaces the (empty) state's content with the saved one. Pending writes are left pending for the caller to finish.</summary>
        public static void Load(ServiceState state, byte[] json)
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("The saved state is not a JSON object.");
            if ((int?)root["formatVersion"] != FormatVersion) throw new FormatException("The saved state has an unknown format version.");
            var documentNodes = root["documents"] as JsonArray ?? new JsonArray();
            var documents = new StoredDocument[documentNodes.Count];
            for (var i = 0; i < documents.Length; i++)
                documents[i] = StoredDocument.FromStoredJson(System.Text.Encoding.UTF8.GetBytes(documentNodes[i]!.ToJsonString()));

            foreach (var datastoreNode in root["datastores"] as JsonArray ?? new JsonArray())
            {
                var d = (JsonObject)datastoreNode!;
                var datastore = new DatastoreRecord((string)d["id"]!, (string)d["name"]!, (string)d["region"]!, Time(d["createdAt"])!.Value)
                {
                    Status = (string)d["status"]!,
                    UpdatedAt = Time(d["updatedAt"])!.Value,
                    ClientToken = (string?)d["clientToken"],
                    KmsKeyArn = (string?)d["kmsKeyArn"],
                    LambdaAuthorizerArn = (string?)d["lambdaAuthorizerArn"],
                    LosslessStorageFormat = (string?)d["losslessStorageFormat"],
                };
                foreach (var imageSetNode in d["imageSets"] as JsonArray ?? new JsonArray())
                {
                    var s = (JsonObject)imageSetNode!;
                    var imageSet = new ImageSetRecord((string)s["id"]!, datastore.Id);
                    if (s["readOnlyLock"] is JsonObject l)
                        imageSet.ReadOnlyLock = new SourceLock { PreviousState = (string)l["previousState"]!, PreviousWorkflowStatus = (string?)l["previousWorkflowStatus"] };
                    foreach (var versionNode in s["versions"] as JsonArray ?? new JsonArray())
                        imageSet.Versions.Add(ReadVersion((JsonObject)versionNode!, documents));
                    datastore.Add(imageSet);
                }
                state.Add(datastore);
            }
        }

        private static ImageSetVersionRecord ReadVersion(JsonObject v, StoredDocument[] documents)
        {
            var version = new ImageSetVersionRecord((string)v["versionId"]!, documents[(int)v["document"]!], Time(v["createdAt"])!.Value)
            {
                State = (string)v["state"]!,
                WorkflowStatus = (string?)v["workflowStatus"],
                Message = (string?)v["message"],
                Forced = (bool)v["forced"]!,
                IsPrimary = (bool)v["isPrimary"]!,
                UpdatedAt = Time(v["updatedAt"])!.Value,
                DeletedAt = Time(v["deletedAt"]),
            };
            if (v["pending"] is JsonObject p)
            {
                version.Pending = new PendingOutcome(documents[(int)p["document"]!], (string)p["finalState"]!, (string)p["finalWorkflowStatus"]!, Time(p["dueAt"])!.Value)
                {
                    Message = (string?)p["message"],
                    Forced = (bool)p["forced"]!,
                    SourceImageSetId = (string?)p["sourceImageSetId"],
                    HoldsWriteSlot = (bool)p["holdsWriteSlot"]!,
                };
            }
            return version;
        }

        private static DateTimeOffset? Time(JsonNode? node) => node == null ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)node);
    }
}
