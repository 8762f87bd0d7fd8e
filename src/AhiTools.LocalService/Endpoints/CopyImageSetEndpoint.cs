namespace AhiTools.LocalService.Endpoints
{
    /// <summary>
    /// CopyImageSet: whole or subset, into a new image set or as a new version of a destination. The destination is answered
    /// LOCKED/COPYING and the source LOCKED/COPYING_WITH_READ_ONLY_ACCESS until the workflow delay has passed.
    /// </summary>
    public static class CopyImageSetEndpoint
    {
        public const int MaxCopiableAttributesLength = 260000;

        /// <summary>AWS quota: image frames per CopyImageSet. Assumed: exceeding it is a synchronous ValidationException.</summary>
        public const int MaxImageFramesPerCopy = 1000;

        public static void Map(IEndpointRouteBuilder app)
        {
            app.MapPost("/datastore/{datastoreId}/imageSet/{sourceImageSetId}/copyImageSet", Handle)
                .Operation("CopyImageSet", isWrite: true);
        }

        private sealed class CopyRequest
        {
            public string SourceLatestVersionId = "";
            public JsonObject? CopiableAttributes;
            public string? DestinationImageSetId;
            public string? DestinationLatestVersionId;
        }

        private static async Task<IResult> Handle(HttpContext context, string datastoreId, string sourceImageSetId, ServiceState state, WriteWorkflow workflow)
        {
            RequestValues.DatastoreId(datastoreId);
            RequestValues.ImageSetId(sourceImageSetId, "sourceImageSetId");
            var force = RequestValues.BoolQuery(context, "force");
            var promoteToPrimary = RequestValues.BoolQuery(context, "promoteToPrimary");
            var request = ParseBody(RequestValues.JsonBody(await RequestBody.ReadAsync(context)));
            if (request.DestinationImageSetId == sourceImageSetId)
                throw ServiceException.Validation("The destination image set must differ from the source image set.");

            // Phase 1: resolve and check, capture the immutable documents.
            StoredDocument sourceDocument;
            StoredDocument? destinationDocument = null;
            lock (state.Gate)
            {
                var (_, source, destination) = RequireWritable(state, datastoreId, sourceImageSetId, request);
                sourceDocument = source.Latest.Document;
                destinationDocument = destination?.Latest.Document;
            }

            // Outside the gate: the subset (synchronous ValidationException for unknown series/instances) and the merge outcome.
            var subset = ImageSetCopier.SelectSubset(sourceDocument.ToJsonObject(), request.CopiableAttributes);
            var frames = CountImageFrames(subset);
            if (frames > MaxImageFramesPerCopy)
                throw ServiceException.Validation($"A copy may carry at most {MaxImageFramesPerCopy} image frames; this one has {frames}.");
            CopyOutcome? merge = destinationDocument == null ? null : ImageSetCopier.Merge(destinationDocument.ToJsonObject(), subset, force);
            var mergeFailed = merge != null && (merge.FailureMessage != null || merge.Document == null);
            // promoteToPrimary (Assumed): a successful copy lands in a NEW primary image set (version 1) instead of a new
            // destination version; a failed merge still records COPY_FAILED on the destination.
            var intoNewImageSet = destinationDocument == null || (promoteToPrimary && !mergeFailed);

            var now = ServiceState.Now();
            JsonObject response;
            string targetImageSetId, targetVersionId;
            lock (state.Gate)
            {
                // Checked again: another write may have come between the two gates.
                var (datastore, source, destination) = RequireWritable(state, datastoreId, sourceImageSetId, request);
                workflow.ReserveWriteSlot(datastore);

                ImageSetRecord target;
                ImageSetVersionRecord version;
                if (intoNewImageSet)
                {
                    target = new ImageSetRecord(ResourceIds.New(), datastoreId);
                    var content = merge?.Document ?? subset;
                    var document = StoredDocument.Create(content, datastoreId, target.Id);
                    version = new ImageSetVersionRecord("1", document, now) { IsPrimary = promoteToPrimary };
                    version.Pending = new PendingOutcome(document, ImageSetStates.Active, ImageSetStates.Copied, workflow.DueAt(now))
                    {
                        Forced = merge?.Forced ?? false,
                    };
                    datastore.Add(target);
                }
                else
                {
                    target = destination!;
                    version = new ImageSetVersionRecord(target.NextVersionId(), target.Latest.Document, now) { IsPrimary = target.Latest.IsPrimary };
                    version.Pending = mergeFailed
                        ? new PendingOutcome(target.Latest.Document, ImageSetStates.Active, ImageSetStates.CopyFailed, workflow.DueAt(now))
                        {
                            Message = merge!.FailureMessage ?? "INVALID_REQUEST: The copy could not be merged into the destination image set.",
                        }
                        : new PendingOutcome(StoredDocument.Create(merge!.Document!, datastoreId, target.Id), ImageSetStates.Active, ImageSetStates.Copied, workflow.DueAt(now))
                        {
                            Forced = merge.Forced,
                        };
                }
                version.State = ImageSetStates.Locked;
                version.WorkflowStatus = ImageSetStates.Copying;
                version.Pending.SourceImageSetId = source.Id;
                version.Pending.HoldsWriteSlot = true;
                target.Versions.Add(version);

                source.ReadOnlyLock = new SourceLock { PreviousState = source.Latest.State, PreviousWorkflowStatus = source.Latest.WorkflowStatus };
                source.Latest.State = ImageSetStates.Locked;
                source.Latest.WorkflowStatus = ImageSetStates.CopyingWithReadOnlyAccess;
                datastore.UpdatedAt = now;

                targetImageSetId = target.Id;
                targetVersionId = version.VersionId;
                response = new JsonObject
                {
                    ["datastoreId"] = datastoreId,
                    ["sourceImageSetProperties"] = ImageSetJson.CopyProperties(datastore, source, source.Latest),
                    ["destinationImageSetProperties"] = ImageSetJson.CopyProperties(datastore, target, version),
                };
                state.MarkChanged();
            }
            workflow.Schedule(datastoreId, targetImageSetId, targetVersionId);
            return WireFormat.Json(response);
        }

        /// <summary>
        /// The datastore, the source and the destination (null without one), each writable at the latest version the
        /// request names. Call under the gate.
        /// </summary>
        private static (DatastoreRecord Datastore, ImageSetRecord Source, ImageSetRecord? Destination) RequireWritable(
            ServiceState state, string datastoreId, string sourceImageSetId, CopyRequest request)
        {
            var datastore = state.RequireDatastore(datastoreId);
            var source = state.RequireImageSet(datastore, sourceImageSetId);
            var destination = request.DestinationImageSetId == null ? null : state.RequireImageSet(datastore, request.DestinationImageSetId);
            WriteGuards.RequireWritable(source, request.SourceLatestVersionId, "source image set");
            if (destination != null) WriteGuards.RequireWritable(destination, request.DestinationLatestVersionId, "destination image set");
            return (datastore, source, destination);
        }

        private static int CountImageFrames(JsonObject document)
        {
            var count = 0;
            if ((document["Study"] as JsonObject)?["Series"] is not JsonObject series) return 0;
            foreach (var (_, seriesNode) in series)
            {
                if ((seriesNode as JsonObject)?["Instances"] is not JsonObject instances) continue;
                foreach (var (_, instance) in instances)
                    if ((instance as JsonObject)?["ImageFrames"] is JsonArray imageFrames) count += imageFrames.Count;
            }
            return count;
        }

        /// <summary>The body is copyImageSetInformation itself (the request's payload member).</summary>
        private static CopyRequest ParseBody(JsonObject body)
        {
            var sourceInfo = RequestValues.OptionalObject(body, "sourceImageSet")
                ?? throw ServiceException.Validation("1 validation error detected: Value at 'copyImageSetInformation.sourceImageSet' failed to satisfy constraint: Member must not be null");
            var request = new CopyRequest
            {
                SourceLatestVersionId = RequestValues.Version(RequestValues.OptionalString(sourceInfo, "latestVersionId"), "sourceImageSet.latestVersionId"),
            };
            var copies = RequestValues.OptionalObject(sourceInfo, "DICOMCopies");
            if (copies != null)
            {
                var text = RequestValues.OptionalString(copies, "copiableAttributes")
                    ?? throw ServiceException.Validation("DICOMCopies.copiableAttributes is required when DICOMCopies is given.");
                if (text.Length < 1 || text.Length > MaxCopiableAttributesLength)
                    throw ServiceException.Validation($"copiableAttributes must be 1 to {MaxCopiableAttributesLength} characters.");
                JsonNode? parsed;
                try { parsed = JsonNode.Parse(text); }
                catch (System.Text.Json.JsonException) { throw ServiceException.Validation("copiableAttributes is not valid JSON."); }
                Utf8Text.RequireReadableStrings(System.Text.Encoding.UTF8.GetBytes(text), "copiableAttributes");
                request.CopiableAttributes = parsed as JsonObject ?? throw ServiceException.Validation("copiableAttributes must be a JSON object.");
            }
            var destination = RequestValues.OptionalObject(body, "destinationImageSet");
            if (destination != null)
            {
                var id = RequestValues.OptionalString(destination, "imageSetId")
                    ?? throw ServiceException.Validation("destinationImageSet.imageSetId is required.");
                request.DestinationImageSetId = RequestValues.ImageSetId(id, "destinationImageSet.imageSetId");
                request.DestinationLatestVersionId = RequestValues.Version(RequestValues.OptionalString(destination, "latestVersionId"), "destinationImageSet.latestVersionId");
            }
            return request;
        }
    }
}
