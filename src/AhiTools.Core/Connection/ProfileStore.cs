using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Internal.Settings;

namespace AhiTools.Connection
{
    /// <summary>The shared credentials/config files (and on Windows the SDK store) that profiles are read from.</summary>
    internal sealed class ProfileStore
    {
        public const string DefaultProfileName = "default";

        private readonly CredentialProfileStoreChain _chain;
        private readonly string? _configFile;

        public ProfileStore(string? location, string? configFile = null)
        {
            Location = string.IsNullOrEmpty(location) ? null : location;
            _configFile = configFile;
            _chain = new CredentialProfileStoreChain(Location);
        }

        /// <summary>The credentials file given, or null for the SDK's default location.</summary>
        public string? Location { get; }

        public ICredentialProfileSource Source => _chain;

        public static ProfileStore For(ConnectionParameters parameters, ConnectionResolverSettings settings)
        {
            string? location = parameters.ProfileLocation;
            if (string.IsNullOrEmpty(location))
            {
                location = settings.DefaultProfileLocation;
            }

            if (string.IsNullOrEmpty(location))
            {
                location = settings.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE");
            }

            return new ProfileStore(location, ConfigFilePath(settings));
        }

        /// <summary>The profile, or null when there is none of that name.</summary>
        /// <exception cref="ConnectionConfigurationException">
        /// InvalidCredential when a file cannot be read; InvalidRetryMode or InvalidMaxAttempts when the profile exists
        /// but its retry_mode or max_attempts is not a value the SDKs accept.
        /// </exception>
        public CredentialProfile? Find(string profileName)
        {
            if (!AnyProfileFile())
            {
                return null;
            }

            bool found;
            CredentialProfile profile;
            try
            {
                found = _chain.TryGetProfile(profileName, out profile);
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // The parser's message quotes the offending line, and lines hold secrets: only the kind of failure
                // is told, and the parser's exception is not attached.
                throw new ConnectionConfigurationException(
                    ErrorIds.InvalidCredential,
                    $"The shared credentials or config file{DescribeLocation()} could not be read ({e.GetType().Name}); check that it is a valid AWS profile file.");
            }

            if (found)
            {
                return profile;
            }

            // AWSSDK.Core refuses to load a profile whose retry_mode or max_attempts it cannot read, as if there were
            // no such profile: those two values are read here, so that the error names the value at fault.
            RequireValidRetrySettings(profileName);
            return null;
        }

        /// <summary>
        /// False only when the SDK would find no profile anywhere: no file was given, neither ~/.aws/credentials nor the
        /// config file exists, and this is not Windows (whose SDK store the SDK also reads). Find then answers without
        /// AWSSDK.Core's profile code, whose first use costs about 10 ms of a session's first call.
        /// </summary>
        private bool AnyProfileFile()
        {
            if (Location != null || _configFile is null || System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows))
            {
                return true;
            }

            return System.IO.File.Exists(InDefaultFolder("credentials")) || System.IO.File.Exists(_configFile);
        }

