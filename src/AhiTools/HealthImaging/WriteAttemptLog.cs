using System;
using System.Threading;

namespace AhiTools.HealthImaging
{
    /// <summary>What happened to the attempts of one write: when the first was sent and whether one may have been applied.</summary>
    internal sealed class WriteAttemptLog
    {
        private int _attempts;

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
