using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// After a write whose response was lost was retried and met ConflictException: finds out whether the first
    /// attempt was applied, by looking for the version it would have created, instead of replaying it.
    /// </summary>
    internal sealed class LostWriteRecovery
    {
        private static readonly HashSet<string> UpdateStatuses = new HashSet<string>(StringComparer.Ordinal)
        {
            "UPDATING", "UPDATING_FOR_STUDY_CONSISTENCY", "UPDATED", "UPDATE_FAILED",
        };

        private static readonly HashSet<string> CopyStatuses = new HashSet<string>(StringComparer.Ordinal)
        {
            "COPYING", "COPIED", "COPY_FAILED",
        };

        private static readonly HashSet<string> DeleteStatuses = new HashSet<string>(StringComparer.Ordinal)
        {
            "DELETING", "DELETED",
        };

        private readonly Func<string, string, string?, CancellationToken, Task<ImageSetProperties>> _getImageSet;
        private readonly TimeSpan _clockSkewAllowance;

        public LostWriteRecovery(Func<string, string, string?, CancellationToken, Task<ImageSetProperties>> getImageSet, TimeSpan clockSkewAllowance)
        {
            _getImageSet = getImageSet;
            _clockSkewAllowance = clockSkewAllowance;
        }

        public async Task<UpdateImageSetMetadataResult?> TryRecoverUpdateAsync(UpdateImageSetMetadataRequest request, WriteAttemptLog log, CancellationToken cancellationToken)
        {
            ImageSetProperties? created = await FindCreatedVersionAsync(
                request.DatastoreId, request.ImageSetId, request.LatestVersionId, UpdateStatuses, log, cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                return null;
            }

            return new UpdateImageSetMetadataResult
            {
                DatastoreId = request.DatastoreId,
                ImageSetId = request.ImageSetId,
                LatestVersionId = created.VersionId,
                ImageSetState = created.ImageSetState,
                WorkflowStatus = created.WorkflowStatus,
                CreatedAt = created.CreatedAt,
                UpdatedAt = created.UpdatedAt,
                Message = created.Message,
                RecoveredAfterLostResponse = true,
            };
        }

        public async Task<CopyImageSetResult?> TryRecoverCopyAsync(CopyImageSetRequest request, WriteAttemptLog log, CancellationToken cancellationToken)
        {
            // Without a destination (or with promoteToPrimary) the copy makes a new image set whose ID only the
            // lost response carried, so there is no version to look for.
            if (request.DestinationImageSetId is null || request.DestinationLatestVersionId is null || request.PromoteToPrimary)
            {
                return null;
            }

            ImageSetProperties? created = await FindCreatedVersionAsync(
                request.DatastoreId, request.DestinationImageSetId, request.DestinationLatestVersionId, CopyStatuses, log, cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                return null;
            }

            return new CopyImageSetResult
            {
                DatastoreId = request.DatastoreId,
                Source = new CopiedImageSetProperties
                {
                    ImageSetId = request.SourceImageSetId,
                    LatestVersionId = request.SourceLatestVersionId,
                },
                Destination = new CopiedImageSetProperties
                {
                    ImageSetId = created.ImageSetId,
                    LatestVersionId = created.VersionId,
                    ImageSetState = created.ImageSetState,
                    WorkflowStatus = created.WorkflowStatus,
                    CreatedAt = created.CreatedAt,
                    UpdatedAt = created.UpdatedAt,
                    ImageSetArn = created.ImageSetArn,
                },
                RecoveredAfterLostResponse = true,
            };
        }

        public async Task<DeleteImageSetResult?> TryRecoverDeleteAsync(string datastoreId, string imageSetId, CancellationToken cancellationToken)
        {
            ImageSetProperties latest;
            try
            {
                latest = await _getImageSet(datastoreId, imageSetId, null, cancellationToken).ConfigureAwait(false);
            }
            catch (HealthImagingServiceException e) when (IsNotFound(e))
            {
                return new DeleteImageSetResult
                {
                    DatastoreId = datastoreId,
                    ImageSetId = imageSetId,
                    ImageSetState = "DELETED",
                    WorkflowStatus = "DELETED",
                    RecoveredAfterLostResponse = true,
                };
            }

            bool deleting = string.Equals(latest.ImageSetState, "DELETED", StringComparison.Ordinal)
                || (latest.WorkflowStatus != null && DeleteStatuses.Contains(latest.WorkflowStatus));
            if (!deleting)
            {
                return null;
            }

            return new DeleteImageSetResult
            {
                DatastoreId = datastoreId,
                ImageSetId = imageSetId,
                ImageSetState = latest.ImageSetState,
                WorkflowStatus = latest.WorkflowStatus,
                RecoveredAfterLostResponse = true,
            };
        }

        /// <summary>The version right after <paramref name="expectedLatest"/>, if a write of this kind created it after the first attempt.</summary>
        private async Task<ImageSetProperties?> FindCreatedVersionAsync(
            string datastoreId, string imageSetId, string expectedLatest, ISet<string> workflowStatuses, WriteAttemptLog log, CancellationToken cancellationToken)
        {
            if (!long.TryParse(expectedLatest, NumberStyles.None, CultureInfo.InvariantCulture, out long expected))
            {
                return null;
            }

            string next = (expected + 1).ToString(CultureInfo.InvariantCulture);
            ImageSetProperties candidate;
            try
            {
                candidate = await _getImageSet(datastoreId, imageSetId, next, cancellationToken).ConfigureAwait(false);
            }
            catch (HealthImagingServiceException e) when (IsNotFound(e) || string.Equals(e.ErrorCode, "ValidationException", StringComparison.Ordinal))
            {
                return null;
            }

            if (!string.Equals(candidate.VersionId, next, StringComparison.Ordinal))
            {
                return null;
            }

            if (candidate.WorkflowStatus != null && !workflowStatuses.Contains(candidate.WorkflowStatus))
            {
                return null;
            }

            DateTimeOffset? createdAt = candidate.CreatedAt ?? candidate.UpdatedAt;
            if (createdAt.HasValue && log.FirstSentAt.HasValue && createdAt.Value < log.FirstSentAt.Value - _clockSkewAllowance)
            {
                return null;
            }

            return candidate;
        }

        private static bool IsNotFound(HealthImagingServiceException e)
        {
            return string.Equals(e.ErrorCode, "ResourceNotFoundException", StringComparison.Ordinal) || (int)e.StatusCode == 404;
        }
    }
}
