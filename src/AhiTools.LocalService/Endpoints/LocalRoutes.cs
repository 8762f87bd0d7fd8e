using AhiTools.LocalService.Faults;
using AhiTools.LocalService.Quotas;
using AhiTools.LocalService.Seeding;

namespace AhiTools.LocalService.Endpoints
{
    /// <summary>Unsigned test and seeding routes under /_local (no quotas, no faults). Documented in README.md.</summary>
    public static class LocalRoutes
    {
        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapGet("/_local/health", () => WireFormat.Json(new JsonObject { ["status"] = "ok" }));
            app.MapPost("/_local/datastores", CreateDatastore);
            app.MapGet("/_local/datastores", ListDatastores);
            app.MapPost("/_local/datastore/{datastoreId}/imageSets", CreateImageSet);
            app.MapGet("/_local/datastore/{datastoreId}/imageSets", ListImageSets);
            app.MapPost("/_local/datastore/{datastoreId}/imageSet/{imageSetId}/versions", AddVersion);
            app.MapPost("/_local/datastore/{datastoreId}/generate", Generate);
            app.MapGet("/_local/quotas", Quotas);
            app.MapPost("/_local/datastore/{datastoreId}/imageSet/{imageSetId}/faults", ArmFault);
            app.MapPost("/_local/datastore/{datastoreId}/imageSet/{imageSetId}/settle", (string datastoreId, string imageSetId, WriteWorkflow workflow) =>
                WireFormat.Json(new JsonObject { ["imageSetId"] = imageSetId, ["settled"] = workflow.Settle(datastoreId, imageSetId) }));
        }

        /// <summary>The preset in force, the requests per operation and the answers it throttled: for benchmarks and tests that count throttling.</summary>
        private static IResult Quotas(ServiceOptions options, OperationQuotas quotas)
        {
            var throttled = new JsonObject();
            var total = 0;
            foreach (var (operation, count) in quotas.ThrottledCounts())
            {
                throttled[operation] = count;
                total += count;
            }

            var requests = new JsonObject();
            var requestTotal = 0;
            foreach (var (operation, count) in quotas.RequestCounts())
            {
                requests[operation] = count;
                requestTotal += count;
            }

            return WireFormat.Json(new JsonObject
            {
                ["preset"] = options.QuotaPreset ?? "none",
                ["scale"] = options.QuotaScale,
                ["throttled"] = throttled,
                ["throttledTotal"] = total,
                ["requests"] = requests,
                ["requestTotal"] = requestTotal,
            });
        }

        private static async Task<IResult> CreateDatastore(HttpContext context, ServiceState state, ServiceOptions options)
        {
            var body = RequestValues.JsonBody(await RequestBody.ReadAsync(context));
            var id = RequestValues.OptionalString(body, "datastoreId");
            if (id != null) RequestValues.DatastoreId(id);
            var name = RequestValues.OptionalString(body, "datastoreName") ?? "local-datastore";
            lock (state.Gate)
            {
                var datastore = state.AddDatastore(id, name, options.DefaultRegion);
                state.MarkChanged();
                return WireFormat.Json(new JsonObject { ["datastoreId"] = datastore.Id, ["datastoreStatus"] = datastore.Status });
            }
        }

        /// <summary>Every datastore, oldest first: for a test harness that needs the seed's datastores whatever faults are injected.</summary>
        private static IResult ListDatastores(ServiceState state)
        {
            lock (state.Gate)
            {
                var ids = new JsonArray();
                foreach (var datastore in state.OrderedDatastores())
                {
                    ids.Add(datastore.Id);
                }

                return WireFormat.Json(new JsonObject { ["datastoreIds"] = ids });
            }
        }

