using System.Collections.Concurrent;

namespace AhiTools.Connection
{
    /// <summary>
    /// Resolves credentials, region and endpoint as AWS.Tools does and hands out one client per
    /// credentials/region/endpoint for the whole process, so connections are pooled across cmdlet calls.
    /// </summary>
    internal static class HealthImagingClientProvider
    {
        private static readonly ConcurrentDictionary<string, Lazy<HealthImagingClient>> Clients =
            new(StringComparer.Ordinal);

        private static readonly ConnectionResolver Resolver = new();

        /// <summary>How cached clients retry; changing it affects clients created afterwards.</summary>
        public static HealthImagingRetryOptions RetryOptions { get; set; } = HealthImagingRetryOptions.Default;

        /// <exception cref="ConnectionConfigurationException">No region or no credentials could be found.</exception>
        public static IHealthImagingClient GetClient(ConnectionParameters parameters)
        {
            return GetClient(ResolveConnection(parameters));
        }

        /// <summary>What <see cref="GetClient(ConnectionParameters)"/> would use; its Describe() is the Write-Verbose line.</summary>
        /// <exception cref="ConnectionConfigurationException">No region or no credentials could be found.</exception>
        public static ResolvedConnection ResolveConnection(ConnectionParameters parameters)
        {
            return Resolver.Resolve(parameters, RetryOptions.MaxAttempts);
        }

        /// <summary>The process-wide client for this connection; disposing it does nothing.</summary>
        public static IHealthImagingClient GetClient(ResolvedConnection connection)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            Lazy<HealthImagingClient> entry = Clients.GetOrAdd(
                connection.CacheKey,
                _ => new Lazy<HealthImagingClient>(() => new HealthImagingClient(connection.Credentials, connection.Endpoints, RetryOptions.WithMaxAttempts(connection.MaxAttempts).WithAdaptiveRateControl(connection.AdaptiveRateControl)) { IsShared = true }));
            return entry.Value;
        }
    }
}
