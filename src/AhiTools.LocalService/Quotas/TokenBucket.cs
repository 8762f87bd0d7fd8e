namespace AhiTools.LocalService.Quotas
{
    /// <summary>
    /// A token bucket as AWS's quotas are: it starts full, tokens accrue continuously at the rate up to the burst, and a
    /// request is served when a whole token is there. Tokens are counted when a request comes, from the service's clock,
    /// not added by a timer, so the bucket serves exactly its rate however late the machine would run a timer.
    /// </summary>
    internal sealed class TokenBucket
    {
        // Accrual in floating point can land a hair below a whole token (a rate of 25 × 0.04 is not exactly 1 TPS):
        // that hair is not a missing token.
        private const double WholeTokenTolerance = 1e-9;

        private readonly object _gate = new();
        private readonly TimeProvider _clock;
        private readonly double _tokensPerSecond;
        private readonly double _burst;
        private double _tokens;
        private long _countedAt;

        public TokenBucket(double tokensPerSecond, int burst, TimeProvider clock)
        {
            _clock = clock;
            _tokensPerSecond = tokensPerSecond;
            _burst = burst;
            _tokens = burst;
            _countedAt = clock.GetTimestamp();
        }

        /// <summary>Adds what accrued since the last request, up to the burst, then takes one whole token if there is one.</summary>
        public bool TryTake()
        {
            lock (_gate)
            {
                long now = _clock.GetTimestamp();
                if (now > _countedAt)
                {
                    double seconds = (now - _countedAt) / (double)_clock.TimestampFrequency;
                    _tokens = Math.Min(_burst, _tokens + (seconds * _tokensPerSecond));
                    _countedAt = now;
                }

                if (_tokens < 1 - WholeTokenTolerance) return false;
                _tokens = Math.Max(0, _tokens - 1);
                return true;
            }
        }
    }
}
