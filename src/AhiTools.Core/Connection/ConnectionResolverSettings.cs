namespace AhiTools.Connection
{
    /// <summary>
    /// What connection resolution reads from the machine. The defaults read the real environment and profile files;
    /// tests substitute an environment and temporary profile files and switch off the instance-metadata tail.
    /// </summary>
    internal sealed class ConnectionResolverSettings
    {
        public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

        /// <summary>
        /// The shared credentials file used when -ProfileLocation is not given; its config file is read from beside
        /// it. Null: AWS_SHARED_CREDENTIALS_FILE, else the AWS SDK default (~/.aws/credentials).
        /// </summary>
        public string? DefaultProfileLocation { get; set; }

        /// <summary>
        /// Whether the last resort of the credential and region chains (web identity, container and EC2 instance
        /// metadata, through AWSSDK.Core's fallback chain) is consulted.
        /// </summary>
        public bool UseMachineFallbacks { get; set; } = true;

        public static ConnectionResolverSettings FromMachine() => new();
    }
}
