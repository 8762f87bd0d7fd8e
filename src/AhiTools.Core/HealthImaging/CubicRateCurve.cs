using System;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// The rate after a throttle and during recovery, as AWS's SDKs compute it in adaptive retry mode (CUBIC, as in
    /// botocore's throttling.py and @smithy/util-retry's DefaultRateLimiter): a throttle multiplies the rate by
    /// <see cref="Beta"/>; afterwards the rate climbs back on a cubic curve that flattens at the rate last throttled
    /// and then probes above it.
    /// </summary>
    /// <remarks>
    /// AWS's scale constant (0.4 TPS/s³) is tuned for tens of calls per second: at HealthImaging's slowest quotas
    /// (0.25 TPS) it would be back above the quota before the next call and every other call would be throttled. So
    /// time here is counted in calls: the curve is back at the throttled rate after <see cref="CallsToRecover"/>
    /// calls at any rate. AWS's curve takes 20 calls at 10 TPS (K = 1.96 s); 50 keeps throttled answers near 2 %
    /// once the quota is learned (RateLimiterTests), at the cost of a slower climb after a throttle.
    /// </remarks>
    internal sealed class CubicRateCurve
    {
        public const double Beta = 0.7;
        public const double CallsToRecover = 50;

        private double _lastMaxRate;
        private double _lastThrottleSeconds;
        private double _timeWindow;

        /// <summary>Starts at <paramref name="rate"/> as if it had been throttled one recovery ago: it probes upwards from there.</summary>
        public CubicRateCurve(double rate, double nowSeconds, double minimumRate)
        {
            MinimumRate = minimumRate;
            _lastMaxRate = rate;
            _timeWindow = TimeWindow(rate);
            _lastThrottleSeconds = nowSeconds - _timeWindow;
        }

        public double MinimumRate { get; }

        /// <summary>The rate that was throttled last (W_max).</summary>
        public double LastMaxRate => _lastMaxRate;

        /// <summary>A throttle at <paramref name="rate"/>: remembers it and answers the backed-off rate.</summary>
        public double Throttled(double rate, double nowSeconds)
        {
            _lastMaxRate = Math.Max(rate, MinimumRate);
            _timeWindow = TimeWindow(_lastMaxRate);
            _lastThrottleSeconds = nowSeconds;
            return _lastMaxRate * Beta;
        }

        /// <summary>The rate <paramref name="nowSeconds"/> after no throttle since the last one.</summary>
        public double Succeeded(double nowSeconds)
        {
            double elapsed = nowSeconds - _lastThrottleSeconds - _timeWindow;
            return Scale(_lastMaxRate) * elapsed * elapsed * elapsed + _lastMaxRate;
        }

        /// <summary>How long after a throttle the curve is back at W_max (AWS's K = (W_max (1 - β) / C)^(1/3)).</summary>
        private double TimeWindow(double maxRate) => CallsToRecover / Math.Max(maxRate, MinimumRate);

        /// <summary>AWS's C, chosen so that K is <see cref="CallsToRecover"/> calls: C = W_max (1 - β) / K³.</summary>
        private double Scale(double maxRate)
        {
            double window = TimeWindow(maxRate);
            return Math.Max(maxRate, MinimumRate) * (1 - Beta) / (window * window * window);
        }
    }
}
