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
        public async Task ItStartsAtThePublishedRateAndBurst()
        {
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(10, 40, clock);
            for (int i = 0; i < 40; i++)
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
        public void TheRateRecoversOnACubicCurveBackToTheRateThrottledAndThenProbesAbove()
        {
            var curve = new CubicRateCurve(10, 0, AdaptiveRateLimiter.MinimumRate);
            Assert.Equal(7, curve.Throttled(10, 100), 6);
            double window = CubicRateCurve.CallsToRecover / 10.0;
            Assert.Equal(7, curve.Succeeded(100), 6);
            double quarter = curve.Succeeded(100 + (window / 4));
            double half = curve.Succeeded(100 + (window / 2));
            Assert.Equal(10, curve.Succeeded(100 + window), 6);
            // Concave below W_max: most of the way back in the first half of the window.
            Assert.True(half - 7 > 10 - half, $"half-way rate {half}");
            Assert.True(quarter < half);
            // Convex above it: slow at first, then faster.
            double above1 = curve.Succeeded(100 + window + 1) - 10;
            double above2 = curve.Succeeded(100 + window + 2) - 10;
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
            double fastShare = (fast.Succeeded(10 / 7.0) - 7) / 3;
            double slowShare = (slow.Succeeded(10 / 0.175) - 0.175) / 0.075;
            Assert.Equal(fastShare, slowShare, 6);
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
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(1, 1, clock);
            await limiter.AcquireAsync(CancellationToken.None);
            using var cancel = new CancellationTokenSource();
            Task waiting = limiter.AcquireAsync(cancel.Token);
            Task queued = limiter.AcquireAsync(CancellationToken.None);
            await clock.WaitForDelayAsync(TimeSpan.FromSeconds(1));
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            // The one behind it gets the next token, one second after the first.
            await clock.WaitForDelayAsync(TimeSpan.FromSeconds(1));
            clock.Advance(TimeSpan.FromSeconds(1));
            await queued;
        }

        [Theory]
        [InlineData(0.25, 1)]
        [InlineData(10, 40)]
        [InlineData(2, 4)]
        public async Task StartingTooHighItLearnsAQuotaItWasNotToldAndKeepsToIt(double quota, double burst)
        {
            // The limiter starts at 40 TPS, burst 80: above every quota here.
            var clock = new ManualTimeProvider();
            var limiter = new AdaptiveRateLimiter(40, 80, clock);
            var service = new SimulatedQuota(quota, burst, clock);
            var latency = TimeSpan.FromMilliseconds(50);
            int calls = (int)Math.Max(600, quota * 400);
            var answers = new (TimeSpan At, bool Throttled)[calls];
            for (int i = 0; i < calls; i++)
            {
                await AcquireOnClockAsync(limiter, clock);
                bool throttled = !service.TryTake();
                clock.Advance(latency);
                limiter.OnAnswer(throttled);
                answers[i] = (clock.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), throttled);
            }

            // Once learned (the second half of the run): few throttles, and the quota used.
            var learned = answers.Skip(calls / 2).ToArray();
            double throttledShare = learned.Count(a => a.Throttled) / (double)learned.Length;
            double seconds = (learned[learned.Length - 1].At - answers[(calls / 2) - 1].At).TotalSeconds;
            double rate = learned.Count(a => !a.Throttled) / seconds;
            string outcome = $"{throttledShare:P1} of calls throttled, {rate:0.000} TPS against a quota of {quota}";
            // Measured here: 1.7 % to 2.8 % throttled and 92 % to 100 % of the quota (the end-to-end numbers are in
            // bench/README.md); the bounds leave room for that and fail on a limiter that stops learning.
            Assert.True(throttledShare <= 0.03, outcome);
            Assert.True(rate >= 0.90 * quota && rate <= 1.05 * quota, outcome);
        }

        private static async Task AcquireOnClockAsync(AdaptiveRateLimiter limiter, ManualTimeProvider clock)
        {
            Task acquired = limiter.AcquireAsync(CancellationToken.None);
            while (!acquired.IsCompleted)
            {
                var pending = clock.PendingDelays();
                if (pending.Count > 0)
                {
                    clock.Advance(pending.Min());
                }
                else
                {
                    await Task.Yield();
                }
            }

            await acquired;
        }

        /// <summary>The service side: a token bucket that starts full, as the local service's quotas.</summary>
        private sealed class SimulatedQuota
        {
            private readonly double _rate;
            private readonly double _burst;
            private readonly TimeProvider _clock;
            private double _tokens;
            private DateTimeOffset _last;

            public SimulatedQuota(double rate, double burst, TimeProvider clock)
            {
                _rate = rate;
                _burst = burst;
                _clock = clock;
                _tokens = burst;
                _last = clock.GetUtcNow();
            }

            public bool TryTake()
            {
                DateTimeOffset now = _clock.GetUtcNow();
                _tokens = Math.Min(_burst, _tokens + ((now - _last).TotalSeconds * _rate));
                _last = now;
                if (_tokens < 1) return false;
                _tokens -= 1;
                return true;
            }
        }
    }
}
