namespace AhiTools.Commands
{
    /// <summary>
    /// Waits for many image sets at once until the service's workflow on each is over: polling starts as each item
    /// arrives, and each image set is written (or its failure reported) as soon as it is done.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "AHIImageSet")]
    [OutputType(typeof(ImageSet))]
    public sealed class WaitImageSetCommand : DatastoreScopedCmdletBase, IDisposable
    {
        private const int ProgressActivityId = 1800;
        private const string Activity = "Waiting for image sets";

        private readonly List<PendingWait> _pending = new();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private ImageSetPoller? _poller;
        private int _received;
        private int _done;
        private int _ready;
        private int _failed;
        private int _timedOut;

        /// <summary>Mandatory in effect: DatastoreScopedCmdletBase refuses a call without it (see ImageSetParameter).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string[] ImageSetId { get; set; } = Array.Empty<string>();

        protected override string? ImageSetParameter => nameof(ImageSetId);


        /// <summary>The version to wait for (a write's new version); none waits for the latest.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? VersionId { get; set; }

        /// <summary>How long to wait for each image set, counted from when it arrives.</summary>
        [Parameter]
        [Alias("Timeout")]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 300;

        /// <summary>GetImageSet requests in flight at once, across all image sets (the same default as the write cmdlets).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ThrottleLimits.Default;

        protected override void ProcessRecord()
        {
            if (VersionId != null && ImageSetId.Length > 1)
            {
                WriteError(ErrorRecords.Create(
                    new ArgumentException($"-VersionId names one version of one image set; it was given with {ImageSetId.Length} image set IDs. Give one image set ID, or leave -VersionId out to wait for the latest version of each."),
                    ErrorIds.VersionIdNeedsOneImageSet,
                    ErrorKind.InvalidInput,
                    ImageSetId));
                return;
            }

            StartWaits();
        }

