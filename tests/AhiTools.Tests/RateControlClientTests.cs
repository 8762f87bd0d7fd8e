using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Amazon.Runtime;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>How the client uses the limiter and reports throttled answers (fake transport, fake clock).</summary>
    public class RateControlClientTests
    {
        private const string EmptyList = "{\"imageSetPropertiesList\":[]}";

        private static FakeTransport ThrottledTwiceThenServed() => new FakeTransport()
            .ThenError((HttpStatusCode)429, "ThrottlingException", "slow down")
            .ThenError(HttpStatusCode.BadRequest, "ThrottlingException", "slow down")
            .ThenJson(HttpStatusCode.OK, EmptyList);

        [Fact]
        public async Task EachThrottledAnswerIsReportedOnceInTheFlowOfTheCall()
        {
            int throttled = 0;
            RetryNotices.ThrottledListener = () => Interlocked.Increment(ref throttled);
            try
            {
                using var client = TestClients.Create(ThrottledTwiceThenServed());
                await client.ListImageSetVersionsAsync(TestClients.DatastoreId, TestClients.ImageSetId, null, null, CancellationToken.None);
            }
            finally
            {
                RetryNotices.ThrottledListener = null;
            }

            Assert.Equal(2, throttled);
        }

        [Fact]
        public async Task InAdaptiveModeThrottledAnswersSlowTheOperationsLimiterAndSaySo()
        {
            var clock = new ManualTimeProvider();
            var registry = new RateLimiterRegistry(clock);
            var notices = new List<string>();
            RetryNotices.Listener = notice => { lock (notices) notices.Add(notice); };
            try
            {
                using var client = new HealthImagingClient(
                    new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                    TestClients.LocalEndpoints,
                    TestClients.FastRetries().WithAdaptiveRateControl(true),
                    ThrottledTwiceThenServed(),
                    () => DateTimeOffset.UtcNow,
                    null,
                    registry);
                // The limiter waits the throttled attempts' backoffs, on its clock.
                Task call = client.ListImageSetVersionsAsync(TestClients.DatastoreId, TestClients.ImageSetId, null, null, CancellationToken.None);
                while (!call.IsCompleted)
                {
                    var pending = clock.PendingDelays();
                    if (pending.Count > 0) clock.Advance(pending.Min());
                    else await Task.Delay(1);
                }

                await call;
            }
            finally
            {
                RetryNotices.Listener = null;
            }

            AdaptiveRateLimiter limiter = registry.For(new Uri("http://127.0.0.1:9999"), "ListImageSetVersions");
            Assert.Equal(2, limiter.ThrottledAnswers);
            // Backed off twice (the notice says to what); the served answer after the backoffs starts its recovery.
            Assert.True(limiter.FillRate < 25 * 0.7, $"fill rate {limiter.FillRate}");
            Assert.Equal(0, registry.For(new Uri("http://127.0.0.1:9999"), "GetImageSet").ThrottledAnswers);
            Assert.Contains("ListImageSetVersions on http://127.0.0.1:9999 was throttled: calls are now paced at 12.25 per second (retry mode adaptive).", notices);
        }

        [Fact]
        public async Task InStandardModeNoLimiterIsUsed()
        {
            var registry = new RateLimiterRegistry(new ManualTimeProvider());
            using var client = new HealthImagingClient(
                new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                TestClients.LocalEndpoints,
                TestClients.FastRetries(),
                ThrottledTwiceThenServed(),
                () => DateTimeOffset.UtcNow,
                null,
                registry);
            await client.ListImageSetVersionsAsync(TestClients.DatastoreId, TestClients.ImageSetId, null, null, CancellationToken.None);

            Assert.Equal(0, registry.For(new Uri("http://127.0.0.1:9999"), "ListImageSetVersions").ThrottledAnswers);
        }
    }
}
