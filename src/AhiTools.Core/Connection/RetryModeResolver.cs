using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>
    /// The retry mode, as the AWS SDKs resolve it: AWS_RETRY_MODE, then the profile's retry_mode, then the module's
    /// default, adaptive. "adaptive" paces calls with a client-side limiter that learns the service's quota;
    /// "standard" and "legacy" only retry.
    /// </summary>
    /// <remarks>
    /// Adaptive is the default, unlike in AWS's SDKs, because bulk writes are what this module is for and
    /// HealthImaging's write quotas are low: pacing at the quota spends it on writes instead of on throttled answers
    /// and their backoffs.
    /// </remarks>
    internal sealed class RetryModeResolver
    {
        public const string Adaptive = "adaptive";
        public const string Standard = "standard";
        public const string Legacy = "legacy";
        public const string DefaultMode = Adaptive;

        private readonly ConnectionResolverSettings _settings;

        public RetryModeResolver(ConnectionResolverSettings settings)
        {
            _settings = settings;
        }

        public (string RetryMode, string Source) Resolve(CredentialProfile? profile) =>
            SdkSetting.Resolve(_settings, "AWS_RETRY_MODE", profile, "retry_mode", profile?.RetryMode?.ToString(), Parse, DefaultMode);

        /// <exception cref="ConnectionConfigurationException">InvalidRetryMode, naming <paramref name="origin"/>.</exception>
        public static string Parse(string value, string origin)
        {
            switch (value.Trim().ToLowerInvariant())
            {
                case Adaptive:
                    return Adaptive;
                case Standard:
                    return Standard;
                case Legacy:
                    return Legacy;
                default:
                    throw new ConnectionConfigurationException(
                        ErrorIds.InvalidRetryMode,
                        $"{origin} must be 'adaptive', 'standard' or 'legacy' (adaptive paces calls to the service's quota; standard and legacy only retry). Correct or remove it.");
            }
        }
    }
}
