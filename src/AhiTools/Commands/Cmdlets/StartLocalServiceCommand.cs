using AhiTools.LocalTesting;

namespace AhiTools.Commands
{
    /// <summary>
    /// Starts the local HealthImaging service shipped with the module on a free port of 127.0.0.1, for tests of
    /// scripts that use AhiTools. Writes where it listens, its datastores and the connection to splat.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "AHILocalService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LocalServiceInstance))]
    public sealed class StartLocalServiceCommand : AhiCmdletBase
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

        /// <summary>A seed file of datastores and image sets (the service's seed format) to load at start.</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? SeedPath { get; set; }

        /// <summary>The name of the empty datastore made when no seed is given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string DatastoreName { get; set; } = "local";

        [Parameter]
        [ValidateRange(0, 65535)]
        public int Port { get; set; }

        [Parameter]
        [ValidateRange(0, 600000)]
        public int WorkflowDelayMilliseconds { get; set; } = 250;

        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double FaultRate { get; set; }

        [Parameter]
        [ValidateRange(0, 600000)]
        public int FaultLatencyMilliseconds { get; set; }

        [Parameter]
        [ValidateRange(0.0, 1.0)]
        public double LostResponseRate { get; set; }

        [Parameter]
        public int? FaultSeed { get; set; }

        /// <summary>Short for -QuotaPreset aws.</summary>
        [Parameter]
        public SwitchParameter AwsQuotas { get; set; }

        /// <summary>Which published throttling table the service enforces: aws (the newest), aws-2024 (the older), none.</summary>
        [Parameter]
        [ValidateSet("aws", "aws-2024", "none", IgnoreCase = true)]
        public string? QuotaPreset { get; set; }

        /// <summary>How many seconds the service's clock is ahead of this computer's (negative: behind), to test a wrong clock.</summary>
        [Parameter]
        [ValidateRange(-31622400, 31622400)]
        public int ClockSkewSeconds { get; set; }

        [Parameter]
        public SwitchParameter SetDefaults { get; set; }

        protected override void EndProcessing()
        {
            string? seed = CheckedSeedPath();
            if (ShouldProcess($"local HealthImaging service on 127.0.0.1:{(Port == 0 ? "<free port>" : Port.ToString())}{(seed is null ? "" : " with seed " + seed)}", "Start"))
            {
                // The one service is the one item; it failing to start ends the command.
                RunItem(SeedPath, () => Start(seed), ThrowTerminating);
            }
        }

        /// <summary>The seed file's full path (null without -SeedPath), once the parameters are known not to contradict each other.</summary>
        private string? CheckedSeedPath()
        {
            if (AwsQuotas && QuotaPreset != null && !string.Equals(QuotaPreset, "aws", StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    new ArgumentException($"-AwsQuotas means -QuotaPreset aws and contradicts -QuotaPreset {QuotaPreset}: give one of them."),
                    ErrorIds.QuotaPresetConflict,
                    ErrorKind.InvalidInput,
                    QuotaPreset));
            }

            return SeedPath is null ? null : ResolveSeed(SeedPath);
        }

        private void Start(string? seed)
        {
            var (process, endpoint) = Await(LocalServiceProcess.StartAsync(Options(seed), StartTimeout, Stopping));
            WriteVerbose($"The local HealthImaging service (process {process.Id}) listens on {endpoint}.");
            string[] datastores;
            try
            {
                datastores = Await(seed is null
                    ? LocalServiceRoutes.CreateDatastoreAsync(endpoint, DatastoreName, Stopping)
                    : LocalServiceRoutes.ListDatastoresAsync(endpoint, Stopping));
            }
            catch
            {
                LocalServiceProcess.Stop(process);
                throw;
            }

            var service = new LocalServiceInstance(process, endpoint, datastores);
            StartedLocalServices.Add(service);
            if (SetDefaults)
            {
                LocalServiceDefaults.Set(SessionState, service);
                WriteVerbose($"$PSDefaultParameterValues now points *-AHI* cmdlets at {service.EndpointUrl} (EndpointUrl, AccessKey, SecretKey, Region).");
            }

            WriteObject(service);
        }

        private LocalServiceOptions Options(string? seed) => new()
        {
            Port = Port,
            SeedPath = seed,
            WorkflowDelayMilliseconds = WorkflowDelayMilliseconds,
            FaultRate = FaultRate > 0 ? FaultRate : (double?)null,
            FaultLatencyMilliseconds = FaultLatencyMilliseconds > 0 ? FaultLatencyMilliseconds : (int?)null,
            LostResponseRate = LostResponseRate > 0 ? LostResponseRate : (double?)null,
            FaultSeed = FaultSeed,
            QuotaPreset = AwsQuotas ? "aws" : QuotaPreset is null || string.Equals(QuotaPreset, "none", StringComparison.OrdinalIgnoreCase) ? null : QuotaPreset.ToLowerInvariant(),
            ClockSkewSeconds = ClockSkewSeconds != 0 ? ClockSkewSeconds : (int?)null,
        };

        private string ResolveSeed(string path)
        {
            string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(resolved))
            {
                ThrowTerminating(
                    new LocalServiceException(ErrorIds.SeedFileNotFound, ErrorKind.NotFound, $"The seed file {resolved} does not exist. Give the path of a seed JSON file (the format is in the local service's README), or leave -SeedPath out to start with one empty datastore."),
                    path);
            }

            return resolved;
        }
    }
}
