namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Paces the calls of one operation on one endpoint as AWS's SDKs do in adaptive retry mode: a token bucket whose
    /// fill rate backs off when the service throttles (<see cref="CubicRateCurve"/>) and is otherwise kept within twice
    /// the measured answer rate (<see cref="SendRateMeter"/>). Unlike the SDKs it paces from the first call, at the
    /// operation's published rate and burst (one token short of it, see <see cref="BurstMargin"/>): a bulk run then starts
    /// at the quota instead of learning it from throttles.
    /// The published burst holds until the first throttle; after that the bucket holds one second's tokens, as AWS's.
    /// Below one call a second, once calls are throttled in a row, it times each call from the last one served instead
    /// (<see cref="QuotaPeriodSearch"/>): there a 0.7× step at a time is slow, and backoffs leave tokens unused.
    /// </summary>
    internal sealed class AdaptiveRateLimiter
    {
        /// <summary>
        /// The lowest rate it backs off to. AWS's SDKs stop at 0.5 TPS, above HealthImaging's slowest quotas (0.25 TPS
        /// for writes in older tables, 0.085 for CreateDatastore); one call in 50 s is below all of them.
        /// </summary>
        public const double MinimumRate = 0.02;

        private const double MinimumCapacity = 1;

        /// <summary>
        /// The bucket holds one token less than the published burst (a burst of 1 stays 1). Calls reach the service
        /// unevenly after the tokens they took (the first exchange of a run is slow, later ones jitter), and a service
        /// that refills whole tokens on a timer running a little late serves a little under its rate; a bucket that
        /// refills from the full burst at exactly the rate is then a token ahead of the service when the burst runs
        /// out, and is throttled there once.
        /// </summary>
        private const double BurstMargin = 1;

        /// <summary>
        /// While the bucket holds a single token (a burst of 1, as CopyImageSet's 0.25 TPS, or a slow rate after a
        /// throttle) tokens accrue this much slower than the fill rate. With no spare token, a call that reaches the
        /// service a few milliseconds sooner after the last one than it left the client after it would find the
        /// service's token not yet whole (its bucket refills continuously); paced at exactly the quota that is a throttle
        /// every other call, and each costs 30 % of the rate. At 0.25 TPS this is 120 ms of slack per call.
        /// </summary>
        private const double SingleTokenPacingMargin = 0.03;

        /// <summary>What floating-point refills may fall short of a whole token.</summary>
        private const double Tolerance = 1e-9;

        private readonly TimeProvider _time;
        private readonly long _startTimestamp;
        private readonly object _gate = new();
        private readonly SemaphoreSlim _queue = new(1, 1);
        private CubicRateCurve _curve;
        private readonly SendRateMeter _meter;

        private double _fillRate;
        private double _burst;
        private double _capacity;
        private double _lastRefillSeconds;
        private double _lastWaitSeconds = double.NegativeInfinity;

        private QuotaPeriodSearch? _search;
        private double _lastServedSentAt = double.NaN;
        private double _lastThrottleAnsweredAt = double.NegativeInfinity;
        private int _throttledInARow;
        private double _roundTrip;
        private bool _searchRefuted;
        private CancellationTokenSource _answerArrived = new();
        private CancellationTokenSource? _wakeAfterAnswer;

        public AdaptiveRateLimiter(double rate, double burst, TimeProvider time, string name = "")
        {
            Name = name;
            if (!(rate > 0)) throw new ArgumentOutOfRangeException(nameof(rate));
            _time = time ?? throw new ArgumentNullException(nameof(time));
            _startTimestamp = time.GetTimestamp();
            _fillRate = Math.Max(rate, MinimumRate);
            _burst = Math.Max(burst - BurstMargin, MinimumCapacity);
            _capacity = MaxCapacity;
            _curve = new CubicRateCurve(_fillRate, 0, MinimumRate);
            _meter = new SendRateMeter(0);
        }

        /// <summary>The operation and endpoint it paces, for notices (no secrets, no patient data).</summary>
        public string Name { get; }

        /// <summary>Tokens per second now.</summary>
        public double FillRate
        {
            get { lock (_gate) return _search?.Rate ?? _fillRate; }
        }

        /// <summary>True while it times calls from the answers of a slow quota (<see cref="QuotaPeriodSearch"/>).</summary>
        public bool SearchingPeriod
        {
            get { lock (_gate) return _search != null; }
        }

        /// <summary>The smoothed rate of answers (0 until half a second has passed).</summary>
        public double MeasuredRate
        {
            get { lock (_gate) return _meter.Rate; }
        }

        /// <summary>Answers throttled since the limiter was made.</summary>
        public int ThrottledAnswers { get; private set; }

        private double MaxCapacity => Math.Max(Math.Max(_fillRate, MinimumCapacity), _burst);

        /// <summary>Tokens per second into the bucket: the fill rate, less the margin while it holds a single token.</summary>
        private double AccrualRate => MaxCapacity <= MinimumCapacity + Tolerance ? _fillRate * (1 - SingleTokenPacingMargin) : _fillRate;

        /// <summary>
        /// Waits, without blocking a thread, until a token is free and takes it. Callers queue: one waits for the next
        /// token at a time, so a burst of callers is served in turn at the fill rate.
        /// </summary>
        /// <param name="cancellationToken">Stops the wait; no token is taken.</param>
        /// <param name="throttledBackoff">
        /// A throttled call's backoff, waited before it queues, as AWS's SDKs back off before taking a token. It ends
        /// early when the period search starts or runs: that times every call, the retries too, and a retry still
        /// backing off would leave the quota's tokens unused.
        /// </param>
        /// <returns>When the token was taken, to give back with the call's answer (<see cref="OnAnswer(bool, double)"/>).</returns>
        /// <exception cref="OperationCanceledException">The token was cancelled while waiting; no token was taken.</exception>
        public async Task<double> AcquireAsync(CancellationToken cancellationToken, TimeSpan throttledBackoff = default)
        {
            if (throttledBackoff > TimeSpan.Zero)
            {
                await BackOffAsync(throttledBackoff, cancellationToken).ConfigureAwait(false);
            }

            await _queue.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    TimeSpan wait;
                    CancellationToken answered;
                    lock (_gate)
                    {
                        double now = NowSeconds();
                        double secondsToWait;
                        answered = _answerArrived.Token;
                        if (_search != null)
                        {
                            secondsToWait = _search.NextSendAt(AnswerWait) - now;
                            if (secondsToWait <= Tolerance)
                            {
                                _search.Sent(now);
                                return now;
                            }
                        }
                        else
                        {
                            Refill();
                            if (_capacity >= 1 - Tolerance)
                            {
                                _capacity -= 1;
                                return now;
                            }

                            secondsToWait = (1 - _capacity) / AccrualRate;
                        }

                        _lastWaitSeconds = now;
                        // Rounded up to a whole millisecond: a wait rounded down would wake before the token and spin.
                        wait = TimeSpan.FromMilliseconds(Math.Ceiling(secondsToWait * 1000));
                    }

                    // An answer while the search runs (or one that starts it) can change when the next call may leave.
                    await DelayOrAnswerAsync(wait, answered, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _queue.Release();
            }
        }

        private async Task BackOffAsync(TimeSpan backoff, CancellationToken cancellationToken)
        {
            double until = NowSeconds() + backoff.TotalSeconds;
            while (true)
            {
                TimeSpan wait;
                CancellationToken answered;
                lock (_gate)
                {
                    double left = until - NowSeconds();
                    if (_search != null || left <= Tolerance) return;
                    wait = TimeSpan.FromMilliseconds(Math.Ceiling(left * 1000));
                    answered = _answerArrived.Token;
                }

                await DelayOrAnswerAsync(wait, answered, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Waits <paramref name="wait"/>, or until an answer wakes the waiters.</summary>
        private async Task DelayOrAnswerAsync(TimeSpan wait, CancellationToken answered, CancellationToken cancellationToken)
        {
            using (var waitOrAnswer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, answered))
            {
                try
                {
#if NET8_0_OR_GREATER
                    await Task.Delay(wait, _time, waitOrAnswer.Token).ConfigureAwait(false);
#else
                    await _time.Delay(wait, waitOrAnswer.Token).ConfigureAwait(false);
#endif
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }
        }

        /// <summary>An answer whose call's token time is not known: it adjusts the rate but not the period search.</summary>
        public double OnAnswer(bool throttled) => OnAnswer(throttled, double.NaN);

        /// <summary>
        /// Every answer of the operation, throttled or not, adjusts the rate; answers the rate it sets.
        /// <paramref name="sentAt"/> is what <see cref="AcquireAsync"/> returned for the call.
        /// </summary>
        public double OnAnswer(bool throttled, double sentAt) => OnAnswer(throttled, sentAt, out _);

        /// <summary>As <see cref="OnAnswer(bool, double)"/>; <paramref name="searchProbe"/> tells a throttle of a call that the period search timed.</summary>
        public double OnAnswer(bool throttled, double sentAt, out bool searchProbe)
        {
            double rate;
            CancellationTokenSource? wake;
            lock (_gate)
            {
                bool searching = _search != null;
                rate = Answered(throttled, sentAt);
                searchProbe = throttled && searching && _search != null;
                wake = _wakeAfterAnswer;
                _wakeAfterAnswer = null;
            }

            // Outside the lock: a waiter woken here may go on on this thread.
            wake?.Cancel();
            return rate;
        }

        private double Answered(bool throttled, double sentAt)
        {
            double now = NowSeconds();
            _meter.Record(now);
            bool timed = !double.IsNaN(sentAt);
            if (throttled)
            {
                ThrottledAnswers++;
                // Throttled in a row: this call left after the last throttle was answered, when the rate had been cut already.
                _throttledInARow = timed && sentAt >= _lastThrottleAnsweredAt ? _throttledInARow + 1 : 1;
                _lastThrottleAnsweredAt = now;
            }
            else if (timed)
            {
                _lastServedSentAt = double.IsNaN(_lastServedSentAt) ? sentAt : Math.Max(_lastServedSentAt, sentAt);
                _roundTrip = _roundTrip > 0 ? (0.8 * _roundTrip) + (0.2 * (now - sentAt)) : now - sentAt;
            }

            if (_search != null)
            {
                SignalAnswer();
                if (timed) _search.Answered(sentAt, throttled);
                if (!_search.Refuted && _search.ServedGap >= SearchablePeriod) return _search.Rate;

                // The period is near the round trip (calls must overlap, which the bucket does), or the quota has a
                // burst that the bucket and its curve learn, as they do at fast rates.
                _searchRefuted |= _search.Refuted;
                double rate = _search.Refuted ? CubicRateCurve.RecoveryTarget / _search.ThrottledGap : 1 / _search.ServedGap;
                _search = null;
                SignalAnswer();
                Refill();
                _curve = new CubicRateCurve(rate, now, MinimumRate);
                _fillRate = rate;
                _capacity = 0;
                return _fillRate;
            }

            double measured = _meter.Rate;
            double calculated;
            if (throttled)
            {
                double rateToUse = RateSent(now, measured);
                calculated = _curve.Throttled(rateToUse, now);
                _burst = 0;
                if (_throttledInARow >= 2 && !_searchRefuted && !double.IsNaN(_lastServedSentAt) && sentAt > _lastServedSentAt
                    && 1 / calculated >= SearchablePeriod)
                {
                    _search = new QuotaPeriodSearch(_lastServedSentAt, sentAt);
                    SignalAnswer();
                    return _search.Rate;
                }
            }
            else
            {
                calculated = _curve.Succeeded(now);
            }

            if (measured > 0)
            {
                calculated = Math.Min(calculated, 2 * measured);
            }

            SetFillRate(calculated);
            return _fillRate;
        }

        /// <summary>How long the search waits for a call's answer before the next call leaves anyway.</summary>
        private double AnswerWait => Math.Max(3 * _roundTrip, 0.05);

        /// <summary>Wakes the caller waiting for a token, once the answer is taken in, to work out its wait again.</summary>
        private void SignalAnswer()
        {
            _wakeAfterAnswer ??= _answerArrived;
            _answerArrived = new CancellationTokenSource();
        }

        /// <summary>
        /// The shortest period the search keeps: one second, and twice the round trip (below it calls overlap their
        /// answers). AWS's quotas below one call a second (0.25 TPS for writes in older tables, 0.085 for
        /// CreateDatastore) have a burst of 1, which the search needs; faster ones have bursts, which the bucket and its
        /// curve learn.
        /// </summary>
        private double SearchablePeriod => Math.Max(2 * _roundTrip, 1);

        /// <summary>
        /// The rate the service refused. While callers wait for tokens the bucket sets the pace, so its fill rate is
        /// what was sent; AWS takes the smaller of it and the measured rate, whose half-second buckets swing by ±15 %
        /// at 10 TPS and would remember a quota well below the one that was sustained. Callers that did not wait sent
        /// slower than the bucket allowed: then the measured rate is what was sent.
        /// </summary>
        private double RateSent(double now, double measured)
        {
            bool bucketSetThePace = now - _lastWaitSeconds <= Math.Max(1, 2 / _fillRate);
            return bucketSetThePace || !(measured > 0) ? _fillRate : Math.Min(measured, _fillRate);
        }

        private void SetFillRate(double rate)
        {
            Refill();
            _fillRate = Math.Max(rate, MinimumRate);
            _capacity = Math.Min(_capacity, MaxCapacity);
        }

        private void Refill()
        {
            double now = NowSeconds();
            _capacity = Math.Min(MaxCapacity, _capacity + ((now - _lastRefillSeconds) * AccrualRate));
            _lastRefillSeconds = now;
        }

        private double NowSeconds() => _time.GetElapsedTime(_startTimestamp).TotalSeconds;
    }
}
