using System.Collections.Concurrent;
using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>
    /// One credentials object per profile for the process, so role and SSO profiles keep their temporary
    /// credentials between cmdlet calls instead of calling STS or SSO every time. Editing the profile files makes a
    /// new one.
    /// </summary>
    internal static class ProfileCredentialsCache
    {
        private static readonly ConcurrentDictionary<string, AWSCredentials> Entries = new(StringComparer.Ordinal);

        public static AWSCredentials GetOrCreate(CredentialProfile profile, ProfileStore store, Func<AWSCredentials> create)
        {
            string credentialsFile = store.Location ?? SharedCredentialsFile.DefaultFilePath;
            string configFile = Path.Combine(Path.GetDirectoryName(credentialsFile) ?? "", "config");
            string key = string.Join(
                "|",
                credentialsFile,
                profile.Name,
                Stamp(credentialsFile),
                Stamp(configFile),
                Stamp(SharedCredentialsFile.DefaultConfigFilePath));
            return Entries.GetOrAdd(key, _ => create());
        }

        private static string Stamp(string? path)
        {
            try
            {
                return !string.IsNullOrEmpty(path) && File.Exists(path) ? File.GetLastWriteTimeUtc(path).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                return "?";
            }
        }
    }
}
