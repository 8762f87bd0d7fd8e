namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Sends requests, retrying what is worth retrying. Each attempt builds a fresh request so the signing handler
    /// signs it anew with a fresh date; the retry sits above the signing handler.
    /// </summary>
    internal sealed class HealthImagingSender
    {
        private readonly HttpClient _http;
        private readonly HealthImagingRetryOptions _options;
        private readonly Func<DateTimeOffset> _clock;
        private readonly ServiceClockOffsets _clockOffsets;

        public HealthImagingSender(HttpClient http, HealthImagingRetryOptions options, Func<DateTimeOffset> clock, ServiceClockOffsets clockOffsets)
        {
            _http = http;
            _options = options;
            _clock = clock;
            _clockOffsets = clockOffsets;
            options.Validate();
        }

        /// <summary>Sends and reads the whole (small, JSON) body inside the attempt, so a broken read is retried too.</summary>
        /// <param name="limiter">Paces every attempt and learns from its answer; null sends at once (standard retry mode).</param>
        public Task<byte[]> SendForBodyAsync(AdaptiveRateLimiter? limiter, Func<HttpRequestMessage> buildRequest, WriteAttemptLog? log, CancellationToken cancellationToken)
        {
            var call = new CallAttempts(buildRequest);
            return RunAsync(
                call,
                limiter,
                // The attempt's send and read in one async method: each async layer of a call is compiled at run time in the
                // session's first call (bench/README.md, Start-up, fourteenth pass).
                async token =>
                {
                    log?.ThrowIfReplayUnsafe();
                    try
                    {
                        using (HttpResponseMessage response = await SendOnceAsync(call, log, limiter, token).ConfigureAwait(false))
                        using (token.Register(state => ((HttpResponseMessage)state!).Dispose(), response))
                        {
                            // netstandard2.0's ReadAsByteArrayAsync takes no token: disposing the response on
                            // cancellation or attempt timeout is what stops a stalled read.
                            try
                            {
                                return await ReadBodyAsync(response).ConfigureAwait(false);
                            }
                            catch (Exception e)
                            {
                                log?.Failed(e);
                                token.ThrowIfCancellationRequested();
                                throw;
                            }
                        }
                    }
                    catch (Exception e) when (log != null && !token.IsCancellationRequested && !(e is WriteOutcomeUnknownException))
                    {
                        // Stop here rather than after a backoff: the next attempt would refuse anyway.
                        log.ThrowIfReplayUnsafe(e);
                        throw;
                    }
                },
                cancellationToken);
        }

        /// <summary>Sends and returns once the headers are in: the caller streams the body and disposes the response.</summary>
        public Task<HttpResponseMessage> SendForStreamAsync(AdaptiveRateLimiter? limiter, Func<HttpRequestMessage> buildRequest, CancellationToken cancellationToken)
        {
            var call = new CallAttempts(buildRequest);
            return RunAsync(call, limiter, token => SendOnceAsync(call, null, limiter, token), cancellationToken);
        }

        /// <summary>
        /// Runs the call's attempts until one succeeds, a failure is not worth another (<see cref="ShouldRetry"/>), or
        /// the call's total time runs out. Each attempt is bounded by the attempt timeout. The limiter's wait sits
        /// between the retry and the attempt's timeout: a long queue at a low quota is bounded by the call's total
        /// timeout only, and is not mistaken for a service that does not answer.
        /// </summary>
        /// <remarks>
        /// One loop rather than a resilience library's pipeline: every async method a call goes through is compiled
        /// in the session's first call, and the pipeline's layers and the validation of its options cost a fresh
        /// process more than anything else of ours (bench/README.md, Start-up, seventh pass).
        /// </remarks>
        private async Task<T> RunAsync<T>(CallAttempts call, AdaptiveRateLimiter? limiter, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
        {
            using (var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                total.CancelAfter(_options.TotalTimeout);
                try
                {
                    for (int retry = 0; ; retry++)
                    {
                        Exception failure;
                        try
                        {
                            if (limiter != null)
                            {
                                TimeSpan backoff = call.ThrottledBackoff;
                                call.ThrottledBackoff = TimeSpan.Zero;
                                call.TokenTakenAt = await limiter.AcquireAsync(total.Token, backoff).ConfigureAwait(false);
                            }

                            using (var timed = CancellationTokenSource.CreateLinkedTokenSource(total.Token))
                            {
                                timed.CancelAfter(_options.AttemptTimeout);
                                try
                                {
                                    return await attempt(timed.Token).ConfigureAwait(false);
                                }
                                catch (OperationCanceledException e) when (timed.IsCancellationRequested && !total.IsCancellationRequested)
                                {
                                    throw TimedOut(e);
                                }
                            }
                        }
                        catch (Exception e) when (ShouldRetry(e, call, total.Token))
                        {
                            failure = e;
                        }

                        TimeSpan delay = RetryDelay(call, failure, retry);
                        call.Retrying(failure, call.ThrottledBackoff > TimeSpan.Zero ? call.ThrottledBackoff : delay, _options);
                        if (delay > TimeSpan.Zero)
                        {
                            await Task.Delay(delay, total.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (OperationCanceledException e) when (total.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw TimedOut(e);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested && call.NeverConnected(e))
                {
                    throw new EndpointUnreachableException(call.Endpoint, call.Attempts, call.Elapsed, ConnectionFailure.Describe(e, _options), e);
                }
            }
        }

        private TimeoutException TimedOut(Exception cancelled) => new(
            $"HealthImaging did not answer in time (each attempt is given {_options.AttemptTimeout.TotalSeconds:0.#} s, the whole call {_options.TotalTimeout.TotalSeconds:0.#} s).",
            cancelled);

        /// <summary>Whether <paramref name="failure"/> gets another attempt: retryable, within the call's time and its attempts.</summary>
        private bool ShouldRetry(Exception failure, CallAttempts call, CancellationToken callToken) =>
            !callToken.IsCancellationRequested && TransientFailure.IsRetryable(failure) && call.CountedAttempts < _options.MaxAttempts;

        /// <summary>
        /// The wait before retry <paramref name="retry"/> (0 for the first). Nothing listening comes back at once: it
        /// is retried after a short wait, so that it is reported in seconds. A throttle under a rate limiter backs off
        /// in the limiter. Every other failure waits AWS's standard backoff.
        /// </summary>
        private TimeSpan RetryDelay(CallAttempts call, Exception failure, int retry) =>
            call.NotConnectedYet(failure) ? _options.UnreachableDelay(retry)
            : call.ThrottledUnderLimiter(failure) ? call.BackOffInLimiter(_options.ThrottledBackoff(retry))
            : _options.StandardBackoff(retry);

        /// <summary>
        /// One attempt. When the service refuses the request's time, the clock is corrected by the answer's Date header
        /// and the request is sent once more at once, as AWS's SDKs do: nothing was applied, and no backoff would help.
        /// </summary>
        private async Task<HttpResponseMessage> SendOnceAsync(CallAttempts call, WriteAttemptLog? log, AdaptiveRateLimiter? limiter, CancellationToken token)
        {
            bool clockCorrected = false;
            while (true)
            {
                HttpRequestMessage request = call.BuildRequest();
                HttpResponseMessage response;
                try
                {
                    log?.Sending(_clock());
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    request.Dispose();
                    log?.Failed(e);
                    throw;
                }

                if (response.IsSuccessStatusCode)
                {
                    limiter?.OnAnswer(throttled: false, call.TokenTakenAt);
                    return response;
                }

                using (response)
                using (request)
                {
                    byte[] body;
                    try
                    {
                        body = await ReadBodyAsync(response).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException || e is HttpRequestException)
                    {
                        body = Array.Empty<byte>();
                    }

                    HealthImagingServiceException error = HealthImagingErrorReader.Read(response, body);
                    Learn(call, limiter, error);
                    log?.Failed(error);
                    if (!ClockSkew.IsRefusedTime(error))
                    {
                        throw error;
                    }

                    Uri requestUri = request.RequestUri!;
                    DateTimeOffset localTime = _clock();
                    DateTimeOffset? serviceTime = ClockSkew.ServiceTime(response);
                    if (clockCorrected || serviceTime is null)
                    {
                        throw ClockSkew.NotCorrected(error, requestUri, localTime, serviceTime, clockCorrected);
                    }

                    TimeSpan offset = serviceTime.Value - localTime;
                    _clockOffsets.Set(requestUri, offset);
                    RetryNotices.Listener?.Invoke(ClockSkew.CorrectionNotice(requestUri, offset, serviceTime.Value));
                    clockCorrected = true;
                }
            }
        }

        /// <summary>What a refused attempt teaches the limiter, and the notices a throttle gives.</summary>
        private static void Learn(CallAttempts call, AdaptiveRateLimiter? limiter, HealthImagingServiceException error)
        {
            bool throttled = TransientFailure.IsThrottling(error);
            double? pace = null;
            if (limiter != null)
            {
                pace = limiter.OnAnswer(throttled, call.TokenTakenAt, out bool probe);
                if (probe) call.SearchProbeThrottled();
            }

            if (throttled)
            {
                RetryNotices.ThrottledListener?.Invoke();
                if (pace is double rate)
                {
                    RetryNotices.Listener?.Invoke(string.Format(
                        System.Globalization.CultureInfo.InvariantCulture,
                        "{0} was throttled: calls are now paced at {1:0.###} per second (retry mode adaptive).",
                        limiter!.Name,
                        rate));
                }
            }
        }

        // Not async: a pass-through has no state machine to compile at run time (every async method's is, in the
        // session's first call) and none to allocate.
        private static Task<byte[]> ReadBodyAsync(HttpResponseMessage response) =>
            response.Content is null ? Task.FromResult(Array.Empty<byte>()) : response.Content.ReadAsByteArrayAsync();
    }
}
