using System.Collections.Concurrent;

namespace AhiTools.Writing
{
    /// <summary>Remove-AHIImageSet's write to one image set: DeleteImageSet, every version with it.</summary>
    /// <param name="deletedByThisCommand">Image sets this command already deleted: every version of one piped in deletes it once.</param>
    internal sealed class DeleteWrite(string datastoreId, string imageSetId, string? latestVersionGuard, bool wait, ConcurrentDictionary<string, bool> deletedByThisCommand)
        : OneImageSetWrite(datastoreId, imageSetId, latestVersionGuard)
    {
        public override async Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item)
        {
            if (deletedByThisCommand.ContainsKey(Key(DatastoreId, ImageSetId)))
            {
                item.Verbose($"Image set {ImageSetId} was already deleted by this command.");
                return null;
            }

            ImageSetVersionState latest = await writer.ResolveWritableAsync(item, DatastoreId, ImageSetId, LatestVersionGuard, "LatestVersionId").ConfigureAwait(false);
            return new WritePlan(
                $"Image set {ImageSetId} in datastore {DatastoreId} (latest version {latest.VersionId})",
                "Delete the image set with all its versions",
                () => SendAsync(writer, item, latest));
        }

        private async Task<ImageSetWriteResult> SendAsync(ImageSetWriter writer, WriteItemTracker item, ImageSetVersionState latest)
        {
            ImageSetWriteResult result = await writer.SendAsync(
                item,
                LatestVersionGuard != null,
                () => writer.Client.DeleteImageSetAsync(DatastoreId, ImageSetId, item.Cancellation),
                async () => latest = await writer.ResolveWritableAsync(item, DatastoreId, ImageSetId, null, "LatestVersionId").ConfigureAwait(false),
                () => ($"the delete of image set {ImageSetId} in datastore {DatastoreId}",
                    $"If Get-AHIImageSetVersion -DatastoreId {DatastoreId} -ImageSetId {ImageSetId} -Latest finds it DELETED or not at all, it did; otherwise nothing changed.")).ConfigureAwait(false);
            if (result.RecoveredAfterLostResponse)
            {
                item.Verbose($"The service's response was lost after the delete was applied; image set {ImageSetId} was found {result.ImageSet.ImageSetState}.");
            }

            deletedByThisCommand[Key(DatastoreId, ImageSetId)] = true;
            item.Verbose($"Image set {ImageSetId}: delete accepted, {result.ImageSet.ImageSetState} ({result.ImageSet.WorkflowStatus}).");
            if (!wait)
            {
                return WriteResults.Deleted(result, latest);
            }

            ImageSetVersionState? finished = await WaitUntilDeletedAsync(writer, item, latest).ConfigureAwait(false);
            if (finished is null)
            {
                return WriteResults.Deleted(result, latest, gone: true);
            }

            if (!WorkflowStatus.IsDeleted(finished))
            {
                throw ImageSetWriter.WorkflowFailed(
                    ErrorIds.DeleteFailed,
                    "The delete",
                    finished,
                    $"The image set was not deleted and is {finished.ImageSetState}. Read the message, then try again.");
            }

            return WriteResults.Finished(DeletedImageSet(finished, latest));
        }

        /// <summary>
        /// The deleted image set as the service shows it, without the message the version carried before the delete
        /// (such as an earlier COPY_FAILED reason): the service keeps it on the DELETED version, and it does not
        /// describe the delete. A message the delete itself brought is kept.
        /// </summary>
        internal static ImageSetVersionState DeletedImageSet(ImageSetVersionState finished, ImageSetVersionState beforeDelete)
        {
            ImageSetVersionState deleted = finished.Copy();
            if (string.Equals(finished.Message, beforeDelete.Message, StringComparison.Ordinal))
            {
                deleted.Message = null;
            }

            return deleted;
        }

        /// <summary>The deleted version once it is no longer LOCKED; null when the service no longer knows the image set at all.</summary>
        private async Task<ImageSetVersionState?> WaitUntilDeletedAsync(ImageSetWriter writer, WriteItemTracker item, ImageSetVersionState latest)
        {
            try
            {
                return await writer.WaitForWorkflowAsync(item, DatastoreId, ImageSetId, latest.VersionId, $"Deleting image set {ImageSetId}").ConfigureAwait(false);
            }
            catch (HealthImagingServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                item.Settled();
                return null;
            }
        }
    }
}
