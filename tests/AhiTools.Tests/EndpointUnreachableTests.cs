using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class EndpointUnreachableTests
    {
        private const string Ds = TestClients.DatastoreId;
        private const string Is = TestClients.ImageSetId;

        private static HttpRequestException Refused() =>
            new("Connection refused (127.0.0.1:9999)", new SocketException((int)SocketError.ConnectionRefused));

        private static FakeTransport RefusingTransport(int attempts)
        {
            var transport = new FakeTransport();
            for (int i = 0; i < attempts; i++)
            {
                transport.ThenThrow(Refused());
            }

            return transport;
        }

        [Fact]
        public async Task EveryAttemptRefusedIsReportedAsUnreachableWithAttemptsAndEndpoint()
        {
            var transport = RefusingTransport(3);
            using var client = TestClients.Create(transport, TestClients.FastRetries(3), TestClients.LocalEndpoints);

            var error = await Assert.ThrowsAsync<EndpointUnreachableException>(() => client.GetImageSetAsync(Ds, Is, null, CancellationToken.None));

            Assert.Equal(3, transport.Requests.Count);
            Assert.Equal(3, error.AttemptCount);
            Assert.Equal("http://127.0.0.1:9999", error.Endpoint);
            Assert.True(error.Elapsed > TimeSpan.Zero);
            Assert.Contains("all 3 attempts", error.Message);
            Assert.Contains("connection refused", error.Message);
            Assert.DoesNotContain(Is, error.Message);
            Assert.IsType<HttpRequestException>(error.InnerException);
        }

        [Fact]
        public async Task AFailureAfterConnectingIsNotCalledUnreachable()
        {
            var transport = new FakeTransport()
                .ThenThrow(new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)))
                .ThenThrow(Refused());
            using var client = TestClients.Create(transport, TestClients.FastRetries(2), TestClients.LocalEndpoints);

            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetImageSetAsync(Ds, Is, null, CancellationToken.None));
        }

        [Fact]
        public async Task ARefusedWriteIsUnreachableNotAnUnknownOutcome()
        {
            // A copy into a new image set is never replayed once it may have been applied: a refused connection
            // sent nothing, so every attempt is made and the error says the endpoint could not be reached.
            var transport = RefusingTransport(3);
            using var client = TestClients.Create(transport, TestClients.FastRetries(3), TestClients.LocalEndpoints);
            var request = new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "1" };

            var error = await Assert.ThrowsAsync<EndpointUnreachableException>(() => client.CopyImageSetAsync(request, CancellationToken.None));

            Assert.Equal(3, error.AttemptCount);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task EachRetryIsAnnouncedToTheListenerOfTheFlowThatStartedTheCall()
        {
            var transport = RefusingTransport(1).ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy PATIENT^NAME");
            transport.ThenJson(HttpStatusCode.OK, "{\"imageSetPropertiesList\":[]}");
            using var client = TestClients.Create(transport, TestClients.FastRetries(4), TestClients.LocalEndpoints);
            var notices = new List<string>();

            await Task.Run(async () =>
            {
                RetryNotices.Listener = notice => { lock (notices) notices.Add(notice); };
                await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);
            });

            Assert.Equal(2, notices.Count);
            Assert.StartsWith("HealthImaging at http://127.0.0.1:9999: attempt 1 of 4 failed (connection refused)", notices[0]);
            Assert.Contains("attempt 2 of 4 failed (HTTP 503 ServiceUnavailableException)", notices[1]);
            Assert.All(notices, notice => Assert.Contains("retrying in", notice));
            // Neither the request (IDs, signature) nor the answer's text is quoted.
            Assert.All(notices, notice => Assert.DoesNotContain(Is, notice));
            Assert.All(notices, notice => Assert.DoesNotContain("PATIENT", notice));
            Assert.All(notices, notice => Assert.DoesNotContain("AKIDEXAMPLE", notice));
        }

        [Fact]
        public async Task ACallStartedElsewhereDoesNotReportToAnotherFlowsListener()
        {
            using var client = TestClients.Create(RefusingTransport(2), TestClients.FastRetries(2), TestClients.LocalEndpoints);
            var notices = new List<string>();
            var listening = Task.Run(() => { RetryNotices.Listener = notices.Add; });
            await listening;

            await Assert.ThrowsAsync<EndpointUnreachableException>(() => Task.Run(() => client.GetImageSetAsync(Ds, Is, null, CancellationToken.None)));

            Assert.Empty(notices);
        }

        // Backoffs long enough that a test waiting one out would be noticed; each test cancels its call at the first
        // notice that announces such a wait, so a broken fast path fails the test at once instead of sleeping.
        private static HealthImagingRetryOptions SlowBackoffFastUnreachable(int attempts) => new()
        {
            MaxAttempts = attempts,
            BaseDelay = TimeSpan.FromMinutes(10),
            MaxDelay = TimeSpan.FromMinutes(10),
            UnreachableBaseDelay = TimeSpan.FromMilliseconds(1),
            UnreachableMaxDelay = TimeSpan.FromMilliseconds(2),
            TotalTimeout = TimeSpan.FromHours(1),
            AttemptTimeout = TimeSpan.FromSeconds(30),
        };

        private static async Task<(Exception Error, List<string> Notices)> CallCancellingOnLongWait(FakeTransport transport, HealthImagingRetryOptions options)
        {
            var (error, notices) = await TryCallCancellingOnLongWait(transport, options);
            return (Assert.IsAssignableFrom<Exception>(error), notices);
        }

        private static async Task<(Exception? Error, List<string> Notices)> TryCallCancellingOnLongWait(FakeTransport transport, HealthImagingRetryOptions options)
        {
            using var client = TestClients.Create(transport, options, TestClients.LocalEndpoints);
            using var cancel = new CancellationTokenSource();
            var notices = new List<string>();
            Exception? error = await Record.ExceptionAsync(() => Task.Run(async () =>
            {
                RetryNotices.Listener = notice =>
                {
                    lock (notices) notices.Add(notice);
                    if (!notice.Contains("retrying in 0.0 s"))
                    {
                        cancel.Cancel();
                    }
                };
                await client.GetImageSetAsync(Ds, Is, null, cancel.Token);
            }));
            return (error, notices);
        }

        [Fact]
        public async Task ARefusedConnectionIsRetriedEveryAttemptAfterTheShortUnreachableBackoff()
        {
            var (error, notices) = await CallCancellingOnLongWait(RefusingTransport(4), SlowBackoffFastUnreachable(4));

            var unreachable = Assert.IsType<EndpointUnreachableException>(error);
            Assert.Equal(4, unreachable.AttemptCount);
            Assert.Equal(3, notices.Count);
            Assert.All(notices, notice => Assert.Contains("(connection refused)", notice));
            Assert.All(notices, notice => Assert.Contains("retrying in 0.0 s", notice));
        }

        [Fact]
        public async Task AServerErrorKeepsTheNormalBackoff()
        {
            var transport = new FakeTransport().ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy");
            var (error, notices) = await CallCancellingOnLongWait(transport, SlowBackoffFastUnreachable(4));

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            Assert.Single(notices);
            Assert.Contains("(HTTP 503 ServiceUnavailableException)", notices[0]);
            Assert.DoesNotContain("retrying in 0.0 s", notices[0]);
        }

        [Fact]
        public async Task ADroppedConnectionKeepsTheNormalBackoff()
        {
            var transport = new FakeTransport().ThenThrow(new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset)));
            var (error, notices) = await CallCancellingOnLongWait(transport, SlowBackoffFastUnreachable(4));

            Assert.IsAssignableFrom<OperationCanceledException>(error);
            Assert.Single(notices);
            Assert.Contains("(connection reset)", notices[0]);
        }

        [Fact]
        public async Task ARefusalAfterTheCallOnceConnectedKeepsTheNormalBackoff()
        {
            // The service answered, then went away (a restart): that is worth the normal patience.
            var transport = new FakeTransport().ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy").ThenThrow(Refused());
            var options = SlowBackoffFastUnreachable(4);
            options.BaseDelay = TimeSpan.FromMilliseconds(1);
            options.MaxDelay = TimeSpan.FromMilliseconds(1);
            options.UnreachableBaseDelay = TimeSpan.FromMinutes(10);
            options.UnreachableMaxDelay = TimeSpan.FromMinutes(10);
            transport.ThenJson(HttpStatusCode.OK, "{\"imageSetId\":\"" + Is + "\",\"versionId\":\"1\",\"imageSetState\":\"ACTIVE\"}");

            var (error, notices) = await TryCallCancellingOnLongWait(transport, options);

            Assert.Null(error);
            Assert.Equal(3, transport.Requests.Count);
            Assert.Contains("(connection refused)", notices[1]);
        }

        [Fact]
        public void WithTheDefaultsEveryRetryOfARefusedConnectionWaitsLessThanThreeSecondsInAll()
        {
            var defaults = HealthImagingRetryOptions.Default;
            TimeSpan planned = TimeSpan.Zero;
            for (int retry = 0; retry < defaults.MaxAttempts - 1; retry++)
            {
                planned += defaults.UnreachableDelay(retry);
            }

            Assert.Equal(6, defaults.MaxAttempts);
            Assert.True(planned < TimeSpan.FromSeconds(1), $"planned backoff {planned}");
            Assert.Equal(TimeSpan.FromMilliseconds(50), defaults.UnreachableDelay(0));
            Assert.Equal(TimeSpan.FromMilliseconds(250), defaults.UnreachableDelay(10));
        }
    }
}
