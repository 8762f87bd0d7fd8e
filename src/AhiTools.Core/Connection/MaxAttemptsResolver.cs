using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>
    /// How many attempts a call makes in all, as the AWS SDKs resolve it: AWS_MAX_ATTEMPTS, then the profile's
    /// max_attempts, then the module's default.
    /// </summary>
    internal sealed class MaxAttemptsResolver
    {
        /// <summary>Above this a misconfiguration would keep a runbook retrying for hours.</summary>
        public const int Limit = 20;

        private readonly ConnectionResolverSettings _settings;

        public MaxAttemptsResolver(ConnectionResolverSettings settings)
        {
            _settings = settings;
        }

        public (int MaxAttempts, string Source) Resolve(CredentialProfile? profile, int defaultAttempts) =>
            SdkSetting.Resolve(_settings, "AWS_MAX_ATTEMPTS", profile, "max_attempts", profile?.MaxAttempts?.ToString(CultureInfo.InvariantCulture), Parse, defaultAttempts);

        /// <exception cref="ConnectionConfigurationException">InvalidMaxAttempts, naming <paramref name="origin"/>.</exception>
        public static int Parse(string value, string origin)
        {
            if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int attempts))
            {
                throw Invalid(origin);
            }

            return Check(attempts, origin);
        }

        private static int Check(int attempts, string origin)
        {
            if (attempts < 1 || attempts > Limit)
            {
                throw Invalid(origin);
            }

            return attempts;
        }

        private static ConnectionConfigurationException Invalid(string origin)
        {
            return new ConnectionConfigurationException(
                ErrorIds.InvalidMaxAttempts,
                $"{origin} must be a whole number of attempts from 1 to {Limit} (1 means no retries). Correct or remove it.");
        }
    }
}
