using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AhiTools.Testing
{
    /// <summary>
    /// A clock that stands still until the test advances it. Timers (Task.Delay on this provider) fire
    /// only inside <see cref="Advance"/>, so a test decides exactly when a delay is over instead of sleeping.
    /// </summary>
    public sealed class ManualTimeProvider : TimeProvider
    {
        private readonly object _gate = new();
        private readonly List<ManualTimer> _timers = new();
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate) return _now;
        }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            lock (_gate) return _now.UtcTicks;
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        /// <summary>The due times (from now) of the armed timers that fire once (delays, not periodic refills).</summary>
        public IReadOnlyList<TimeSpan> PendingDelays()
        {
            lock (_gate) return _timers.Where(t => t.Period == Timeout.InfiniteTimeSpan).Select(t => t.DueAt - _now).ToList();
        }

        /// <summary>Waits (polling, up to a generous deadline) until a one-shot timer of <paramref name="due"/> is armed.</summary>
        public async Task WaitForDelayAsync(TimeSpan due, int timeoutMs = 30000)
        {
            var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            while (!PendingDelays().Contains(due))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"No delay of {due} was started; pending: {string.Join(", ", PendingDelays())}.");
                await Task.Delay(5);
            }
        }

        /// <summary>Moves the clock forward, firing every timer that falls due on the way, in due order.</summary>
        public void Advance(TimeSpan by)
        {
            if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by));
            DateTimeOffset target;
            lock (_gate) target = _now + by;
            while (true)
            {
                ManualTimer? next;
                lock (_gate)
                {
                    next = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                    if (next == null)
                    {
                        _now = target;
                        return;
                    }
                    if (next.DueAt > _now) _now = next.DueAt;
                    if (next.Period == Timeout.InfiniteTimeSpan) _timers.Remove(next);
                    else next.DueAt = _now + next.Period;
                }
                next.Fire();
            }
        }

        private void Arm(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _timers.Remove(timer);
                timer.Period = period;
                if (dueTime == Timeout.InfiniteTimeSpan) return;
                timer.DueAt = _now + dueTime;
                _timers.Add(timer);
            }
        }

        private void Disarm(ManualTimer timer)
        {
            lock (_gate) _timers.Remove(timer);
        }

        private sealed class ManualTimer : ITimer
        {
            private readonly ManualTimeProvider _owner;
            private readonly TimerCallback _callback;
            private readonly object? _state;

            public ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state)
            {
                _owner = owner;
                _callback = callback;
                _state = state;
            }

            public DateTimeOffset DueAt { get; set; }
            public TimeSpan Period { get; set; } = Timeout.InfiniteTimeSpan;

            public void Fire() => _callback(_state);

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                _owner.Arm(this, dueTime, period == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : period);
                return true;
            }

            public void Dispose() => _owner.Disarm(this);

            public ValueTask DisposeAsync()
            {
                Dispose();
                return default;
            }
        }
    }
}
