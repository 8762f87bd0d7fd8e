namespace AhiTools.HealthImaging
{
    /// <summary>How the client retries throttling, 5xx answers and network failures.</summary>
    internal sealed class HealthImagingRetryOptions
    {
        /// <summary>Attempts in all, the first included.</summary>
        public int MaxAttempts { get; set; } = 6;

        /// <summary>The first backoff's ceiling; later ones double, with jitter (<see cref="StandardBackoff"/>).</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>
        /// The first backoff after a connection could not be made (refused: nothing listens; host not found or
        /// unreachable) while no attempt of the call has connected. Such a failure comes back at once and a long
        /// backoff only delays the report, so these retries wait little: with the defaults, six attempts against a
        /// port nothing listens on wait under a second in all. A failure after connecting (a dropped connection,
        /// a 5xx) keeps <see cref="BaseDelay"/>.
        /// </summary>
        public TimeSpan UnreachableBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

        /// <summary>The longest backoff after a connection could not be made.</summary>
        public TimeSpan UnreachableMaxDelay { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>Bound on one call, every attempt and backoff included.</summary>
        public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Bound on one attempt until the response headers arrive.</summary>
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

        /// <summary>
        /// When a retried write meets a conflict, a version is taken as the write's own only if the service created
        /// it after the first attempt was sent, less this allowance for the difference between the two clocks.
        /// </summary>
        public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// After a lost response, how long to wait for the version the write may have made to leave LOCKED, so that
        /// its metadata can be compared with the write's change.
        /// </summary>
        public TimeSpan LostWriteCheckTimeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>
        /// Adaptive retry mode: every call waits for its operation's <see cref="AdaptiveRateLimiter"/>, shared by the
        /// session, which starts at AWS's published rate and learns the quota from throttled answers. Off, calls are
        /// sent at once and only retried (standard mode). The module's cmdlets resolve it from AWS_RETRY_MODE or the
        /// profile's retry_mode, adaptive by default; a client made directly is standard unless this is set.
        /// </summary>
        public bool AdaptiveRateControl { get; set; }

        public static HealthImagingRetryOptions Default => new();

        /// <summary>A copy with another attempt count (from AWS_MAX_ATTEMPTS or a profile's max_attempts).</summary>
        public HealthImagingRetryOptions WithMaxAttempts(int maxAttempts)
        {
            var copy = (HealthImagingRetryOptions)MemberwiseClone();
            copy.MaxAttempts = maxAttempts;
            return copy;
        }

        /// <summary>A copy with client-side rate control on (adaptive retry mode) or off (standard, legacy).</summary>
        public HealthImagingRetryOptions WithAdaptiveRateControl(bool adaptive)
        {
            var copy = (HealthImagingRetryOptions)MemberwiseClone();
            copy.AdaptiveRateControl = adaptive;
            return copy;
        }

        /// <summary>
        /// The backoff before retry <paramref name="retry"/> (0 for the first) of a throttled call that a rate limiter
        /// paces: exponential from <see cref="BaseDelay"/>, between half and one and a half times it, capped.
        /// </summary>
        internal TimeSpan ThrottledBackoff(int retry) => Doubling(BaseDelay, MaxDelay, retry, 0.5 + NextJitter());

        /// <summary>
        /// The backoff before retry <paramref name="retry"/> (0 for the first) of any other retryable failure: AWS's
        /// standard retry mode, a random time up to <see cref="BaseDelay"/> doubled for each retry, capped at
        /// <see cref="MaxDelay"/> ("full jitter", so that clients that failed together do not retry together).
        /// </summary>
        internal TimeSpan StandardBackoff(int retry) =>
            TimeSpan.FromMilliseconds(Doubling(BaseDelay, MaxDelay, retry, 1).TotalMilliseconds * NextJitter());

        private static readonly Random JitterSource = new();

        /// <summary>A random number from 0 to 1; calls overlap across a session's threads, and Random is not thread-safe.</summary>
        private static double NextJitter()
        {
            lock (JitterSource) return JitterSource.NextDouble();
        }

        /// <summary>The backoff before retry <paramref name="retry"/> (0 for the first) when no connection could be made: doubling, capped.</summary>
        internal TimeSpan UnreachableDelay(int retry) => Doubling(UnreachableBaseDelay, UnreachableMaxDelay, retry, 1);

        /// <summary><paramref name="first"/> doubled <paramref name="retry"/> times and scaled by <paramref name="factor"/>, capped at <paramref name="max"/>.</summary>
        private static TimeSpan Doubling(TimeSpan first, TimeSpan max, int retry, double factor)
        {
            double milliseconds = first.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)) * factor;
            return milliseconds >= max.TotalMilliseconds ? max : TimeSpan.FromMilliseconds(milliseconds);
        }

        internal void Validate()
        {
            if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), "At least one attempt is needed.");
            if (BaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BaseDelay));
            if (MaxDelay < BaseDelay) throw new ArgumentOutOfRangeException(nameof(MaxDelay), "MaxDelay must not be shorter than BaseDelay.");
            if (UnreachableBaseDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(UnreachableBaseDelay));
            if (UnreachableMaxDelay < UnreachableBaseDelay) throw new ArgumentOutOfRangeException(nameof(UnreachableMaxDelay), "UnreachableMaxDelay must not be shorter than UnreachableBaseDelay.");
            if (TotalTimeout < TimeSpan.FromMilliseconds(10)) throw new ArgumentOutOfRangeException(nameof(TotalTimeout));
            if (AttemptTimeout < TimeSpan.FromMilliseconds(10)) throw new ArgumentOutOfRangeException(nameof(AttemptTimeout));
            if (LostWriteCheckTimeout < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(LostWriteCheckTimeout));
        }
    }
}
