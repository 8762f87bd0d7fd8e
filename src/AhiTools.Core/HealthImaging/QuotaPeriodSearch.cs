namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Finds a slow quota's period from the answers themselves, once calls are throttled in a row (the service's
    /// bucket is empty). A served call empties a bucket of one token, so the next token comes one period after it; the
    /// search times each call from the last served one (the anchor): a throttled call proves the period longer than its
    /// gap after the anchor, a served one proves it no longer. Until a call is served the gap grows by
    /// <see cref="Growth"/>; then calls probe the middle of what is known, again after each throttled probe, until the
    /// period is known to within <see cref="Resolution"/>, and are sent at the gap known to be enough. A throttled call
    /// costs a round trip and no token, so probing loses none of the quota; what the cubic curve's 30 % steps and
    /// exponential backoffs lost at 0.25 TPS (a 4-second period) was whole periods in which no call came.
    /// </summary>
    /// <remarks>All times are seconds on the limiter's clock, when the call took its token. Not thread-safe: the limiter locks.</remarks>
    internal sealed class QuotaPeriodSearch
    {
        /// <summary>How much longer each gap is than the last while no call has been served.</summary>
        public const double Growth = 1.2;

        /// <summary>Known to within this share of the period, it stops probing.</summary>
        public const double Resolution = 0.01;

        /// <summary>After this many calls served at the period found, it probes one a little shorter: quotas change.</summary>
        public const int ServedBetweenProbes = 100;

        /// <summary>Where the growing gap starts when the throttled call left with the served one.</summary>
        private const double MinimumGap = 0.01;

        /// <summary>Gaps closer than this are the same: a call sent at a gap does not make the next one leave at it too.</summary>
        private const double SameTime = 0.001;

        /// <summary>
        /// A call throttled at a gap this much longer than one that was served shows a quota with a burst: a token left
        /// over had served the shorter gap, and no gap after the last served call times the quota.
        /// </summary>
        public const double RefutingShare = 0.02;

        private double _anchor;
        private double _throttledGap;
        private double _servedGap = double.PositiveInfinity;
        private double _lastSentAt = double.NegativeInfinity;
        private double _reopenShare = 2 * Resolution;
        private int _servedSinceSettled;
        private bool _reopened;

        /// <summary>When the calls sent after the anchor and not answered yet took their tokens.</summary>
        private readonly List<double> _unanswered = new();

        /// <summary>Starts from the last served call and a throttled one after it.</summary>
        public QuotaPeriodSearch(double lastServedSentAt, double throttledSentAt)
        {
            _anchor = lastServedSentAt;
            _throttledGap = Math.Max(throttledSentAt - lastServedSentAt, 0);
        }

        /// <summary>The gap known to be enough; infinity until a call has been served.</summary>
        public double ServedGap => _servedGap;

        /// <summary>True once a throttle has shown that served calls do not empty the service's bucket (see <see cref="RefutingShare"/>).</summary>
        public bool Refuted { get; private set; }

        /// <summary>The longest gap known to be too short.</summary>
        public double ThrottledGap => _throttledGap;

        /// <summary>The calls per second it sends at, for notices.</summary>
        public double Rate => 1 / Math.Max(double.IsPositiveInfinity(_servedGap) ? NextGap() : _servedGap, 1e-3);

        private bool Settled => _servedGap - _throttledGap <= Resolution * _servedGap;

        /// <summary>
        /// When the next call may leave: not before the answer of a call still out, which may take the token the next
        /// would find, unless that answer is <paramref name="answerWait"/> late.
        /// </summary>
        public double NextSendAt(double answerWait)
        {
            double at = _anchor + NextGap();
            return _unanswered.Count == 0 ? at : Math.Max(at, _unanswered[0] + answerWait);
        }

        /// <summary>A call left at <paramref name="at"/>.</summary>
        public void Sent(double at)
        {
            _lastSentAt = Math.Max(_lastSentAt, at);
            _unanswered.Add(at);
        }

        /// <summary>
        /// A call that left at <paramref name="sentAt"/> was answered. Calls sent before the anchor say nothing of
        /// the period after it.
        /// </summary>
        public void Answered(double sentAt, bool throttled)
        {
            int index = _unanswered.IndexOf(sentAt);
            if (index >= 0) _unanswered.RemoveAt(index);
            if (sentAt < _anchor) return;
            double gap = sentAt - _anchor;
            if (throttled)
            {
                // A call that left while an earlier one was out may have found the token the earlier one took.
                if (_unanswered.Count > 0 && _unanswered[0] < sentAt) return;

                if (gap >= _servedGap * (1 + RefutingShare))
                {
                    Refuted = true;
                }
                else if (gap >= _servedGap - SameTime)
                {
                    // Throttled at the gap found, by the jitter of the calls' way to the service: a little longer.
                    _servedGap = gap * (1 + (RefutingShare / 2));
                }

                _throttledGap = Math.Max(_throttledGap, gap);
            }
            else
            {
                _anchor = sentAt;
                _unanswered.RemoveAll(at => at < sentAt);
                // A call served sooner than one that was throttled found a token left over: it moves the anchor and
                // says nothing of the period.
                if (gap > _throttledGap && gap < _servedGap)
                {
                    _servedGap = gap;
                    if (_reopened)
                    {
                        // A probe below the period was served: the quota rose. Probe further below next time.
                        _reopenShare = Math.Min(_reopenShare * 2, 0.5);
                        _throttledGap = _servedGap * (1 - _reopenShare);
                    }
                }
                else if (Settled && ++_servedSinceSettled >= ServedBetweenProbes)
                {
                    _reopened = true;
                    _throttledGap = _servedGap * (1 - _reopenShare);
                }
            }

            if (Settled && _reopened)
            {
                _reopened = false;
                _reopenShare = 2 * Resolution;
                _servedSinceSettled = 0;
            }
        }

        /// <summary>
        /// The gap after the anchor for the next call: the middle of what is known, then the gap known to be enough,
        /// then one such gap after the last call while its answer is awaited (a call that never answers holds nothing up).
        /// </summary>
        private double NextGap()
        {
            double sentGap = _lastSentAt - _anchor;
            if (double.IsPositiveInfinity(_servedGap))
            {
                return Math.Max(Math.Max(_throttledGap, sentGap), MinimumGap) * Growth;
            }

            if (!Settled)
            {
                double middle = (_throttledGap + _servedGap) / 2;
                if (middle > sentGap + SameTime) return middle;
            }

            return _servedGap > sentGap + SameTime ? _servedGap : sentGap + _servedGap;
        }
    }
}
