using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using AhiTools.Testing;

namespace AhiTools.Tests
{
    /// <summary>
    /// A bulk write run through one <see cref="AdaptiveRateLimiter"/> against a simulated quota, on a fake clock: the
    /// shape of bench/Measure-BulkUpdates.ps1 without a network. Up to <see cref="Settings.InFlight"/> items are in
    /// flight; each optionally reads first (a round trip the limiter does not pace), then takes a token and writes. The
    /// service counts a write against a token bucket that starts full and refills continuously, as the local service's
    /// does; a throttled write is answered at once and retried after a backoff (which the limiter cuts short while it
    /// searches a slow quota's period), a served one after the latency. Send times carry a small jitter from a seeded
    /// generator, so a run is the same every time.
    /// </summary>
    internal static class SimulatedBulkRun
    {
        internal sealed class Settings
        {
            public double QuotaRate { get; set; }
            public double QuotaBurst { get; set; }
            public int Items { get; set; }
            public int InFlight { get; set; } = 8;
            public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(100);
            public bool ReadFirst { get; set; } = true;

            /// <summary>Where the limiter starts (what it was told): the published rate, or anything else.</summary>
            public double StartRate { get; set; }
            public double StartBurst { get; set; }
            public int Seed { get; set; } = 1;
            public int MaxAttempts { get; set; } = 6;

            /// <summary>The most a served request takes on top of the latency, spread evenly: answers come unevenly.</summary>
            public TimeSpan LatencySpread { get; set; }

            /// <summary>The most a request or an answer takes on top of the latency (spread evenly from 0.5 ms).</summary>
            public TimeSpan Jitter { get; set; } = TimeSpan.FromMilliseconds(3.5);

            /// <summary>How late, at most, each refill of the service's timer fires; the next is due a period after it.</summary>
            public TimeSpan RefillLag { get; set; } = TimeSpan.FromMilliseconds(2);

            /// <summary>
            /// The service's bucket refills continuously, as the local service's and AWS's token buckets do. Off, it
            /// gains a whole token per period on a timer running a little late, as the local service's did before
            /// 2026-12-05.
            /// </summary>
            public bool ContinuousRefill { get; set; } = true;
        }

        internal sealed class Result
        {
            public Result(double seconds, int calls, int throttled, int failed, IReadOnlyList<(double At, bool Throttled)> answers)
            {
                Seconds = seconds;
                Calls = calls;
                Throttled = throttled;
                Failed = failed;
                Answers = answers;
            }

            /// <summary>From the start to the last answer.</summary>
            public double Seconds { get; }
            public int Calls { get; }
            public int Throttled { get; }

            /// <summary>Items that ran out of attempts.</summary>
            public int Failed { get; }

            /// <summary>Every write's answer in time order: seconds from the start, throttled or not.</summary>
            public IReadOnlyList<(double At, bool Throttled)> Answers { get; }

            public double ThrottledShare => Throttled / (double)Calls;

            /// <summary>As the bench computes it: the quota's floor, (items - burst) / rate, over the time taken.</summary>
            public double ShareOfQuota(Settings settings) => (settings.Items - settings.QuotaBurst) / settings.QuotaRate / Seconds;

            public override string ToString() =>
                $"{Seconds:0.00} s, {Throttled} / {Calls} calls throttled ({ThrottledShare:P1}), {Failed} failed";
        }

