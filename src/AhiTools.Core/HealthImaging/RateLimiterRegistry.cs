using System.Collections.Concurrent;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// One <see cref="AdaptiveRateLimiter"/> per endpoint and operation for the whole session: every cmdlet and client
    /// that calls the same operation on the same endpoint shares its pace, since the service's quota is shared too.
    /// </summary>
    internal sealed class RateLimiterRegistry
    {
        private readonly ConcurrentDictionary<string, AdaptiveRateLimiter> _limiters =
            new(StringComparer.Ordinal);

        private readonly TimeProvider _time;

        public RateLimiterRegistry(TimeProvider time)
        {
            _time = time;
        }

        public static RateLimiterRegistry Shared { get; } = new RateLimiterRegistry(TimeProvider.System);

        public AdaptiveRateLimiter For(Uri endpoint, string operation)
        {
            string authority = endpoint.GetLeftPart(UriPartial.Authority);
            return _limiters.GetOrAdd(authority + " " + operation, _ =>
            {
                var (rate, burst) = PublishedRates.For(operation);
                return new AdaptiveRateLimiter(rate, burst, _time, $"{operation} on {authority}");
            });
        }

        /// <summary>For tests and the benchmark: forget what was learned.</summary>
        internal void Clear() => _limiters.Clear();
    }
}
