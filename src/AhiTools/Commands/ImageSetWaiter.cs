using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Polls GetImageSet until an image set is no longer LOCKED, on the pipeline thread, with progress and a time bound.
    /// The poll interval starts small and grows to 2 seconds: most local workflows finish in well under a second,
    /// and long ones should not spend the GetImageSet quota.
    /// </summary>
    internal sealed class ImageSetWaiter
    {
        public const string LockedState = "LOCKED";

        private static readonly TimeSpan[] Intervals =
        {
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        };

        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(2);
        private static int _nextActivityId = 1700;

        private readonly IHealthImagingClient _client;
        private readonly Func<Task<ImageSetProperties>, ImageSetProperties> _await;
        private readonly Action<ProgressRecord> _writeProgress;
        private readonly CancellationToken _stopping;
        private readonly int _activityId = Interlocked.Increment(ref _nextActivityId);

        public ImageSetWaiter(IHealthImagingClient client, Func<Task<ImageSetProperties>, ImageSetProperties> await, Action<ProgressRecord> writeProgress, CancellationToken stopping)
        {
            _client = client;
            _await = await;
            _writeProgress = writeProgress;
            _stopping = stopping;
        }

        public static bool IsLocked(ImageSetProperties properties) =>
            string.Equals(properties.ImageSetState, LockedState, StringComparison.OrdinalIgnoreCase);

        /// <summary>The poll delay after <paramref name="pollsSoFar"/> polls.</summary>
        public static TimeSpan IntervalAfter(int pollsSoFar) => pollsSoFar < Intervals.Length ? Intervals[pollsSoFar] : LongestInterval;

        /// <summary>How long to wait before polling a still-LOCKED image set again; WaitTimedOut when the time is up.</summary>
        /// <exception cref="ImageSetWriteException">WaitTimedOut when <paramref name="elapsed"/> reached <paramref name="timeout"/>.</exception>
        public static TimeSpan DelayBeforeNextPoll(int pollsSoFar, TimeSpan elapsed, TimeSpan timeout, string datastoreId, ImageSetProperties locked)
        {
            TimeSpan remaining = timeout - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw TimedOut(datastoreId, locked, timeout);
            }

            TimeSpan interval = IntervalAfter(pollsSoFar);
            return interval < remaining ? interval : remaining;
        }

        /// <summary>Polls the image set (one version of it, or its latest when versionId is null) until it is not LOCKED.</summary>
        /// <exception cref="ImageSetWriteException">WaitTimedOut when the time is up.</exception>
        public ImageSetProperties WaitUntilUnlocked(string datastoreId, string imageSetId, string? versionId, ImageSetProperties? current, TimeSpan timeout, string activity)
        {
            var clock = Stopwatch.StartNew();
            ImageSetProperties properties = current ?? _await(_client.GetImageSetAsync(datastoreId, imageSetId, versionId, _stopping));
            int polls = 0;
            try
            {
                while (IsLocked(properties))
                {
                    TimeSpan delay = DelayBeforeNextPoll(polls++, clock.Elapsed, timeout, datastoreId, properties);
                    ReportProgress(activity, properties, clock.Elapsed, timeout);
                    properties = _await(DelayThen(delay, () => _client.GetImageSetAsync(datastoreId, imageSetId, versionId, _stopping)));
                }

                return properties;
            }
            finally
            {
                if (polls > 0)
                {
                    _writeProgress(new ProgressRecord(_activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
                }
            }
        }

        private async Task<ImageSetProperties> DelayThen(TimeSpan delay, Func<Task<ImageSetProperties>> poll)
        {
            await Task.Delay(delay, _stopping).ConfigureAwait(false);
            return await poll().ConfigureAwait(false);
        }

        private void ReportProgress(string activity, ImageSetProperties properties, TimeSpan elapsed, TimeSpan timeout)
        {
            string status = $"Version {properties.VersionId} is {properties.ImageSetState} ({properties.WorkflowStatus}); {elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0} s";
            _writeProgress(new ProgressRecord(_activityId, activity, status)
            {
                SecondsRemaining = (int)Math.Max(0, (timeout - elapsed).TotalSeconds),
            });
        }

        private static ImageSetWriteException TimedOut(string datastoreId, ImageSetProperties properties, TimeSpan timeout) =>
            new ImageSetWriteException(
                "WaitTimedOut",
                ErrorCategory.OperationTimeout,
                $"Image set {properties.ImageSetId} version {properties.VersionId} was still LOCKED ({properties.WorkflowStatus}) after {timeout.TotalSeconds:0} seconds. The service goes on with the work.",
                "Wait longer with a larger -TimeoutSec, or look later with Get-AHIImageSetVersion -Latest.",
                OutputMapping.ToImageSet(properties, datastoreId));
    }
}
