using System;
using AhiTools.LocalService.Hosting;
using AhiTools.LocalService.Quotas;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    /// <summary>
    /// The service's quota buckets against AWS's token bucket: tokens accrue continuously at the rate, capped at the
    /// burst. Driven through the presets on a fake clock that moves only when the test advances it.
    /// </summary>
    public class TokenBucketTests
    {
        [Theory]
        [InlineData("UpdateImageSetMetadata", 10, 40)]
        [InlineData("GetImageSet", 25, 50)]
        [InlineData("GetImageSetMetadata", 50, 100)]
        public void A_client_sending_exactly_at_the_rate_after_the_burst_is_never_refused(string operation, double rate, int burst)
        {
            var clock = new ManualTimeProvider();
            var quotas = Quotas("aws", clock);
            // Some time after the service started, so that the client's phase is its own.
            clock.Advance(TimeSpan.FromMilliseconds(37));
            for (var n = 0; n < burst; n++) Assert.True(quotas.TryAcquire(operation), $"burst call {n + 1}");
            Assert.False(quotas.TryAcquire(operation));

            var interval = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate));
            for (var n = 0; n < 200; n++)
            {
                clock.Advance(interval);
                Assert.True(quotas.TryAcquire(operation), $"call {n + 1} at the rate after the burst");
            }
        }

        [Fact]
        public void A_client_sending_faster_than_the_rate_is_refused_and_served_burst_plus_the_rate_over_the_span()
        {
            // 10 TPS burst 40, one call every 90 ms (11.1 per second) for 1000 calls.
            var clock = new ManualTimeProvider();
            var quotas = Quotas("aws", clock);
            var interval = TimeSpan.FromMilliseconds(90);
            var granted = 0;
            for (var n = 0; n < 1000; n++)
            {
                if (n > 0) clock.Advance(interval);
                if (quotas.TryAcquire("UpdateImageSetMetadata")) granted++;
            }

            var span = 999 * interval.TotalSeconds;
            var expected = 40 + (int)Math.Floor(span * 10);
            Assert.True(Math.Abs(granted - expected) <= 1, $"granted {granted}, expected {expected} within one");
            Assert.Equal(1000 - granted, quotas.ThrottledCounts()["UpdateImageSetMetadata"]);
        }

        [Fact]
        public void A_fraction_of_a_token_accrues_and_a_whole_one_is_served_after_exactly_one_period()
        {
            // CopyImageSet: 0.25 TPS burst 1, so a token takes 4 s from whenever the bucket was emptied.
            var clock = new ManualTimeProvider();
            var quotas = Quotas("aws", clock);
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.True(quotas.TryAcquire("CopyImageSet"));
            Assert.False(quotas.TryAcquire("CopyImageSet"));

            clock.Advance(TimeSpan.FromMilliseconds(3900));
            Assert.False(quotas.TryAcquire("CopyImageSet"));
            // The refused call above took nothing: the 3.9 s it saw still count.
            clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.True(quotas.TryAcquire("CopyImageSet"));
            Assert.False(quotas.TryAcquire("CopyImageSet"));
        }

        [Theory]
        [InlineData("UpdateImageSetMetadata", 40)]
        [InlineData("CopyImageSet", 1)]
        public void After_a_long_idle_time_the_bucket_holds_no_more_than_its_burst(string operation, int burst)
        {
            var clock = new ManualTimeProvider();
            var quotas = Quotas("aws", clock);
            Assert.True(quotas.TryAcquire(operation));
            clock.Advance(TimeSpan.FromDays(1));
            for (var n = 0; n < burst; n++) Assert.True(quotas.TryAcquire(operation), $"call {n + 1} after the idle day");
            Assert.False(quotas.TryAcquire(operation));
        }

        private static OperationQuotas Quotas(string preset, TimeProvider clock) =>
            new(new ServiceOptions { QuotaPreset = preset, TimeProvider = clock });
    }
}
