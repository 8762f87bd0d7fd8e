using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Errors;
using AhiTools.HealthImaging;

namespace AhiTools.Writing
{
    /// <summary>
    /// Polls image sets until each is no longer LOCKED, off the pipeline thread, many at once. The GetImageSet
    /// requests in flight are bounded; throttling answers are left to the client's retries. The writer's -Wait and
    /// Wait-AHIImageSet both poll with it, so they behave alike.
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
        /// <param name="current">What the caller already read, to start from without reading it again; null to read first.</param>
        /// <param name="stillLocked">Told each LOCKED reading with the time waited so far (progress shows it).</param>
        /// <exception cref="ImageSetStateException">WaitTimedOut when it is still LOCKED after <paramref name="timeout"/>.</exception>
        public async Task<ImageSetProperties> PollUntilUnlockedAsync(
            string datastoreId, string imageSetId, string? versionId, TimeSpan timeout, CancellationToken cancellationToken,
            ImageSetProperties? current = null, Action<ImageSetProperties, TimeSpan>? stillLocked = null)
        {
            var clock = Stopwatch.StartNew();
            ImageSetProperties properties = current ?? await GetImageSetAsync(datastoreId, imageSetId, versionId, cancellationToken).ConfigureAwait(false);
            for (int polls = 0; WorkflowStatus.IsLocked(properties); polls++)
            {
                TimeSpan delay = ImageSetPolling.DelayBeforeNextPoll(polls, clock.Elapsed, timeout, datastoreId, properties);
                stillLocked?.Invoke(properties, clock.Elapsed);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                properties = await GetImageSetAsync(datastoreId, imageSetId, versionId, cancellationToken).ConfigureAwait(false);
            }

            return properties;
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
