namespace AhiTools.HealthImaging
{
    /// <summary>
    /// After a write whose response was lost (the connection dropped once the request was sent): finds out whether it
    /// was applied. A write guarded on version N can only have made version N+1, and that version is taken as the
    /// write's own only when its metadata is exactly the write's change to version N; another writer's version is
    /// never claimed.
    /// </summary>
    internal sealed class LostWriteRecovery
    {
        private static readonly HashSet<string> UpdateStatuses = WorkflowStatus.SetOf("UPDATING", "UPDATING_FOR_STUDY_CONSISTENCY", "UPDATED", "UPDATE_FAILED");

        private static readonly HashSet<string> CopyStatuses = WorkflowStatus.SetOf("COPYING", "COPIED", "COPY_FAILED");

        private static readonly HashSet<string> DeleteStatuses = WorkflowStatus.SetOf("DELETING", "DELETED");

        private static readonly TimeSpan[] SettleIntervals =
        {
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
        };

        private readonly Func<string, string, string?, CancellationToken, Task<ImageSetVersionState>> _getImageSet;
        private readonly Func<string, string, string, CancellationToken, Task<JsonObject>> _readMetadata;
        private readonly HealthImagingRetryOptions _options;

        public LostWriteRecovery(
            Func<string, string, string?, CancellationToken, Task<ImageSetVersionState>> getImageSet,
            Func<string, string, string, CancellationToken, Task<JsonObject>> readMetadata,
            HealthImagingRetryOptions options)
        {
            _getImageSet = getImageSet;
            _readMetadata = readMetadata;
            _options = options;
        }

        public async Task<LostWriteVerdict> RecoverUpdateAsync(UpdateImageSetMetadataRequest request, WriteAttemptLog log, CancellationToken cancellationToken)
        {
            string ds = request.DatastoreId, imageSetId = request.ImageSetId;
            CandidateVersion found = await FindSettledNextVersionAsync(ds, imageSetId, request.LatestVersionId, UpdateStatuses, log, cancellationToken).ConfigureAwait(false);
            if (found.Verdict != null)
            {
                return found.Verdict;
            }

            ImageSetVersionState candidate = found.Properties!;
            JsonObject after = await _readMetadata(ds, imageSetId, candidate.VersionId, cancellationToken).ConfigureAwait(false);
            bool ours;
            if (request.RevertToVersionId != null)
            {
                JsonObject target = await _readMetadata(ds, imageSetId, request.RevertToVersionId, cancellationToken).ConfigureAwait(false);
                ours = WrittenVersionCheck.IsRevertTo(after, target);
            }
            else
            {
                JsonObject before = await _readMetadata(ds, imageSetId, request.LatestVersionId, cancellationToken).ConfigureAwait(false);
                ours = WrittenVersionCheck.IsUpdateOf(before, after, ParseDocument(request.UpdatableAttributes), ParseDocument(request.RemovableAttributes));
            }

            if (!ours)
            {
                return AnotherWritersVersion(candidate);
            }

            return LostWriteVerdict.Applied(new ImageSetWriteResult { ImageSet = candidate });
        }

        public async Task<LostWriteVerdict> RecoverCopyAsync(CopyImageSetRequest request, WriteAttemptLog log, CancellationToken cancellationToken)
        {
            // Without a destination (or with promoteToPrimary) the copy makes a new image set whose ID only the
            // lost response carried, so there is no version to look for.
            if (request.DestinationImageSetId is null || request.DestinationLatestVersionId is null || request.PromoteToPrimary)
            {
                return LostWriteVerdict.Unknown("the copy makes a new image set, whose ID only the lost response carried");
            }

            string ds = request.DatastoreId, destinationId = request.DestinationImageSetId;
            CandidateVersion found = await FindSettledNextVersionAsync(ds, destinationId, request.DestinationLatestVersionId, CopyStatuses, log, cancellationToken).ConfigureAwait(false);
            if (found.Verdict != null)
            {
                return found.Verdict;
            }

            ImageSetVersionState candidate = found.Properties!;
            JsonObject source = await _readMetadata(ds, request.SourceImageSetId, request.SourceLatestVersionId, cancellationToken).ConfigureAwait(false);
            JsonObject before = await _readMetadata(ds, destinationId, request.DestinationLatestVersionId, cancellationToken).ConfigureAwait(false);
            JsonObject after = await _readMetadata(ds, destinationId, candidate.VersionId, cancellationToken).ConfigureAwait(false);
            if (!WrittenVersionCheck.IsCopyOf(before, after, WrittenVersionCheck.CopiedInstances(source, request.CopiableAttributes)))
            {
                return AnotherWritersVersion(candidate);
            }

            return LostWriteVerdict.Applied(new ImageSetWriteResult
            {
                ImageSet = candidate,
                Source = new ImageSetVersionState { DatastoreId = ds, ImageSetId = request.SourceImageSetId, VersionId = request.SourceLatestVersionId },
            });
        }

