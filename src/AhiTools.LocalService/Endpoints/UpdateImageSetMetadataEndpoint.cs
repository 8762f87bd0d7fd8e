namespace AhiTools.LocalService.Endpoints
{
    /// <summary>UpdateImageSetMetadata: DICOMUpdates or revertToVersionId, answered LOCKED/UPDATING, settled after the workflow delay.</summary>
    public static class UpdateImageSetMetadataEndpoint
    {
        public const int MaxAttributeBlobBytes = 30000;

        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapPost("/datastore/{datastoreId}/imageSet/{imageSetId}/updateImageSetMetadata", Handle)
                .Operation("UpdateImageSetMetadata", isWrite: true);
        }

        private static async Task<IResult> Handle(HttpContext context, string datastoreId, string imageSetId, ServiceState state, WriteWorkflow workflow)
        {
            RequestValues.DatastoreId(datastoreId);
            RequestValues.ImageSetId(imageSetId);
            var latestVersion = RequestValues.Version(RequestValues.Query(context, "latestVersion"), "latestVersionId");
            var force = RequestValues.BoolQuery(context, "force");
            RequestValues.BoolQuery(context, "includeStudyImageSets"); // validated; applying to the whole study is not simulated
            var request = ParseBody(RequestValues.JsonBody(await RequestBody.ReadAsync(context)));
            if (request.Updates != null) MetadataUpdater.Validate(request.Updatable, request.Removable, force);

            // Phase 1: resolve and check, then compute the outcome outside the gate on the immutable latest document.
            StoredDocument baseDocument;
            StoredDocument? revertTarget = null;
            lock (state.Gate)
            {
                var (_, imageSet) = WriteGuards.RequireWritable(state, datastoreId, imageSetId, latestVersion);
                baseDocument = imageSet.Latest.Document;
                if (request.RevertToVersionId != null)
                {
                    var target = imageSet.Find(request.RevertToVersionId)
                        ?? throw ServiceException.Validation($"revertToVersionId {request.RevertToVersionId} does not exist for image set {imageSetId}.");
                    if (ReferenceEquals(target, imageSet.Latest))
                        throw ServiceException.Validation($"revertToVersionId {request.RevertToVersionId} is already the latest version.");
                    revertTarget = target.Document;
                }
            }

            var now = ServiceState.Now();
            var outcome = revertTarget != null
                ? new PendingOutcome(revertTarget, ImageSetStates.Active, ImageSetStates.Updated, workflow.DueAt(now))
                : ApplyUpdates(baseDocument, request, force, datastoreId, imageSetId, workflow.DueAt(now));
            outcome.Forced = force;
            outcome.HoldsWriteSlot = true;

            // Phase 2: re-check under the gate and commit the LOCKED version.
            JsonObject response;
            string newVersionId;
            lock (state.Gate)
            {
                var (datastore, imageSet) = WriteGuards.RequireWritable(state, datastoreId, imageSetId, latestVersion);
                workflow.ReserveWriteSlot(datastore);
                var version = new ImageSetVersionRecord(imageSet.NextVersionId(), baseDocument, now)
                {
                    State = ImageSetStates.Locked,
                    WorkflowStatus = ImageSetStates.Updating,
                    Forced = force,
                    IsPrimary = imageSet.Latest.IsPrimary,
                    Pending = outcome,
                };
                imageSet.Versions.Add(version);
                datastore.UpdatedAt = now;
                newVersionId = version.VersionId;
                response = ImageSetJson.WriteAccepted(datastoreId, imageSetId, version);
                response["latestVersionId"] = version.VersionId;
                response["createdAt"] = WireFormat.Timestamp(version.CreatedAt);
                response["updatedAt"] = WireFormat.Timestamp(version.UpdatedAt);
                state.MarkChanged();
            }
            workflow.Schedule(datastoreId, imageSetId, newVersionId);
            return WireFormat.Json(response);
        }

        private static PendingOutcome ApplyUpdates(StoredDocument baseDocument, UpdateRequest request, bool force, string datastoreId, string imageSetId, DateTimeOffset dueAt)
        {
            try
            {
                var updated = MetadataUpdater.Apply(baseDocument.ToJsonObject(), request.Updatable, request.Removable, force);
                return new PendingOutcome(StoredDocument.Create(updated, datastoreId, imageSetId), ImageSetStates.Active, ImageSetStates.Updated, dueAt);
            }
            catch (MetadataRuleViolation violation)
            {
                return new PendingOutcome(baseDocument, ImageSetStates.Active, ImageSetStates.UpdateFailed, dueAt) { Message = violation.Message };
            }
        }

        private sealed class UpdateRequest
        {
            public JsonObject? Updates;
            public JsonObject? Updatable;
            public JsonObject? Removable;
            public string? RevertToVersionId;
        }

        /// <summary>The body is the MetadataUpdates union itself (the request's payload member): exactly one of its two members.</summary>
        private static UpdateRequest ParseBody(JsonObject body)
        {
            var updates = body["DICOMUpdates"];
            var revert = body["revertToVersionId"];
            if (updates != null && revert != null)
                throw ServiceException.Validation("Only one of DICOMUpdates and revertToVersionId may be given.");
            if (updates == null && revert == null)
                throw ServiceException.Validation("The request body must be MetadataUpdates with exactly one of DICOMUpdates or revertToVersionId.");
            var request = new UpdateRequest();
            if (revert != null)
            {
                var text = revert is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                request.RevertToVersionId = RequestValues.Version(text, "revertToVersionId");
                return request;
            }
            request.Updates = updates as JsonObject ?? throw ServiceException.Validation("DICOMUpdates must be an object.");
            request.Updatable = DecodeAttributes(request.Updates, "updatableAttributes");
            request.Removable = DecodeAttributes(request.Updates, "removableAttributes");
            if (request.Updatable == null && request.Removable == null)
                throw ServiceException.Validation("DICOMUpdates needs updatableAttributes or removableAttributes.");
            return request;
        }

        private static JsonObject? DecodeAttributes(JsonObject updates, string member)
        {
            var encoded = RequestValues.OptionalString(updates, member);
            if (encoded == null) return null;
            byte[] bytes;
            try { bytes = Convert.FromBase64String(encoded); }
            catch (FormatException) { throw ServiceException.Validation($"{member} must be base64-encoded."); }
            if (bytes.Length < 1 || bytes.Length > MaxAttributeBlobBytes)
            {
                throw ServiceException.Validation(
                    $"1 validation error detected: Value at 'updateImageSetMetadataUpdates.DICOMUpdates.{member}' failed to satisfy constraint: Member must have length between 1 and {MaxAttributeBlobBytes}");
            }

            Utf8Text.RequireUtf8(bytes, member);
            JsonNode? parsed;
            try { parsed = JsonNode.Parse(bytes); }
            catch (System.Text.Json.JsonException) { throw ServiceException.Validation($"{member} is not valid JSON."); }
            Utf8Text.RequireReadableStrings(bytes, member);
            return parsed as JsonObject ?? throw ServiceException.Validation($"{member} must be a JSON object.");
        }
    }
}
