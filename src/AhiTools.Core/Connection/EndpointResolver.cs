using Amazon;
using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>
    /// The endpoints: -EndpointUrl, AWS_ENDPOINT_URL_MEDICAL_IMAGING, AWS_ENDPOINT_URL or the profile's endpoint_url
    /// replace both planes (no runtime- prefix); otherwise the region's AWS endpoints in its partition.
    /// </summary>
    internal sealed class EndpointResolver
    {
        private readonly ConnectionResolverSettings _settings;

        public EndpointResolver(ConnectionResolverSettings settings)
        {
            _settings = settings;
        }

        public (HealthImagingEndpoints Endpoints, string Source) Resolve(ConnectionParameters parameters, string region, CredentialProfile? profile)
        {
            if (!string.IsNullOrWhiteSpace(parameters.EndpointUrl))
            {
                return (HealthImagingEndpoints.Custom(Parse(parameters.EndpointUrl!, "-EndpointUrl"), region), "-EndpointUrl");
            }

            bool ignoreConfigured = string.Equals(_settings.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.Trim(), "true", StringComparison.OrdinalIgnoreCase)
                || profile?.IgnoreConfiguredEndpointUrls == true;
            if (!ignoreConfigured)
            {
                foreach (string variable in new[] { "AWS_ENDPOINT_URL_MEDICAL_IMAGING", "AWS_ENDPOINT_URL" })
                {
                    string? value = _settings.GetEnvironmentVariable(variable);
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        return (HealthImagingEndpoints.Custom(Parse(value!, variable), region), variable);
                    }
                }

                if (profile != null && !string.IsNullOrWhiteSpace(profile.EndpointUrl))
                {
                    string origin = $"endpoint_url of profile '{profile.Name}'";
                    return (HealthImagingEndpoints.Custom(Parse(profile.EndpointUrl, origin), region), origin);
                }
            }

            return (HealthImagingEndpoints.ForRegion(region, DnsSuffix(region)), $"region {region}");
        }

        /// <summary>amazonaws.com, amazonaws.com.cn for cn-*, and so on, from AWSSDK.Core's partition data.</summary>
        internal static string DnsSuffix(string region)
        {
            try
            {
                string? suffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix;
                if (!string.IsNullOrEmpty(suffix))
                {
                    return suffix;
                }
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // Fall through to the prefix rule for a region the partition data does not know.
            }

            return region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        }

        // The URL is not echoed: it may carry user information.
        internal static Uri Parse(string value, string origin)
        {
            string trimmed = value.Trim();
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host)
                || !string.IsNullOrEmpty(uri.UserInfo)
                || !string.IsNullOrEmpty(uri.Query)
                || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new ConnectionConfigurationException(
                    ErrorIds.InvalidEndpoint,
                    $"The endpoint URL from {origin} is not valid: give an absolute http or https URL without user information, query or fragment, such as http://127.0.0.1:8080 or https://medical-imaging.us-east-1.amazonaws.com.");
            }

            return uri;
        }
    }
}
