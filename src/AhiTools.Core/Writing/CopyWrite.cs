using System.Collections;

namespace AhiTools.Writing
{
    /// <summary>
    /// Copy-AHIImageSet's write: an image set, or series and instances of it, into a new image set or into an existing
    /// one (which gets a new version). The source and the destination are both this write's image sets.
    /// </summary>
    internal sealed class CopyWrite : ImageSetWrite
    {
        private readonly CopyWriteOptions _options;

        public CopyWrite(CopyWriteOptions options)
        {
            if (options.DestinationImageSetId == options.SourceImageSetId)
            {
                throw new ImageSetWriteException(
                    ErrorIds.SameImageSet,
                    ErrorKind.InvalidInput,
                    $"The source and the destination are both image set {options.SourceImageSetId}. Nothing was sent.",
                    "Name another -DestinationImageSetId, or leave it out to copy into a new image set.");
            }

            if (options.DestinationVersionGuard != null && options.DestinationImageSetId is null)
            {
                throw new ImageSetWriteException(
                    ErrorIds.DestinationVersionWithoutDestination,
                    ErrorKind.InvalidInput,
                    "-DestinationVersionId was given without -DestinationImageSetId. Nothing was sent.");
            }

            // A raw document's shape is checked before any request; its UIDs are checked against the source later.
            if (options.CopiableDocument != null)
            {
                CopySelection.FromDocument(options.CopiableDocument, null);
            }

            _options = options;
        }

        public override IReadOnlyCollection<string> ImageSets => _options.DestinationImageSetId is null
            ? new[] { Key(_options.DatastoreId, _options.SourceImageSetId) }
            : new[] { Key(_options.DatastoreId, _options.SourceImageSetId), Key(_options.DatastoreId, _options.DestinationImageSetId) };

        public override object Target => _options.SourceImageSetId;

        public override async Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item)
        {
            CopyWriteOptions o = _options;
            ImageSetVersionState source = await writer.ResolveWritableAsync(item, o.DatastoreId, o.SourceImageSetId, o.SourceVersionGuard, "SourceVersionId").ConfigureAwait(false);
            ImageSetVersionState? destination = o.DestinationImageSetId is null
                ? null
                : await writer.ResolveWritableAsync(item, o.DatastoreId, o.DestinationImageSetId, o.DestinationVersionGuard, "DestinationVersionId").ConfigureAwait(false);
            CopySelection? selection = await BuildSelectionAsync(writer, item, source.VersionId).ConfigureAwait(false);
            // Serialised before confirmation, so that -WhatIf also meets the size limit.
            string? copiableAttributes = selection is null ? null : DocumentSerializer.ToCopiableAttributes(selection.Document);

            string target = $"Image set {o.SourceImageSetId} in datastore {o.DatastoreId} (version {source.VersionId})";
            string what = selection is null ? "all instances" : selection.Describe();
            string into = destination is null ? "a new image set" : $"image set {destination.ImageSetId} (version {destination.VersionId})";
            string options = (o.PromoteToPrimary ? ", promoting it to primary" : "") + (o.Force ? ", with -Force" : "");
            string action = $"Copy {what} into {into}{options}";
            item.Verbose($"{target}: {action}.");

            var request = new CopyImageSetRequest
            {
                DatastoreId = o.DatastoreId,
                SourceImageSetId = o.SourceImageSetId,
                SourceLatestVersionId = source.VersionId,
                CopiableAttributes = copiableAttributes,
                DestinationImageSetId = destination?.ImageSetId,
                DestinationLatestVersionId = destination?.VersionId,
                Force = o.Force,
                PromoteToPrimary = o.PromoteToPrimary,
            };
            return new WritePlan(target, action, () => SendAsync(writer, item, request));
        }

