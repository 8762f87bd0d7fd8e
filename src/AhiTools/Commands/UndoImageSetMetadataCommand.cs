using System;
using System.Management.Automation;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Reverts an image set to an earlier version (revertToVersionId): the version given, or without one the newest
    /// earlier version that did not fail. The revert makes a new version equal to the one reverted to.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "AHIImageSetMetadata", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImageSet))]
    public sealed class UndoImageSetMetadataCommand : ExistingImageSetWriteCmdletBase
    {
        private const int MaxPageSize = 50;

        /// <summary>The version to go back to; binds from an AhiTools.ImageSetVersion piped in.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? VersionId { get; set; }

        [Parameter]
        [Alias("ForceUpdate")]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// The object piped in. Its VersionId binds -VersionId; when it is the AhiTools.ImageSet a write output, that
        /// VersionId is the write's own version, so the revert goes to the newest good version before it instead.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override void WriteOne(string imageSetId)
        {
            ImageSetProperties latest = ResolveWritable(DatastoreId, imageSetId, LatestVersionId, nameof(LatestVersionId));
            string? undoneWrite = WriteOutputPipedIn(imageSetId);
            ImageSetProperties revertTo = undoneWrite != null ? NewestEarlierGoodVersion(imageSetId, undoneWrite, latest.VersionId)
                : VersionId is null ? NewestEarlierGoodVersion(imageSetId, latest.VersionId, latest.VersionId)
                : CheckedTarget(imageSetId, VersionId, latest);
            if (undoneWrite != null)
            {
                RequireUnchanged(undoneWrite, latest, revertTo.VersionId);
            }

            string target = $"Image set {imageSetId} in datastore {DatastoreId} (latest version {latest.VersionId})";
            string action = $"Revert the metadata to version {revertTo.VersionId}{(Force ? " with -Force" : "")}; a new version will equal version {revertTo.VersionId}";
            if (!ShouldProcess(target, action))
            {
                return;
            }

            var request = new UpdateImageSetMetadataRequest
            {
                DatastoreId = DatastoreId,
                ImageSetId = imageSetId,
                LatestVersionId = latest.VersionId,
                RevertToVersionId = revertTo.VersionId,
                Force = Force,
            };
            UpdateImageSetMetadataResult result = SendUpdate(request, versionPinned: LatestVersionId != null, stillMeant: newer => RequireUnchanged(latest.VersionId, newer, revertTo.VersionId));
            WriteVerbose($"Image set {imageSetId}: version {result.LatestVersionId} reverts to version {revertTo.VersionId} ({result.WorkflowStatus}).");

            ImageSetProperties? finished = WaitForWorkflow(DatastoreId, imageSetId, result.LatestVersionId, $"Reverting image set {imageSetId} to version {revertTo.VersionId}");
            if (finished is null)
            {
                WriteObject(WriteResults.FromUpdate(result, DatastoreId, imageSetId, latest.ImageSetArn, Force));
                return;
            }

            if (VersionResolver.IsFailed(finished))
            {
                throw WorkflowFailed(
                    "RevertFailed",
                    $"The revert to version {revertTo.VersionId}",
                    finished,
                    DatastoreId,
                    $"The image set keeps the metadata of version {latest.VersionId}. Read the message; reverting to another version, or with -Force, may succeed.");
            }

            WriteObject(OutputMapping.ToImageSet(finished, DatastoreId));
        }

        /// <summary>
        /// A revert may be sent only while the image set is still at the version it was meant to undo (a write piped
        /// in), or was resolved against (a conflict, resent once a lock ended). Any newer version is someone else's
        /// change, which reverting now would silently discard.
        /// </summary>
        private static void RequireUnchanged(string expectedLatest, ImageSetProperties latest, string revertTo)
        {
            if (VersionResolver.Compare(expectedLatest, latest.VersionId) == 0)
            {
                return;
            }

            throw new ImageSetWriteException(
                "StaleVersion",
                ErrorCategory.InvalidOperation,
                $"Image set {latest.ImageSetId} changed: another write made version {latest.VersionId} after version {expectedLatest}. Reverting to version {revertTo} now would discard that change too, so the revert was not applied.",
                $"Look at what changed (Get-AHIImageSetVersion -ImageSetId {latest.ImageSetId}), then run Undo-AHIImageSetMetadata again to undo the latest change, or name the version to go back to with -VersionId.");
        }

        private ImageSetProperties CheckedTarget(string imageSetId, string versionId, ImageSetProperties latest)
        {
            int order = VersionResolver.Compare(versionId, latest.VersionId);
            if (order == 0)
            {
                throw new ImageSetWriteException(
                    "AlreadyLatestVersion",
                    ErrorCategory.InvalidArgument,
                    $"Version {versionId} is the latest version of image set {imageSetId}: there is nothing to revert. Nothing was sent.",
                    "Name an earlier version with -VersionId, or leave it out to undo the last change.");
            }

            if (order > 0)
            {
                throw VersionNotFound(imageSetId, versionId, latest.VersionId);
            }

            ImageSetProperties target;
            try
            {
                target = Await(Client.GetImageSetAsync(DatastoreId, imageSetId, versionId, Stopping));
            }
            catch (HealthImagingServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                throw VersionNotFound(imageSetId, versionId, latest.VersionId);
            }

            if (VersionResolver.IsDeleted(target))
            {
                throw new ImageSetWriteException(
                    "VersionDeleted",
                    ErrorCategory.InvalidOperation,
                    $"Version {versionId} of image set {imageSetId} is deleted and cannot be reverted to. Nothing was sent.",
                    "Choose another version from Get-AHIImageSetVersion.",
                    OutputMapping.ToVersion(target, DatastoreId));
            }

            return target;
        }

        // A write's output piped in (Update-AHIImageSetMetadata ... | Undo-AHIImageSetMetadata): undo that write. A search
        // result carries the latest version the same way: undo the latest change.
        private string? WriteOutputPipedIn(string imageSetId)
        {
            long? pipedVersion = InputObject?.BaseObject switch
            {
                ImageSet written when written.ImageSetId == imageSetId => written.VersionId,
                ImageSetSummary found when found.ImageSetId == imageSetId => found.VersionId,
                _ => null,
            };
            return pipedVersion.HasValue && VersionNumber.ToWire(pipedVersion.Value) == VersionId ? VersionId : null;
        }

        private ImageSetProperties NewestEarlierGoodVersion(string imageSetId, string beforeVersionId, string latestVersionId)
        {
            string? nextToken = null;
            do
            {
                ImageSetVersionPage page = Await(Client.ListImageSetVersionsAsync(DatastoreId, imageSetId, MaxPageSize, nextToken, Stopping));
                ImageSetProperties? found = VersionResolver.NewestEarlierGoodVersion(page.Versions, beforeVersionId);
                if (found != null)
                {
                    // Versions come newest first, so the first page with a candidate holds the newest one.
                    WriteVerbose($"Image set {imageSetId}: undoing version {beforeVersionId} means reverting to version {found.VersionId}.");
                    return found;
                }

                nextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(nextToken));

            throw new ImageSetWriteException(
                "NoEarlierVersion",
                ErrorCategory.ObjectNotFound,
                $"Image set {imageSetId} has no version before {beforeVersionId} that did not fail to revert to (latest is {latestVersionId}). Nothing was sent.");
        }

        private static ImageSetWriteException VersionNotFound(string imageSetId, string versionId, string latestVersionId) =>
            new ImageSetWriteException(
                "VersionNotFound",
                ErrorCategory.ObjectNotFound,
                $"Image set {imageSetId} has no version {versionId} (latest is {latestVersionId}). Nothing was sent.",
                $"List its versions with Get-AHIImageSetVersion -ImageSetId {imageSetId}.");
    }
}
