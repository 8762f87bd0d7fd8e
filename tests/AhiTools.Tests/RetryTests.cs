using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class RetryTests
    {
        private const string Ds = TestClients.DatastoreId;
        private const string Is = TestClients.ImageSetId;
        private const string EmptyList = "{\"imageSetPropertiesList\":[]}";

        [Fact]
        public async Task ThrottlingAndServiceUnavailableAreRetriedUntilSuccess()
        {
            var transport = new FakeTransport()
                .ThenError((HttpStatusCode)429, "ThrottlingException", "slow down")
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy")
                .ThenJson(HttpStatusCode.OK, EmptyList);
            using var client = TestClients.Create(transport);

            ImageSetVersionPage page = await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);

            Assert.Empty(page.Versions);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Theory]
        [InlineData(500)]
        [InlineData(502)]
        [InlineData(504)]
        public async Task ServerErrorsAreRetried(int status)
        {
            var transport = new FakeTransport()
                .ThenJson((HttpStatusCode)status, "{}")
                .ThenJson(HttpStatusCode.OK, EmptyList);
            using var client = TestClients.Create(transport);

            await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);

            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task ThrottlingExceptionIsRetriedWhateverItsStatus()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.BadRequest, "ThrottlingException", "slow down")
                .ThenJson(HttpStatusCode.OK, EmptyList);
            using var client = TestClients.Create(transport);

            await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);

            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task ValidationErrorsAreNotRetried()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.BadRequest, "ValidationException", "bad")
                .ThenJson(HttpStatusCode.OK, EmptyList);
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None));

            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task NetworkFailuresAreRetried()
        {
            var transport = new FakeTransport()
                .ThenThrow(new HttpRequestException("connection reset"))
                .ThenThrow(new IOException("broken pipe"))
                .ThenJson(HttpStatusCode.OK, EmptyList);
            using var client = TestClients.Create(transport);

            await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);

            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task AttemptsAreBounded()
        {
            var transport = new FakeTransport { Fallback = _ => FakeTransport.Json(HttpStatusCode.ServiceUnavailable, "{\"message\":\"busy\"}") };
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 3));

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task AHungAttemptTimesOutAndIsRetried()
        {
            var transport = new FakeTransport()
                .Then(async (request, token) =>
                {
                    await Task.Delay(Timeout.Infinite, token);
                    throw new InvalidOperationException("unreachable");
                })
                .ThenJson(HttpStatusCode.OK, EmptyList);
            var options = TestClients.FastRetries();
            options.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            using var client = TestClients.Create(transport, options);

            await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);

            Assert.Equal(2, transport.Requests.Count);
        }

        [Theory]
        // 1000 attempts 50 ms apart would take 50 s: the time-out ends the call during an attempt or a backoff.
        [InlineData(50, 1000)]
        // A backoff of up to ten minutes: only the time-out can end it before the next attempt.
        [InlineData(600_000, 6)]
        public async Task TheWholeCallIsBoundedInTime(int delayMilliseconds, int attempts)
        {
            var transport = new FakeTransport { Fallback = _ => FakeTransport.Json(HttpStatusCode.ServiceUnavailable, "{}") };
            var options = TestClients.FastRetries(attempts);
            options.BaseDelay = TimeSpan.FromMilliseconds(delayMilliseconds);
            options.MaxDelay = TimeSpan.FromMilliseconds(delayMilliseconds);
            options.TotalTimeout = TimeSpan.FromMilliseconds(500);
            using var client = TestClients.Create(transport, options);

            // A TimeoutException with attempts to spare is the total time-out ending the call, not the last 503; a wait
            // the time-out did not end would trip the generous guard. How many attempts fit depends on the machine.
            await Assert.ThrowsAsync<TimeoutException>(() => client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60)));

            Assert.InRange(transport.Requests.Count, 1, attempts - 1);
        }

        [Fact]
        public async Task AnAttemptThatNeverAnswersEndsInATimeoutNamingBothBounds()
        {
            var transport = new FakeTransport { Fallback = _ => throw new InvalidOperationException("unreachable") };
            for (int i = 0; i < 2; i++)
            {
                transport.Then(async (request, token) =>
                {
                    await Task.Delay(Timeout.Infinite, token);
                    throw new InvalidOperationException("unreachable");
                });
            }

            var options = TestClients.FastRetries(attempts: 2);
            options.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            using var client = TestClients.Create(transport, options);

            var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None));

            Assert.Contains("each attempt is given 0.2 s, the whole call 30 s", error.Message);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public void TheStandardBackoffIsARandomWaitUpToTheDoubledBaseDelayCappedAtTheMaximum()
        {
            var options = new HealthImagingRetryOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(20) };

            for (int retry = 0; retry < 8; retry++)
            {
                double ceiling = Math.Min(Math.Pow(2, retry), 20);
                var waits = new double[200];
                for (int i = 0; i < waits.Length; i++) waits[i] = options.StandardBackoff(retry).TotalSeconds;

                Assert.All(waits, wait => Assert.InRange(wait, 0, ceiling));
                // Spread over the whole range ("full jitter"): 200 draws all in one half has a chance of 2^-200.
                Assert.Contains(waits, wait => wait < ceiling / 2);
                Assert.Contains(waits, wait => wait > ceiling / 2);
            }
        }

        [Fact]
        public async Task CancellationStopsRetriesPromptly()
        {
            var transport = new FakeTransport { Fallback = _ => FakeTransport.Json(HttpStatusCode.ServiceUnavailable, "{}") };
            var options = TestClients.FastRetries(attempts: 6);
            options.BaseDelay = TimeSpan.FromMinutes(10);
            options.MaxDelay = TimeSpan.FromMinutes(10);
            options.TotalTimeout = TimeSpan.FromMinutes(30);
            using var client = TestClients.Create(transport, options);
            using var cancellation = new CancellationTokenSource();
            var retrying = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            // Cancelled once the client has decided to wait before its second attempt (the retry notice), not after a guessed time.
            Task call = Task.Run(() =>
            {
                RetryNotices.Listener = _ => retrying.TrySetResult(true);
                return client.ListImageSetVersionsAsync(Ds, Is, null, null, cancellation.Token);
            });
            await retrying.Task.WaitAsync(TimeSpan.FromMinutes(1));
            cancellation.Cancel();

            // A wait of minutes that ignored the cancellation would trip this generous guard long before it ended.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task CancellingAnInFlightRequestIsNotRetried()
        {
            using var cancellation = new CancellationTokenSource();
            var transport = new FakeTransport()
                .Then(async (request, token) =>
                {
                    cancellation.CancelAfter(50);
                    await Task.Delay(Timeout.Infinite, token);
                    throw new InvalidOperationException("unreachable");
                })
                .ThenJson(HttpStatusCode.OK, EmptyList);
            using var client = TestClients.Create(transport);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListImageSetVersionsAsync(Ds, Is, null, null, cancellation.Token));

            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task WritesAreRetriedOnThrottling()
        {
            var transport = new FakeTransport()
                .ThenError((HttpStatusCode)429, "ThrottlingException", "slow down")
                .ThenJson(HttpStatusCode.OK, "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + Is + "\",\"latestVersionId\":\"2\",\"imageSetState\":\"LOCKED\"}");
            using var client = TestClients.Create(transport);

            ImageSetWriteResult result = await client.UpdateImageSetMetadataAsync(
                new UpdateImageSetMetadataRequest { DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "1", RevertToVersionId = "1" }, CancellationToken.None);

            Assert.Equal("2", result.ImageSet.VersionId);
            Assert.False(result.RecoveredAfterLostResponse);
            Assert.Equal(2, transport.Requests.Count);
            Assert.Equal(transport.Requests[0].BodyText, transport.Requests[1].BodyText);
        }
    }
}
