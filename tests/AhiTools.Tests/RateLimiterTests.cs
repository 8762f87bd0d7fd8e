using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>The adaptive limiter on a clock the test moves: no test here waits for real time.</summary>
    public class RateLimiterTests
    {
        [Fact]
        public async Task ItStartsAtThePublishedRateAndOneTokenShortOfTheBurst()
        {
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 40, clock);
            for (int i = 0; i < 39; i++)
            {
                Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompleted, $"token {i + 1} of the burst should be free");
            }

            Task next = limiter.AcquireAsync(CancellationToken.None);
            Assert.False(next.IsCompleted);
            await clock.WaitForDelayAsync(TimeSpan.FromMilliseconds(100));
            clock.Advance(TimeSpan.FromSeconds(0.1));
            await next;
        }

        [Fact]
        public void ABurstOfOneStaysOne()
        {
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(0.25, 1, clock);
            Assert.True(limiter.AcquireAsync(CancellationToken.None).IsCompleted, "the first call of a 0.25 TPS burst 1 quota should not wait");
            Assert.False(limiter.AcquireAsync(CancellationToken.None).IsCompleted);
        }

        [Fact]
        public void AThrottleMultipliesTheRateByBeta()
        {
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 40, clock);
            limiter.OnAnswer(throttled: true);
            Assert.Equal(7, limiter.FillRate, 6);
            limiter.OnAnswer(throttled: true);
            Assert.Equal(4.9, limiter.FillRate, 6);
            Assert.Equal(2, limiter.ThrottledAnswers);
        }

        [Fact]
        public void AfterAThrottleTheBucketHoldsOneSecondOfTokensNotTheBurst()
        {
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 40, clock);
            limiter.OnAnswer(throttled: true);
            clock.Advance(TimeSpan.FromSeconds(60));
            int free = 0;
            while (limiter.AcquireAsync(CancellationToken.None).IsCompleted) free++;
            Assert.Equal(7, free);
        }

        [Fact]
        public void AfterAThrottleTheRateIsQuicklyBackJustBelowTheRateRefusedAndThenProbesSlowlyAbove()
        {
            var curve = new CubicRateCurve(10, 0, AdaptiveRateLimiter.MinimumRate);
            Assert.Equal(7, curve.Throttled(10, 100), 6);
            Assert.Equal(9.7, curve.LastMaxRate, 6);
            double back = CubicRateCurve.CallsToRecover / 9.7;
            Assert.Equal(7, curve.Succeeded(100), 6);
            double quarter = curve.Succeeded(100 + (back / 4));
            double half = curve.Succeeded(100 + (back / 2));
            Assert.Equal(9.7, curve.Succeeded(100 + back), 6);
            // Concave below W_max: most of the way back in the first half of the window.
            Assert.True(half - 7 > 9.7 - half, $"half-way rate {half}");
            Assert.True(quarter < half);
            // Convex above it, and slower: as far above W_max after CallsToProbe calls as it was below at the throttle.
            double probe = CubicRateCurve.CallsToProbe / 9.7;
            Assert.Equal(9.7 * 1.3, curve.Succeeded(100 + back + probe), 6);
            double above1 = curve.Succeeded(100 + back + (probe / 4)) - 9.7;
            double above2 = curve.Succeeded(100 + back + (probe / 2)) - 9.7;
            Assert.True(above1 > 0 && above2 > 4 * above1, $"{above1} then {above2}");
        }

        [Fact]
        public void AtASlowQuotaTheRecoveryTakesAsManyCallsAsAtTenTps()
        {
            var fast = new CubicRateCurve(10, 0, AdaptiveRateLimiter.MinimumRate);
            var slow = new CubicRateCurve(0.25, 0, AdaptiveRateLimiter.MinimumRate);
            fast.Throttled(10, 0);
            slow.Throttled(0.25, 0);
            // 10 calls after the throttle (at the backed-off rate) at each rate: the same share of the way back.
            double fastShare = (fast.Succeeded(10 / 7.0) - 7) / (fast.LastMaxRate - 7);
            double slowShare = (slow.Succeeded(10 / 0.175) - 0.175) / (slow.LastMaxRate - 0.175);
            Assert.Equal(fastShare, slowShare, 6);
        }

        [Fact]
        public async Task AThrottleWhileCallersWaitForTokensRemembersTheFillRateNotTheMeasuredRate()
        {
            // Callers wait for every token at 10 TPS, but only every other call is answered in this window (the rest
            // are still in flight): the measured rate says 5, the rate sent was 10.
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 1, clock);
            for (int i = 0; i < 40; i++)
            {
                await AcquireOnClockAsync(limiter, clock);
                if (i % 2 == 0) limiter.OnAnswer(throttled: false);
            }

            Assert.InRange(limiter.MeasuredRate, 4, 6);
            double before = limiter.FillRate;
            limiter.OnAnswer(throttled: true);
            Assert.Equal(before * CubicRateCurve.Beta, limiter.FillRate, 6);
        }

        [Fact]
        public void AThrottleWhenCallersSentSlowerThanTheBucketAllowedRemembersTheMeasuredRate()
        {
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 40, clock);
            for (int i = 0; i < 20; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                limiter.OnAnswer(throttled: false); // one answer a second, no caller ever waited
            }

            double measured = limiter.MeasuredRate;
            limiter.OnAnswer(throttled: true);
            Assert.Equal(measured * CubicRateCurve.Beta, limiter.FillRate, 2);
        }

        [Fact]
        public void WithoutThrottlesTheRateStaysWithinTwiceTheMeasuredRate()
        {
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 40, clock);
            for (int i = 0; i < 20; i++)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                limiter.OnAnswer(throttled: false); // one answer a second
            }

            Assert.InRange(limiter.MeasuredRate, 0.9, 1.1);
            Assert.InRange(limiter.FillRate, 1.8, 2.2);
        }

        [Fact]
        public async Task AWaitIsCancelledWithoutTakingAToken()
        {
            // 2 TPS, a bucket of 2 (one short of the burst of 3): two free tokens, then one every half second.
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(2, 3, clock);
            await limiter.AcquireAsync(CancellationToken.None);
            await limiter.AcquireAsync(CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            Task waiting = limiter.AcquireAsync(cancel.Token);
            Task queued = limiter.AcquireAsync(CancellationToken.None);
            await clock.WaitForDelayAsync(TimeSpan.FromSeconds(0.5));
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            // The one behind it gets the next token, half a second after the last.
            await clock.WaitForDelayAsync(TimeSpan.FromSeconds(0.5));
            clock.Advance(TimeSpan.FromSeconds(0.5));
            await queued;
        }

        // The issue's targets (issue 13): at least 95 % of the quota with at most 2 % of calls throttled, at 0.25 TPS
        // as at 10 TPS, without being told the quota. These runs are simulated on a fake clock (SimulatedBulkRun: 8
        // items in flight, a read then a write each, 100 ms per request, a service whose refill timer runs a little
        // late); the same runs against the local service are in bench/README.md.

        [Theory]
        [InlineData(0.25, 1, 150)]
        [InlineData(2, 4, 600)]
        [InlineData(10, 40, 2000)]
        public async Task StartingTooHighItLearnsAQuotaItWasNotToldAndKeepsToIt(double quota, double burst, int items)
        {
            for (int seed = 1; seed <= 3; seed++)
            {
                // The limiter starts at 40 TPS, burst 80: above every quota here.
                var settings = new SimulatedBulkRun.Settings { QuotaRate = quota, QuotaBurst = burst, Items = items, StartRate = 40, StartBurst = 80, Seed = seed };
                SimulatedBulkRun.Result run = await SimulatedBulkRun.RunAsync(settings);

                // Once learned (the second half of the run): few throttles, and the quota used.
                var learned = run.Answers.Skip(run.Answers.Count / 2).ToArray();
                double throttledShare = learned.Count(a => a.Throttled) / (double)learned.Length;
                double seconds = learned[learned.Length - 1].At - run.Answers[(run.Answers.Count / 2) - 1].At;
                double share = learned.Count(a => !a.Throttled) / seconds / quota;
                string outcome = $"seed {seed}: {throttledShare:P1} of calls throttled, {share:P1} of a quota of {quota} TPS once learned; whole run {run}";
                Assert.True(run.Failed == 0, outcome);
                Assert.True(throttledShare <= 0.02, outcome);
                Assert.True(share >= 0.95, outcome);
            }
        }

        [Theory]
        [InlineData(100)]
        [InlineData(50)]
        public async Task TwoHundredUpdatesAtTheirPublishedQuotaUseAtLeast95PercentOfIt(int latencyMs)
        {
            // bench Update100 / Update50: UpdateImageSetMetadata's published 10 TPS burst 40 is also the service's quota.
            for (int seed = 1; seed <= 3; seed++)
            {
                var settings = new SimulatedBulkRun.Settings
                {
                    QuotaRate = 10, QuotaBurst = 40, Items = 200, Latency = TimeSpan.FromMilliseconds(latencyMs), StartRate = 10, StartBurst = 40, Seed = seed,
                };
                SimulatedBulkRun.Result run = await SimulatedBulkRun.RunAsync(settings);
                string outcome = $"seed {seed}: {run.ShareOfQuota(settings):P1} of the quota, {run}";
                Assert.True(run.Failed == 0, outcome);
                Assert.True(run.ThrottledShare <= 0.02, outcome);
                Assert.True(run.ShareOfQuota(settings) >= 0.95, outcome);
            }
        }

        [Fact]
        public async Task WhenTheBurstRunsOutItIsNotAheadOfTheServicesRefillTimer()
        {
            // The service adds whole tokens on a timer of its own phase that fires up to 2 ms late. A bucket that
            // refilled continuously from the full burst was a token ahead of it when the burst ran out and was
            // throttled there (at 1.5 to 6 s in these seeds); one token short of the burst, the first throttle, if
            // any, comes only once the timer's lateness has added up to a whole period.
            for (int seed = 1; seed <= 6; seed++)
            {
                foreach (int latencyMs in new[] { 100, 50 })
                {
                    var settings = new SimulatedBulkRun.Settings
                    {
                        QuotaRate = 10, QuotaBurst = 40, Items = 200, Latency = TimeSpan.FromMilliseconds(latencyMs), StartRate = 10, StartBurst = 40, Seed = seed,
                        ContinuousRefill = false,
                    };
                    SimulatedBulkRun.Result run = await SimulatedBulkRun.RunAsync(settings);
                    double[] throttledAt = run.Answers.Where(a => a.Throttled).Select(a => a.At).ToArray();
                    string outcome = $"seed {seed}, {latencyMs} ms: throttled at {string.Join(", ", throttledAt.Select(at => at.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s; {run}";
                    Assert.True(throttledAt.All(at => at > 6.5), outcome);
                }
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public async Task FindingASlowQuotasPeriodFailsNoItemWhateverTheItemsInFlight(int inFlight)
        {
            // The period search's throttled probes fall on whichever items wait; with few in flight, the same item's
            // again and again. They do not count against its attempts (6 here): the limiter chose their time.
            for (int seed = 1; seed <= 3; seed++)
            {
                var settings = new SimulatedBulkRun.Settings { QuotaRate = 0.25, QuotaBurst = 1, Items = 12, StartRate = 10, StartBurst = 40, Seed = seed, InFlight = inFlight };
                SimulatedBulkRun.Result run = await SimulatedBulkRun.RunAsync(settings);
                string outcome = $"seed {seed}, {inFlight} in flight: {run.ShareOfQuota(settings):P1} of the quota, {run}";
                Assert.True(run.Failed == 0, outcome);
                Assert.True(run.ShareOfQuota(settings) >= 0.95, outcome);
            }
        }

        [Fact]
        public async Task TwelveUpdatesAtTheOlderQuotaUseAtLeast95PercentOfItAfterStartingAt10Tps()
        {
            // bench Update2024: the newest table's 10 TPS burst 40 against a service that enforces the older 0.25 TPS
            // burst 1. Learning it costs throttled calls (most of a 12-item run's); the time is what counts here. Before
            // the period search (QuotaPeriodSearch) this was 71.5 %: whole 4-second periods passed with every item
            // backing off.
            for (int seed = 1; seed <= 6; seed++)
            {
                var settings = new SimulatedBulkRun.Settings { QuotaRate = 0.25, QuotaBurst = 1, Items = 12, StartRate = 10, StartBurst = 40, Seed = seed };
                SimulatedBulkRun.Result run = await SimulatedBulkRun.RunAsync(settings);
                string outcome = $"seed {seed}: {run.ShareOfQuota(settings):P1} of the quota, {run}";
                Assert.True(run.Failed == 0, outcome);
                Assert.True(run.ShareOfQuota(settings) >= 0.95, outcome);
            }
        }

        [Theory]
        [InlineData(3.5)]
        [InlineData(20)]
        public async Task AtABurstOfOneTheJitterOfItsOwnCallsDoesNotGetItThrottled(double jitterMs)
        {
            // bench Copy and Remove (and Update2024 once learned): a burst of 1 leaves no spare token, and against a
            // continuous bucket a call that reaches the service a few milliseconds sooner after the last one than it
            // left the client after it finds the token not yet whole. Paced at exactly the quota, that was a throttle
            // every other call; each costs 30 % of the rate.
            for (int seed = 1; seed <= 6; seed++)
            {
                var settings = new SimulatedBulkRun.Settings
                {
                    QuotaRate = 0.25, QuotaBurst = 1, Items = 12, StartRate = 0.25, StartBurst = 1, Seed = seed, ContinuousRefill = true,
                    Jitter = TimeSpan.FromMilliseconds(jitterMs),
                };
                SimulatedBulkRun.Result run = await SimulatedBulkRun.RunAsync(settings);
                string outcome = $"seed {seed}: {run.ShareOfQuota(settings):P1} of the quota, {run}";
                Assert.True(run.Throttled == 0, outcome);
                Assert.True(run.ShareOfQuota(settings) >= 0.95, outcome);
            }
        }

        [Fact]
        public async Task AThrottledCallsBackoffEndsWhenThePeriodSearchStarts()
        {
            // A call throttled before the search starts backs off; the search times every call, the
            // retries too, and a retry still backing off would leave a slow quota's tokens unused.
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 40, clock);
            double served = await limiter.AcquireAsync(CancellationToken.None);
            clock.Advance(TimeSpan.FromMilliseconds(100));
            limiter.OnAnswer(throttled: false, served);

            DateTimeOffset backoffStarted = clock.GetUtcNow();
            // Longer than any backoff, so that a wait ended by its own timer cannot pass for one the search ended.
            Task<double> backingOff = limiter.AcquireAsync(CancellationToken.None, TimeSpan.FromSeconds(1000));
            Assert.False(backingOff.IsCompleted);

            // Throttled in a row (each call sent after the last throttle's answer) until the rate is below one a second.
            for (int i = 0; i < 20 && !limiter.SearchingPeriod; i++)
            {
                double sent = await AcquireOnClockAsync(limiter, clock);
                clock.Advance(TimeSpan.FromMilliseconds(2));
                limiter.OnAnswer(throttled: true, sent);
            }

            Assert.True(limiter.SearchingPeriod, "ten calls throttled in a row from 10 TPS should start the period search");
            await UntilCompletedOnClockAsync(backingOff, clock);
            TimeSpan waited = clock.GetUtcNow() - backoffStarted;
            // The search starts within seconds (the throttles' own pacing) and sends its first call a little later.
            Assert.True(waited < TimeSpan.FromSeconds(100), $"the backoff of 1000 s should end with the search; it took {waited.TotalSeconds:0.0} s");
        }

        private static async Task<double> AcquireOnClockAsync(AdaptiveRateLimiter limiter, ManualTimeProvider clock)
        {
            Task<double> acquired = limiter.AcquireAsync(CancellationToken.None);
            await UntilCompletedOnClockAsync(acquired, clock);
            return await acquired;
        }

        /// <summary>
        /// Moves the clock towards the next pending delay, 50 ms at a time, until <paramref name="task"/> completes: a
        /// waiter woken by one delay may start its next only after the clock has been looked at again.
        /// </summary>
        private static async Task UntilCompletedOnClockAsync(Task task, ManualTimeProvider clock)
        {
            while (!task.IsCompleted)
            {
                var pending = clock.PendingDelays();
                if (pending.Count > 0)
                {
                    clock.Advance(TimeSpan.FromTicks(Math.Min(pending.Min().Ticks, TimeSpan.FromMilliseconds(50).Ticks)));
                }

                await Task.Yield();
            }

            await task;
        }
    }
}