        /// <summary>Every image set of the datastore, deleted ones too, oldest first: for tests that count what a write made.</summary>
        private static IResult ListImageSets(string datastoreId, ServiceState state)
        {
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var ids = new JsonArray();
                foreach (var imageSet in datastore.OrderedImageSets())
                {
                    ids.Add(imageSet.Id);
                }

                return WireFormat.Json(new JsonObject { ["imageSetIds"] = ids });
            }
        }

        /// <summary>Body: a metadata document. Query (optional): imageSetId, isPrimary=true.</summary>
        private static async Task<IResult> CreateImageSet(HttpContext context, string datastoreId, ServiceState state)
        {
            var document = RequestValues.JsonBody(await RequestBody.ReadAsync(context));
            var imageSetId = RequestValues.Query(context, "imageSetId");
            if (imageSetId != null) RequestValues.ImageSetId(imageSetId);
            var isPrimary = RequestValues.BoolQuery(context, "isPrimary");
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var imageSet = state.AddImageSet(datastore, imageSetId, document, isPrimary: isPrimary);
                state.MarkChanged();
                return WireFormat.Json(new JsonObject { ["imageSetId"] = imageSet.Id, ["versionId"] = imageSet.Latest.VersionId });
            }
        }

        /// <summary>
        /// Body (optional): {"document": {...}, "workflowStatus", "message", "forced"}, or a bare metadata document; without a
        /// document the new version copies the latest one. Query workflowStatus, message, forced work too.
        /// </summary>
        private static async Task<IResult> AddVersion(HttpContext context, string datastoreId, string imageSetId, ServiceState state)
        {
            var body = RequestValues.JsonBody(await RequestBody.ReadAsync(context));
            JsonObject? document;
            JsonObject fields;
            if (body.ContainsKey("document")) { document = RequestValues.OptionalObject(body, "document"); fields = body; }
            else if (body.ContainsKey("Patient") || body.ContainsKey("Study") || body.ContainsKey("SchemaVersion")) { document = body; fields = new JsonObject(); }
            else { document = null; fields = body; }

            var workflowStatus = RequestValues.OptionalString(fields, "workflowStatus") ?? RequestValues.Query(context, "workflowStatus") ?? ImageSetStates.Updated;
            if (!ImageSetStates.AllWorkflowStatuses.Contains(workflowStatus))
                throw ServiceException.Validation($"Unknown workflowStatus '{workflowStatus}'.");
            var message = RequestValues.OptionalString(fields, "message") ?? RequestValues.Query(context, "message");
            var forced = fields["forced"] is JsonValue f && f.TryGetValue<bool>(out var forcedValue) ? forcedValue : RequestValues.BoolQuery(context, "forced");
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var imageSet = state.RequireImageSet(datastore, imageSetId);
                var version = state.AppendSettledVersion(datastore, imageSet, document, workflowStatus, message, forced);
                state.MarkChanged();
                return WireFormat.Json(new JsonObject { ["imageSetId"] = imageSet.Id, ["versionId"] = version.VersionId });
            }
        }

        /// <summary>
        /// Body: {"action":"Apply|LoseResponse|LoseResponseAndStop|DropRequest|Fail500|Hold|CorruptBody","times":1,"otherWriterUpdate":{updatable attributes},
        /// "otherWriterImageSetId":"...","delayMs":30000,"operation":"GetImageSetMetadata"}. Arms a fault for the next writes whose path names this
        /// image set (for a copy, its source), or with "operation" for the next requests of that operation (reads too).
        /// </summary>
        private static async Task<IResult> ArmFault(HttpContext context, string datastoreId, string imageSetId, ServiceState state, ArmedFaults armed)
        {
            var body = RequestValues.JsonBody(await RequestBody.ReadAsync(context));
            var actionText = RequestValues.OptionalString(body, "action") ?? nameof(ArmedFaultAction.Apply);
            if (!System.Enum.TryParse<ArmedFaultAction>(actionText, ignoreCase: true, out var action))
                throw ServiceException.Validation($"Unknown action '{actionText}': use Apply, LoseResponse, LoseResponseAndStop, DropRequest, Fail500, Hold or CorruptBody.");
            var times = body["times"] is JsonValue t && t.TryGetValue<int>(out var count) ? count : 1;
            var otherWriterImageSetId = RequestValues.OptionalString(body, "otherWriterImageSetId");
            var delayMs = body["delayMs"] is JsonValue d && d.TryGetValue<int>(out var delay) && delay >= 0 ? delay : 30000;
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                state.RequireImageSet(datastore, otherWriterImageSetId ?? imageSetId);
            }

            armed.Arm(imageSetId, new ArmedFault
            {
                Action = action,
                OtherWriterUpdate = RequestValues.OptionalObject(body, "otherWriterUpdate"),
                OtherWriterImageSetId = otherWriterImageSetId,
                DelayMs = delayMs,
                Operation = RequestValues.OptionalString(body, "operation"),
            }, times);
            return WireFormat.Json(new JsonObject { ["imageSetId"] = imageSetId, ["armed"] = times });
        }

        private static async Task<IResult> Generate(HttpContext context, string datastoreId, ServiceState state)
        {
            var options = GeneratorOptionsReader.Read(RequestValues.JsonBody(await RequestBody.ReadAsync(context)));
            lock (state.Gate) state.RequireDatastore(datastoreId);
            var documents = Domain.SyntheticStudyGenerator.Generate(options);
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var ids = DatasetGeneration.AddAll(state, datastore, documents);
                state.MarkChanged();
                return WireFormat.Json(new JsonObject { ["imageSetIds"] = new JsonArray(ids.Select(i => (JsonNode)JsonValue.Create(i)!).ToArray()) });
            }
        }
    }
}
