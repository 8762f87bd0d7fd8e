namespace AhiTools.Writing
{
    /// <summary>Update-AHIImageSetMetadata's write to one image set: a new version with the change applied.</summary>
    internal sealed class MetadataUpdateWrite : OneImageSetWrite
    {
        private readonly MetadataUpdateSpecification _specification;
        private readonly MetadataUpdateDocuments? _documents;
        private readonly bool _force;
        private readonly bool _wait;

        /// <summary>
        /// Checks the change before anything is sent: bad input fails here, on the pipeline thread. A change that needs
        /// no metadata is built now; one that does is built from the latest version when prepared.
        /// </summary>
        public MetadataUpdateWrite(string datastoreId, string imageSetId, MetadataUpdateSpecification specification, string? latestVersionGuard, bool force, bool wait)
            : base(datastoreId, imageSetId, latestVersionGuard)
        {
            _specification = specification;
            _force = force;
            _wait = wait;
            if (specification.NeedsMetadata)
            {
                MetadataUpdateBuilder.RequireNoSetAndRemove(specification);
            }
            else
            {
                _documents = Checked(MetadataUpdateBuilder.Build(specification, null), force);
            }
        }

        public override async Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item)
        {
            ImageSetVersionState latest = await writer.ResolveWritableAsync(item, DatastoreId, ImageSetId, LatestVersionGuard, "LatestVersionId").ConfigureAwait(false);
            MetadataUpdateDocuments documents = _documents ?? await BuildFromMetadataAsync(writer, item, latest.VersionId).ConfigureAwait(false);
            byte[]? updatable = Serialize(item, documents.Updatable, AttributesDocumentKind.Updatable);
            byte[]? removable = Serialize(item, documents.Removable, AttributesDocumentKind.Removable);
            string changes = ChangeDescription.Describe(documents.Updatable, documents.Removable);

            string target = $"Image set {ImageSetId} in datastore {DatastoreId} (latest version {latest.VersionId})";
            item.Verbose($"{target}: {changes}.");
            var request = new UpdateImageSetMetadataRequest
            {
                DatastoreId = DatastoreId,
                ImageSetId = ImageSetId,
                LatestVersionId = latest.VersionId,
                UpdatableAttributes = updatable,
                RemovableAttributes = removable,
                Force = _force,
            };
            return new WritePlan(target, $"Update metadata{(_force ? " with -Force" : "")}: {changes}", () => SendAsync(writer, item, request, latest));
        }

        private async Task<ImageSetWriteResult> SendAsync(ImageSetWriter writer, WriteItemTracker item, UpdateImageSetMetadataRequest request, ImageSetVersionState latest)
        {
            ImageSetWriteResult result = await writer.SendUpdateAsync(item, request, versionPinned: LatestVersionGuard != null).ConfigureAwait(false);
            item.Verbose($"Image set {ImageSetId}: version {result.ImageSet.VersionId} is {result.ImageSet.ImageSetState} ({result.ImageSet.WorkflowStatus}).");
            if (!_wait)
            {
                return WriteResults.Accepted(result, _force, latest.ImageSetArn);
            }

            ImageSetVersionState finished = await writer.WaitForWorkflowAsync(item, DatastoreId, ImageSetId, result.ImageSet.VersionId, $"Updating image set {ImageSetId}").ConfigureAwait(false);
            if (WorkflowStatus.IsFailed(finished))
            {
                throw ImageSetWriter.WorkflowFailed(
                    ErrorIds.UpdateFailed,
                    "The update",
                    finished,
                    $"The image set keeps the metadata of version {latest.VersionId}. Read the message, correct the change, and run again.");
            }

            return WriteResults.Finished(finished);
        }

        private async Task<MetadataUpdateDocuments> BuildFromMetadataAsync(ImageSetWriter writer, WriteItemTracker item, string versionId)
        {
            using (MetadataIndex metadata = await writer.LoadMetadataAsync(item, DatastoreId, ImageSetId, versionId).ConfigureAwait(false))
            {
                return Checked(MetadataUpdateBuilder.Build(_specification, metadata), _force);
            }
        }

        /// <summary>Shape, element and size checks of both documents (the size check serializes them once more later).</summary>
        private static MetadataUpdateDocuments Checked(MetadataUpdateDocuments documents, bool force)
        {
            if (documents.Updatable != null)
            {
                MetadataUpdateValidator.Validate(documents.Updatable, AttributesDocumentKind.Updatable, force);
                DocumentSerializer.ToAttributesBlob(documents.Updatable, AttributesDocumentKind.Updatable);
            }

            if (documents.Removable != null)
            {
                MetadataUpdateValidator.Validate(documents.Removable, AttributesDocumentKind.Removable, force);
                DocumentSerializer.ToAttributesBlob(documents.Removable, AttributesDocumentKind.Removable);
            }

            MetadataUpdateBuilder.RequireChanges(documents);
            MetadataUpdateBuilder.RequireNoSetAndRemove(documents);
            return documents;
        }

        private static byte[]? Serialize(WriteItemTracker item, JsonObject? document, AttributesDocumentKind kind)
        {
            if (document is null)
            {
                return null;
            }

            byte[] blob = DocumentSerializer.ToAttributesBlob(document, kind);
            if (DocumentSerializer.ExceedsDefaultQuota(blob.Length))
            {
                item.Warning($"The {kind.ToString().ToLowerInvariant()} attributes document is {blob.Length} bytes, above HealthImaging's default quota of 10 KB per update request; the service refuses it unless your account's quota was raised.");
            }

            return blob;
        }
    }
}
