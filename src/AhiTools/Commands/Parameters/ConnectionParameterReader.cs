namespace AhiTools.Commands
{
    /// <summary>
    /// Reads the connection parameters (AWS.Tools.Common's names and aliases) and the session's
    /// $StoredAWSCredentials and $StoredAWSRegion into the core's <see cref="ConnectionParameters"/>: the same way
    /// for a cmdlet (its bound parameters) and for its completers (the command line being typed).
    /// </summary>
    internal static class ConnectionParameterReader
    {
        public const string StoredCredentialsAlias = "StoredCredentials";
        public const string AwsProfileNameAlias = "AWSProfileName";
        public const string AwsProfilesLocationAlias = "AWSProfilesLocation";
        public const string ProfilesLocationAlias = "ProfilesLocation";

        private static readonly string[] NoAliases = Array.Empty<string>();
        private static readonly string[] ProfileNameAliases = { StoredCredentialsAlias, AwsProfileNameAlias };
        private static readonly string[] ProfileLocationAliases = { AwsProfilesLocationAlias, ProfilesLocationAlias };

        /// <param name="parameter">A parameter's value by its name (or, on a command line, one of its aliases); null when not given.</param>
        /// <param name="sessionVariable">A variable of the caller's session.</param>
        public static ConnectionParameters Read(Func<string, string[], object?> parameter, Func<string, object?> sessionVariable) => new()
        {
            Region = Text(parameter("Region", NoAliases)),
            ProfileName = Text(parameter("ProfileName", ProfileNameAliases)),
            ProfileLocation = Text(parameter("ProfileLocation", ProfileLocationAliases)),
            AccessKey = Text(parameter("AccessKey", NoAliases)),
            SecretKey = Text(parameter("SecretKey", NoAliases)),
            SessionToken = Text(parameter("SessionToken", NoAliases)),
            Credential = PowerShellValues.ToCredential(parameter("Credential", NoAliases)),
            EndpointUrl = Text(parameter("EndpointUrl", NoAliases)),
            StoredCredentials = PowerShellValues.ToCredential(sessionVariable("StoredAWSCredentials")),
            StoredRegion = PowerShellValues.Unwrap(sessionVariable("StoredAWSRegion")),
        };

        private static string? Text(object? value) => PowerShellValues.Single(value) as string;
    }
}
