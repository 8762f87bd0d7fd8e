using System.Security.Cryptography;

namespace AhiTools.Connection
{
    /// <summary>The credentials, region and endpoint a call will use, and where each came from (no secrets).</summary>
    /// <param name="Snapshot">The credentials as resolved now: used only for the client cache key.</param>
    /// <param name="CredentialSource">For example "profile 'dev'", "the -AccessKey/-SecretKey parameters", "environment variables".</param>
    /// <param name="RegionSource">For example "-Region", "$StoredAWSRegion", "AWS_REGION".</param>
    /// <param name="EndpointSource">For example "-EndpointUrl", "AWS_ENDPOINT_URL_MEDICAL_IMAGING", "the region's AWS endpoints".</param>
    internal sealed record ResolvedConnection(
        AWSCredentials Credentials, ImmutableCredentials Snapshot, string CredentialSource,
        string Region, string RegionSource, HealthImagingEndpoints Endpoints, string EndpointSource)
    {
        /// <summary>Attempts per call in all, the first included.</summary>
        public int MaxAttempts { get; internal set; } = HealthImagingRetryOptions.Default.MaxAttempts;

        /// <summary>For example "AWS_MAX_ATTEMPTS", "max_attempts of profile 'dev'", "the default".</summary>
        public string MaxAttemptsSource { get; internal set; } = "the default";

        /// <summary>"adaptive" (calls paced to the quota, learned from throttled answers), "standard" or "legacy" (only retried).</summary>
        public string RetryMode { get; internal set; } = RetryModeResolver.DefaultMode;

        /// <summary>For example "AWS_RETRY_MODE", "retry_mode of profile 'dev'", "the default".</summary>
        public string RetryModeSource { get; internal set; } = "the default";

        internal bool AdaptiveRateControl => RetryMode == RetryModeResolver.Adaptive;

        /// <summary>One line for Write-Verbose, free of secrets.</summary>
        public string Describe()
        {
            string endpoint = Endpoints.IsCustom
                ? $"endpoint {Endpoints.DataPlane} from {EndpointSource}"
                : $"endpoints {Endpoints.DataPlane} and {Endpoints.ControlPlane}";
            return $"HealthImaging: credentials from {CredentialSource}, region {Region} from {RegionSource}, {endpoint}, up to {MaxAttempts} attempts per call ({MaxAttemptsSource}), retry mode {RetryMode} ({RetryModeSource}).";
        }

        public override string ToString() => Describe();

        /// <summary>Access key ID plus hashes of secret and token, region and endpoint: one client per distinct value.</summary>
        internal string CacheKey
        {
            get
            {
                // Refreshing credentials (roles, SSO) change keys as they refresh: keyed by the object, which the
                // profile cache keeps, so one client serves them across refreshes.
                string identity = Credentials is RefreshingAWSCredentials
                    ? "refreshing:" + ObjectIdentity.Of(Credentials)
                    : string.Join("|", Snapshot.AccessKey, Hash(Snapshot.SecretKey), Hash(Snapshot.Token ?? ""));
                return string.Join(
                    "|",
                    identity,
                    Region,
                    Endpoints.DataPlane.AbsoluteUri,
                    Endpoints.ControlPlane.AbsoluteUri,
                    MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    RetryMode);
            }
        }

        private static string Hash(string value)
        {
#if NET
            return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
#else
            using (var sha = SHA256.Create())
            {
                return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(value)));
            }
#endif
        }
    }
}
