namespace AhiTools.Writing
{
    /// <summary>
    /// The image sets one Wait-AHIImageSet call waits for: a poll per image set started as it arrives (one per
    /// datastore, image set and version), the finished ones handed back in turn, and the count of how each ended.
    /// </summary>
    internal sealed class ImageSetWaits(ImageSetPoller poller, TimeSpan timeout)
    {
        private readonly List<PendingWait> _pending = new();
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private int _done;
        private int _ready;
        private int _failed;
        private int _timedOut;

        public int Received { get; private set; }

        public bool AnyPending => _pending.Count > 0;

        /// <summary>Starts polling the image set; false when this call already waits for it.</summary>
        public bool TryStart(string datastoreId, string imageSetId, string? versionId, CancellationToken stopping)
        {
            if (!_seen.Add($"{datastoreId}/{imageSetId}/{versionId}"))
            {
                return false;
            }

            _pending.Add(new PendingWait(imageSetId, versionId, poller.PollUntilUnlockedAsync(datastoreId, imageSetId, versionId, timeout, stopping)));
            Received++;
            return true;
        }

        /// <summary>Completes when any pending wait is over, or (as cancelled) when <paramref name="stopping"/> is.</summary>
        public async Task WhenAnyFinished(CancellationToken stopping)
        {
            var stopped = Task.Delay(Timeout.Infinite, stopping);
            await Task.WhenAny(Task.WhenAny(_pending.Select(wait => wait.Polling)), stopped).ConfigureAwait(false);
            stopping.ThrowIfCancellationRequested();
        }

        /// <summary>The waits that are over by now, no longer pending.</summary>
        public IReadOnlyList<PendingWait> TakeFinished()
        {
            var finished = _pending.Where(wait => wait.Polling.IsCompleted).ToList();
            _pending.RemoveAll(finished.Contains);
            _done += finished.Count;
            return finished;
        }

        /// <summary>The image set the wait ended in, when that is not a failure of the item (which it throws).</summary>
        public ImageSetVersionState Ready(ImageSetVersionState finished)
        {
            ImageSetStateException? failure = WorkflowFailure.Of(finished);
            if (failure != null)
            {
                throw failure;
            }

            _ready++;
            return finished;
        }

        public void CountFailure(Exception failure)
        {
            if (failure is AhiException timedOut && timedOut.ErrorId == ErrorIds.WaitTimedOut)
            {
                _timedOut++;
            }
            else
            {
                _failed++;
            }
        }

        public int PercentComplete => Received == 0 ? 0 : _done * 100 / Received;

        /// <summary>Only image sets that finished well count as ready; failed and timed-out ones are named apart.</summary>
        public string Status
        {
            get
            {
                var problems = new List<string>();
                if (_failed > 0)
                {
                    problems.Add($"{_failed} failed");
                }

                if (_timedOut > 0)
                {
                    problems.Add($"{_timedOut} timed out");
                }

                return $"{_ready} of {Received} image sets ready{(problems.Count > 0 ? $" ({string.Join(", ", problems)})" : "")}";
            }
        }

        /// <summary>The first wait still pending, as progress names it; null when none is.</summary>
        public string? CurrentOperation => _pending.Count > 0 ? _pending[0].Description : null;

        public string Outcomes => $"{_ready} ready, {_failed} failed, {_timedOut} timed out";
    }
}
