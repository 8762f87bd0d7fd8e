namespace AhiTools.HealthImaging
{
    /// <summary>
    /// A write was sent and its response was lost, and whether it was applied could not be told (the service stayed
    /// unreachable, or the write cannot be recognised afterwards). The message says what happened; HowToCheck says
    /// how to find out before writing again.
    /// </summary>
    internal sealed class WriteOutcomeUnknownException : Exception
    {
        public WriteOutcomeUnknownException(string message, Exception inner)
            : this(message, null, inner)
        {
        }

        public WriteOutcomeUnknownException(string message, string? howToCheck, Exception inner)
            : base(howToCheck is null ? message : $"{message} {howToCheck}", inner)
        {
            HowToCheck = howToCheck;
        }

        /// <summary>How to find out whether the write was applied, for the error's recommended action.</summary>
        public string? HowToCheck { get; }
    }
}
