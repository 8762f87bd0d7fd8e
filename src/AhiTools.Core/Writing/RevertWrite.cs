namespace AhiTools.Writing
{
    /// <summary>
    /// Undo-AHIImageSetMetadata's write to one image set: a revert to the version given, to the newest good version
    /// before a write piped in, or to the newest earlier version that did not fail.
    /// </summary>
    /// <param name="versionId">The version to go back to; null for the newest earlier good version.</param>
    /// <param name="undoneWrite">The version a write piped in made: the revert undoes it, and only while it is the latest.</param>
    internal sealed class RevertWrite(string datastoreId, string imageSetId, string? latestVersionGuard, string? versionId, string? undoneWrite, bool force, bool wait)
        : OneImageSetWrite(datastoreId, imageSetId, latestVersionGuard)
    {
        private const int MaxPageSize = 50;

        public override async Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item)
        {
            ImageSetVersionState latest = await writer.ResolveWritableAsync(item, DatastoreId, ImageSetId, LatestVersionGuard, "LatestVersionId").ConfigureAwait(false);
            ImageSetVersionState revertTo = undoneWrite != null ? await NewestEarlierGoodVersionAsync(writer, item, undoneWrite, latest.VersionId).ConfigureAwait(false)
                : versionId is null ? await NewestEarlierGoodVersionAsync(writer, item, latest.VersionId, latest.VersionId).ConfigureAwait(false)
                : await CheckedTargetAsync(writer, item, versionId, latest).ConfigureAwait(false);
            if (undoneWrite != null)
            {
                RequireUnchanged(undoneWrite, latest, revertTo.VersionId);
            }

            var request = new UpdateImageSetMetadataRequest
            {
                DatastoreId = DatastoreId,
                ImageSetId = ImageSetId,
                LatestVersionId = latest.VersionId,
                RevertToVersionId = revertTo.VersionId,
                Force = force,
            };
            return new WritePlan(
                $"Image set {ImageSetId} in datastore {DatastoreId} (latest version {latest.VersionId})",
                $"Revert the metadata to version {revertTo.VersionId}{(force ? " with -Force" : "")}; a new version will equal version {revertTo.VersionId}",
                () => SendAsync(writer, item, request, latest, revertTo));
        }

        private async Task<ImageSetWriteResult> SendAsync(ImageSetWriter writer, WriteItemTracker item, UpdateImageSetMetadataRequest request, ImageSetVersionState latest, ImageSetVersionState revertTo)
        {
            ImageSetWriteResult result = await writer.SendUpdateAsync(
                item, request, versionPinned: LatestVersionGuard != null, stillMeant: newer => RequireUnchanged(latest.VersionId, newer, revertTo.VersionId)).ConfigureAwait(false);
            item.Verbose($"Image set {ImageSetId}: version {result.ImageSet.VersionId} reverts to version {revertTo.VersionId} ({result.ImageSet.WorkflowStatus}).");
            if (!wait)
            {
                return WriteResults.Accepted(result, force, latest.ImageSetArn);
            }

            ImageSetVersionState finished = await writer.WaitForWorkflowAsync(
                item, DatastoreId, ImageSetId, result.ImageSet.VersionId, $"Reverting image set {ImageSetId} to version {revertTo.VersionId}").ConfigureAwait(false);
            if (WorkflowStatus.IsFailed(finished))
            {
                throw ImageSetWriter.WorkflowFailed(
                    ErrorIds.RevertFailed,
                    $"The revert to version {revertTo.VersionId}",
                    finished,
                    $"The image set keeps the metadata of version {latest.VersionId}. Read the message; reverting to another version, or with -Force, may succeed.");
            }

            return WriteResults.Finished(finished);
        }

        /// <summary>
        /// A revert may be sent only while the image set is still at the version it was meant to undo (a write piped
        /// in), or was resolved against (a conflict, resent once a lock ended). Any newer version is someone else's
        /// change, which reverting now would silently discard.
        /// </summary>
        private static void RequireUnchanged(string expectedLatest, ImageSetVersionState latest, string revertTo)
        {
            if (VersionNumber.Compare(expectedLatest, latest.VersionId) == 0)
            {
                return;
            }

            throw new ImageSetWriteException(
                ErrorIds.StaleVersion,
                ErrorKind.Stale,
                $"Image set {latest.ImageSetId} changed: another write made version {latest.VersionId} after version {expectedLatest}. Reverting to version {revertTo} now would discard that change too, so the revert was not applied.",
                $"Look at what changed (Get-AHIImageSetVersion -ImageSetId {latest.ImageSetId}), then run Undo-AHIImageSetMetadata again to undo the latest change, or name the version to go back to with -VersionId.");
        }

        private async Task<ImageSetVersionState> CheckedTargetAsync(ImageSetWriter writer, WriteItemTracker item, string versionId, ImageSetVersionState latest)
        {
            int order = VersionNumber.Compare(versionId, latest.VersionId);
            if (order == 0)
            {
                throw new ImageSetWriteException(
                    ErrorIds.AlreadyLatestVersion,
                    ErrorKind.InvalidInput,
                    $"Version {versionId} is the latest version of image set {ImageSetId}: there is nothing to revert. Nothing was sent.",
                    "Name an earlier version with -VersionId, or leave it out to undo the last change.");
            }

            if (order > 0)
            {
                throw VersionNotFound(versionId, latest.VersionId);
            }

            ImageSetVersionState target;
            try
            {
                target = await writer.Client.GetImageSetAsync(DatastoreId, ImageSetId, versionId, item.Cancellation).ConfigureAwait(false);
            }
            catch (HealthImagingServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
            {
                throw VersionNotFound(versionId, latest.VersionId);
            }

            if (WorkflowStatus.IsDeleted(target))
            {
                throw new ImageSetWriteException(
                    ErrorIds.VersionDeleted,
                    ErrorKind.Stale,
                    $"Version {versionId} of image set {ImageSetId} is deleted and cannot be reverted to. Nothing was sent.",
                    "Choose another version from Get-AHIImageSetVersion.",
                    target);
            }

            return target;
        }

        private async Task<ImageSetVersionState> NewestEarlierGoodVersionAsync(ImageSetWriter writer, WriteItemTracker item, string beforeVersionId, string latestVersionId)
        {
            string? nextToken = null;
            do
            {
                ImageSetVersionPage page = await writer.Client.ListImageSetVersionsAsync(DatastoreId, ImageSetId, MaxPageSize, nextToken, item.Cancellation).ConfigureAwait(false);
                ImageSetVersionState? found = NewestEarlierGoodVersion(page.Versions, beforeVersionId);
                if (found != null)
                {
                    // Versions come newest first, so the first page with a candidate holds the newest one.
                    item.Verbose($"Image set {ImageSetId}: undoing version {beforeVersionId} means reverting to version {found.VersionId}.");
                    return found;
                }

                nextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(nextToken));

            throw new ImageSetWriteException(
                ErrorIds.NoEarlierVersion,
                ErrorKind.NotFound,
                $"Image set {ImageSetId} has no version before {beforeVersionId} that did not fail to revert to (latest is {latestVersionId}). Nothing was sent.");
        }

        /// <summary>The newest version before <paramref name="latestVersionId"/> that neither failed nor was deleted.</summary>
        internal static ImageSetVersionState? NewestEarlierGoodVersion(IEnumerable<ImageSetVersionState> versions, string latestVersionId)
        {
            ImageSetVersionState? best = null;
            foreach (ImageSetVersionState version in versions)
            {
                if (VersionNumber.Compare(version.VersionId, latestVersionId) >= 0 || WorkflowStatus.IsFailed(version) || WorkflowStatus.IsDeleted(version))
                {
                    continue;
                }

                if (best is null || VersionNumber.Compare(version.VersionId, best.VersionId) > 0)
                {
                    best = version;
                }
            }

            return best;
        }

        private ImageSetWriteException VersionNotFound(string versionId, string latestVersionId) =>
            new(
                ErrorIds.VersionNotFound,
                ErrorKind.NotFound,
                $"Image set {ImageSetId} has no version {versionId} (latest is {latestVersionId}). Nothing was sent.",
                $"List its versions with Get-AHIImageSetVersion -ImageSetId {ImageSetId}.");
    }
}