        protected override void EndProcessing()
        {
            while (_pending.Count > 0)
            {
                Await(WhenAnyFinished());
                WriteFinished();
            }

            if (_received > 0)
            {
                WriteVerbose($"Waited for {_received} image set{(_received == 1 ? "" : "s")}: {DescribeOutcomes()}.");
                WriteProgress(new ProgressRecord(ProgressActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <summary>
        /// Stops the polls still running when the pipeline ends early, for example when a later
        /// Select-Object -First has enough or an earlier command failed.
        /// </summary>
        public void Dispose() => StopProcessing();

        /// <summary>Starts polling each image set of this item, then writes the waits that are over by now.</summary>
        private void StartWaits()
        {
            _poller ??= new ImageSetPoller(Client.GetImageSetAsync, ThrottleLimit);
            foreach (string imageSetId in ImageSetId)
            {
                Start(imageSetId);
            }

            WriteFinished();
            WriteQueuedRetryNotices();
        }

        private void Start(string imageSetId)
        {
            string key = $"{DatastoreId}/{imageSetId}/{VersionId}";
            if (!_seen.Add(key))
            {
                WriteVerbose($"Image set {imageSetId}{DescribeVersion(VersionId)} is already being waited for.");
                return;
            }

            WriteVerbose($"Waiting for image set {imageSetId}{DescribeVersion(VersionId)} in datastore {DatastoreId}.");
            Task<ImageSetVersionState> polling = _poller!.PollUntilUnlockedAsync(DatastoreId, imageSetId, VersionId, TimeSpan.FromSeconds(TimeoutSec), Stopping);
            _pending.Add(new PendingWait(DatastoreId, imageSetId, VersionId, polling));
            _received++;
        }

        /// <summary>Completes when any pending wait is over, or (as cancelled) on Ctrl+C.</summary>
        private async Task WhenAnyFinished()
        {
            var polls = new Task[_pending.Count];
            for (int i = 0; i < polls.Length; i++)
            {
                polls[i] = _pending[i].Polling;
            }

            var stopped = Task.Delay(Timeout.Infinite, Stopping);
            await Task.WhenAny(Task.WhenAny(polls), stopped).ConfigureAwait(false);
            Stopping.ThrowIfCancellationRequested();
        }

        // Only the pipeline thread writes: finished waits are collected here, between items and in EndProcessing.
        private void WriteFinished()
        {
            for (int i = 0; i < _pending.Count;)
            {
                PendingWait wait = _pending[i];
                if (!wait.Polling.IsCompleted)
                {
                    i++;
                    continue;
                }

                _pending.RemoveAt(i);
                _done++;
                WriteOutcome(wait);
            }

            ReportProgress();
        }

        private void WriteOutcome(PendingWait wait) => RunItem(wait.ImageSetId, () => WriteReady(wait), CountAndWriteFailure);

        private void WriteReady(PendingWait wait)
        {
            ImageSetVersionState finished = Await(wait.Polling);
            ImageSetStateException? failure = WorkflowFailure(finished);
            if (failure != null)
            {
                throw failure;
            }

            _ready++;
            WriteObject(OutputMapping.ToImageSet(finished));
        }

        private void CountAndWriteFailure(Exception failure, object? imageSetId)
        {
            if (failure is AhiException timedOut && timedOut.ErrorId == ErrorIds.WaitTimedOut)
            {
                _timedOut++;
            }
            else
            {
                _failed++;
            }

            WriteItemError(failure, imageSetId);
        }

        private void ReportProgress()
        {
            if (_received == 0)
            {
                return;
            }

            // Only image sets that finished well count as ready; failed and timed-out ones are named apart.
            string others = _failed + _timedOut > 0 ? $" ({DescribeProblems()})" : "";
            var record = new ProgressRecord(ProgressActivityId, Activity, $"{_ready} of {_received} image sets ready{others}")
            {
                PercentComplete = _done * 100 / _received,
            };
            if (_pending.Count > 0)
            {
                record.CurrentOperation = $"Image set {_pending[0].ImageSetId}{DescribeVersion(_pending[0].VersionId)}";
            }

            WriteProgress(record);
        }

        private string DescribeProblems()
        {
            var parts = new List<string>();
            if (_failed > 0)
            {
                parts.Add($"{_failed} failed");
            }

            if (_timedOut > 0)
            {
                parts.Add($"{_timedOut} timed out");
            }

            return string.Join(", ", parts);
        }

        private string DescribeOutcomes() => $"{_ready} ready, {_failed} failed, {_timedOut} timed out";

        /// <summary>COPY_FAILED, UPDATE_FAILED and IMPORT_FAILED, and a deleted image set, are failures of that item.</summary>
        internal static ImageSetStateException? WorkflowFailure(ImageSetVersionState finished)
        {
            if (WorkflowStatus.IsDeleted(finished))
            {
                return new ImageSetStateException(
                    ErrorIds.ImageSetDeleted,
                    ErrorKind.NotFound,
                    $"Image set {finished.ImageSetId} is deleted ({finished.WorkflowStatus}).",
                    "Nothing is left to wait for; remove the image set from the input.",
                    finished);
            }

            if (!WorkflowStatus.IsFailed(finished))
            {
                return null;
            }

            string errorId;
            string advice;
            switch (finished.WorkflowStatus!.ToUpperInvariant())
            {
                case "COPY_FAILED":
                    errorId = ErrorIds.CopyFailed;
                    advice = "Read the message; when the Patient, Study or Series metadata of the two image sets differ, copy again with Copy-AHIImageSet -Force.";
                    break;
                case "IMPORT_FAILED":
                    errorId = ErrorIds.ImportFailed;
                    advice = "Read the message and import the study again.";
                    break;
                default:
                    errorId = ErrorIds.UpdateFailed;
                    advice = $"The image set keeps its earlier metadata. Read the message, correct the change, and run it again (see Get-AHIImageSetVersion -ImageSetId {finished.ImageSetId}).";
                    break;
            }

            return new ImageSetStateException(
                errorId,
                ErrorKind.WorkflowFailed,
                $"Image set {finished.ImageSetId} version {finished.VersionId} ended {finished.WorkflowStatus}: {finished.Message ?? "the service gave no message"}",
                advice,
                finished);
        }

        private static string DescribeVersion(string? versionId) => versionId is null ? "" : $" version {versionId}";

        private sealed class PendingWait
        {
            public PendingWait(string datastoreId, string imageSetId, string? versionId, Task<ImageSetVersionState> polling)
            {
                DatastoreId = datastoreId;
                ImageSetId = imageSetId;
                VersionId = versionId;
                Polling = polling;
            }

            public string DatastoreId { get; }

            public string ImageSetId { get; }

            public string? VersionId { get; }

            public Task<ImageSetVersionState> Polling { get; }
        }
    }
}