        public async Task<LostWriteVerdict> RecoverDeleteAsync(string datastoreId, string imageSetId, CancellationToken cancellationToken)
        {
            ImageSetVersionState latest;
            try
            {
                latest = await _getImageSet(datastoreId, imageSetId, null, cancellationToken).ConfigureAwait(false);
            }
            catch (HealthImagingServiceException e) when (IsNotFound(e))
            {
                return LostWriteVerdict.Applied(new ImageSetWriteResult
                {
                    ImageSet = new ImageSetVersionState { DatastoreId = datastoreId, ImageSetId = imageSetId, ImageSetState = "DELETED", WorkflowStatus = "DELETED" },
                });
            }

            bool deleting = WorkflowStatus.IsDeleted(latest)
                || (latest.WorkflowStatus != null && DeleteStatuses.Contains(latest.WorkflowStatus));
            if (!deleting)
            {
                return LostWriteVerdict.Unknown("the image set does not look deleted");
            }

            return LostWriteVerdict.Applied(new ImageSetWriteResult
            {
                ImageSet = new ImageSetVersionState { DatastoreId = datastoreId, ImageSetId = imageSetId, ImageSetState = latest.ImageSetState, WorkflowStatus = latest.WorkflowStatus },
            });
        }

        /// <summary>
        /// Version N+1 once its workflow finished, ready for its metadata to be compared; or, in <see cref="CandidateVersion.Verdict"/>,
        /// why no comparison is needed (another kind of write made it, or it came before this write) or possible.
        /// </summary>
        private async Task<CandidateVersion> FindSettledNextVersionAsync(
            string datastoreId, string imageSetId, string guardVersion, ISet<string> workflowStatuses, WriteAttemptLog log, CancellationToken cancellationToken)
        {
            if (!long.TryParse(guardVersion, NumberStyles.None, CultureInfo.InvariantCulture, out long guard))
            {
                return new CandidateVersion(LostWriteVerdict.Unknown($"version {guardVersion} is not a number, so the version after it cannot be named"));
            }

            string next = (guard + 1).ToString(CultureInfo.InvariantCulture);
            ImageSetVersionState candidate;
            try
            {
                candidate = await _getImageSet(datastoreId, imageSetId, next, cancellationToken).ConfigureAwait(false);
            }
            catch (HealthImagingServiceException e) when (IsNotFound(e) || string.Equals(e.ErrorCode, "ValidationException", StringComparison.Ordinal))
            {
                return new CandidateVersion(LostWriteVerdict.Unknown($"no version {next} exists yet, but the write may still be in progress"));
            }

            if (candidate.WorkflowStatus != null && !workflowStatuses.Contains(candidate.WorkflowStatus))
            {
                return new CandidateVersion(AnotherWritersVersion(candidate));
            }

            DateTimeOffset? createdAt = candidate.CreatedAt ?? candidate.UpdatedAt;
            if (createdAt.HasValue && log.FirstSentAt.HasValue && createdAt.Value < log.FirstSentAt.Value - _options.ClockSkewAllowance)
            {
                return new CandidateVersion(AnotherWritersVersion(candidate));
            }

            candidate = await WaitUntilSettledAsync(candidate, cancellationToken).ConfigureAwait(false);
            if (WorkflowStatus.IsLocked(candidate))
            {
                return new CandidateVersion(LostWriteVerdict.Unknown(
                    $"version {next} was still LOCKED ({candidate.WorkflowStatus}) after {_options.LostWriteCheckTimeout.TotalSeconds:0} s, so whose change it holds could not be read"));
            }

            if (WorkflowStatus.IsFailed(candidate))
            {
                return new CandidateVersion(LostWriteVerdict.Unknown(
                    $"version {next} ended {candidate.WorkflowStatus}, so it holds no change to tell whose write it was"));
            }

            return new CandidateVersion(candidate);
        }

        /// <summary>The metadata of a LOCKED version is only final once its workflow ends: polls until then, within LostWriteCheckTimeout.</summary>
        private async Task<ImageSetVersionState> WaitUntilSettledAsync(ImageSetVersionState candidate, CancellationToken cancellationToken)
        {
            DateTime deadline = DateTime.UtcNow + _options.LostWriteCheckTimeout;
            for (int polls = 0; WorkflowStatus.IsLocked(candidate) && DateTime.UtcNow < deadline; polls++)
            {
                await Task.Delay(SettleIntervals[Math.Min(polls, SettleIntervals.Length - 1)], cancellationToken).ConfigureAwait(false);
                candidate = await _getImageSet(candidate.DatastoreId, candidate.ImageSetId, candidate.VersionId, cancellationToken).ConfigureAwait(false);
            }

            return candidate;
        }

        private static LostWriteVerdict AnotherWritersVersion(ImageSetVersionState candidate)
        {
            return LostWriteVerdict.NotApplied(
                $"version {candidate.VersionId} ({candidate.WorkflowStatus}) was made by another write, so this one was not applied", candidate.VersionId);
        }

        private static JsonObject? ParseDocument(byte[]? blob) => blob is null ? null : JsonNode.Parse(blob) as JsonObject;

        private static bool IsNotFound(HealthImagingServiceException e)
        {
            return string.Equals(e.ErrorCode, "ResourceNotFoundException", StringComparison.Ordinal) || (int)e.StatusCode == 404;
        }

        private sealed class CandidateVersion
        {
            public CandidateVersion(ImageSetVersionState properties) => Properties = properties;

            public CandidateVersion(LostWriteVerdict verdict) => Verdict = verdict;

            public ImageSetVersionState? Properties { get; }

            public LostWriteVerdict? Verdict { get; }
        }
    }
}
