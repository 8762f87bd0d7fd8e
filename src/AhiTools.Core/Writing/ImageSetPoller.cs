using System.Diagnostics;

namespace AhiTools.Writing
{
    /// <summary>
    /// Polls image sets until each is no longer LOCKED, off the pipeline thread, many at once. The GetImageSet
    /// requests in flight are bounded; throttling answers are left to the client's retries. The writer's -Wait and
    /// Wait-AHIImageSet both poll with it, so they behave alike. The poll interval starts small and grows to 2
    /// seconds: most local workflows finish in well under a second, and long ones should not spend the GetImageSet
    /// quota.
    /// </summary>
    internal sealed class ImageSetPoller
    {
        private readonly GetImageSet _getImageSet;
        private readonly SemaphoreSlim _requestSlots;

        /// <summary>Reads one image set (a version of it, or its latest when versionId is null): the client's GetImageSetAsync.</summary>
        public delegate Task<ImageSetVersionState> GetImageSet(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken);

        public ImageSetPoller(GetImageSet getImageSet, int maxRequestsInFlight)
        {
            if (maxRequestsInFlight < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxRequestsInFlight), "At least one request must be allowed in flight.");
            }

            _getImageSet = getImageSet;
            _requestSlots = new SemaphoreSlim(maxRequestsInFlight, maxRequestsInFlight);
        }

        /// <summary>The image set (one version of it, or its latest when versionId is null) once it is not LOCKED.</summary>
        /// <param name="current">What the caller already read, to start from without reading it again; null to read first.</param>
        /// <param name="stillLocked">Told each LOCKED reading with the time waited so far (progress shows it).</param>
        /// <exception cref="ImageSetStateException">WaitTimedOut when it is still LOCKED after <paramref name="timeout"/>.</exception>
        public async Task<ImageSetVersionState> PollUntilUnlockedAsync(
            string datastoreId, string imageSetId, string? versionId, TimeSpan timeout, CancellationToken cancellationToken,
            ImageSetVersionState? current = null, Action<ImageSetVersionState, TimeSpan>? stillLocked = null)
        {
            var clock = Stopwatch.StartNew();
            ImageSetVersionState properties = current ?? await GetImageSetAsync(datastoreId, imageSetId, versionId, cancellationToken).ConfigureAwait(false);
            for (int polls = 0; WorkflowStatus.IsLocked(properties); polls++)
            {
                TimeSpan delay = DelayBeforeNextPoll(polls, clock.Elapsed, timeout, properties);
                stillLocked?.Invoke(properties, clock.Elapsed);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                properties = await GetImageSetAsync(datastoreId, imageSetId, versionId, cancellationToken).ConfigureAwait(false);
            }

            return properties;
        }

        private static readonly TimeSpan[] Intervals =
        {
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        };

        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(2);

        /// <summary>The poll delay after <paramref name="pollsSoFar"/> polls.</summary>
        public static TimeSpan IntervalAfter(int pollsSoFar) => pollsSoFar < Intervals.Length ? Intervals[pollsSoFar] : LongestInterval;

        /// <summary>How long to wait before polling a still-LOCKED image set again; WaitTimedOut when the time is up.</summary>
        /// <exception cref="ImageSetStateException">WaitTimedOut when <paramref name="elapsed"/> reached <paramref name="timeout"/>.</exception>
        private static TimeSpan DelayBeforeNextPoll(int pollsSoFar, TimeSpan elapsed, TimeSpan timeout, ImageSetVersionState locked)
        {
            TimeSpan remaining = timeout - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw TimedOut(locked, timeout);
            }

            TimeSpan interval = IntervalAfter(pollsSoFar);
            return interval < remaining ? interval : remaining;
        }

        private static ImageSetStateException TimedOut(ImageSetVersionState properties, TimeSpan timeout) =>
            new(
                ErrorIds.WaitTimedOut,
                ErrorKind.Timeout,
                $"Image set {properties.ImageSetId} version {properties.VersionId} was still LOCKED ({properties.WorkflowStatus}) after {timeout.TotalSeconds:0} seconds. The service goes on with the work.",
                "Wait longer with a larger -TimeoutSec, or look later with Get-AHIImageSetVersion -Latest.",
                properties);

        private async Task<ImageSetVersionState> GetImageSetAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken)
        {
            await _requestSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await _getImageSet(datastoreId, imageSetId, versionId, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _requestSlots.Release();
            }
        }
    }
}
