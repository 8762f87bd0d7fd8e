using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>The period search on times given by hand: seconds on the limiter's clock.</summary>
    public class QuotaPeriodSearchTests
    {
        private const double AnswerWait = 0.3;

        [Fact]
        public void UntilACallIsServedEachGapAfterTheLastServedCallGrows()
        {
            var search = new QuotaPeriodSearch(lastServedSentAt: 10, throttledSentAt: 10.2);
            Assert.Equal(10 + (0.2 * QuotaPeriodSearch.Growth), search.NextSendAt(AnswerWait), 6);

            search.Sent(10.26);
            search.Answered(10.26, throttled: true);
            Assert.Equal(10 + (0.26 * QuotaPeriodSearch.Growth), search.NextSendAt(AnswerWait), 6);
            Assert.True(double.IsPositiveInfinity(search.ServedGap));
        }

        [Fact]
        public void AServedCallBoundsThePeriodAndProbesHalveWhatIsLeftUnknown()
        {
            var search = new QuotaPeriodSearch(lastServedSentAt: 0, throttledSentAt: 3);
            search.Sent(3.9);
            search.Answered(3.9, throttled: false);
            Assert.Equal(3.9, search.ServedGap, 6);

            // The probe: the middle of 3 (throttled) and 3.9 (served) after the new anchor.
            Assert.Equal(3.9 + 3.45, search.NextSendAt(AnswerWait), 6);
            search.Sent(7.35);
            search.Answered(7.35, throttled: true);
            Assert.Equal(3.45, search.ThrottledGap, 6);

            // Throttled (which costs no token): the next probe halves what is left, still before the gap known to be enough.
            Assert.Equal(3.9 + 3.675, search.NextSendAt(AnswerWait), 6);
            search.Sent(7.575);
            search.Answered(7.575, throttled: false);
            Assert.Equal(3.675, search.ServedGap, 6);

            // Served: a new anchor, and the next probe in the middle of 3.45 and 3.675.
            Assert.Equal(7.575 + 3.5625, search.NextSendAt(AnswerWait), 6);
        }

        [Fact]
        public void ItWaitsForTheAnswerOfACallStillOutAndAThrottleOfACallSentMeanwhileSaysNothing()
        {
            var search = new QuotaPeriodSearch(lastServedSentAt: 0, throttledSentAt: 3);
            search.Sent(3.9);
            search.Answered(3.9, throttled: false);
            search.Sent(7.35);

            // The probe may have taken the token: the next call waits for its answer, or for AnswerWait.
            Assert.Equal(7.35 + 1, search.NextSendAt(answerWait: 1), 6);
            search.Sent(8.35);
            search.Answered(8.35, throttled: true);
            Assert.Equal(3, search.ThrottledGap, 6);
            Assert.False(search.Refuted);
        }

        [Fact]
        public void AThrottleJustPastTheServedGapLengthensItAndOneWellPastItRefutesTheSearch()
        {
            var search = new QuotaPeriodSearch(lastServedSentAt: 0, throttledSentAt: 3.5);
            search.Sent(4);
            search.Answered(4, throttled: false);

            // 0.5 % past: the calls' way to the service jitters.
            search.Sent(8.02);
            search.Answered(8.02, throttled: true);
            Assert.False(search.Refuted);
            Assert.True(search.ServedGap > 4.02, $"served gap {search.ServedGap}");

            // 5 % past the served gap: that call had found a token left over from a burst.
            search.Sent(8.2);
            search.Answered(8.2, throttled: true);
            Assert.True(search.Refuted);
        }

        [Fact]
        public void OnceSettledItProbesAgainOnlyAfterAHundredServedCalls()
        {
            var search = new QuotaPeriodSearch(lastServedSentAt: 0, throttledSentAt: 3.99);
            search.Sent(4);
            search.Answered(4, throttled: false);
            double at = 4;
            for (int i = 1; i < QuotaPeriodSearch.ServedBetweenProbes; i++)
            {
                Assert.Equal(at + 4, search.NextSendAt(AnswerWait), 6);
                at += 4;
                search.Sent(at);
                search.Answered(at, throttled: false);
            }

            Assert.Equal(at + 4, search.NextSendAt(AnswerWait), 6);
            at += 4;
            search.Sent(at);
            search.Answered(at, throttled: false);
            Assert.True(search.NextSendAt(AnswerWait) < at + 4, "after a hundred served calls it should probe a shorter gap");
        }
    }
}
