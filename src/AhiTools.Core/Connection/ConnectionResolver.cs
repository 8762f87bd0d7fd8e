using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>Resolves what a cmdlet was given (and the shell and machine defaults) into credentials, region and endpoints.</summary>
    internal sealed class ConnectionResolver
    {
        private readonly ConnectionResolverSettings _settings;
        private readonly CredentialResolver _credentials;
        private readonly RegionResolver _regions;
        private readonly EndpointResolver _endpoints;
        private readonly MaxAttemptsResolver _maxAttempts;
        private readonly RetryModeResolver _retryMode;

        public ConnectionResolver(ConnectionResolverSettings? settings = null)
        {
            _settings = settings ?? ConnectionResolverSettings.FromMachine();
            _credentials = new CredentialResolver(_settings);
            _regions = new RegionResolver(_settings);
            _endpoints = new EndpointResolver(_settings);
            _maxAttempts = new MaxAttemptsResolver(_settings);
            _retryMode = new RetryModeResolver(_settings);
        }

        /// <exception cref="ConnectionConfigurationException">No region, no credentials, an unknown profile, an invalid endpoint, attempt count or retry mode.</exception>
        public ResolvedConnection Resolve(ConnectionParameters parameters) => Resolve(parameters, HealthImagingRetryOptions.Default.MaxAttempts);

        /// <param name="defaultAttempts">The attempts per call when neither AWS_MAX_ATTEMPTS nor the profile's max_attempts says.</param>
        public ResolvedConnection Resolve(ConnectionParameters parameters, int defaultAttempts)
        {
            if (parameters is null) throw new ArgumentNullException(nameof(parameters));

            var store = ProfileStore.For(parameters, _settings);
            var (credentials, credentialSource, credentialProfile) = _credentials.Resolve(parameters, store);
            CredentialProfile? settingsProfile = credentialProfile ?? SettingsProfile(parameters, store);
            var (region, regionSource) = _regions.Resolve(parameters, settingsProfile);
            var (endpoints, endpointSource) = _endpoints.Resolve(parameters, region, settingsProfile);
            var (maxAttempts, maxAttemptsSource) = _maxAttempts.Resolve(settingsProfile, defaultAttempts);
            var (retryMode, retryModeSource) = _retryMode.Resolve(settingsProfile);
            ImmutableCredentials snapshot = Snapshot(credentials, credentialSource);
            return new ResolvedConnection(credentials, snapshot, credentialSource, region, regionSource, endpoints, endpointSource)
            {
                MaxAttempts = maxAttempts,
                MaxAttemptsSource = maxAttemptsSource,
                RetryMode = retryMode,
                RetryModeSource = retryModeSource,
            };
        }

        /// <summary>The profile whose region and endpoint_url apply when credentials came from elsewhere.</summary>
        private CredentialProfile? SettingsProfile(ConnectionParameters parameters, ProfileStore store)
        {
            string? name = !string.IsNullOrEmpty(parameters.ProfileName)
                ? parameters.ProfileName
                : _settings.GetEnvironmentVariable("AWS_PROFILE");
            if (string.IsNullOrEmpty(name))
            {
                name = ProfileStore.DefaultProfileName;
            }

            try
            {
                return store.Find(name!);
            }
            catch (ConnectionConfigurationException e) when (e.ErrorId == ErrorIds.InvalidCredential)
            {
                return null;
            }
        }

        private static ImmutableCredentials Snapshot(AWSCredentials credentials, string source)
        {
            try
            {
                return credentials.GetCredentials();
            }
            catch (ConnectionConfigurationException)
            {
                throw;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                throw new ConnectionConfigurationException(
                    ErrorIds.InvalidCredential,
                    $"The credentials from {source} could not be obtained: {e.Message}",
                    e);
            }
        }
    }
}
