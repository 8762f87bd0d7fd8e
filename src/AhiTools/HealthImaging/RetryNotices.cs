using System;
using System.Threading;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Where retry notices of calls started in the current async flow go. A cmdlet sets its listener before it starts
    /// a call; the shared client then reports that call's retries to that cmdlet, whichever thread they happen on.
    /// </summary>
    internal static class RetryNotices
    {
        private static readonly AsyncLocal<Action<string>?> CurrentListener = new AsyncLocal<Action<string>?>();

        public static Action<string>? Listener
        {
            get => CurrentListener.Value;
            set => CurrentListener.Value = value;
        }
    }
}
