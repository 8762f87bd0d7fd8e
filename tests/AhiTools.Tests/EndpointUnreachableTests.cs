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
            new HttpRequestException("Connection refused (127.0.0.1:9999)", new SocketException((int)SocketError.ConnectionRefused));

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
    }
}
