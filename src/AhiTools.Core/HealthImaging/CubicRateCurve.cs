namespace AhiTools.HealthImaging
{
    /// <summary>
    /// The rate after a throttle and during recovery, on the cubic curve of AWS's SDKs in adaptive retry mode (CUBIC,
    /// as in botocore's throttling.py and @smithy/util-retry's DefaultRateLimiter): a throttle multiplies the rate by
    /// <see cref="Beta"/>; afterwards the rate climbs back on a concave curve that flattens at W_max and then probes
    /// above it on a convex one.
    /// </summary>
    /// <remarks>
    /// Three changes from AWS's curve, each measured on a simulated quota (RateLimiterTests, SimulatedBulkRun):
    /// <list type="bullet">
    /// <item>W_max is <see cref="RecoveryTarget"/> times the rate refused, not the rate itself: the refused rate was
    /// above the quota, and a curve that flattens there is throttled again as soon as it is back. Each throttle then
    /// brings W_max 3 % closer to the quota, where it stays.</item>
    /// <item>Time is counted in calls, not seconds: AWS's scale constant (0.4 TPS/s³) is tuned for tens of calls per
    /// second, and at HealthImaging's slowest quotas (0.25 TPS) would be back above the quota before the next call.</item>
    /// <item>The climb back to W_max is quick (<see cref="CallsToRecover"/> calls) and the probe above it slow
    /// (<see cref="CallsToProbe"/>): the rate lost after a throttle is what costs the quota's share, and the probe
    /// is what costs throttles. AWS's curve is symmetric (20 calls each way at 10 TPS); with 50 each way a bulk run
    /// reached 93 % of the quota with 2.5 % of calls throttled, with these 97 % and 1 %.</item>
    /// </list>
    /// </remarks>
    internal sealed class CubicRateCurve
    {
        public const double Beta = 0.7;
        public const double RecoveryTarget = 0.97;
        public const double CallsToRecover = 30;
        public const double CallsToProbe = 150;

        private double _lastMaxRate;
        private double _backedOffRate;
        private double _lastThrottleSeconds;
        private double _timeWindow;

        /// <summary>Starts at <paramref name="rate"/> as if it had been throttled one recovery ago: it probes upwards from there.</summary>
        public CubicRateCurve(double rate, double nowSeconds, double minimumRate)
        {
            MinimumRate = minimumRate;
            _lastMaxRate = rate;
            _backedOffRate = rate * Beta;
            _timeWindow = Calls(CallsToRecover, rate);
            _lastThrottleSeconds = nowSeconds - _timeWindow;
        }

        public double MinimumRate { get; }

        /// <summary>Where the recovery flattens (W_max): just below the rate throttled last.</summary>
        public double LastMaxRate => _lastMaxRate;

        /// <summary>A throttle at <paramref name="rate"/>: remembers it and answers the backed-off rate.</summary>
        public double Throttled(double rate, double nowSeconds)
        {
            rate = Math.Max(rate, MinimumRate);
            _lastMaxRate = Math.Max(rate * RecoveryTarget, MinimumRate);
            _backedOffRate = rate * Beta;
            _timeWindow = Calls(CallsToRecover, _lastMaxRate);
            _lastThrottleSeconds = nowSeconds;
            return _backedOffRate;
        }

        /// <summary>The rate <paramref name="nowSeconds"/> after no throttle since the last one.</summary>
        public double Succeeded(double nowSeconds)
        {
            double elapsed = nowSeconds - _lastThrottleSeconds - _timeWindow;
            if (elapsed <= 0)
            {
                // AWS's W(t) = C (t - K)³ + W_max, with C such that W(0) is the backed-off rate.
                double recover = (_lastMaxRate - _backedOffRate) / (_timeWindow * _timeWindow * _timeWindow);
                return (recover * elapsed * elapsed * elapsed) + _lastMaxRate;
            }

            // Above W_max: as AWS's curve would with K = CallsToProbe calls.
            double window = Calls(CallsToProbe, _lastMaxRate);
            double probe = _lastMaxRate * (1 - Beta) / (window * window * window);
            return (probe * elapsed * elapsed * elapsed) + _lastMaxRate;
        }

        /// <summary>Seconds that <paramref name="calls"/> calls take at <paramref name="rate"/>.</summary>
        private double Calls(double calls, double rate) => calls / Math.Max(rate, MinimumRate);
    }
}