        private async Task<ImageSetWriteResult> SendAsync(ImageSetWriter writer, WriteItemTracker item, CopyImageSetRequest request)
        {
            CopyWriteOptions o = _options;
            bool pinned = o.SourceVersionGuard != null || o.DestinationVersionGuard != null;
            DateTime sentAt = DateTime.UtcNow;
            ImageSetWriteResult result = await writer.SendAsync(
                item,
                pinned,
                () => writer.Client.CopyImageSetAsync(request, item.Cancellation),
                async () =>
                {
                    request.SourceLatestVersionId = (await writer.ResolveWritableAsync(item, o.DatastoreId, o.SourceImageSetId, null, "SourceVersionId").ConfigureAwait(false)).VersionId;
                    if (o.DestinationImageSetId != null)
                    {
                        request.DestinationLatestVersionId = (await writer.ResolveWritableAsync(item, o.DatastoreId, o.DestinationImageSetId, null, "DestinationVersionId").ConfigureAwait(false)).VersionId;
                    }
                },
                () => DescribeCopy(request, sentAt)).ConfigureAwait(false);

            ImageSetVersionState destination = result.ImageSet;
            string destinationId = destination.ImageSetId;
            ImageSetWriter.ReportRecovery(item, result.RecoveredAfterLostResponse, destination.VersionId);
            item.Verbose($"Copy accepted: image set {destinationId} version {destination.VersionId} is {destination.ImageSetState} ({destination.WorkflowStatus}).");
            if (!o.Wait)
            {
                return WriteResults.Accepted(result, o.Force);
            }

            ImageSetVersionState finished = await writer.WaitForWorkflowAsync(
                item, o.DatastoreId, destinationId, destination.VersionId, $"Copying image set {o.SourceImageSetId} into {destinationId}").ConfigureAwait(false);
            ImageSetVersionState source = await writer.WaitForLatestAsync(item, o.DatastoreId, o.SourceImageSetId, $"Waiting for image set {o.SourceImageSetId} to unlock").ConfigureAwait(false);
            if (WorkflowStatus.IsFailed(finished))
            {
                throw ImageSetWriter.WorkflowFailed(ErrorIds.CopyFailed, $"The copy from image set {o.SourceImageSetId}", finished, CopyFailureAdvice(finished));
            }

            return WriteResults.Finished(finished, source);
        }

        private static (string Write, string HowToCheck) DescribeCopy(CopyImageSetRequest request, DateTime sentAt)
        {
            string howToCheck = request.DestinationImageSetId is null
                ? $"If Search-AHIImageSet -DatastoreId {request.DatastoreId} -CreatedAfter '{sentAt.AddMinutes(-1):o}' finds a new image set of that study, it did; otherwise nothing changed."
                : ImageSetWriter.NewVersionCheck(request.DatastoreId, request.DestinationImageSetId, request.DestinationLatestVersionId!);
            string into = request.DestinationImageSetId is null ? "a new image set" : $"image set {request.DestinationImageSetId}";
            return ($"the copy from image set {request.SourceImageSetId} into {into} in datastore {request.DatastoreId}", howToCheck);
        }

        private async Task<CopySelection?> BuildSelectionAsync(ImageSetWriter writer, WriteItemTracker item, string sourceVersionId)
        {
            CopyWriteOptions o = _options;
            if (!o.SelectsInstances && o.CopiableDocument is null)
            {
                return null;
            }

            using (MetadataIndex metadata = await writer.LoadMetadataAsync(item, o.DatastoreId, o.SourceImageSetId, sourceVersionId).ConfigureAwait(false))
            {
                return o.CopiableDocument != null
                    ? CopySelection.FromDocument(o.CopiableDocument, metadata)
                    : CopySelection.FromUids(o.Series, o.Instance, o.SopInstanceUids, metadata);
            }
        }

        private static string CopyFailureAdvice(ImageSetVersionState failed)
        {
            string message = failed.Message ?? "";
            if (message.IndexOf("match", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("consisten", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return "The source and the destination disagree on Patient, Study or Series metadata. Run again with -Force to copy anyway: the destination keeps its own Patient, Study and Series metadata and the new version is marked Forced.";
            }

            return $"The destination keeps the metadata it had before version {failed.VersionId}. Read the message, correct the request, and run again.";
        }
    }

    /// <summary>Copy-AHIImageSet's parameters for one copy, taken on the pipeline thread.</summary>
    internal sealed class CopyWriteOptions
    {
        public string DatastoreId { get; set; } = "";

        public string SourceImageSetId { get; set; } = "";

        public string? SourceVersionGuard { get; set; }

        public string? DestinationImageSetId { get; set; }

        public string? DestinationVersionGuard { get; set; }

        /// <summary>Series and instances are selected by UID (the Selection parameter set, or rows piped in).</summary>
        public bool SelectsInstances { get; set; }

        public string[] Series { get; set; } = Array.Empty<string>();

        public IDictionary? Instance { get; set; }

        public string[] SopInstanceUids { get; set; } = Array.Empty<string>();

        /// <summary>A raw copiableAttributes document, already read.</summary>
        public JsonObject? CopiableDocument { get; set; }

        public bool PromoteToPrimary { get; set; }

        public bool Force { get; set; }

        public bool Wait { get; set; }
    }
}
