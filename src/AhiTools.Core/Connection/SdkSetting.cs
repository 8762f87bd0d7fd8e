using Amazon.Runtime.CredentialManagement;

namespace AhiTools.Connection
{
    /// <summary>
    /// Where the AWS SDKs look for a retry setting, in order: the environment variable, then the profile's value, then
    /// the default. The caller's parser checks the value and names where it came from when it refuses it.
    /// </summary>
    internal static class SdkSetting
    {
        /// <param name="parse">Reads a value; given the value and where it came from, for its error.</param>
        /// <returns>The value, and where it came from: the variable's name, "key of profile 'name'", or "the default".</returns>
        public static (T Value, string Source) Resolve<T>(
            ConnectionResolverSettings settings,
            string variable,
            CredentialProfile? profile,
            string profileKey,
            string? profileValue,
            Func<string, string, T> parse,
            T defaultValue)
        {
            string? fromVariable = settings.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(fromVariable))
            {
                return (parse(fromVariable!, variable), variable);
            }

            if (profile != null && profileValue != null)
            {
                string origin = $"{profileKey} of profile '{profile.Name}'";
                return (parse(profileValue, origin), origin);
            }

            return (defaultValue, "the default");
        }
    }
}
