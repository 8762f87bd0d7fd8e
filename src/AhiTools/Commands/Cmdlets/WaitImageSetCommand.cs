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

        private ImageSetWaits? _waits;

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

        protected override void ProcessRecord() => StartWaits();

        protected override void EndProcessing() => WriteRemaining();

        /// <summary>
        /// Stops the polls still running when the pipeline ends early, for example when a later
        /// Select-Object -First has enough or an earlier command failed.
        /// </summary>
        public void Dispose() => StopProcessing();

        /// <summary>Starts polling each image set of this item, then writes the waits that are over by now.</summary>
        private void StartWaits()
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

            _waits ??= new ImageSetWaits(new ImageSetPoller(Client.GetImageSetAsync, ThrottleLimit), TimeSpan.FromSeconds(TimeoutSec));
            foreach (string imageSetId in ImageSetId)
            {
                Start(imageSetId);
            }

            WriteFinished();
            WriteQueuedRetryNotices();
        }

        private void Start(string imageSetId)
        {
            if (_waits!.TryStart(DatastoreId, imageSetId, VersionId, Stopping))
            {
                WriteVerbose($"Waiting for {PendingWait.Describe(imageSetId, VersionId)} in datastore {DatastoreId}.");
            }
            else
            {
                WriteVerbose($"{PendingWait.Describe(imageSetId, VersionId)} is already being waited for.");
            }
        }

        private void WriteRemaining()
        {
            if (_waits is null)
            {
                return;
            }

            while (_waits.AnyPending)
            {
                Await(_waits.WhenAnyFinished(Stopping));
                WriteFinished();
            }

            if (_waits.Received > 0)
            {
                WriteVerbose($"Waited for {_waits.Received} image set{(_waits.Received == 1 ? "" : "s")}: {_waits.Outcomes}.");
                WriteProgress(new ProgressRecord(ProgressActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        // Only the pipeline thread writes: finished waits are collected here, between items and in EndProcessing.
        private void WriteFinished()
        {
            foreach (PendingWait wait in _waits!.TakeFinished())
            {
                RunItem(wait.ImageSetId, () => WriteObject(OutputMapping.ToImageSet(_waits.Ready(Await(wait.Polling)))), CountAndWriteFailure);
            }

            if (_waits.Received > 0)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, Activity, _waits.Status)
                {
                    PercentComplete = _waits.PercentComplete,
                    CurrentOperation = _waits.CurrentOperation,
                });
            }
        }

        private void CountAndWriteFailure(Exception failure, object? imageSetId)
        {
            _waits!.CountFailure(failure);
            WriteItemError(failure, imageSetId);
        }
    }
}
