using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Errors;
using AhiTools.LocalTesting;

namespace AhiTools.Commands
{
    /// <summary>
    /// Starts the local HealthImaging service shipped with the module on a free port of 127.0.0.1, for tests of
    /// scripts that use AhiTools. Writes where it listens, its datastores and the connection to splat.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "AHILocalService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LocalServiceInstance))]
    public sealed class StartLocalServiceCommand : PSCmdlet
    {
        private const string Region = "us-east-1";
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
        private readonly CancellationTokenSource _stopping = new();

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

        protected override void StopProcessing() => _stopping.Cancel();

        protected override void EndProcessing()
        {
            if (AwsQuotas && QuotaPreset != null && !string.Equals(QuotaPreset, "aws", StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    new ArgumentException($"-AwsQuotas means -QuotaPreset aws and contradicts -QuotaPreset {QuotaPreset}: give one of them."),
                    ErrorIds.QuotaPresetConflict,
                    ErrorKind.InvalidInput,
                    QuotaPreset));
            }

            string? seed = SeedPath is null ? null : ResolveSeed(SeedPath);
            if (!ShouldProcess($"local HealthImaging service on 127.0.0.1:{(Port == 0 ? "<free port>" : Port.ToString())}{(seed is null ? "" : " with seed " + seed)}", "Start"))
            {
                return;
            }

            var options = new LocalServiceOptions
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

            try
            {
                var (process, endpoint) = LocalServiceProcess.StartAsync(options, StartTimeout, _stopping.Token).GetAwaiter().GetResult();
                WriteVerbose($"The local HealthImaging service (process {process.Id}) listens on {endpoint}.");
                string[] datastores;
                try
                {
                    datastores = (seed is null ? CreateDatastoreAsync(endpoint) : ListDatastoresAsync(endpoint)).GetAwaiter().GetResult();
                }
                catch
                {
                    LocalServiceProcess.Stop(process);
                    throw;
                }

                var service = new LocalServiceInstance(process, endpoint, datastores, LocalServiceProcess.AccessKey, LocalServiceProcess.SecretKey, Region);
                StartedLocalServices.Add(service);
                if (SetDefaults)
                {
                    LocalServiceDefaults.Set(SessionState, service);
                    WriteVerbose($"$PSDefaultParameterValues now points *-AHI* cmdlets at {service.EndpointUrl} (EndpointUrl, AccessKey, SecretKey, Region).");
                }

                WriteObject(service);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (LocalServiceException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, SeedPath));
            }
            catch (Exception e) when (e is HttpRequestException || e is JsonException || e is TaskCanceledException && !_stopping.IsCancellationRequested)
            {
                ThrowTerminatingError(ErrorRecords.Create(e, ErrorIds.LocalServiceFailedToStart, ErrorKind.Failed, SeedPath));
            }
        }

        private string ResolveSeed(string path)
        {
            string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(resolved))
            {
                ThrowTerminatingError(ErrorRecords.From(
                    new LocalServiceException(ErrorIds.SeedFileNotFound, ErrorKind.NotFound, $"The seed file {resolved} does not exist. Give the path of a seed JSON file (the format is in the local service's README), or leave -SeedPath out to start with one empty datastore."),
                    path));
            }

            return resolved;
        }

        /// <summary>Through the service's unsigned /_local route, which makes it ACTIVE at once.</summary>
        private async Task<string[]> CreateDatastoreAsync(Uri endpoint)
        {
            string request = new JsonObject { ["datastoreName"] = DatastoreName }.ToJsonString();
            using (JsonDocument created = await LocalRouteAsync(endpoint, HttpMethod.Post, "/_local/datastores", request).ConfigureAwait(false))
            {
                return new[] { created.RootElement.GetProperty("datastoreId").GetString()! };
            }
        }

        /// <summary>What the seed made, through the /_local route, which no injected fault or quota touches.</summary>
        private async Task<string[]> ListDatastoresAsync(Uri endpoint)
        {
            using (JsonDocument listed = await LocalRouteAsync(endpoint, HttpMethod.Get, "/_local/datastores", null).ConfigureAwait(false))
            {
                return listed.RootElement.GetProperty("datastoreIds").EnumerateArray().Select(id => id.GetString()!).ToArray();
            }
        }

        private async Task<JsonDocument> LocalRouteAsync(Uri endpoint, HttpMethod method, string path, string? json)
        {
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            using (var request = new HttpRequestMessage(method, new Uri(endpoint, path)))
            {
                if (json != null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                using (HttpResponseMessage response = await http.SendAsync(request, _stopping.Token).ConfigureAwait(false))
                {
                    response.EnsureSuccessStatusCode();
                    return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
                }
            }
        }
    }
}
