using System.Reflection;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace AhiTools.Connection
{
    /// <summary>
    /// Finds credentials in the order AWS.Tools does: -AccessKey/-SecretKey, -ProfileName, -Credential,
    /// $StoredAWSCredentials, environment variables (keys, then AWS_PROFILE), the default profile, and last the
    /// machine (web identity, container, EC2 instance).
    /// </summary>
    internal sealed class CredentialResolver
    {
        private static readonly Lazy<DefaultAWSCredentialsIdentityResolver> MachineChain =
            new(() => new DefaultAWSCredentialsIdentityResolver());

        private readonly ConnectionResolverSettings _settings;

        public CredentialResolver(ConnectionResolverSettings settings)
        {
            _settings = settings;
        }

        public (AWSCredentials Credentials, string Source, CredentialProfile? Profile) Resolve(ConnectionParameters parameters, ProfileStore store)
        {
            bool hasAccessKey = !string.IsNullOrEmpty(parameters.AccessKey);
            bool hasSecretKey = !string.IsNullOrEmpty(parameters.SecretKey);
            if (hasAccessKey && hasSecretKey)
            {
                return (FromKeys(parameters.AccessKey!, parameters.SecretKey!, parameters.SessionToken), "the -AccessKey/-SecretKey parameters", null);
            }

            if (hasAccessKey || hasSecretKey || !string.IsNullOrEmpty(parameters.SessionToken))
            {
                throw new ConnectionConfigurationException(
                    ErrorIds.InvalidCredential,
                    "-AccessKey and -SecretKey must be given together (with -SessionToken for temporary credentials).");
            }

            if (!string.IsNullOrEmpty(parameters.ProfileName))
            {
                CredentialProfile profile = store.Find(parameters.ProfileName!)
                    ?? throw ProfileNotFound(parameters.ProfileName!, store, "-ProfileName");
                return (FromProfile(profile, store), $"profile '{profile.Name}'", profile);
            }

            if (parameters.Credential != null)
            {
                var (credentials, description) = FromObject(parameters.Credential, "-Credential", store);
                return (credentials, description, null);
            }

            if (parameters.StoredCredentials != null)
            {
                var (credentials, description) = FromObject(parameters.StoredCredentials, "$StoredAWSCredentials", store);
                return (credentials, description, null);
            }

            string? environmentAccessKey = _settings.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
            string? environmentSecretKey = _settings.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
            if (!string.IsNullOrEmpty(environmentAccessKey) && !string.IsNullOrEmpty(environmentSecretKey))
            {
                return (FromKeys(environmentAccessKey!, environmentSecretKey!, _settings.GetEnvironmentVariable("AWS_SESSION_TOKEN")),
                    "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY", null);
            }

            string? environmentProfile = _settings.GetEnvironmentVariable("AWS_PROFILE");
            if (!string.IsNullOrEmpty(environmentProfile))
            {
                CredentialProfile profile = store.Find(environmentProfile!)
                    ?? throw ProfileNotFound(environmentProfile!, store, "AWS_PROFILE");
                return (FromProfile(profile, store), $"profile '{profile.Name}' (AWS_PROFILE)", profile);
            }

            CredentialProfile? defaultProfile = store.Find(ProfileStore.DefaultProfileName);
            if (defaultProfile != null && defaultProfile.CanCreateAWSCredentials)
            {
                return (FromProfile(defaultProfile, store), "the default profile", defaultProfile);
            }

            if (_settings.UseMachineFallbacks)
            {
                AWSCredentials? machine = FromMachine();
                if (machine != null)
                {
                    return (machine, $"the machine ({machine.GetType().Name})", null);
                }
            }

            throw new ConnectionConfigurationException(
                ErrorIds.NoCredentials,
                "No AWS credentials were found. Pass -AccessKey and -SecretKey (and -SessionToken), or -ProfileName; " +
                "or run Set-AWSCredential; or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment; " +
                "or create a 'default' profile in ~/.aws/credentials.");
        }

        private static AWSCredentials FromKeys(string accessKey, string secretKey, string? sessionToken)
        {
            return string.IsNullOrEmpty(sessionToken)
                ? new BasicAWSCredentials(accessKey, secretKey)
                : (AWSCredentials)new SessionAWSCredentials(accessKey, secretKey, sessionToken);
        }

        private static AWSCredentials FromProfile(CredentialProfile profile, ProfileStore store)
        {
            try
            {
                return ProfileCredentialsCache.GetOrCreate(profile, store, () => AWSCredentialsFactory.GetAWSCredentials(profile, store.Source));
            }
            catch (Exception e) when (!(e is ConnectionConfigurationException))
            {
                throw new ConnectionConfigurationException(
                    ErrorIds.InvalidCredential,
                    $"Profile '{profile.Name}'{store.DescribeLocation()} does not hold usable credentials: {e.Message}",
                    e);
            }
        }

        /// <summary>
        /// -Credential or $StoredAWSCredentials: a key pair (a PSCredential, read by the cmdlet layer);
        /// this AWSSDK.Core's AWSCredentials; AWS.Tools' AWSPSCredentials (what Set-AWSCredential stores, whose
        /// Credentials property is internal); any object with GetCredentials() from another AWSSDK.Core; or a
        /// string naming a profile.
        /// </summary>
        private (AWSCredentials Credentials, string Description) FromObject(object value, string origin, ProfileStore store)
        {
            object candidate = value;
            switch (candidate)
            {
                case KeyPairCredential pair:
                    if (string.IsNullOrEmpty(pair.AccessKey) || string.IsNullOrEmpty(pair.SecretKey))
                    {
                        throw new ConnectionConfigurationException(ErrorIds.InvalidCredential, $"The PSCredential in {origin} needs the access key ID as user name and the secret key as password.");
                    }

                    return (new BasicAWSCredentials(pair.AccessKey, pair.SecretKey), $"the PSCredential in {origin}");
                case AWSCredentials own:
                    return (own, $"the credentials object in {origin}");
                case string profileName when !string.IsNullOrWhiteSpace(profileName):
                    CredentialProfile profile = store.Find(profileName) ?? throw ProfileNotFound(profileName, store, origin);
                    return (FromProfile(profile, store), $"profile '{profile.Name}' named by {origin}");
            }

            var reflected = ReflectedAWSCredentials.TryCreate(candidate);
            if (reflected != null)
            {
                return (reflected, $"the credentials object in {origin} ({reflected.SourceTypeName})");
            }

            object? inner = ReadMember(candidate, "Credentials");
            if (inner != null && !ReferenceEquals(inner, candidate))
            {
                string? name = ReadMember(candidate, "Name") as string;
                var (credentials, _) = FromObject(inner, origin, store);
                string description = string.IsNullOrEmpty(name) ? $"the credentials in {origin}" : $"'{name}' in {origin}";
                return (credentials, description);
            }

            throw new ConnectionConfigurationException(
                ErrorIds.InvalidCredential,
                $"{origin} holds a {candidate.GetType().FullName}, which is not a credentials object: pass the output of Get-AWSCredential, a PSCredential (access key ID as user name, secret key as password), or use -ProfileName.");
        }

        /// <summary>A public or internal instance property (AWS.Tools' AWSPSCredentials keeps Credentials and Name internal).</summary>
        private static object? ReadMember(object target, string propertyName)
        {
            PropertyInfo? property = target.GetType().GetProperty(propertyName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
            if (property is null || property.GetIndexParameters().Length != 0)
            {
                return null;
            }

            try
            {
                return property.GetValue(target);
            }
            catch (Exception e) when (e is TargetInvocationException || e is MethodAccessException)
            {
                return null;
            }
        }

        private static AWSCredentials? FromMachine()
        {
            try
            {
                // The SDK's default chain: web identity, container and EC2 instance credentials (it also repeats the
                // environment and default-profile checks, which found nothing above). Bounded so a machine without
                // instance metadata answers "no credentials" in seconds.
                using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                {
                    AWSCredentials credentials = MachineChain.Value.ResolveIdentity(null, timeout.Token);
                    credentials.GetCredentials();
                    return credentials;
                }
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                return null;
            }
        }

        private static ConnectionConfigurationException ProfileNotFound(string profileName, ProfileStore store, string origin)
        {
            return new ConnectionConfigurationException(
                ErrorIds.ProfileNotFound,
                $"Profile '{profileName}' (from {origin}) was not found in the shared credentials and config files{store.DescribeLocation()}. " +
                "Check the name with Get-AWSCredential -ListProfileDetail, or pass -ProfileLocation.");
        }
    }
}
