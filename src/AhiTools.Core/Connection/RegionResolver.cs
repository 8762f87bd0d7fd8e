using System.Reflection;
using Amazon;
using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>
    /// Finds the region: -Region, $StoredAWSRegion, AWS_REGION / AWS_DEFAULT_REGION, the profile's region, and
    /// last the machine (EC2 instance metadata).
    /// </summary>
    internal sealed class RegionResolver
    {
        private readonly ConnectionResolverSettings _settings;

        public RegionResolver(ConnectionResolverSettings settings)
        {
            _settings = settings;
        }

        public (string Region, string Source) Resolve(ConnectionParameters parameters, CredentialProfile? profile)
        {
            if (!string.IsNullOrWhiteSpace(parameters.Region))
            {
                return (Validate(parameters.Region!, "-Region"), "-Region");
            }

            string? stored = ReadStoredRegion(parameters.StoredRegion);
            if (!string.IsNullOrWhiteSpace(stored))
            {
                return (Validate(stored!, "$StoredAWSRegion"), "$StoredAWSRegion");
            }

            foreach (string variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
            {
                string? value = _settings.GetEnvironmentVariable(variable);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    return (Validate(value!, variable), variable);
                }
            }

            if (profile?.Region != null && !string.IsNullOrEmpty(profile.Region.SystemName))
            {
                return (Validate(profile.Region.SystemName, $"profile '{profile.Name}'"), $"profile '{profile.Name}'");
            }

            if (_settings.UseMachineFallbacks)
            {
                string? machine = FromMachine();
                if (!string.IsNullOrEmpty(machine))
                {
                    return (Validate(machine!, "instance metadata"), "instance metadata");
                }
            }

            throw new ConnectionConfigurationException(
                ErrorIds.NoRegion,
                "No AWS region was found. Pass -Region (for example -Region us-east-1), or run Set-DefaultAWSRegion, " +
                "or set AWS_REGION in the environment, or set region in your AWS profile (~/.aws/config).");
        }

        /// <summary>Set-DefaultAWSRegion stores the region's system name; an object with Region or SystemName is accepted too.</summary>
        internal static string? ReadStoredRegion(object? stored)
        {
            object? value = stored;
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    return text.Trim();
                case RegionEndpoint endpoint:
                    return endpoint.SystemName;
            }

            foreach (string name in new[] { "SystemName", "Region" })
            {
                PropertyInfo? property = value.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
                if (property != null && property.GetIndexParameters().Length == 0)
                {
                    object? member = property.GetValue(value);
                    string? text = member as string ?? ReadStoredRegion(member);
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        return text!.Trim();
                    }
                }
            }

            return null;
        }

        private static string Validate(string region, string origin)
        {
            string trimmed = region.Trim();
            if (!IsRegionName(trimmed))
            {
                throw new ConnectionConfigurationException(
                    ErrorIds.InvalidRegion,
                    $"The region from {origin} ('{trimmed}') is not a region name such as us-east-1 or eu-west-1.");
            }

            return trimmed;
        }

        /// <summary>
        /// Whether a text has a region name's form, [a-z]{2,}(-[a-z0-9]+)+ (us-east-1, eu-isoe-west-1), checked
        /// character by character: a Regex is built and interpreted at its first use in every session's first call.
        /// </summary>
        internal static bool IsRegionName(string text)
        {
            int segmentStart = 0;
            int segments = 0;
            for (int index = 0; index <= text.Length; index++)
            {
                if (index < text.Length && text[index] != '-')
                {
                    char c = text[index];
                    bool letter = c >= 'a' && c <= 'z';
                    if (!letter && (segments == 0 || c < '0' || c > '9'))
                    {
                        return false;
                    }

                    continue;
                }

                int length = index - segmentStart;
                if (length < (segments == 0 ? 2 : 1))
                {
                    return false;
                }

                segments++;
                segmentStart = index + 1;
            }

            return segments >= 2;
        }

        private static string? FromMachine()
        {
            try
            {
                return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                return null;
            }
        }
    }
}
