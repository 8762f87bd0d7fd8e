using System;
using System.Collections.Generic;
using System.IO;
using AhiTools.Connection;

namespace AhiTools.Tests
{
    /// <summary>A throwaway ~/.aws: credentials and config files in a temporary folder, and a substitute environment.</summary>
    internal sealed class ConnectionSandbox : IDisposable
    {
        private readonly string _folder;

        public ConnectionSandbox(string credentials = "", string config = "")
        {
            _folder = Path.Combine(Path.GetTempPath(), "ahitools-connection-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_folder);
            CredentialsPath = Path.Combine(_folder, "credentials");
            File.WriteAllText(CredentialsPath, credentials);
            File.WriteAllText(Path.Combine(_folder, "config"), config);
        }

        public string CredentialsPath { get; }

        public Dictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public ConnectionResolver Resolver => new(new ConnectionResolverSettings
        {
            GetEnvironmentVariable = name => Environment.TryGetValue(name, out string? value) ? value : null,
            DefaultProfileLocation = CredentialsPath,
            UseMachineFallbacks = false,
        });

        public ResolvedConnection Resolve(ConnectionParameters parameters) => Resolver.Resolve(parameters);

        public void Dispose()
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>What another AWSSDK.Core's ImmutableCredentials looks like to us: just the three properties.</summary>
    public sealed class ForeignImmutableCredentials
    {
        public string AccessKey { get; set; } = "";
        public string SecretKey { get; set; } = "";
        public string? Token { get; set; }
    }

    /// <summary>A credentials object from another AWSSDK.Core: GetCredentials() is all we may rely on.</summary>
    public sealed class ForeignCredentials
    {
        public int Calls { get; private set; }

        public string AccessKey { get; set; } = "AKIAFOREIGN";

        public ForeignImmutableCredentials GetCredentials()
        {
            Calls++;
            return new ForeignImmutableCredentials { AccessKey = AccessKey, SecretKey = "foreign-secret", Token = "foreign-token" };
        }
    }

    /// <summary>Shaped like AWS.Tools' AWSPSCredentials: Credentials and Name are internal.</summary>
    public sealed class FakeStoredAwsPsCredentials
    {
        internal FakeStoredAwsPsCredentials(object credentials, string name)
        {
            Credentials = credentials;
            Name = name;
        }

        internal object Credentials { get; private set; }

        internal string Name { get; private set; }

        public override string ToString() => Name;
    }
}
