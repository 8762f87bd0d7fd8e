using System;
using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>The shared credentials/config files (and on Windows the SDK store) that profiles are read from.</summary>
    internal sealed class ProfileStore
    {
        public const string DefaultProfileName = "default";

        private readonly CredentialProfileStoreChain _chain;

        public ProfileStore(string? location)
        {
            Location = string.IsNullOrEmpty(location) ? null : location;
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

            return new ProfileStore(location);
        }

        public CredentialProfile? Find(string profileName)
        {
            try
            {
                return _chain.TryGetProfile(profileName, out CredentialProfile profile) ? profile : null;
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // The parser's message quotes the offending line, and lines hold secrets: only the kind of failure
                // is told, and the parser's exception is not attached.
                throw new ConnectionConfigurationException(
                    "InvalidCredential",
                    $"The shared credentials or config file{DescribeLocation()} could not be read ({e.GetType().Name}); check that it is a valid AWS profile file.");
            }
        }

        public string DescribeLocation() => Location is null ? "" : $" at '{Location}'";
    }
}
