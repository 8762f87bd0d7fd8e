namespace AhiTools.HealthImaging
{
    /// <summary>What happened to the attempts of one write: when the first was sent and whether one may have been applied.</summary>
    internal sealed class WriteAttemptLog
    {
        private int _attempts;

        /// <param name="replaySafe">False for a write that cannot be recognised afterwards: once it may have been applied it is not sent again.</param>
        /// <param name="unsafeReplayAdvice">What to check before trying again, for the error when a replay is refused.</param>
        public WriteAttemptLog(bool replaySafe = true, string? unsafeReplayAdvice = null)
        {
            ReplaySafe = replaySafe;
            UnsafeReplayAdvice = unsafeReplayAdvice;
        }

        public bool ReplaySafe { get; }

        public string? UnsafeReplayAdvice { get; }

        public DateTimeOffset? FirstSentAt { get; private set; }

        public bool MayHaveBeenApplied { get; private set; }

        /// <summary>Why an earlier attempt may have been applied, for the error message.</summary>
        public string? EarlierFailure { get; private set; }

        public int Attempts => Volatile.Read(ref _attempts);

        public void Sending(DateTimeOffset now)
        {
            if (Interlocked.Increment(ref _attempts) == 1)
            {
                FirstSentAt = now;
            }
        }

        /// <summary>Called before each attempt: refuses to send again a write that may have been applied and cannot be recognised.</summary>
        public void ThrowIfReplayUnsafe(Exception? lastFailure = null)
        {
            if (!ReplaySafe && MayHaveBeenApplied)
            {
                throw new WriteOutcomeUnknownException(
                    $"The write failed after it was sent ({EarlierFailure}) and may have been applied, so it was not sent again.",
                    UnsafeReplayAdvice,
                    lastFailure ?? new InvalidOperationException(EarlierFailure));
            }
        }

        public void Failed(Exception exception)
        {
            if (TransientFailure.MayHaveBeenApplied(exception))
            {
                MayHaveBeenApplied = true;
                EarlierFailure = exception is HealthImagingServiceException service
                    ? $"HTTP {(int)service.StatusCode} {service.ErrorCode}"
                    : exception.GetType().Name;
            }
        }
    }
}
