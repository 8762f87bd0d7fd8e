#if NET
using System.Security.Cryptography;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Compiles a session's first request ahead of it. .NET JIT-compiles the HTTP and JSON code that a client's first
    /// request runs (generic code no precompiled image can hold, a few hundred methods). When a cmdlet that calls
    /// HealthImaging begins, or a completer that does is asked, this runs on a thread of its own while that command
    /// resolves its connection, builds its client and signs: it reads a canned answer of the command's first operation
    /// (the JSON the command needs last), then sends a request through a transport whose connections are
    /// <see cref="CannedHttpConnection"/>s and reads the answer as the client reads a response's body. Nothing leaves the
    /// process, and no credentials, profiles or settings of the user are read.
    /// Not at import: a warm-up there competed for both cores with everything PowerShell did next, and a session that
    /// only imports the module, or completes a parameter's name, paid for it (bench/README.md, Start-up, tenth pass).
    /// </summary>
    internal static class FirstCallWarmUp
    {
        internal const string DisableVariable = "AHITOOLS_NO_WARMUP";

        private const string DatastoreId = "00000000000000000000000000000000";
        private const string ImageSetId = "11111111111111111111111111111111";

        // The canned answers, one per FirstRequest; ListedVersions also answers the exchange.
        private const string ListedVersions =
            "{\"imageSetPropertiesList\":[{\"imageSetId\":\"" + ImageSetId + "\",\"versionId\":\"1\",\"imageSetState\":\"ACTIVE\",\"ImageSetWorkflowStatus\":\"CREATED\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}]}";

        private const string ImageSetState =
            "{\"datastoreId\":\"" + DatastoreId + "\",\"imageSetId\":\"" + ImageSetId + "\",\"versionId\":\"1\",\"latestVersionId\":\"1\",\"imageSetState\":\"ACTIVE\",\"imageSetWorkflowStatus\":\"CREATED\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}";

        private const string ListedDatastore =
            "{\"datastoreSummaries\":[{\"datastoreId\":\"" + DatastoreId + "\",\"datastoreName\":\"warm-up\",\"datastoreStatus\":\"ACTIVE\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}]}";

        private const string ReadDatastore =
            "{\"datastoreProperties\":{\"datastoreId\":\"" + DatastoreId + "\",\"datastoreName\":\"warm-up\",\"datastoreStatus\":\"ACTIVE\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}}";

        private const string FoundImageSet =
            "{\"imageSetsMetadataSummaries\":[{\"imageSetId\":\"" + ImageSetId + "\",\"version\":1,\"createdAt\":1.7E9,\"updatedAt\":1.7E9,\"DICOMTags\":{\"DICOMPatientId\":\"warm-up\"}}]}";

        private static readonly byte[] WarmUpBytes = [1];
        private static readonly HealthImagingEndpoints Endpoints =
            new(new Uri("http://warm-up.invalid/"), new Uri("http://warm-up.invalid/"), "us-east-1", isCustom: true);

        private static int _started;
        private static volatile Task<bool>? _lastRun;

        /// <summary>The run <see cref="Start"/> began (true once every answer it read was as expected); null before.</summary>
        internal static Task<bool>? LastRun => _lastRun;

        /// <summary>The request whose answer that run reads; null before.</summary>
        internal static FirstRequest? LastRequest { get; private set; }

        /// <summary>Starts the warm-up once per process, unless AHITOOLS_NO_WARMUP is set. Returns at once.</summary>
        public static void Start(FirstRequest first)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DisableVariable))) return;
            if (Interlocked.CompareExchange(ref _started, 1, 0) != 0) return;
            // From a pool thread: starting a thread waits until the new thread runs, several milliseconds on busy cores,
            // and the command's thread is the one the user waits for.
            LastRequest = first;
            _lastRun = Task.Run(() => OnOwnThread(() => RunAsync(first)));
        }

        // On a thread of its own, not a pool thread: the pool starts with one thread per core, and the continuations of the
        // real call's awaits would wait behind the warm-up's compiling.
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
        /// Loads the platform's crypto, reads a canned answer of <paramref name="first"/>, then sends a request straight
        /// through a transport, as the client's signer hands it on, and reads its answer. Never throws.
        /// </summary>
        /// <param name="answersRead">Given, the operation of each answer read is added, in order.</param>
        internal static async Task<bool> RunAsync(FirstRequest first, ICollection<string>? answersRead = null)
        {
            try
            {
                // The session's client hashes its credentials into its cache key (SHA-256) and every request is signed with
                // HMAC-SHA256; the first use of either loads the platform's crypto library (OpenSSL on Linux).
                _ = SHA256.HashData(WarmUpBytes);
                _ = HMACSHA256.HashData(WarmUpBytes, WarmUpBytes);

                // The command builds its client and signs first: this starts at the other end, with the answer's JSON,
                // so that the two compile different code at the same time.
                if (!ReadsAsExpected(first)) return false;
                answersRead?.Add(first.ToString());

                using var http = new HttpClient(HealthImagingClient.CreateTransport(() => new CannedHttpConnection(Answer))) { Timeout = Timeout.InfiniteTimeSpan };
                using var request = new HealthImagingRequestBuilder(Endpoints).ListImageSetVersions(DatastoreId, ImageSetId, 50, null);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None).ConfigureAwait(false);
                byte[] body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (HealthImagingResponseParser.ParseListImageSetVersions(body, DatastoreId, ImageSetId).Versions.Count != 1) return false;
                answersRead?.Add("exchange");
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }

        private static bool ReadsAsExpected(FirstRequest first) => first switch
        {
            FirstRequest.ListImageSetVersions => HealthImagingResponseParser.ParseListImageSetVersions(Bytes(ListedVersions), DatastoreId, ImageSetId).Versions.Count == 1,
            FirstRequest.GetDatastore => HealthImagingResponseParser.ParseGetDatastore(Bytes(ReadDatastore)).DatastoreId == DatastoreId,
            FirstRequest.ListDatastores => HealthImagingResponseParser.ParseListDatastores(Bytes(ListedDatastore)).Datastores.Count == 1,
            FirstRequest.SearchImageSets => HealthImagingResponseParser.ParseSearchImageSets(Bytes(FoundImageSet), DatastoreId).ImageSets.Count == 1,
            _ => HealthImagingResponseParser.ParseGetImageSet(Bytes(ImageSetState), DatastoreId, ImageSetId).VersionId == "1",
        };

        private static byte[] Bytes(string answer) => Encoding.UTF8.GetBytes(answer);

        // The exchange sends only a ListImageSetVersions.
        private static CannedHttpConnection.Response Answer(string requestLine) =>
            requestLine.Contains("/listImageSetVersions")
                ? new(200, ListedVersions)
                : new(404, "{\"message\":\"not part of the warm-up\"}");
    }
}
#endif
