namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Where retry notices of calls started in the current async flow go. A cmdlet sets its listener before it starts
    /// a call; the shared client then reports that call's retries to that cmdlet, whichever thread they happen on.
    /// </summary>
    internal static class RetryNotices
    {
        private static readonly AsyncLocal<Action<string>?> CurrentListener = new();

        public static Action<string>? Listener
        {
            get => CurrentListener.Value;
            set => CurrentListener.Value = value;
        }

        private static readonly AsyncLocal<Action?> CurrentThrottledListener = new();

        /// <summary>Called once for every answer of a call in the current flow that the service throttled (progress counts them).</summary>
        public static Action? ThrottledListener
        {
            get => CurrentThrottledListener.Value;
            set => CurrentThrottledListener.Value = value;
        }
    }
}
