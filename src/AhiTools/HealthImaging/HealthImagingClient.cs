using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// HealthImaging over HttpClient: requests built by <see cref="HealthImagingRequestBuilder"/>, signed by
    /// AWSSDK.Core's SigV4SigningHandler (service "medical-imaging"), retried by <see cref="HealthImagingSender"/>.
    /// </summary>
    public sealed class HealthImagingClient : IHealthImagingClient
    {
        private readonly HttpClient _http;
        private readonly HealthImagingRequestBuilder _requests;
        private readonly HealthImagingSender _sender;
        private readonly LostWriteRecovery _recovery;
        private int _disposed;

        /// <param name="credentials">Resolved on every request, so refreshing credentials (SSO, roles) keep working.</param>
        /// <param name="transport">The handler below the signer; null for an HttpClientHandler. Tests pass a fake.</param>
        public HealthImagingClient(AWSCredentials credentials, HealthImagingEndpoints endpoints, HealthImagingRetryOptions? retryOptions = null, HttpMessageHandler? transport = null)
            : this(credentials, endpoints, retryOptions, transport, () => DateTimeOffset.UtcNow)
        {
        }

        internal HealthImagingClient(AWSCredentials credentials, HealthImagingEndpoints endpoints, HealthImagingRetryOptions? retryOptions, HttpMessageHandler? transport, Func<DateTimeOffset> clock)
        {
            if (credentials is null) throw new ArgumentNullException(nameof(credentials));
            Endpoints = endpoints ?? throw new ArgumentNullException(nameof(endpoints));
            RetryOptions = retryOptions ?? HealthImagingRetryOptions.Default;

            var signer = new SigV4SigningHandler(
                credentials,
                RegionEndpoint.GetBySystemName(endpoints.SigningRegion),
                HealthImagingEndpoints.SigningService,
                transport ?? CreateTransport());
            _http = new HttpClient(signer, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _requests = new HealthImagingRequestBuilder(endpoints);
            _sender = new HealthImagingSender(_http, RetryOptions, clock);
            _recovery = new LostWriteRecovery(GetImageSetAsync, RetryOptions.ClockSkewAllowance);
        }

        public HealthImagingEndpoints Endpoints { get; }

        public HealthImagingRetryOptions RetryOptions { get; }

        /// <summary>Set by the provider for process-wide clients: Dispose is then a no-op, as other cmdlet calls share it.</summary>
        internal bool IsShared { get; set; }

        public async Task<ImageSetProperties> GetImageSetAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(() => _requests.GetImageSet(datastoreId, imageSetId, versionId), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseGetImageSet(body);
        }

        public async Task<ImageSetVersionPage> ListImageSetVersionsAsync(string datastoreId, string imageSetId, int? maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(() => _requests.ListImageSetVersions(datastoreId, imageSetId, maxResults, nextToken), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseListImageSetVersions(body, datastoreId);
        }

        public async Task<Stream> GetImageSetMetadataAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await _sender.SendForStreamAsync(() => _requests.GetImageSetMetadata(datastoreId, imageSetId, versionId), cancellationToken).ConfigureAwait(false);
            return await MetadataResponseStream.OpenAsync(response).ConfigureAwait(false);
        }

        public Task<CopyImageSetResult> CopyImageSetAsync(CopyImageSetRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            string advice = request.DestinationImageSetId is null || request.PromoteToPrimary
                ? "The copy makes a new image set, so AhiTools cannot tell whether it was created: look for it before copying again."
                : $"No version after {request.DestinationLatestVersionId} of the destination was found that this copy created; check the destination's versions before copying again.";
            // A copy into a new image set cannot be recognised afterwards: once it may have been applied, it is not replayed.
            bool recognisable = request.DestinationImageSetId != null && !request.PromoteToPrimary;
            return WriteAsync(
                () => _requests.CopyImageSet(request),
                HealthImagingResponseParser.ParseCopyImageSet,
                log => _recovery.TryRecoverCopyAsync(request, log, cancellationToken),
                IsRefusal,
                "copy",
                advice,
                cancellationToken,
                new WriteAttemptLog(replaySafe: recognisable, unsafeReplayAdvice: advice));
        }

        public Task<UpdateImageSetMetadataResult> UpdateImageSetMetadataAsync(UpdateImageSetMetadataRequest request, CancellationToken cancellationToken)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            return WriteAsync(
                () => _requests.UpdateImageSetMetadata(request),
                HealthImagingResponseParser.ParseUpdateImageSetMetadata,
                log => _recovery.TryRecoverUpdateAsync(request, log, cancellationToken),
                IsRefusal,
                "update",
                $"No version after {request.LatestVersionId} was found that this update created; check the image set's versions before updating again.",
                cancellationToken);
        }

        public async Task<SearchImageSetsPage> SearchImageSetsAsync(string datastoreId, string? searchCriteriaJson, int? maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            // Search is a POST but reads only: retrying it is always safe.
            byte[] body = await _sender.SendForBodyAsync(() => _requests.SearchImageSets(datastoreId, searchCriteriaJson, maxResults, nextToken), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseSearchImageSets(body);
        }

        public Task<DeleteImageSetResult> DeleteImageSetAsync(string datastoreId, string imageSetId, CancellationToken cancellationToken)
        {
            // A retried delete that was applied meets a locked (Conflict) or vanished (ResourceNotFound) image set.
            return WriteAsync(
                () => _requests.DeleteImageSet(datastoreId, imageSetId),
                HealthImagingResponseParser.ParseDeleteImageSet,
                _ => _recovery.TryRecoverDeleteAsync(datastoreId, imageSetId, cancellationToken),
                failure => IsConflict(failure) || IsNotFound(failure),
                "delete",
                "The image set does not look deleted; check its state before deleting again.",
                cancellationToken);
        }

        public async Task<DatastoreProperties> CreateDatastoreAsync(string datastoreName, CancellationToken cancellationToken)
        {
            // One idempotency token for every attempt: a retried create cannot make a second datastore.
            string clientToken = Guid.NewGuid().ToString("N");
            byte[] body = await _sender.SendForBodyAsync(() => _requests.CreateDatastore(datastoreName, clientToken), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseDatastoreStatus(body, datastoreName);
        }

        public async Task<DatastoreProperties> GetDatastoreAsync(string datastoreId, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(() => _requests.GetDatastore(datastoreId), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseGetDatastore(body);
        }

        public async Task<DatastorePage> ListDatastoresAsync(string? datastoreStatus, int? maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(() => _requests.ListDatastores(datastoreStatus, maxResults, nextToken), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseListDatastores(body);
        }

        public async Task<DatastoreProperties> DeleteDatastoreAsync(string datastoreId, CancellationToken cancellationToken)
        {
            byte[] body = await _sender.SendForBodyAsync(() => _requests.DeleteDatastore(datastoreId), null, cancellationToken).ConfigureAwait(false);
            return HealthImagingResponseParser.ParseDatastoreStatus(body, "");
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

        internal void DisposeShared()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _http.Dispose();
            }
        }

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

        /// <summary>
        /// Sends a write (retried like any call) and, when an attempt may have been applied without its response
        /// arriving, does not leave the caller guessing: if a retry is refused (<paramref name="isRefusal"/>) or the
        /// retries run out on network failures or 5xx, it looks for what the first attempt would have made and
        /// returns that, flagged RecoveredAfterLostResponse. A refusal it cannot explain is rethrown saying the
        /// write may have been applied.
        /// </summary>
        private async Task<T> WriteAsync<T>(
            Func<HttpRequestMessage> buildRequest,
            Func<byte[], T> parse,
            Func<WriteAttemptLog, Task<T?>> recover,
            Func<HealthImagingServiceException, bool> isRefusal,
            string write,
            string advice,
            CancellationToken cancellationToken,
            WriteAttemptLog? attempts = null)
            where T : class
        {
            WriteAttemptLog log = attempts ?? new WriteAttemptLog();
            try
            {
                byte[] body = await _sender.SendForBodyAsync(buildRequest, log, cancellationToken).ConfigureAwait(false);
                return parse(body);
            }
            catch (HealthImagingServiceException refusal) when (log.MayHaveBeenApplied && log.Attempts > 1 && isRefusal(refusal))
            {
                T? recovered = await recover(log).ConfigureAwait(false);
                if (recovered != null)
                {
                    return recovered;
                }

                throw MayHaveBeenApplied(refusal, log, write, advice);
            }
            catch (Exception failure) when (log.MayHaveBeenApplied && TransientFailure.IsRetryable(failure) && !cancellationToken.IsCancellationRequested)
            {
                T? recovered = await TryRecoverQuietlyAsync(recover, log).ConfigureAwait(false);
                if (recovered != null)
                {
                    return recovered;
                }

                throw;
            }
        }

        /// <summary>After the retries ran out the service may still be unreachable: then the original failure stands.</summary>
        private static async Task<T?> TryRecoverQuietlyAsync<T>(Func<WriteAttemptLog, Task<T?>> recover, WriteAttemptLog log)
            where T : class
        {
            try
            {
                return await recover(log).ConfigureAwait(false);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return null;
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

        private static HealthImagingServiceException MayHaveBeenApplied(HealthImagingServiceException failure, WriteAttemptLog log, string write, string advice)
        {
            if (!IsConflict(failure))
            {
                return failure;
            }

            string message = $"{failure.Message} An earlier attempt of this {write} failed after it was sent ({log.EarlierFailure}) and may have been applied; it was not replayed blindly. {advice}";
            return new HealthImagingServiceException(failure.ErrorCode, failure.StatusCode, failure.RequestId, message, failure) { MayHaveBeenApplied = true };
        }
    }
}
