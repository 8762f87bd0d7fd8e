using System;
using System.Collections.Generic;
using System.Threading.RateLimiting;
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

        private readonly Dictionary<string, TokenBucketRateLimiter> _limiters = new Dictionary<string, TokenBucketRateLimiter>();

        public OperationQuotas(ServiceOptions options)
        {
            if (options.QuotaPreset != "aws") return;
            foreach (var (operation, (rate, burst)) in AwsPreset)
                _limiters[operation] = CreateLimiter(rate * options.QuotaScale, burst * options.QuotaScale);
        }

        public bool Enabled => _limiters.Count > 0;

        /// <summary>Takes one token for <paramref name="operation"/>; false when its bucket is empty.</summary>
        public bool TryAcquire(string operation)
        {
            if (!_limiters.TryGetValue(operation, out var limiter)) return true;
            using var lease = limiter.AttemptAcquire(1);
            return lease.IsAcquired;
        }

        private static TokenBucketRateLimiter CreateLimiter(double tokensPerSecond, double burst)
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
            return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, (int)Math.Round(burst)),
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }

        public void Dispose()
        {
            foreach (var limiter in _limiters.Values) limiter.Dispose();
        }
    }
}
