using System;
using System.Management.Automation;
using AhiTools.Documents;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// What Copy-AHIImageSet, Update-AHIImageSetMetadata and Undo-AHIImageSetMetadata share: -Wait and -TimeoutSec,
    /// resolving the version to write against (waiting for a lock an earlier write left), retrying a write that met a
    /// lock or a newer version when the caller did not pin one, and per-item errors with stable ErrorIds.
    /// </summary>
    public abstract class ImageSetWriteCmdletBase : DatastoreScopedCmdletBase
    {
        private const int MaxConflictRetries = 3;
        private ImageSetWaiter? _waiter;

        /// <summary>Wait for the service's workflow to finish and report its outcome.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait (and waiting for a locked image set before writing) may take.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 300;

        internal ImageSetWaiter Waiter => _waiter ??= new ImageSetWaiter(Client, task => Await(task), WriteProgress, Stopping);

        private TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSec);

        /// <summary>
        /// The latest version of an image set, ready to be written: when it is LOCKED (for example by an earlier item of
        /// the same pipeline that did not wait) this waits until it is not; an explicit version must still be the latest.
        /// </summary>
        protected ImageSetProperties ResolveWritable(string datastoreId, string imageSetId, string? expectedLatest, string guardParameter)
        {
            ImageSetProperties latest = Await(Client.GetImageSetAsync(datastoreId, imageSetId, null, Stopping));
            if (ImageSetWaiter.IsLocked(latest))
            {
                WriteVerbose($"Image set {imageSetId} is locked by version {latest.VersionId} ({latest.WorkflowStatus}); waiting for it before writing.");
                latest = Waiter.WaitUntilUnlocked(datastoreId, imageSetId, null, latest, Timeout, $"Waiting for image set {imageSetId} to unlock");
            }

            if (VersionResolver.IsDeleted(latest))
            {
                throw new ImageSetWriteException(
                    "ImageSetDeleted",
                    ErrorCategory.ObjectNotFound,
                    $"Image set {imageSetId} is deleted. Nothing was sent.");
            }

            VersionResolver.RequireStillLatest(expectedLatest, latest, guardParameter);
            WriteVerbose($"Image set {imageSetId}: latest version {latest.VersionId}.");
            return latest;
        }

        /// <summary>
        /// Sends a write; when the service answers ConflictException and the caller pinned no version, waits for the
        /// image set, resolves the latest version again and resends (a ConflictException means nothing was applied).
        /// </summary>
        protected T SendResolvingConflicts<T>(bool versionPinned, Func<T> send, Action resolveAgain)
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    return send();
                }
                catch (HealthImagingServiceException e) when (e.ErrorCode == "ConflictException" && !versionPinned && attempt < MaxConflictRetries)
                {
                    WriteVerbose("The service answered ConflictException (locked or newer version); resolving the latest version again.");
                    resolveAgain();
                }
            }
        }

        /// <summary>
        /// Sends an UpdateImageSetMetadata (an update or a revert); unless the caller pinned the version, a write whose
        /// base moved on is resent against the new latest version, once <paramref name="stillMeant"/> (when given)
        /// accepts that version: it throws when the write would no longer mean what the caller asked for.
        /// </summary>
        protected UpdateImageSetMetadataResult SendUpdate(UpdateImageSetMetadataRequest request, bool versionPinned, Action<ImageSetProperties>? stillMeant = null)
        {
            UpdateImageSetMetadataResult result = SendResolvingConflicts(
                versionPinned,
                () => SendTellingStop(
                    () => Await(Client.UpdateImageSetMetadataAsync(request, Stopping)),
                    $"the {(request.RevertToVersionId is null ? "update" : $"revert to version {request.RevertToVersionId}")} of image set {request.ImageSetId} in datastore {request.DatastoreId}",
                    NewVersionCheck(request.DatastoreId, request.ImageSetId, request.LatestVersionId)),
                () =>
                {
                    ImageSetProperties latest = ResolveWritable(request.DatastoreId, request.ImageSetId, null, "LatestVersionId");
                    stillMeant?.Invoke(latest);
                    request.LatestVersionId = latest.VersionId;
                });
            ReportRecovery(result.RecoveredAfterLostResponse, result.LatestVersionId);
            return result;
        }

        /// <summary>An explicit -LatestVersionId names one image set's version: with several image sets it is refused.</summary>
        protected bool RefuseVersionGuardForManyImageSets(string? latestVersionId, string[] imageSetIds)
        {
            if (latestVersionId is null || imageSetIds.Length <= 1)
            {
                return false;
            }

            WriteError(new ErrorRecord(
                new ArgumentException("-LatestVersionId guards one image set; it was given with several image set IDs."),
                "VersionGuardNeedsOneImageSet",
                ErrorCategory.InvalidArgument,
                imageSetIds));
            return true;
        }

        /// <summary>With -Wait, waits for the new version and returns it; without, returns null.</summary>
        protected ImageSetProperties? WaitForWorkflow(string datastoreId, string imageSetId, string versionId, string activity)
        {
            if (!Wait)
            {
                return null;
            }

            try
            {
                return Waiter.WaitUntilUnlocked(datastoreId, imageSetId, versionId, null, Timeout, activity);
            }
            catch (PipelineStoppedException)
            {
                TellAcceptedBeforeStop(datastoreId, imageSetId, versionId, activity);
                throw;
            }
        }

        /// <summary>
        /// Ctrl+C during -Wait stops the waiting, not the write the service already accepted: says which one it was,
        /// even though the stopping pipeline takes no more records (then straight to the host).
        /// </summary>
        private void TellAcceptedBeforeStop(string datastoreId, string imageSetId, string versionId, string activity) =>
            WarnWhileStopping($"Stopped while waiting ({activity}), but the write was already accepted: it made version {versionId} of image set {imageSetId} in datastore {datastoreId}, and the service goes on with it. See how it ends with Get-AHIImageSetVersion -DatastoreId {datastoreId} -ImageSetId {imageSetId} -VersionId {versionId}.");

        /// <summary>
        /// Ctrl+C while a write is on its way: the service may or may not have carried it out, which only its versions
        /// tell; says which write it was and how to check, then stops.
        /// </summary>
        protected T SendTellingStop<T>(Func<T> send, string write, string howToCheck)
        {
            try
            {
                return send();
            }
            catch (PipelineStoppedException)
            {
                WarnWhileStopping($"Stopped while {write} was being sent: the service may or may not have carried it out. {howToCheck}");
                throw;
            }
        }

        /// <summary>How to tell whether a write guarded on <paramref name="baseVersionId"/> was carried out.</summary>
        protected static string NewVersionCheck(string datastoreId, string imageSetId, string baseVersionId) =>
            $"If Get-AHIImageSetVersion -DatastoreId {datastoreId} -ImageSetId {imageSetId} shows a version after {baseVersionId}, it did; otherwise nothing changed.";

        private void WarnWhileStopping(string message)
        {
            try
            {
                WriteWarning(message);
            }
            catch (PipelineStoppedException)
            {
                Host?.UI?.WriteWarningLine(message);
            }
        }

        /// <summary>Polls an image set (the copy's source) until unlocked, within the same time bound.</summary>
        protected ImageSetProperties WaitForLatest(string datastoreId, string imageSetId, string activity) =>
            Waiter.WaitUntilUnlocked(datastoreId, imageSetId, null, null, Timeout, activity);

        /// <summary>Runs one pipeline item; a failure of that item becomes a non-terminating error and the pipeline goes on.</summary>
        protected void ProcessItem(object? target, Action work)
        {
            try
            {
                work();
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e) when (IsItemFailure(e))
            {
                WriteError(ToWriteErrorRecord(e, target));
            }
        }

        protected static ImageSetWriteException WorkflowFailed(string errorId, string what, ImageSetProperties version, string datastoreId, string recommendedAction) =>
            new ImageSetWriteException(
                errorId,
                ErrorCategory.InvalidData,
                $"{what} ended {version.WorkflowStatus} (image set {version.ImageSetId}, version {version.VersionId}): {version.Message ?? "the service gave no message"}",
                recommendedAction,
                OutputMapping.ToImageSet(version, datastoreId));

        protected void ReportRecovery(bool recovered, string versionId)
        {
            if (recovered)
            {
                WriteVerbose($"The service's response was lost after the write was applied; version {versionId} was found and is reported.");
            }
        }

        /// <summary>Reads a raw document parameter: JSON text, a hashtable or object, a FileInfo, or a file path.</summary>
        protected System.Text.Json.Nodes.JsonObject ReadDocumentParameter(object value, string parameterName) =>
            DocumentInput.Read(value, parameterName, ResolveFilePath);

        /// <summary>The image set's metadata (latest or one version), indexed for lookups by UID.</summary>
        protected MetadataIndex LoadMetadata(string datastoreId, string imageSetId, string versionId)
        {
            WriteVerbose($"Reading the metadata of image set {imageSetId} version {versionId}.");
            using (System.IO.Stream stream = Await(Client.GetImageSetMetadataAsync(datastoreId, imageSetId, versionId, Stopping)))
            {
                return Await(MetadataIndex.LoadAsync(stream, Stopping));
            }
        }

        private string? ResolveFilePath(string path)
        {
            try
            {
                return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is ProviderNotFoundException || e is DriveNotFoundException || e is NotSupportedException)
            {
                return null;
            }
        }

        private static bool IsItemFailure(Exception e) =>
            ReadFailures.IsItemFailure(e)
            || e is WriteOutcomeUnknownException
            || e is DocumentValidationException
            || e is ImageSetWriteException
            || e is AhiValidationException
            || e is System.Text.Json.JsonException;

        private static ErrorRecord ToWriteErrorRecord(Exception exception, object? target)
        {
            switch (exception)
            {
                case DocumentValidationException document:
                    return WithDetails(new ErrorRecord(document, document.ErrorId, ErrorCategory.InvalidArgument, target), document.Message, document.RecommendedAction);
                case ImageSetWriteException write:
                    return WithDetails(new ErrorRecord(write, write.ErrorId, write.Category, write.Target ?? target), write.Message, write.RecommendedAction);
                case System.Text.Json.JsonException json:
                    return new ErrorRecord(json, "InvalidMetadataDocument", ErrorCategory.InvalidData, target);
                default:
                    return ToErrorRecord(exception, target);
            }
        }

        private static ErrorRecord WithDetails(ErrorRecord record, string message, string? recommendedAction)
        {
            record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            return record;
        }
    }
}