        public static async Task<Result> RunAsync(Settings settings)
        {
            var clock = new ManualTimeProvider();
            DateTimeOffset origin = clock.GetUtcNow();
            TimeSpan Now() => clock.GetUtcNow() - origin;
            var random = new Random(settings.Seed);
            var limiter = new AdaptiveRateLimiter(settings.StartRate, settings.StartBurst, clock);
            // The service was started a while before the run: its refill timer ticks at a phase of its own.
            IQuotaBucket service = settings.ContinuousRefill
                ? new ContinuousQuotaBucket(settings.QuotaRate, settings.QuotaBurst)
                : new QuotaBucket(settings.QuotaRate, settings.QuotaBurst, TimeSpan.FromSeconds(random.NextDouble() / settings.QuotaRate),
                    settings.RefillLag, new Random(settings.Seed + 1));

            var events = new PriorityQueue<Action, (TimeSpan At, long Order)>();
            long order = 0;
            void At(TimeSpan at, Action action) => events.Enqueue(action, (at, order++));
            TimeSpan Spread() => TimeSpan.FromTicks((long)(settings.LatencySpread.Ticks * random.NextDouble()));
            TimeSpan Transit() => TimeSpan.FromMilliseconds(0.5 + (random.NextDouble() * (settings.Jitter.TotalMilliseconds - 0.5)));

            var waiting = new Queue<int>();
            var backingOff = new List<int>();
            var attempts = new int[settings.Items];
            var answers = new List<(double At, bool Throttled)>();
            int started = 0, finished = 0, calls = 0, throttled = 0, failed = 0;

            void StartNext()
            {
                if (started >= settings.Items) return;
                int item = started++;
                if (settings.ReadFirst) At(Now() + settings.Latency + Spread() + Transit(), () => waiting.Enqueue(item));
                else waiting.Enqueue(item);
            }

            void ReleaseBackoffsWhileSearching()
            {
                if (!limiter.SearchingPeriod) return;
                foreach (int item in backingOff) waiting.Enqueue(item);
                backingOff.Clear();
            }

            void Send(int item, double tokenTakenAt)
            {
                At(Now() + Transit(), () =>
                {
                    calls++;
                    attempts[item]++;
                    if (service.TryTake(Now()))
                    {
                        At(Now() + settings.Latency + Spread() + Transit(), () =>
                        {
                            limiter.OnAnswer(throttled: false, tokenTakenAt);
                            answers.Add((Now().TotalSeconds, false));
                            finished++;
                            StartNext();
                        });
                        return;
                    }

                    At(Now() + Transit(), () =>
                    {
                        limiter.OnAnswer(throttled: true, tokenTakenAt, out bool probe);
                        // As the module counts them: the period search's throttled probes are not the item's attempts.
                        if (probe) attempts[item]--;
                        answers.Add((Now().TotalSeconds, true));
                        throttled++;
                        if (attempts[item] >= settings.MaxAttempts)
                        {
                            failed++;
                            finished++;
                            StartNext();
                            return;
                        }

                        // The module's backoff: exponential from 1 s, with jitter, cut short when the limiter's period
                        // search starts or runs (the limiter waits it).
                        double backoff = Math.Min(20, Math.Pow(2, attempts[item] - 1) * (0.5 + random.NextDouble()));
                        backingOff.Add(item);
                        At(Now() + TimeSpan.FromSeconds(backoff), () =>
                        {
                            if (backingOff.Remove(item)) waiting.Enqueue(item);
                        });
                        ReleaseBackoffsWhileSearching();
                    });
                });
            }

            for (int i = 0; i < settings.InFlight; i++) StartNext();

            // One caller waits for a token at a time, as the limiter serves them; answers that come meanwhile are
            // handled at their time and change the rate the waiting caller will see when it wakes.
            Task<double>? acquiring = null;
            int head = -1;
            while (finished < settings.Items)
            {
                if (acquiring == null && waiting.Count > 0)
                {
                    head = waiting.Dequeue();
                    acquiring = limiter.AcquireAsync(CancellationToken.None);
                }

                if (acquiring != null && acquiring.IsCompleted)
                {
                    double tokenTakenAt = await acquiring;
                    acquiring = null;
                    Send(head, tokenTakenAt);
                    continue;
                }

                TimeSpan? delayDue = null;
                if (acquiring != null)
                {
                    var pending = clock.PendingDelays();
                    if (pending.Count == 0)
                    {
                        // The limiter's wait has just ended and its caller is taking the token or waiting again.
                        await Task.Yield();
                        continue;
                    }

                    delayDue = Now() + pending.Min();
                }

                // An answer due at the same time as the limiter's wait comes after it: the wait's caller then has its
                // token (or waits again) before the rate changes, whatever thread its continuation runs on.
                if (events.TryPeek(out _, out var next) && (delayDue == null || next.At < delayDue.Value))
                {
                    if (next.At > Now()) clock.Advance(next.At - Now());
                    events.Dequeue().Invoke();
                }
                else if (delayDue != null)
                {
                    clock.Advance(delayDue.Value - Now());
                }
                else
                {
                    throw new InvalidOperationException("The simulation has nothing left to do before every item finished.");
                }
            }

            return new Result(answers[answers.Count - 1].At, calls, throttled, failed, answers);
        }

        /// <summary>
        /// The service's quota: starts full, one token per period up to the burst, from a phase of its own. Each refill
        /// fires a little late and the next is due a period after it, as a periodic timer does, so the rate actually
        /// served is a little below the nominal one.
        /// </summary>
        private interface IQuotaBucket
        {
            bool TryTake(TimeSpan now);
        }

        /// <summary>The service's quota as a continuous token bucket: starts full, the rate accrues up to the burst.</summary>
        private sealed class ContinuousQuotaBucket(double rate, double burst) : IQuotaBucket
        {
            private readonly double _burst = Math.Max(1, Math.Round(burst));
            private double _tokens = Math.Max(1, Math.Round(burst));
            private TimeSpan _countedAt;

            public bool TryTake(TimeSpan now)
            {
                _tokens = Math.Min(_burst, _tokens + ((now - _countedAt).TotalSeconds * rate));
                _countedAt = now;
                if (_tokens < 1 - 1e-9) return false;
                _tokens = Math.Max(0, _tokens - 1);
                return true;
            }
        }

        private sealed class QuotaBucket : IQuotaBucket
        {
            private readonly TimeSpan _period;
            private readonly TimeSpan _lag;
            private readonly Random _random;
            private readonly int _burst;
            private int _tokens;
            private TimeSpan _nextRefill;

            public QuotaBucket(double rate, double burst, TimeSpan firstRefill, TimeSpan lag, Random random)
            {
                _period = TimeSpan.FromSeconds(1 / rate);
                _lag = lag;
                _random = random;
                _burst = Math.Max(1, (int)Math.Round(burst));
                _tokens = _burst;
                _nextRefill = firstRefill;
            }

            public bool TryTake(TimeSpan now)
            {
                while (_nextRefill <= now)
                {
                    _tokens = Math.Min(_burst, _tokens + 1);
                    _nextRefill += _period + TimeSpan.FromTicks((long)(_lag.Ticks * _random.NextDouble()));
                }

                if (_tokens == 0) return false;
                _tokens--;
                return true;
            }
        }
    }
}
