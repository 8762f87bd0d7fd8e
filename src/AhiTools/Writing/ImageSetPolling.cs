using System;
using AhiTools.Errors;

namespace AhiTools.Writing
{
    /// <summary>
    /// When an image set is busy and how often to look again. The poll interval starts small and grows to 2 seconds:
    /// most local workflows finish in well under a second, and long ones should not spend the GetImageSet quota.
    /// </summary>
    internal static class ImageSetPolling
    {
        private static readonly TimeSpan[] Intervals =
        {
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        };

        private static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(2);

        /// <summary>The poll delay after <paramref name="pollsSoFar"/> polls.</summary>
        public static TimeSpan IntervalAfter(int pollsSoFar) => pollsSoFar < Intervals.Length ? Intervals[pollsSoFar] : LongestInterval;

        /// <summary>How long to wait before polling a still-LOCKED image set again; WaitTimedOut when the time is up.</summary>
        /// <exception cref="ImageSetStateException">WaitTimedOut when <paramref name="elapsed"/> reached <paramref name="timeout"/>.</exception>
        public static TimeSpan DelayBeforeNextPoll(int pollsSoFar, TimeSpan elapsed, TimeSpan timeout, string datastoreId, HealthImaging.ImageSetProperties locked)
        {
            TimeSpan remaining = timeout - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw TimedOut(datastoreId, locked, timeout);
            }

            TimeSpan interval = IntervalAfter(pollsSoFar);
            return interval < remaining ? interval : remaining;
        }

        private static ImageSetStateException TimedOut(string datastoreId, HealthImaging.ImageSetProperties properties, TimeSpan timeout) =>
            new(
                ErrorIds.WaitTimedOut,
                ErrorKind.Timeout,
                $"Image set {properties.ImageSetId} version {properties.VersionId} was still LOCKED ({properties.WorkflowStatus}) after {timeout.TotalSeconds:0} seconds. The service goes on with the work.",
                "Wait longer with a larger -TimeoutSec, or look later with Get-AHIImageSetVersion -Latest.",
                OutputMapping.ToImageSet(properties, datastoreId));
    }
}
