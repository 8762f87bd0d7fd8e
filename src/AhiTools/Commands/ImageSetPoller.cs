using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Polls many image sets at once until each is no longer LOCKED, off the pipeline thread. The GetImageSet
    /// requests in flight are bounded; throttling answers are left to the client's retries. Intervals, the LOCKED test
    /// and the time-out are <see cref="ImageSetWaiter"/>'s, so -Wait and Wait-AHIImageSet behave alike.
    /// </summary>
    internal sealed class ImageSetPoller
    {
        private readonly GetImageSet _getImageSet;
        private readonly SemaphoreSlim _requestSlots;

        /// <summary>Reads one image set (a version of it, or its latest when versionId is null): the client's GetImageSetAsync.</summary>
        public delegate Task<ImageSetProperties> GetImageSet(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken);

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
        /// <exception cref="ImageSetWriteException">WaitTimedOut when it is still LOCKED after <paramref name="timeout"/>.</exception>
        public async Task<ImageSetProperties> PollUntilUnlockedAsync(string datastoreId, string imageSetId, string? versionId, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            for (int polls = 0; ; polls++)
            {
                ImageSetProperties properties = await GetImageSetAsync(datastoreId, imageSetId, versionId, cancellationToken).ConfigureAwait(false);
                if (!ImageSetWaiter.IsLocked(properties))
                {
                    return properties;
                }

                TimeSpan delay = ImageSetWaiter.DelayBeforeNextPoll(polls, clock.Elapsed, timeout, datastoreId, properties);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<ImageSetProperties> GetImageSetAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken)
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
