using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading.Tasks;
using AhiTools.Errors;
using AhiTools.HealthImaging;

namespace AhiTools.Writing
{
    /// <summary>Remove-AHIImageSet's write to one image set: DeleteImageSet, every version with it.</summary>
    internal sealed class DeleteWrite : ImageSetWrite
    {

        private readonly string _datastoreId;
        private readonly string _imageSetId;
        private readonly string? _latestVersionGuard;
        private readonly bool _wait;
        private readonly ConcurrentDictionary<string, bool> _deletedByThisCommand;

        /// <param name="deletedByThisCommand">Image sets this command already deleted: every version of one piped in deletes it once.</param>
        public DeleteWrite(string datastoreId, string imageSetId, string? latestVersionGuard, bool wait, ConcurrentDictionary<string, bool> deletedByThisCommand)
        {
            _datastoreId = datastoreId;
            _imageSetId = imageSetId;
            _latestVersionGuard = latestVersionGuard;
            _wait = wait;
            _deletedByThisCommand = deletedByThisCommand;
        }

        public override IReadOnlyCollection<string> ImageSets => new[] { Key(_datastoreId, _imageSetId) };

        public override object Target => _imageSetId;

        public override async Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item)
        {
            if (_deletedByThisCommand.ContainsKey(Key(_datastoreId, _imageSetId)))
            {
                item.Verbose($"Image set {_imageSetId} was already deleted by this command.");
                return null;
            }

            ImageSetVersionState latest = await writer.ResolveWritableAsync(item, _datastoreId, _imageSetId, _latestVersionGuard, "LatestVersionId").ConfigureAwait(false);
            return new WritePlan(
                $"Image set {_imageSetId} in datastore {_datastoreId} (latest version {latest.VersionId})",
                "Delete the image set with all its versions",
                () => SendAsync(writer, item, latest));
        }

        private async Task<ImageSetWriteResult> SendAsync(ImageSetWriter writer, WriteItemTracker item, ImageSetVersionState latest)
        {
            ImageSetWriteResult result = await writer.SendAsync(
                item,
                _latestVersionGuard != null,
                () => writer.Client.DeleteImageSetAsync(_datastoreId, _imageSetId, item.Cancellation),
                async () => latest = await writer.ResolveWritableAsync(item, _datastoreId, _imageSetId, null, "LatestVersionId").ConfigureAwait(false),
                () => ($"the delete of image set {_imageSetId} in datastore {_datastoreId}",
                    $"If Get-AHIImageSetVersion -DatastoreId {_datastoreId} -ImageSetId {_imageSetId} -Latest finds it DELETED or not at all, it did; otherwise nothing changed.")).ConfigureAwait(false);
            if (result.RecoveredAfterLostResponse)
            {
                item.Verbose($"The service's response was lost after the delete was applied; image set {_imageSetId} was found {result.ImageSet.ImageSetState}.");
            }

            _deletedByThisCommand[Key(_datastoreId, _imageSetId)] = true;
            item.Verbose($"Image set {_imageSetId}: delete accepted, {result.ImageSet.ImageSetState} ({result.ImageSet.WorkflowStatus}).");
            if (!_wait)
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
                return await writer.WaitForWorkflowAsync(item, _datastoreId, _imageSetId, latest.VersionId, $"Deleting image set {_imageSetId}").ConfigureAwait(false);
            }
            catch (HealthImagingServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                item.Settled();
                return null;
            }
        }
    }
}
