using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace AhiTools.Commands
{
    /// <summary>
    /// What Copy-AHIImageSet, Update-AHIImageSetMetadata, Undo-AHIImageSetMetadata and Remove-AHIImageSet share:
    /// -Wait, -TimeoutSec and -ThrottleLimit, and the pipeline-thread side of the one writer. Each item's write runs
    /// off the pipeline thread with up to -ThrottleLimit in flight (see <see cref="WriteScheduler"/>); ShouldProcess,
    /// output, errors, warnings, verbose text and progress are written here, on the pipeline thread, as each item
    /// comes back, so output comes in the order items finish.
    /// </summary>
    public abstract class ImageSetWriteCmdletBase : DatastoreScopedCmdletBase, IDisposable
    {
        private const int ProgressActivityId = 1900;
        private const int WaitActivityIdBase = 1901;
        private const int WaitActivityIds = 10000;

        private WriteScheduler? _scheduler;
        private BulkProgress? _progress;
        private readonly HashSet<int> _waitsShown = new();
        private ErrorRecord? _errorThatStops;
        private bool _toldWhatWasInFlight;

        /// <summary>Wait for the service's workflow to finish and report its outcome.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait (and waiting for a locked image set before writing) may take.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 300;

        /// <summary>Items in flight at once (reading, sending and, with -Wait, waiting); 1 writes one item at a time.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = ThrottleLimits.Default;

        /// <summary>The progress activity, such as "Updating image sets".</summary>
        protected abstract string ProgressActivity { get; }

        /// <summary>How many items the input holds when known before they arrive (an array given as a parameter); otherwise null.</summary>
        protected virtual int? KnownItemCount => null;

        private WriteScheduler Scheduler => _scheduler ??= new WriteScheduler(
            new ImageSetWriter(Client, TimeSpan.FromSeconds(TimeoutSec), ThrottleLimit),
            () =>
            {
                ListenToRetryNotices();
                RetryNotices.ThrottledListener = Progress.CountThrottled;
            },
            Stopping);

        private BulkProgress Progress
        {
            get
            {
                if (_progress is null)
                {
                    var clock = Stopwatch.StartNew();
                    _progress = new BulkProgress(ProgressActivity, () => clock.Elapsed, BulkProgress.DefaultInterval) { Total = KnownItemCount };
                }

                return _progress;
            }
        }

        /// <summary>
        /// The one call of a write cmdlet for one item: builds the write (on the pipeline thread, so bad input fails
        /// before anything is sent), schedules it, and writes what came back, waiting while -ThrottleLimit items are
        /// pending. A failure of that item becomes a non-terminating error and the pipeline goes on.
        /// </summary>
        private protected void Submit(object? target, Func<ImageSetWrite> build)
        {
            ImageSetWrite? write = null;
            if (!TryItemStep(target, () => write = build()))
            {
                return;
            }

            _ = Progress;
            Scheduler.Add(write!);
            Drain(null, ThrottleLimit);
        }

        /// <summary>Runs a step of one item on the pipeline thread; its failure becomes that item's error and the pipeline goes on.</summary>
        private protected bool TryItemStep(object? target, Action step) => RunItem(target, step, (failure, item) =>
        {
            Progress.ItemOver(failed: true);
            Drain(() => ReportFailure(failure, item), ThrottleLimit);
        });

        /// <summary>The connection and its client are made while the first item is checked and built.</summary>
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            ResolveClientInBackground();
        }

        protected override void EndProcessing()
        {
            if (_scheduler != null)
            {
                Drain(null, 1);
                WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
            }

            base.EndProcessing();
        }

        /// <summary>
        /// Stops the writes still running when the pipeline ends early (for example on an error upstream), after
        /// naming them on the host: the pipeline takes no more records by then.
        /// </summary>
        public void Dispose()
        {
            if (_scheduler != null && _scheduler.Pending > 0 && !_toldWhatWasInFlight)
            {
                _toldWhatWasInFlight = true;
                foreach (ScheduledWrite write in _scheduler.Started)
                {
                    string? notice = write.Tracker.StopNotice;
                    if (notice != null)
                    {
                        Host?.UI?.WriteWarningLine(notice);
                    }
                }
            }

            StopProcessing();
        }

        /// <summary>An explicit -LatestVersionId names one image set's version: with several image sets it is refused.</summary>
        protected bool RefuseVersionGuardForManyImageSets(string? latestVersionId, string[] imageSetIds)
        {
            if (latestVersionId is null || imageSetIds.Length <= 1)
            {
                return false;
            }

            WriteError(ErrorRecords.Create(
                new ArgumentException("-LatestVersionId guards one image set; it was given with several image set IDs."),
                ErrorIds.VersionGuardNeedsOneImageSet,
                ErrorKind.InvalidInput,
                imageSetIds));
            return true;
        }

        /// <summary>Reads a raw document parameter: JSON text, a hashtable or object, a FileInfo, or a file path.</summary>
        protected System.Text.Json.Nodes.JsonObject ReadDocumentParameter(object value, string parameterName) =>
            DocumentInput.Read(PowerShellValues.ToPlain(value), parameterName, ResolveFilePath);

        /// <summary>
        /// Writes what came back until fewer than <paramref name="pendingBelow"/> items are pending; after an error
        /// that stops the pipeline (-ErrorAction Stop), until everything in flight is over, then that error.
        /// Ctrl+C names every write in flight and how to check it.
        /// </summary>
        private void Drain(Action? first, int pendingBelow)
        {
            try
            {
                first?.Invoke();
                while (HandleNext(TimeSpan.Zero))
                {
                }

                while (_scheduler != null && (_scheduler.Pending >= pendingBelow || (_errorThatStops != null && _scheduler.Pending > 0)))
                {
                    HandleNext(BulkProgress.DefaultInterval);
                }

                if (_errorThatStops != null)
                {
                    WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity, "Stopped") { RecordType = ProgressRecordType.Completed });
                    WriteError(_errorThatStops);
                }
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                TellWhatWasInFlight();
                throw new PipelineStoppedException();
            }
            catch (PipelineStoppedException)
            {
                TellWhatWasInFlight();
                throw;
            }
        }

        /// <summary>Handles one item that came back within <paramref name="timeout"/>; false when none did.</summary>
        private bool HandleNext(TimeSpan timeout)
        {
            ScheduledWrite? write = _scheduler?.Next(timeout);
            WriteQueuedRetryNotices();
            if (write != null)
            {
                Handle(write);
            }

            WriteProgressIfDue();
            return write != null;
        }

        private void Handle(ScheduledWrite write)
        {
            WriteNotes(write.Tracker);
            if (!write.Done)
            {
                WritePlan plan = write.Plan!;
                if (ShouldProcess(plan.Target, plan.Action))
                {
                    Scheduler.Send(write);
                    return;
                }

                Scheduler.Finish(write);
                Progress.ItemOver(failed: false);
                return;
            }

            Scheduler.Finish(write);
            CompleteWaitProgress(write);
            if (write.Failure is null)
            {
                Progress.ItemOver(failed: false);
                if (write.Output != null)
                {
                    WriteObject(OutputMapping.ToImageSet(write.Output));
                }

                return;
            }

            // The write failed off the pipeline thread: its failure goes through the item loop here, as if it had happened here.
            var failure = ExceptionDispatchInfo.Capture(write.Failure);
            RunItem(write.Write.Target, failure.Throw, (e, target) =>
            {
                Progress.ItemOver(failed: true);
                ReportFailure(e, target);
            });
        }

        /// <summary>
        /// A failed item's error. When errors stop the pipeline (-ErrorAction Stop), nothing new starts: items not
        /// started yet are dropped, those in flight are finished and reported, and then this error stops the pipeline.
        /// </summary>
        private void ReportFailure(Exception failure, object? target)
        {
            ErrorRecord record = ErrorRecords.From(failure, target);
            if (_errorThatStops != null)
            {
                WriteWarning($"While stopping for an earlier error, the write to {record.TargetObject} failed too: {failure.Message} ({record.FullyQualifiedErrorId.Split(',')[0]})");
                return;
            }

            if (ErrorsStopThePipeline())
            {
                _errorThatStops = record;
                _scheduler?.DropNotStarted();
                return;
            }

            WriteError(record);
        }

        private bool ErrorsStopThePipeline()
        {
            object? preference = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? bound) ? bound : GetVariableValue("ErrorActionPreference");
            preference = PowerShellValues.Unwrap(preference);
            return string.Equals(preference?.ToString(), nameof(ActionPreference.Stop), StringComparison.OrdinalIgnoreCase);
        }

        private void WriteNotes(WriteItemTracker tracker)
        {
            while (tracker.TryTakeNote(out WriteNote note))
            {
                if (note.IsWarning)
                {
                    WriteWarning(note.Text);
                }
                else
                {
                    WriteVerbose(note.Text);
                }
            }
        }

        private void WriteProgressIfDue()
        {
            if (_scheduler is null)
            {
                return;
            }

            BulkProgressReport? report = Progress.ReportIfDue(_scheduler.InFlight);
            if (report is null)
            {
                return;
            }

            WriteProgress(new ProgressRecord(ProgressActivityId, report.Activity, report.Status)
            {
                PercentComplete = report.PercentComplete,
                SecondsRemaining = report.SecondsRemaining,
            });
            foreach (ScheduledWrite write in _scheduler.Started)
            {
                WaitStatus? waiting = write.Tracker.Waiting;
                if (waiting is null)
                {
                    continue;
                }

                int id = WaitActivityId(write);
                _waitsShown.Add(id);
                WriteProgress(new ProgressRecord(id, waiting.Activity, waiting.Status)
                {
                    ParentActivityId = ProgressActivityId,
                    SecondsRemaining = waiting.SecondsRemaining,
                });
            }
        }

        private void CompleteWaitProgress(ScheduledWrite write)
        {
            int id = WaitActivityId(write);
            if (_waitsShown.Remove(id))
            {
                WriteProgress(new ProgressRecord(id, "Waiting", "Done") { ParentActivityId = ProgressActivityId, RecordType = ProgressRecordType.Completed });
            }
        }

        private static int WaitActivityId(ScheduledWrite write) => WaitActivityIdBase + (write.Sequence % WaitActivityIds);

        /// <summary>
        /// Ctrl+C (or the pipeline stopping otherwise) while writes are in flight: each one on its way may or may not
        /// be carried out, and each one accepted goes on in the service; says which, and how to check, even though the
        /// stopping pipeline takes no more records (then straight to the host). Then stops them.
        /// </summary>
        private void TellWhatWasInFlight()
        {
            if (_scheduler is null || _toldWhatWasInFlight)
            {
                return;
            }

            _toldWhatWasInFlight = true;
            foreach (ScheduledWrite write in _scheduler.Started)
            {
                string? notice = write.Tracker.StopNotice;
                if (notice != null)
                {
                    WarnWhileStopping(notice);
                }

                write.Cancel();
            }
        }

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

        private string? ResolveFilePath(string path)
        {
            try
            {
                return SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception e) when (e is ItemNotFoundException || e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException || e is NotSupportedException)
            {
                return null;
            }
        }
    }
}
