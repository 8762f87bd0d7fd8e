using System;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// A write that cannot be recognised afterwards (a copy into a new image set) failed after it was sent: it may
    /// have been applied, so it was not sent again. The message says what to check before trying again.
    /// </summary>
    public sealed class WriteOutcomeUnknownException : Exception
    {
        public WriteOutcomeUnknownException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
