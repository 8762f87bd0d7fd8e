using System.Diagnostics;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// The attempts of one call: how many, for how long, against which endpoint, whether any of them connected,
    /// and the verbose notice for each retry (to the listener of the flow that started the call).
    /// </summary>
    internal sealed class CallAttempts
    {
        private readonly Func<HttpRequestMessage> _buildRequest;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly Action<string>? _listener = RetryNotices.Listener;
        private int _attempts;
        private int _searchProbes;
        private volatile bool _connectedOnce;

        public CallAttempts(Func<HttpRequestMessage> buildRequest)
        {
            _buildRequest = buildRequest;
        }

        public int Attempts => Volatile.Read(ref _attempts);

        /// <summary>
        /// The attempts that count against the call's maximum: all but those its rate limiter sent to find a slow
        /// quota's period and that were throttled (see <see cref="QuotaPeriodSearch"/>). The limiter chose their time,
        /// not the call.
        /// </summary>
        public int CountedAttempts => Attempts - Volatile.Read(ref _searchProbes);

        /// <summary>The last attempt was a throttled probe of the rate limiter's period search.</summary>
        public void SearchProbeThrottled() => Interlocked.Increment(ref _searchProbes);

        public TimeSpan Elapsed => _elapsed.Elapsed;

        /// <summary>When the current attempt took its rate limiter's token (the limiter's clock); NaN with no limiter.</summary>
        public double TokenTakenAt { get; set; } = double.NaN;

        /// <summary>
        /// The backoff after a throttled attempt when a rate limiter paces the call: the limiter waits it (and cuts it
        /// short when its period search starts), so the retry pipeline does not.
        /// </summary>
        public TimeSpan ThrottledBackoff { get; set; }

        /// <summary>Hands <paramref name="backoff"/> to the rate limiter; the retry pipeline waits nothing itself.</summary>
        public TimeSpan BackOffInLimiter(TimeSpan backoff)
        {
            ThrottledBackoff = backoff;
            return TimeSpan.Zero;
        }

        /// <summary>Whether <paramref name="failure"/> is a throttle that the call's rate limiter backs off from.</summary>
        public bool ThrottledUnderLimiter(Exception? failure) =>
            !double.IsNaN(TokenTakenAt) && failure is HealthImagingServiceException service && TransientFailure.IsThrottling(service);

        /// <summary>Scheme, host and port of the last request: never its path or query.</summary>
        public string Endpoint { get; private set; } = "the endpoint";

        /// <summary>Builds the next attempt's request.</summary>
        public HttpRequestMessage BuildRequest()
        {
            Interlocked.Increment(ref _attempts);
            HttpRequestMessage request = _buildRequest();
            if (request.RequestUri != null && request.RequestUri.IsAbsoluteUri)
            {
                Endpoint = request.RequestUri.GetLeftPart(UriPartial.Authority);
            }

            return request;
        }

        /// <summary>An attempt failed and another follows after <paramref name="delay"/>.</summary>
        public void Retrying(Exception? failure, TimeSpan delay, HealthImagingRetryOptions options)
        {
            Record(failure);
            _listener?.Invoke(
                $"HealthImaging at {Endpoint}: attempt {CountedAttempts} of {options.MaxAttempts} failed ({ConnectionFailure.Describe(failure, options)}) "
                + $"after {Elapsed.TotalSeconds:0.0} s; retrying in {delay.TotalSeconds:0.0} s.");
        }

        /// <summary>
        /// True when <paramref name="failure"/> is a failure to connect and no earlier attempt of this call connected
        /// either: nothing is listening (yet), so the retry need not wait long.
        /// </summary>
        public bool NotConnectedYet(Exception? failure) => !_connectedOnce && ConnectionFailure.IsUnreachable(failure);

        /// <summary>True when the final failure, like every earlier one, was a failure to connect.</summary>
        public bool NeverConnected(Exception finalFailure)
        {
            Record(finalFailure);
            return !_connectedOnce && Attempts > 0;
        }

        private void Record(Exception? failure)
        {
            if (!ConnectionFailure.IsUnreachable(failure))
            {
                _connectedOnce = true;
            }
        }
    }
}