        private void RequireValidRetrySettings(string profileName)
        {
            SharedCredentialsFile files = Location is null ? new SharedCredentialsFile() : new SharedCredentialsFile(Location);
            // Beside a credentials file given by path, the SDK reads the config file next to it when there is one
            // (its ConfigFilePath still names the default).
            string? besideLocation = Location is null ? null : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Location) ?? "", "config");
            string? configFile = besideLocation != null && System.IO.File.Exists(besideLocation) ? besideLocation : files.ConfigFilePath;
            string configSection = profileName == DefaultProfileName ? DefaultProfileName : "profile " + profileName;
            foreach ((string? path, string section) in new[] { (files.FilePath, profileName), (configFile, configSection) })
            {
                foreach (var (key, value) in SectionValues(path, section))
                {
                    string origin = $"{key} of profile '{profileName}'";
                    if (string.Equals(key, "retry_mode", StringComparison.OrdinalIgnoreCase))
                    {
                        RetryModeResolver.Parse(value, origin);
                    }
                    else if (string.Equals(key, "max_attempts", StringComparison.OrdinalIgnoreCase))
                    {
                        MaxAttemptsResolver.Parse(value, origin);
                    }
                }
            }
        }

        /// <summary>The "key = value" lines of one section of an INI-style profile file; none when the file or section is missing.</summary>
        private static System.Collections.Generic.IEnumerable<(string Key, string Value)> SectionValues(string? path, string section)
        {
            if (string.IsNullOrEmpty(path) || !System.IO.File.Exists(path))
            {
                yield break;
            }

            bool inSection = false;
            foreach (string line in System.IO.File.ReadAllLines(path))
            {
                string trimmed = line.Trim();
                if (trimmed.StartsWith("[", StringComparison.Ordinal) && trimmed.EndsWith("]", StringComparison.Ordinal))
                {
                    inSection = string.Equals(trimmed.Substring(1, trimmed.Length - 2).Trim(), section, StringComparison.Ordinal);
                    continue;
                }

                int equals = trimmed.IndexOf('=');
                if (inSection && equals > 0)
                {
                    yield return (trimmed.Substring(0, equals).Trim(), trimmed.Substring(equals + 1).Trim());
                }
            }
        }

        /// <summary>
        /// The names of the profiles in the credentials and config files (and on Windows the SDK store), each once and
        /// whether or not they hold credentials; for completion, which shows names only.
        /// </summary>
        public System.Collections.Generic.IReadOnlyList<string> ListProfileNames(string? configFile)
        {
            var names = new System.Collections.Generic.List<string>();
            void Add(System.Collections.Generic.IEnumerable<string> found)
            {
                foreach (string name in found)
                {
                    if (!names.Contains(name))
                    {
                        names.Add(name);
                    }
                }
            }

            if (Location is null && UserCrypto.IsUserCryptAvailable)
            {
                Add(new NetSDKCredentialsFile().ListProfileNames());
            }

            Add((Location is null ? new SharedCredentialsFile() : new SharedCredentialsFile(Location)).ListProfileNames());
            Add(ConfigFileProfileNames(configFile));
            return names;
        }

        /// <summary>The config file the SDK reads profiles from: AWS_CONFIG_FILE, else ~/.aws/config.</summary>
        public static string ConfigFilePath(ConnectionResolverSettings settings)
        {
            string? configured = settings.GetEnvironmentVariable("AWS_CONFIG_FILE");
            return string.IsNullOrEmpty(configured)
                ? InDefaultFolder("config")
                : configured!;
        }

        // ~/.aws/<name>, where the SDKs look when no file is named.
        private static string InDefaultFolder(string name) =>
            System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", name);

        // "[default]" and "[profile name]" sections; sso-session and services sections are not profiles. Names only.
        private static System.Collections.Generic.IEnumerable<string> ConfigFileProfileNames(string? configFile)
        {
            if (string.IsNullOrEmpty(configFile) || !System.IO.File.Exists(configFile))
            {
                yield break;
            }

            foreach (string line in System.IO.File.ReadAllLines(configFile))
            {
                string trimmed = line.Trim();
                if (!trimmed.StartsWith("[", StringComparison.Ordinal) || !trimmed.EndsWith("]", StringComparison.Ordinal))
                {
                    continue;
                }

                string section = trimmed.Substring(1, trimmed.Length - 2).Trim();
                if (string.Equals(section, DefaultProfileName, StringComparison.Ordinal))
                {
                    yield return section;
                }
                else if (section.StartsWith("profile ", StringComparison.Ordinal) && section.Length > "profile ".Length)
                {
                    yield return section.Substring("profile ".Length).Trim();
                }
            }
        }

        public string DescribeLocation() => Location is null ? "" : $" at '{Location}'";
    }
}
