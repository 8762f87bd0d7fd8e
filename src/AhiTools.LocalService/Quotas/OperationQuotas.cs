using System;
using System.Collections.Generic;
using System.Threading;
using AhiTools.LocalService.Hosting;

namespace AhiTools.LocalService.Quotas
{
    /// <summary>Per-operation token buckets. The "aws" preset uses AWS's published HealthImaging rates, times the scale.</summary>
    public sealed class OperationQuotas : IDisposable
    {
        /// <summary>Operation → (transactions per second, burst). SearchImageSets is Assumed (the quotas page gives no figure here).</summary>
        public static readonly IReadOnlyDictionary<string, (double Rate, double Burst)> AwsPreset = new Dictionary<string, (double, double)>
        {
            ["UpdateImageSetMetadata"] = (0.25, 1),
            ["CopyImageSet"] = (0.25, 1),
            ["DeleteImageSet"] = (0.25, 1),
            ["GetImageSet"] = (25, 50),
            ["ListImageSetVersions"] = (25, 50),
            ["GetImageSetMetadata"] = (50, 100),
            ["SearchImageSets"] = (25, 50),
        };

        private readonly Dictionary<string, TokenBucket> _limiters = new Dictionary<string, TokenBucket>();
        private readonly List<ITimer> _refills = new List<ITimer>();

        public OperationQuotas(ServiceOptions options)
        {
            if (options.QuotaPreset != "aws") return;
            foreach (var (operation, (rate, burst)) in AwsPreset)
            {
                var (limiter, period) = CreateLimiter(rate * options.QuotaScale, burst * options.QuotaScale);
                _limiters[operation] = limiter;
                // Refilled on the service's clock, so that tests can advance it.
                _refills.Add(options.TimeProvider.CreateTimer(_ => limiter.Refill(), null, period, period));
            }
        }

        public bool Enabled => _limiters.Count > 0;

        /// <summary>Takes one token for <paramref name="operation"/>; false when its bucket is empty.</summary>
        public bool TryAcquire(string operation)
        {
            if (!_limiters.TryGetValue(operation, out var limiter)) return true;
            return limiter.TryTake();
        }

        private static (TokenBucket Limiter, TimeSpan Period) CreateLimiter(double tokensPerSecond, double burst)
        {
            // Fast rates replenish in 50 ms steps so the timer stays coarse; slow ones one token per period.
            TimeSpan period;
            int tokensPerPeriod;
            if (tokensPerSecond > 20)
            {
                period = TimeSpan.FromMilliseconds(50);
                tokensPerPeriod = Math.Max(1, (int)Math.Round(tokensPerSecond * 0.05));
            }
            else
            {
                period = TimeSpan.FromSeconds(1 / tokensPerSecond);
                tokensPerPeriod = 1;
            }
            var limiter = new TokenBucket(Math.Max(1, (int)Math.Round(burst)), tokensPerPeriod);
            return (limiter, period);
        }

        public void Dispose()
        {
            foreach (var refill in _refills) refill.Dispose();
        }

        /// <summary>A bucket that starts full; <see cref="Refill"/> adds one period's tokens, up to the burst.</summary>
        private sealed class TokenBucket
        {
            private readonly int _limit;
            private readonly int _tokensPerPeriod;
            private readonly object _gate = new object();
            private int _tokens;

            public TokenBucket(int limit, int tokensPerPeriod)
            {
                _limit = limit;
                _tokensPerPeriod = tokensPerPeriod;
                _tokens = limit;
            }

            public bool TryTake()
            {
                lock (_gate)
                {
                    if (_tokens == 0) return false;
                    _tokens--;
                    return true;
                }
            }

            public void Refill()
            {
                lock (_gate) _tokens = Math.Min(_limit, _tokens + _tokensPerPeriod);
            }
        }
    }
}
