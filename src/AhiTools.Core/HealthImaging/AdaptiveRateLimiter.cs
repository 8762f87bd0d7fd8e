namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Paces the calls of one operation on one endpoint as AWS's SDKs do in adaptive retry mode: a token bucket whose
    /// fill rate backs off when the service throttles (<see cref="CubicRateCurve"/>) and is otherwise kept within twice
    /// the measured answer rate (<see cref="SendRateMeter"/>). Unlike the SDKs it paces from the first call, at the
    /// operation's published rate and burst (one token short of it, see <see cref="BurstMargin"/>): a bulk run then starts
    /// at the quota instead of learning it from throttles.
    /// The published burst holds until the first throttle; after that the bucket holds one second's tokens, as AWS's.
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
        private readonly CubicRateCurve _curve;
        private readonly SendRateMeter _meter;

        private double _fillRate;
        private double _burst;
        private double _capacity;
        private double _lastRefillSeconds;
        private double _lastWaitSeconds = double.NegativeInfinity;

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
            get { lock (_gate) return _fillRate; }
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
        /// <exception cref="OperationCanceledException">The token was cancelled while waiting; no token was taken.</exception>
        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            await _queue.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    TimeSpan wait;
                    lock (_gate)
                    {
                        Refill();
                        if (_capacity >= 1 - Tolerance)
                        {
                            _capacity -= 1;
                            return;
                        }

                        _lastWaitSeconds = NowSeconds();
                        // Rounded up to a whole millisecond: a wait rounded down would wake before the token and spin.
                        wait = TimeSpan.FromMilliseconds(Math.Ceiling((1 - _capacity) / AccrualRate * 1000));
                    }

#if NET8_0_OR_GREATER
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
#else
                    await _time.Delay(wait, cancellationToken).ConfigureAwait(false);
#endif
                }
            }
            finally
            {
                _queue.Release();
            }
        }

        /// <summary>Every answer of the operation, throttled or not, adjusts the rate; answers the rate it sets.</summary>
        public double OnAnswer(bool throttled)
        {
            lock (_gate)
            {
                double now = NowSeconds();
                _meter.Record(now);
                double measured = _meter.Rate;
                double calculated;
                if (throttled)
                {
                    ThrottledAnswers++;
                    double rateToUse = RateSent(now, measured);
                    calculated = _curve.Throttled(rateToUse, now);
                    _burst = 0;
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
        }

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
