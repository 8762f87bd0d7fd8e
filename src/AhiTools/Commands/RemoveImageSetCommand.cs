using System;
using System.Collections.Generic;
using System.Management.Automation;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Deletes image sets (DeleteImageSet), every version with them. ConfirmImpact High: it asks unless -Confirm:$false.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "AHIImageSet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ImageSet))]
    public sealed class RemoveImageSetCommand : ExistingImageSetWriteCmdletBase
    {
        private const string DeletedState = "DELETED";

        // Every version of an image set piped in (Get-AHIImageSetVersion | Remove-AHIImageSet) deletes it once.
        private readonly HashSet<string> _deleted = new HashSet<string>(StringComparer.Ordinal);

        protected override void WriteOne(string imageSetId)
        {
            if (_deleted.Contains(DatastoreId + "/" + imageSetId))
            {
                WriteVerbose($"Image set {imageSetId} was already deleted by this command.");
                return;
            }

            ImageSetProperties latest = ResolveWritable(DatastoreId, imageSetId, LatestVersionId, nameof(LatestVersionId));
            string target = $"Image set {imageSetId} in datastore {DatastoreId} (latest version {latest.VersionId})";
            if (!ShouldProcess(target, "Delete the image set with all its versions"))
            {
                return;
            }

            DeleteImageSetResult result = SendResolvingConflicts(
                LatestVersionId != null,
                () => Await(Client.DeleteImageSetAsync(DatastoreId, imageSetId, Stopping)),
                () => latest = ResolveWritable(DatastoreId, imageSetId, null, nameof(LatestVersionId)));
            if (result.RecoveredAfterLostResponse)
            {
                WriteVerbose($"The service's response was lost after the delete was applied; image set {imageSetId} was found {result.ImageSetState}.");
            }

            _deleted.Add(DatastoreId + "/" + imageSetId);
            WriteVerbose($"Image set {imageSetId}: delete accepted, {result.ImageSetState} ({result.WorkflowStatus}).");
            if (!Wait)
            {
                WriteObject(WriteResults.FromDelete(result, DatastoreId, imageSetId, latest));
                return;
            }

            ImageSetProperties? finished = WaitUntilDeleted(imageSetId, latest);
            if (finished is null)
            {
                WriteObject(WriteResults.FromDelete(result, DatastoreId, imageSetId, latest, gone: true));
                return;
            }

            if (!string.Equals(finished.ImageSetState, DeletedState, StringComparison.OrdinalIgnoreCase))
            {
                throw WorkflowFailed(
                    "DeleteFailed",
                    "The delete",
                    finished,
                    DatastoreId,
                    $"The image set was not deleted and is {finished.ImageSetState}. Read the message, then try again.");
            }

            WriteObject(DeletedImageSet(finished, latest));
        }

        /// <summary>
        /// The deleted image set as the service shows it, without the message the version carried before the delete
        /// (such as an earlier COPY_FAILED reason): the service keeps it on the DELETED version, and it does not
        /// describe the delete. A message the delete itself brought is kept.
        /// </summary>
        internal static ImageSet DeletedImageSet(ImageSetProperties finished, ImageSetProperties beforeDelete, string datastoreId)
        {
            ImageSet deleted = OutputMapping.ToImageSet(finished, datastoreId);
            if (string.Equals(finished.Message, beforeDelete.Message, StringComparison.Ordinal))
            {
                deleted.Message = null;
            }

            return deleted;
        }

        private ImageSet DeletedImageSet(ImageSetProperties finished, ImageSetProperties beforeDelete) =>
            DeletedImageSet(finished, beforeDelete, DatastoreId);

        /// <summary>The deleted version once it is no longer LOCKED; null when the service no longer knows the image set at all.</summary>
        private ImageSetProperties? WaitUntilDeleted(string imageSetId, ImageSetProperties latest)
        {
            try
            {
                return WaitForWorkflow(DatastoreId, imageSetId, latest.VersionId, $"Deleting image set {imageSetId}");
            }
            catch (HealthImagingServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                return null;
            }
        }
    }
}
