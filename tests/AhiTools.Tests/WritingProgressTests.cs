using System;
using AhiTools.Writing;
using Xunit;

namespace AhiTools.Tests
{
    // Bulk progress on a fake clock: what it counts, and that it reports at most once per interval.
    public class WritingProgressTests
    {
        private TimeSpan _now = TimeSpan.FromSeconds(100);

        private BulkProgress Progress(int? total = null) =>
            new("Updating image sets", () => _now, TimeSpan.FromMilliseconds(500)) { Total = total };

        [Fact]
        public void ReportsAtOnceThenAtMostOncePerInterval()
        {
            BulkProgress progress = Progress();
            Assert.NotNull(progress.ReportIfDue(1));
            _now += TimeSpan.FromMilliseconds(499);
            Assert.Null(progress.ReportIfDue(1));
            _now += TimeSpan.FromMilliseconds(1);
            Assert.NotNull(progress.ReportIfDue(1));
        }

        [Fact]
        public void CountsDoneInFlightFailedThrottledAndTheRate()
        {
            BulkProgress progress = Progress();
            _now += TimeSpan.FromSeconds(2);
            progress.ItemOver(failed: false);
            progress.ItemOver(failed: false);
            progress.ItemOver(failed: false);
            progress.ItemOver(failed: true);
            progress.CountThrottled();

            BulkProgressReport report = progress.Report(5);

            Assert.Equal("Updating image sets", report.Activity);
            Assert.Equal("4 done, 5 in flight, 1 failed, 1 throttled, 2.0/s", report.Status);
            Assert.Equal(-1, report.PercentComplete);
            Assert.Equal(-1, report.SecondsRemaining);
        }

        [Fact]
        public void WithAKnownTotalGivesThePercentageAndTheTimeLeft()
        {
            BulkProgress progress = Progress(total: 10);
            _now += TimeSpan.FromSeconds(4);
            for (int i = 0; i < 4; i++)
            {
                progress.ItemOver(failed: false);
            }

            BulkProgressReport report = progress.Report(2);

            Assert.StartsWith("4 of 10 done", report.Status);
            Assert.Equal(40, report.PercentComplete);
            Assert.Equal(6, report.SecondsRemaining);
        }
    }
}
