namespace AhiTools.Writing
{
    /// <summary>
    /// The counts a bulk write shows as progress: done, in flight, failed, throttled, the rate per second, and the
    /// total and time left when the input count is known. A report is due at most once per interval of the clock
    /// given (tests give a fake one), so a long pipeline does not flood the host.
    /// </summary>
    internal sealed class BulkProgress
    {
        public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

        private readonly Func<TimeSpan> _clock;
        private readonly TimeSpan _interval;
        private readonly TimeSpan _startedAt;
        private TimeSpan? _lastReportAt;
        private int _throttled;

        /// <param name="clock">Time elapsed on some monotonic clock.</param>
        public BulkProgress(string activity, Func<TimeSpan> clock, TimeSpan interval)
        {
            Activity = activity;
            _clock = clock;
            _interval = interval;
            _startedAt = clock();
        }

        public string Activity { get; }

        /// <summary>How many items the input holds, when known before they all arrive.</summary>
        public int? Total { get; set; }

        /// <summary>Items over, whatever their outcome (written, failed, or not sent).</summary>
        public int Done { get; private set; }

        public int Failed { get; private set; }

        /// <summary>Answers the service throttled; counted from any thread.</summary>
        public int Throttled => Volatile.Read(ref _throttled);

        public void CountThrottled() => Interlocked.Increment(ref _throttled);

        public void ItemOver(bool failed)
        {
            Done++;
            if (failed)
            {
                Failed++;
            }
        }

        /// <summary>A report when one is due (the first at once, then one per interval); otherwise null.</summary>
        public BulkProgressReport? ReportIfDue(int inFlight)
        {
            TimeSpan now = _clock();
            if (_lastReportAt.HasValue && now - _lastReportAt.Value < _interval)
            {
                return null;
            }

            _lastReportAt = now;
            return Report(inFlight, now);
        }

        public BulkProgressReport Report(int inFlight) => Report(inFlight, _clock());

        private BulkProgressReport Report(int inFlight, TimeSpan now)
        {
            double seconds = (now - _startedAt).TotalSeconds;
            double rate = seconds > 0 ? Done / seconds : 0;
            string done = Total.HasValue ? $"{Done} of {Total.Value} done" : $"{Done} done";
            string status = $"{done}, {inFlight} in flight, {Failed} failed, {Throttled} throttled, {rate:0.0}/s";
            int percent = -1;
            int secondsRemaining = -1;
            if (Total.HasValue && Total.Value > 0)
            {
                percent = Math.Min(100, Done * 100 / Total.Value);
                if (rate > 0)
                {
                    secondsRemaining = (int)Math.Ceiling(Math.Max(0, Total.Value - Done) / rate);
                }
            }

            return new BulkProgressReport(Activity, status, percent, secondsRemaining);
        }
    }

    /// <summary>One progress report of a bulk write; the cmdlet layer writes it as a progress record.</summary>
    /// <param name="PercentComplete">-1 when the total is not known.</param>
    /// <param name="SecondsRemaining">-1 when not known.</param>
    internal sealed record BulkProgressReport(string Activity, string Status, int PercentComplete, int SecondsRemaining);
}
