using System.Net;
using Amazon;
using Amazon.Runtime.Signing;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// HealthImaging over HttpClient: requests built by <see cref="HealthImagingRequestBuilder"/>, signed by
    /// AWSSDK.Core's SigV4 signer (service "medical-imaging", <see cref="ClockCorrectedSigningHandler"/>), retried by
    /// <see cref="HealthImagingSender"/>.
    /// </summary>
    internal sealed class HealthImagingClient : IHealthImagingClient
    {
        private readonly HttpClient _http;
        private readonly HealthImagingRequestBuilder _requests;
        private readonly HealthImagingSender _sender;
        private readonly LostWriteRecovery _recovery;
        private readonly RateLimiterRegistry _rateLimiters;
        private int _disposed;

        /// <param name="credentials">Resolved on every request, so refreshing credentials (SSO, roles) keep working.</param>
        /// <param name="transport">The handler below the signer; null for an HttpClientHandler. Tests pass a fake.</param>
        public HealthImagingClient(AWSCredentials credentials, HealthImagingEndpoints endpoints, HealthImagingRetryOptions? retryOptions = null, HttpMessageHandler? transport = null)
            : this(credentials, endpoints, retryOptions, transport, () => DateTimeOffset.UtcNow, ServiceClockOffsets.Shared)
        {
        }

        internal HealthImagingClient(AWSCredentials credentials, HealthImagingEndpoints endpoints, HealthImagingRetryOptions? retryOptions, HttpMessageHandler? transport,
            Func<DateTimeOffset> clock, ServiceClockOffsets? clockOffsets = null, RateLimiterRegistry? rateLimiters = null)
        {
            _rateLimiters = rateLimiters ?? RateLimiterRegistry.Shared;
            clockOffsets ??= ServiceClockOffsets.Shared;
            if (credentials is null) throw new ArgumentNullException(nameof(credentials));
            Endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
            RetryOptions = retryOptions ?? HealthImagingRetryOptions.Default;

            var signer = new ClockCorrectedSigningHandler(
                credentials,
                RegionEndpoint.GetBySystemName(endpoints.SigningRegion),
                HealthImagingEndpoints.SigningService,
                clockOffsets,
                clock,
                transport ?? CreateTransport());
            _http = new HttpClient(signer, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _requests = new HealthImagingRequestBuilder(endpoints);
            _sender = new HealthImagingSender(_http, RetryOptions, clock, clockOffsets);
            _recovery = new LostWriteRecovery(GetImageSetAsync, ReadMetadataDocumentAsync, RetryOptions);
        }

        public HealthImagingEndpoints Endpoints { get; }

        /// <summary>The session's limiters, or none in standard retry mode.</summary>
        private RateLimiterRegistry? RateLimiters => RetryOptions.AdaptiveRateControl ? _rateLimiters : null;

        private AdaptiveRateLimiter? Limiter(string operation, Uri endpoint) => RateLimiters?.For(endpoint, operation);

        public HealthImagingRetryOptions RetryOptions { get; }

        /// <summary>Set by the provider for process-wide clients: Dispose is then a no-op, as other cmdlet calls share it.</summary>
        internal bool IsShared { get; set; }

        public async Task<ImageSetVersionState> GetImageSetAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(Limiter("GetImageSet", Endpoints.DataPlane), () => _requests.GetImageSet(datastoreId, imageSetId, versionId), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseGetImageSet(body, datastoreId, imageSetId);
        }

        public async Task<ImageSetVersionPage> ListImageSetVersionsAsync(string datastoreId, string imageSetId, int? maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(Limiter("ListImageSetVersions", Endpoints.DataPlane), () => _requests.ListImageSetVersions(datastoreId, imageSetId, maxResults, nextToken), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseListImageSetVersions(body, datastoreId, imageSetId);
        }

        public async Task<Stream> GetImageSetMetadataAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await _sender.SendForStreamAsync(Limiter("GetImageSetMetadata", Endpoints.DataPlane), () => _requests.GetImageSetMetadata(datastoreId, imageSetId, versionId), cancellationToken).ConfigureAwait(false);
            return await MetadataResponseStream.OpenAsync(response).ConfigureAwait(false);
        }

        public Task<ImageSetWriteResult> CopyImageSetAsync(CopyImageSetRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            // A copy into a new image set cannot be recognised afterwards: once it may have been applied, it is not replayed.
            bool recognisable = request.DestinationImageSetId != null && !request.PromoteToPrimary;
            string howToCheck = recognisable
                ? $"Check with Get-AHIImageSetVersion -DatastoreId {request.DatastoreId} -ImageSetId {request.DestinationImageSetId}: a version after {request.DestinationLatestVersionId} that holds the copied instances means the copy was applied; if there is none, copy again."
                : "The copy makes a new image set, so AhiTools cannot tell whether it was created: look for it before copying again.";
            return WriteAsync(
                "CopyImageSet",
                () => _requests.CopyImageSet(request),
                body => HealthImagingResponseParser.ParseCopyImageSet(body, request),
                log => _recovery.RecoverCopyAsync(request, log, cancellationToken),
                IsRefusal,
                "copy",
                howToCheck,
                cancellationToken,
                new WriteAttemptLog(replaySafe: recognisable, unsafeReplayAdvice: howToCheck));
        }

        public Task<ImageSetWriteResult> UpdateImageSetMetadataAsync(UpdateImageSetMetadataRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            string write = request.RevertToVersionId is null ? "update" : "revert";
            string holds = request.RevertToVersionId is null ? "holds your change" : $"equals version {request.RevertToVersionId}";
            return WriteAsync(
                "UpdateImageSetMetadata",
                () => _requests.UpdateImageSetMetadata(request),
                body => HealthImagingResponseParser.ParseWrite(body, request.DatastoreId, request.ImageSetId),
                log => _recovery.RecoverUpdateAsync(request, log, cancellationToken),
                IsRefusal,
                write,
                $"Check with Get-AHIImageSetVersion -DatastoreId {request.DatastoreId} -ImageSetId {request.ImageSetId}: a version after {request.LatestVersionId} that {holds} means the {write} was applied; if there is none, run it again.",
                cancellationToken);
        }

        public async Task<SearchImageSetsPage> SearchImageSetsAsync(string datastoreId, string? searchCriteriaJson, int? maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            // Search is a POST but reads only: retrying it is always safe.
            byte[] body = await _sender.SendForBodyAsync(Limiter("SearchImageSets", Endpoints.DataPlane), () => _requests.SearchImageSets(datastoreId, searchCriteriaJson, maxResults, nextToken), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseSearchImageSets(body, datastoreId);
        }

        public Task<ImageSetWriteResult> DeleteImageSetAsync(string datastoreId, string imageSetId, CancellationToken cancellationToken)
        {
            // A retried delete that was applied meets a locked (Conflict) or vanished (ResourceNotFound) image set.
            return WriteAsync(
                "DeleteImageSet",
                () => _requests.DeleteImageSet(datastoreId, imageSetId),
                body => HealthImagingResponseParser.ParseWrite(body, datastoreId, imageSetId),
                _ => _recovery.RecoverDeleteAsync(datastoreId, imageSetId, cancellationToken),
                failure => IsConflict(failure) || IsNotFound(failure),
                "delete",
                $"Check with Get-AHIImageSetVersion -DatastoreId {datastoreId} -ImageSetId {imageSetId} -Latest before deleting again: ResourceNotFoundException or State DELETED means it was deleted.",
                cancellationToken);
        }

        public async Task<DatastoreProperties> GetDatastoreAsync(string datastoreId, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(Limiter("GetDatastore", Endpoints.ControlPlane), () => _requests.GetDatastore(datastoreId), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseGetDatastore(body);
        }

        public async Task<DatastorePage> ListDatastoresAsync(string? datastoreStatus, int? maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(Limiter("ListDatastores", Endpoints.ControlPlane), () => _requests.ListDatastores(datastoreStatus, maxResults, nextToken), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseListDatastores(body);
        }

        public void Dispose()
        {
            if (IsShared)
            {
                return;
            }

            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _http.Dispose();
            }
        }

#if NET
        /// <param name="connect">Opens each connection instead of a socket (the warm-up's in-memory ones); null for sockets.</param>
        internal static HttpMessageHandler CreateTransport(Func<Stream>? connect = null)
        {
            var handler = new SocketsHttpHandler
            {
                // Redirects must not be followed below the signer (they would go out unsigned or mis-signed).
                AllowAutoRedirect = false,
                // GetImageSetMetadata's gzip body is streamed and gunzipped by MetadataResponseStream.
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
                MaxConnectionsPerServer = 64,
            };
            if (connect is not null)
            {
                // Completes later, as a socket's connect does, so the pool's code for a pending connect is compiled too.
                handler.ConnectCallback = async (_, _) =>
                {
                    await Task.Yield();
                    return connect();
                };
            }

            return handler;
        }
#else
        private static HttpMessageHandler CreateTransport()
        {
            var handler = new HttpClientHandler
            {
                // Redirects must not be followed below the signer (they would go out unsigned or mis-signed).
                AllowAutoRedirect = false,
                // GetImageSetMetadata's gzip body is streamed and gunzipped by MetadataResponseStream.
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
            };

            try
            {
                // Windows PowerShell's .NET Framework allows 2 connections per host by default.
                handler.MaxConnectionsPerServer = 64;
            }
            catch (PlatformNotSupportedException)
            {
            }

            return handler;
        }
#endif

        /// <summary>
        /// Sends a write (retried like any call). When an attempt's connection was lost after the request was sent,
        /// the write may have been applied without its response arriving; then, if a retry is refused
        /// (<paramref name="isRefusal"/>) or the retries run out, <paramref name="recover"/> finds out whether it was.
        /// Applied: its result, flagged RecoveredAfterLostResponse. Not applied (another writer's version is there):
        /// a ConflictException saying so. Neither can be told: a WriteOutcomeUnknownException saying how to check.
        /// </summary>
        private async Task<ImageSetWriteResult> WriteAsync(
            string operation,
            Func<HttpRequestMessage> buildRequest,
            Func<byte[], ImageSetWriteResult> parse,
            Func<WriteAttemptLog, Task<LostWriteVerdict>> recover,
            Func<HealthImagingServiceException, bool> isRefusal,
            string write,
            string howToCheck,
            CancellationToken cancellationToken,
            WriteAttemptLog? attempts = null)
        {
            WriteAttemptLog log = attempts ?? new WriteAttemptLog();
            try
            {
                byte[] body = await _sender.SendForBodyAsync(Limiter(operation, Endpoints.DataPlane), buildRequest, log, cancellationToken).ConfigureAwait(false);
                return parse(body);
            }
            catch (HealthImagingServiceException refusal) when (log.MayHaveBeenApplied && log.Attempts > 1 && isRefusal(refusal))
            {
                LostWriteVerdict verdict = await CheckAsync(recover, log).ConfigureAwait(false);
                return verdict.Result ?? throw Unapplied(verdict, refusal, refusal, log, write, howToCheck);
            }
            catch (Exception failure) when (log.MayHaveBeenApplied && TransientFailure.IsRetryable(failure) && !cancellationToken.IsCancellationRequested)
            {
                LostWriteVerdict verdict = await CheckAsync(recover, log).ConfigureAwait(false);
                return verdict.Result ?? throw Unapplied(verdict, null, failure, log, write, howToCheck);
            }
        }

        /// <summary>The service may be unreachable still (or again): then the outcome cannot be told.</summary>
        private static async Task<LostWriteVerdict> CheckAsync(Func<WriteAttemptLog, Task<LostWriteVerdict>> recover, WriteAttemptLog log)
        {
            try
            {
                return await recover(log).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                string why = e is HealthImagingServiceException service ? $"HTTP {(int)service.StatusCode} {service.ErrorCode}" : e.GetType().Name;
                return LostWriteVerdict.Unknown($"checking for the version it would have made failed too ({why})");
            }
        }

        private static Exception Unapplied(LostWriteVerdict verdict, HealthImagingServiceException? refusal, Exception failure, WriteAttemptLog log, string write, string howToCheck)
        {
            if (!verdict.IsNotApplied)
            {
                return new WriteOutcomeUnknownException(
                    $"The {write} was sent but its response was lost ({log.EarlierFailure}), and {verdict.Reason}: it may or may not have been applied.",
                    howToCheck,
                    failure);
            }

            // Not applied: a refusal other than a conflict (a validation error) stands as the service gave it.
            if (refusal != null && !IsConflict(refusal))
            {
                return refusal;
            }

            string message = $"The {write} was not applied: {verdict.Reason}.";
            return refusal is null
                ? new HealthImagingServiceException("ConflictException", HttpStatusCode.Conflict, null, message, failure)
                : new HealthImagingServiceException(refusal.ErrorCode, refusal.StatusCode, refusal.RequestId, $"{refusal.Message} {message}", refusal);
        }

        private async Task<JsonObject> ReadMetadataDocumentAsync(string datastoreId, string imageSetId, string versionId, CancellationToken cancellationToken)
        {
            using (Stream stream = await GetImageSetMetadataAsync(datastoreId, imageSetId, versionId, cancellationToken).ConfigureAwait(false))
            {
                return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject
                    ?? throw new JsonException($"The metadata of image set {imageSetId} version {versionId} is not a JSON object.");
            }
        }

        /// <summary>
        /// Conflict is what a locked image set or a stale latest version gives; ValidationException is taken too, in
        /// case the service reports the stale version that way.
        /// </summary>
        private static bool IsRefusal(HealthImagingServiceException failure)
        {
            return IsConflict(failure) || string.Equals(failure.ErrorCode, "ValidationException", StringComparison.Ordinal);
        }

        private static bool IsConflict(HealthImagingServiceException e) => string.Equals(e.ErrorCode, "ConflictException", StringComparison.Ordinal) || (int)e.StatusCode == 409;

        private static bool IsNotFound(HealthImagingServiceException e) => string.Equals(e.ErrorCode, "ResourceNotFoundException", StringComparison.Ordinal) || (int)e.StatusCode == 404;
    }
}
