using System.Collections.Concurrent;

namespace AhiTools.LocalService.Quotas
{
    /// <summary>
    /// Per-operation token buckets at the rates of a preset, times the scale, and a count of the answers each throttled.
    /// "aws" follows AWS's newest published HealthImaging throttling table, "aws-2024" the older one.
    /// </summary>
    public sealed class OperationQuotas
    {
        /// <summary>
        /// AWS's newest table: UpdateImageSetMetadata 10 TPS burst 40. The part of it read for this service gives no
        /// figure for CopyImageSet and DeleteImageSet: they keep the older table's 0.25 TPS burst 1.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, (double Rate, double Burst)> AwsPreset = new Dictionary<string, (double, double)>
        {
            ["UpdateImageSetMetadata"] = (10, 40),
            ["CopyImageSet"] = (0.25, 1),
            ["DeleteImageSet"] = (0.25, 1),
            ["GetImageSet"] = (25, 50),
            ["ListImageSetVersions"] = (25, 50),
            ["GetImageSetMetadata"] = (50, 100),
            ["SearchImageSets"] = (25, 50),
        };

        /// <summary>The older table: the newest with UpdateImageSetMetadata at 0.25 TPS burst 1, like every other write.</summary>
        public static readonly IReadOnlyDictionary<string, (double Rate, double Burst)> Aws2024Preset = new Dictionary<string, (double, double)>(AwsPreset)
        {
            ["UpdateImageSetMetadata"] = (0.25, 1),
        };

        /// <summary>Preset name → rates; "none" (no preset) is not listed.</summary>
        public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, (double Rate, double Burst)>> Presets =
            new Dictionary<string, IReadOnlyDictionary<string, (double Rate, double Burst)>>(StringComparer.OrdinalIgnoreCase)
            {
                ["aws"] = AwsPreset,
                ["aws-2024"] = Aws2024Preset,
            };

        private readonly ConcurrentDictionary<string, int> _throttled = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

        private readonly Dictionary<string, TokenBucket> _limiters = new();

        public OperationQuotas(ServiceOptions options)
        {
            if (options.QuotaPreset is null || !Presets.TryGetValue(options.QuotaPreset, out var preset)) return;
            foreach (var (operation, (rate, burst)) in preset)
            {
                // On the service's clock, so that tests can advance it.
                _limiters[operation] = new TokenBucket(rate * options.QuotaScale, Math.Max(1, (int)Math.Round(burst * options.QuotaScale)), options.TimeProvider);
            }
        }

        public bool Enabled => _limiters.Count > 0;

        /// <summary>Takes one token for <paramref name="operation"/>; false (and counted) when its bucket is empty.</summary>
        public bool TryAcquire(string operation)
        {
            _requests.AddOrUpdate(operation, 1, (_, count) => count + 1);
            if (!_limiters.TryGetValue(operation, out var limiter)) return true;
            if (limiter.TryTake()) return true;
            _throttled.AddOrUpdate(operation, 1, (_, count) => count + 1);
            return false;
        }

        /// <summary>Answers throttled so far, per operation (operations never throttled are absent).</summary>
        public IReadOnlyDictionary<string, int> ThrottledCounts() => new SortedDictionary<string, int>(_throttled, StringComparer.Ordinal);

        /// <summary>Requests that reached the quota check, throttled or not, per operation.</summary>
        public IReadOnlyDictionary<string, int> RequestCounts() => new SortedDictionary<string, int>(_requests, StringComparer.Ordinal);
    }
}
