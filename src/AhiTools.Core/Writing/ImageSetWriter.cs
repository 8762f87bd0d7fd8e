namespace AhiTools.Writing
{
    /// <summary>
    /// The one write path of Copy, Update, Undo and Remove: resolves the version to write against (waiting for a lock
    /// an earlier write left), sends, resends after a conflict while the write still means the same, and waits for the
    /// workflow. A lost response is recovered below, by the client (see LostWriteRecovery). Many items use one writer
    /// at once, each with its own <see cref="WriteItemTracker"/>.
    /// </summary>
    /// <param name="timeout">How long waiting for one image set (a lock before writing, or -Wait) may take.</param>
    /// <param name="pollsInFlight">GetImageSet polls in flight at once, across all items.</param>
    internal sealed class ImageSetWriter(IHealthImagingClient client, TimeSpan timeout, int pollsInFlight)
    {
        private const int MaxConflictRetries = 3;

        private readonly ImageSetPoller _poller = new(client.GetImageSetAsync, pollsInFlight);
        private readonly TimeSpan _timeout = timeout;

        public IHealthImagingClient Client { get; } = client;

        /// <summary>
        /// The latest version of an image set, ready to be written: when it is LOCKED (for example by an earlier item of
        /// the same pipeline that did not wait) this waits until it is not; an explicit version must still be the latest.
        /// </summary>
        public async Task<ImageSetVersionState> ResolveWritableAsync(WriteItemTracker item, string datastoreId, string imageSetId, string? expectedLatest, string guardParameter)
        {
            ImageSetVersionState latest = await Client.GetImageSetAsync(datastoreId, imageSetId, null, item.Cancellation).ConfigureAwait(false);
            if (WorkflowStatus.IsLocked(latest))
            {
                item.Verbose($"Image set {imageSetId} is locked by version {latest.VersionId} ({latest.WorkflowStatus}); waiting for it before writing.");
                latest = await WaitUntilUnlockedAsync(item, datastoreId, imageSetId, null, latest, $"Waiting for image set {imageSetId} to unlock").ConfigureAwait(false);
            }

            if (WorkflowStatus.IsDeleted(latest))
            {
                throw new ImageSetWriteException(
                    ErrorIds.ImageSetDeleted,
                    ErrorKind.NotFound,
                    $"Image set {imageSetId} is deleted. Nothing was sent.");
            }

            RequireStillLatest(expectedLatest, latest, guardParameter);
            item.Verbose($"Image set {imageSetId}: latest version {latest.VersionId}.");
            return latest;
        }

        /// <summary>
        /// Sends a write; when the service answers ConflictException and the caller pinned no version, resolves the
        /// latest version again (<paramref name="resolveAgain"/>, which throws when the write no longer means the same)
        /// and resends: a ConflictException means nothing was applied.
        /// </summary>
        /// <param name="describe">What is sent and how to check it afterwards, for Ctrl+C; asked before each attempt.</param>
        public async Task<T> SendAsync<T>(WriteItemTracker item, bool versionPinned, Func<Task<T>> send, Func<Task> resolveAgain, Func<(string Write, string HowToCheck)> describe)
        {
            for (int attempt = 0; ; attempt++)
            {
                (string write, string howToCheck) = describe();
                item.Sending(write, howToCheck);
                try
                {
                    T result = await send().ConfigureAwait(false);
                    item.Sent();
                    return result;
                }
                catch (HealthImagingServiceException e) when (e.ErrorCode == "ConflictException" && !versionPinned && attempt < MaxConflictRetries)
                {
                    item.Sent();
                    item.Verbose("The service answered ConflictException (locked or newer version); resolving the latest version again.");
                }
                catch (Exception e) when (!(e is OperationCanceledException))
                {
                    item.Sent();
                    throw;
                }

                await resolveAgain().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Sends an UpdateImageSetMetadata (an update or a revert); unless the caller pinned the version, a write whose
        /// base moved on is resent against the new latest version, once <paramref name="stillMeant"/> (when given)
        /// accepts that version: it throws when the write would no longer mean what the caller asked for.
        /// </summary>
        public async Task<ImageSetWriteResult> SendUpdateAsync(WriteItemTracker item, UpdateImageSetMetadataRequest request, bool versionPinned, Action<ImageSetVersionState>? stillMeant = null)
        {
            string kind = request.RevertToVersionId is null ? "update" : $"revert to version {request.RevertToVersionId}";
            ImageSetWriteResult result = await SendAsync(
                item,
                versionPinned,
                () => Client.UpdateImageSetMetadataAsync(request, item.Cancellation),
                async () =>
                {
                    ImageSetVersionState latest = await ResolveWritableAsync(item, request.DatastoreId, request.ImageSetId, null, "LatestVersionId").ConfigureAwait(false);
                    stillMeant?.Invoke(latest);
                    request.LatestVersionId = latest.VersionId;
                },
                () => ($"the {kind} of image set {request.ImageSetId} in datastore {request.DatastoreId}", NewVersionCheck(request.DatastoreId, request.ImageSetId, request.LatestVersionId))).ConfigureAwait(false);
            ReportRecovery(item, result.RecoveredAfterLostResponse, result.ImageSet.VersionId);
            return result;
        }

        /// <summary>Waits for the workflow that made <paramref name="versionId"/>; Ctrl+C meanwhile names the accepted write.</summary>
        public async Task<ImageSetVersionState> WaitForWorkflowAsync(WriteItemTracker item, string datastoreId, string imageSetId, string versionId, string activity)
        {
            item.Accepted(datastoreId, imageSetId, versionId, activity);
            ImageSetVersionState finished = await WaitUntilUnlockedAsync(item, datastoreId, imageSetId, versionId, null, activity).ConfigureAwait(false);
            item.Settled();
            return finished;
        }

        /// <summary>Polls an image set (the copy's source) until unlocked, within the same time bound.</summary>
        public Task<ImageSetVersionState> WaitForLatestAsync(WriteItemTracker item, string datastoreId, string imageSetId, string activity) =>
            WaitUntilUnlockedAsync(item, datastoreId, imageSetId, null, null, activity);

        /// <summary>The image set's metadata (latest or one version), indexed for lookups by UID.</summary>
        public async Task<MetadataIndex> LoadMetadataAsync(WriteItemTracker item, string datastoreId, string imageSetId, string versionId)
        {
            item.Verbose($"Reading the metadata of image set {imageSetId} version {versionId}.");
            using (Stream stream = await Client.GetImageSetMetadataAsync(datastoreId, imageSetId, versionId, item.Cancellation).ConfigureAwait(false))
            {
                return await MetadataIndex.LoadAsync(stream, item.Cancellation).ConfigureAwait(false);
            }
        }

        /// <summary>How to tell whether a write guarded on <paramref name="baseVersionId"/> was carried out.</summary>
        public static string NewVersionCheck(string datastoreId, string imageSetId, string baseVersionId) =>
            $"If Get-AHIImageSetVersion -DatastoreId {datastoreId} -ImageSetId {imageSetId} shows a version after {baseVersionId}, it did; otherwise nothing changed.";

        public static void ReportRecovery(WriteItemTracker item, bool recovered, string versionId)
        {
            if (recovered)
            {
                item.Verbose($"The service's response was lost after the write was applied; version {versionId} was found and is reported.");
            }
        }

        /// <summary>An explicit version given by the caller must still be the latest; otherwise someone else wrote first.</summary>
        internal static void RequireStillLatest(string? expected, ImageSetVersionState latest, string parameterName)
        {
            if (expected is null || VersionNumber.Compare(expected, latest.VersionId) == 0)
            {
                return;
            }

            throw new ImageSetWriteException(
                ErrorIds.StaleVersion,
                ErrorKind.Stale,
                $"-{parameterName} is {expected}, but the latest version of image set {latest.ImageSetId} is {latest.VersionId}: it changed since you read it. Nothing was sent.",
                $"Look at what changed (Get-AHIImageSetVersion -ImageSetId {latest.ImageSetId}), then run again with -{parameterName} {latest.VersionId}, or leave -{parameterName} out to write against the latest version.");
        }

        public static ImageSetWriteException WorkflowFailed(string errorId, string what, ImageSetVersionState version, string recommendedAction) =>
            new(
                errorId,
                ErrorKind.WorkflowFailed,
                $"{what} ended {version.WorkflowStatus} (image set {version.ImageSetId}, version {version.VersionId}): {version.Message ?? "the service gave no message"}",
                recommendedAction,
                version);

        private async Task<ImageSetVersionState> WaitUntilUnlockedAsync(WriteItemTracker item, string datastoreId, string imageSetId, string? versionId, ImageSetVersionState? current, string activity)
        {
            try
            {
                return await _poller.PollUntilUnlockedAsync(
                    datastoreId, imageSetId, versionId, _timeout, item.Cancellation, current,
                    (locked, elapsed) => item.StillLocked(activity, locked, elapsed, _timeout)).ConfigureAwait(false);
            }
            finally
            {
                item.Unlocked();
            }
        }
    }
}
