namespace AhiTools.Connection
{
    /// <summary>
    /// What a cmdlet was given to reach HealthImaging: the AWS.Tools.Common parameters, plus the shell defaults
    /// that Set-AWSCredential ($StoredAWSCredentials) and Set-DefaultAWSRegion ($StoredAWSRegion) leave behind.
    /// </summary>
    internal sealed class ConnectionParameters
    {
        public string? Region { get; set; }
        public string? ProfileName { get; set; }
        public string? ProfileLocation { get; set; }
        public string? AccessKey { get; set; }
        public string? SecretKey { get; set; }
        public string? SessionToken { get; set; }

        /// <summary>
        /// An AWS.Tools credentials object (any AWSSDK.Core version: read through GetCredentials()), a
        /// <see cref="KeyPairCredential"/> (what the cmdlet layer makes of a PSCredential) or a profile name.
        /// </summary>
        public object? Credential { get; set; }

        public string? EndpointUrl { get; set; }

        /// <summary>The value of $StoredAWSCredentials in the caller's session, as Set-AWSCredential left it.</summary>
        public object? StoredCredentials { get; set; }

        /// <summary>The value of $StoredAWSRegion in the caller's session.</summary>
        public object? StoredRegion { get; set; }
    }
}
