using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Amazon.Runtime;
using Xunit;

namespace AhiTools.Tests
{
    public class ClientSigningTests
    {
        private const string Ds = TestClients.DatastoreId;
        private const string Is = TestClients.ImageSetId;

        [Fact]
        public async Task RequestsLeaveSignedForMedicalImagingInTheSigningRegion()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + Is + "\",\"latestVersionId\":\"2\",\"imageSetState\":\"LOCKED\"}");
            using var client = new HealthImagingClient(
                new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
                HealthImagingEndpoints.ForRegion("eu-west-1", "amazonaws.com"),
                TestClients.FastRetries(),
                transport);

            await client.UpdateImageSetMetadataAsync(
                new UpdateImageSetMetadataRequest { DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "1", RevertToVersionId = "1" },
                CancellationToken.None);

            CapturedRequest wire = transport.Requests.Single();
            string authorization = wire.Headers["Authorization"];
            Assert.StartsWith("AWS4-HMAC-SHA256 ", authorization);
            Assert.Matches(@"Credential=AKIDEXAMPLE/\d{8}/eu-west-1/medical-imaging/aws4_request", authorization);
            Assert.Contains("SignedHeaders=", authorization);
            Assert.Contains("host", authorization);
            Assert.Contains("x-amz-date", authorization);
            // The body's own headers are signed too, as AWSSDK.Core's SigV4SigningHandler signs them.
            string signedHeaders = authorization.Split("SignedHeaders=")[1].Split(',')[0];
            Assert.Contains("content-type", signedHeaders.Split(';'));
            Assert.True(wire.Headers.ContainsKey("X-Amz-Date"));
            Assert.DoesNotContain("secret", authorization);

            // The payload hash covers the body that went out.
            string expectedHash = Convert.ToHexString(SHA256.HashData(wire.Body)).ToLowerInvariant();
            Assert.Equal(expectedHash, wire.Headers["X-Amz-Content-Sha256"]);
        }

        [Fact]
        public async Task SessionTokenIsSent()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK, "{\"imageSetPropertiesList\":[]}");
            using var client = new HealthImagingClient(
                new SessionAWSCredentials("ASIAEXAMPLE", "secret", "the-session-token"),
                TestClients.LocalEndpoints,
                TestClients.FastRetries(),
                transport);

            await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);

            CapturedRequest wire = transport.Requests.Single();
            Assert.Equal("the-session-token", wire.Headers["X-Amz-Security-Token"]);
            Assert.Matches(@"Credential=ASIAEXAMPLE/\d{8}/us-east-1/medical-imaging/aws4_request", wire.Headers["Authorization"]);
        }

        [Fact]
        public async Task EveryAttemptIsSignedAfresh()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy")
                .ThenJson(HttpStatusCode.OK, "{\"imageSetPropertiesList\":[]}");
            using var client = TestClients.Create(transport);

            await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);

            Assert.Equal(2, transport.Requests.Count);
            Assert.All(transport.Requests, r => Assert.StartsWith("AWS4-HMAC-SHA256", r.Headers["Authorization"]));
        }
    }
}
