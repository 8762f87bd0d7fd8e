#if NET
using Amazon.Runtime;
using System.Security.Cryptography;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Compiles the first call's code ahead of it. .NET JIT-compiles the HTTP, signing, pacing and JSON code that a
    /// client's first request runs (generic code no precompiled image can hold, several hundred methods); run on two
    /// background threads from the moment the module's load context is made, this does that on the other core while
    /// PowerShell is still importing the module and binding the first command. It sends the first calls' requests
    /// (ListImageSetVersions, GetImageSet and an UpdateImageSetMetadata) through a throw-away client whose connections
    /// are <see cref="CannedHttpConnection"/>s: nothing leaves the process, no credentials, profiles or settings of the
    /// user are read, and the session's clients, rate limiters and clock offsets are not touched. Once the session has a
    /// client of its own (<see cref="SessionClientMade"/>), the warm-up stops after the request it is sending and the
    /// answer it is reading: the real call compiles what it still needs, and the cores are left to it.
    /// </summary>
    internal static class FirstCallWarmUp
    {
        internal const string DisableVariable = "AHITOOLS_NO_WARMUP";

        private const string DatastoreId = "00000000000000000000000000000000";
        private const string ImageSetId = "11111111111111111111111111111111";

        private const string ListedDatastore =
            "{\"datastoreSummaries\":[{\"datastoreId\":\"" + DatastoreId + "\",\"datastoreName\":\"warm-up\",\"datastoreStatus\":\"ACTIVE\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}]}";

        private const string FoundImageSet =
            "{\"imageSetsMetadataSummaries\":[{\"imageSetId\":\"" + ImageSetId + "\",\"version\":1,\"createdAt\":1.7E9,\"updatedAt\":1.7E9,\"DICOMTags\":{\"DICOMPatientId\":\"warm-up\"}}]}";

        private static readonly byte[] WarmUpBytes = [1];
        private static readonly HealthImagingEndpoints Endpoints =
            new(new Uri("http://warm-up.invalid/"), new Uri("http://warm-up.invalid/"), "us-east-1", isCustom: true);

        private static volatile bool _sessionClientMade;
        private static int _started;
        private static volatile Task<bool>? _lastRun;

        /// <summary>The run <see cref="Start"/> began (true once every answer it read was as expected); null before.</summary>
        internal static Task<bool>? LastRun => _lastRun;

        /// <summary>
        /// Starts the warm-up once per process, unless AHITOOLS_NO_WARMUP is set. The module's load-context loader
        /// calls this by name (AhiTools.Shared); the cmdlet assembly's initializer calls it too.
        /// </summary>
        public static void Start()
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DisableVariable))) return;
            // The loader's pool thread and the import's own thread both call this, at about the same time: the second
            // returns at once instead of waiting while the first starts the threads (the import's thread is the one
            // the user waits for).
            if (Interlocked.CompareExchange(ref _started, 1, 0) != 0) return;
            // From a pool thread: starting a thread waits until the new thread runs, which takes several milliseconds
            // while the import keeps both cores busy, and the import's thread is the one the user waits for.
            _lastRun = Task.Run(RunAllAsync);
        }

        /// <summary>Called when the session makes its first client: the warm-up sends no further request.</summary>
        public static void SessionClientMade() => _sessionClientMade = true;

        // A request compiles its code one method after the next, in the order it runs them: the client, the rate
        // limiter and the signature, then the HTTP exchange, then the answer's JSON. The second part starts from the other
        // end (the JSON, then the exchange) at the same time, so that the first finds them ready when it gets there.
        private static async Task<bool> RunAllAsync()
        {
            Task<bool> exchange = OnOwnThread(() => ExchangeAndReadAsync(() => _sessionClientMade));
            Task<bool> calls = OnOwnThread(() => RunAsync(() => _sessionClientMade));
            bool exchanged = await exchange.ConfigureAwait(false);
            return await calls.ConfigureAwait(false) && exchanged;
        }

        // Each part runs what it can without waiting (most of the compiling) on a thread of its own, not a pool thread:
        // the pool starts with one thread per core, and the continuations of the real call and of the warm-up's own
        // awaits would wait behind it.
        private static Task<bool> OnOwnThread(Func<Task<bool>> part)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    done.SetResult(part().GetAwaiter().GetResult());
                }
                catch (Exception)
                {
                    done.SetResult(false);
                }
            })
            {
                IsBackground = true,
                Name = "AhiTools warm-up",
            };
            thread.Start();
            return done.Task;
        }

        /// <summary>
        /// Does first what the first call needs last: loads the platform's crypto, reads a ListImageSetVersions answer's
        /// JSON, then sends a request straight through a transport, as the client's signer hands it on, and reads the
        /// answer as the client reads a response's body; then the other operations' answers. Never throws.
        /// </summary>
        /// <param name="stop">Asked after the exchange: true reads none of the other operations' answers.</param>
        /// <param name="answersRead">Given, the operation of each answer read is added.</param>
        internal static async Task<bool> ExchangeAndReadAsync(Func<bool> stop, ICollection<string>? answersRead = null)
        {
            try
            {
                // The session's first client hashes its credentials into its cache key (SHA-256) and every request is
                // signed with HMAC-SHA256; the first use of either loads the platform's crypto library (OpenSSL on
                // Linux), which would otherwise happen on the first call's thread.
                _ = SHA256.HashData(WarmUpBytes);
                _ = HMACSHA256.HashData(WarmUpBytes, WarmUpBytes);

                // The other part builds its client first (AWSSDK.Core's region data) and signs: this part leaves those
                // to it and starts at the other end, so that the two compile different code at the same time and the
                // first call finds the JSON ready when its answer comes.
                if (HealthImagingResponseParser.ParseListImageSetVersions(Body("/listImageSetVersions"), DatastoreId, ImageSetId).Versions.Count != 1) return false;
                using (var http = new HttpClient(HealthImagingClient.CreateTransport(() => new CannedHttpConnection(Answer))) { Timeout = Timeout.InfiniteTimeSpan })
                {
                    using var request = new HealthImagingRequestBuilder(Endpoints).ListImageSetVersions(DatastoreId, ImageSetId, 50, null);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).ConfigureAwait(false);
                    byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    if (HealthImagingResponseParser.ParseListImageSetVersions(body, DatastoreId, ImageSetId).Versions.Count != 1) return false;
                    answersRead?.Add("ListImageSetVersions");
                }

                // The session's first call has begun: what it reads, it now compiles itself, and the cores are its.
                if (stop()) return true;
                var state = HealthImagingResponseParser.ParseGetImageSet(Body("/getImageSet"), DatastoreId, ImageSetId);
                var written = HealthImagingResponseParser.ParseWrite(Body("/updateImageSetMetadata"), DatastoreId, ImageSetId);
                // What tab completion reads first for -DatastoreId and -ImageSetId.
                var datastores = HealthImagingResponseParser.ParseListDatastores(Encoding.UTF8.GetBytes(ListedDatastore));
                var found = HealthImagingResponseParser.ParseSearchImageSets(Encoding.UTF8.GetBytes(FoundImageSet), DatastoreId);
                answersRead?.Add("GetImageSet, UpdateImageSetMetadata, ListDatastores, SearchImageSets");
                return state.VersionId == "1" && written.ImageSet.VersionId == "2" && datastores.Datastores.Count == 1 && found.ImageSets.Count == 1;
            }
            catch (Exception)
            {
                return false;
            }

            static byte[] Body(string operation) => Encoding.UTF8.GetBytes(Answer(operation).Body);
        }

        /// <summary>One pass; false when an answer was not read as expected. Never throws.</summary>
        /// <param name="stop">Asked before each request after the first: true sends no more.</param>
        /// <param name="requestLines">Given, the request line of each request sent is added.</param>
        internal static async Task<bool> RunAsync(Func<bool> stop, ICollection<string>? requestLines = null)
        {
            try
            {
                var transport = HealthImagingClient.CreateTransport(() => new CannedHttpConnection(line =>
                {
                    requestLines?.Add(line);
                    return Answer(line);
                }));
                using var client = new HealthImagingClient(
                    new BasicAWSCredentials("AKIAAHITOOLSWARMUP00", "warm-up"),
                    Endpoints,
                    // Adaptive, as the cmdlets' clients are unless the user chose otherwise: its requests go through a
                    // rate limiter, this client's own (the registry below), never the session's.
                    HealthImagingRetryOptions.Default.WithAdaptiveRateControl(true),
                    transport,
                    () => DateTimeOffset.UtcNow,
                    new ServiceClockOffsets(),
                    new RateLimiterRegistry(TimeProvider.System));
                var versions = await client.ListImageSetVersionsAsync(DatastoreId, ImageSetId, 50, null, CancellationToken.None).ConfigureAwait(false);
                if (versions.Versions.Count != 1) return false;
                if (stop()) return true;
                var state = await client.GetImageSetAsync(DatastoreId, ImageSetId, null, CancellationToken.None).ConfigureAwait(false);
                if (state.VersionId != "1") return false;
                if (stop()) return true;
                var written = await client.UpdateImageSetMetadataAsync(
                    new UpdateImageSetMetadataRequest
                    {
                        DatastoreId = DatastoreId,
                        ImageSetId = ImageSetId,
                        LatestVersionId = state.VersionId,
                        UpdatableAttributes = "{\"SchemaVersion\":\"1.1\",\"Study\":{\"DICOM\":{\"StudyDescription\":\"warm-up\"}}}"u8.ToArray(),
                    },
                    CancellationToken.None).ConfigureAwait(false);
                return written.ImageSet.VersionId == "2";
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static CannedHttpConnection.Response Answer(string requestLine)
        {
            string listedVersion = $"{{\"imageSetId\":\"{ImageSetId}\",\"versionId\":\"1\",\"imageSetState\":\"ACTIVE\",\"ImageSetWorkflowStatus\":\"CREATED\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}}";
            string ImageSet(string version, string state, string status) =>
                $"{{\"datastoreId\":\"{DatastoreId}\",\"imageSetId\":\"{ImageSetId}\",\"versionId\":\"{version}\",\"latestVersionId\":\"{version}\",\"imageSetState\":\"{state}\",\"imageSetWorkflowStatus\":\"{status}\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}}";
            if (requestLine.Contains("/listImageSetVersions")) return new(200, $"{{\"imageSetPropertiesList\":[{listedVersion}]}}");
            if (requestLine.Contains("/getImageSet")) return new(200, ImageSet("1", "ACTIVE", "CREATED"));
            if (requestLine.Contains("/updateImageSetMetadata")) return new(200, ImageSet("2", "LOCKED", "UPDATING"));
            return new(404, "{\"message\":\"not part of the warm-up\"}");
        }
    }
}
#endif
