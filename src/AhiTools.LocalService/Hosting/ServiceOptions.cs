namespace AhiTools.LocalService.Hosting
{
    /// <summary>Everything the service is configured with at start. Defaults: in-memory, no quotas, no faults.</summary>
    public sealed class ServiceOptions
    {
        public const string DefaultAccessKey = "AKIALOCALAHITOOLS000";
        public const string DefaultSecretKey = "ahitools-local-secret-key-0000000000000";

        /// <summary>--help or -h was given: print the usage and start nothing.</summary>
        public bool HelpRequested { get; set; }

        /// <summary>0 picks a free port.</summary>
        public int Port { get; set; }

        /// <summary>Access key id → secret key. Empty means the documented default pair.</summary>
        public Dictionary<string, string> Credentials { get; } = new Dictionary<string, string>();

        public string? SeedFile { get; set; }
        public int WorkflowDelayMs { get; set; } = 250;
        public string? DataDirectory { get; set; }

        /// <summary>"aws" (AWS's newest published rates) or "aws-2024" (the older table) enables per-operation token buckets.</summary>
        public string? QuotaPreset { get; set; }
        public double QuotaScale { get; set; } = 1.0;

        public int? FaultSeed { get; set; }
        public double FaultRate { get; set; }
        public int FaultLatencyMs { get; set; }
        public double FaultLostResponseRate { get; set; }

        public int MaxConcurrentWritesPerDatastore { get; set; } = 100;

        /// <summary>How far the service's clock is ahead of this machine's (negative: behind): what SigV4 checks against and Date says.</summary>
        public int ClockSkewSeconds { get; set; }

        /// <summary>
        /// The clock behind every wait the service makes on its own: the workflow delay, injected latency, held requests and
        /// the quota buckets' refills. In-process only (no command-line option); tests substitute a clock they advance.
        /// </summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Region used in ARNs when a request carries none (local routes, seed).</summary>
        public string DefaultRegion { get; set; } = "us-east-1";

        public IReadOnlyDictionary<string, string> EffectiveCredentials()
        {
            if (Credentials.Count > 0) return Credentials;
            return new Dictionary<string, string> { [DefaultAccessKey] = DefaultSecretKey };
        }
    }
}
