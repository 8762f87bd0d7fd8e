using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Connection;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class ConnectionClientCacheTests
    {
        private static ResolvedConnection Resolve(string accessKey, string secret, string region, string? token = null, string? endpoint = null)
        {
            using var sandbox = new ConnectionSandbox();
            return sandbox.Resolve(new ConnectionParameters { AccessKey = accessKey, SecretKey = secret, SessionToken = token, Region = region, EndpointUrl = endpoint });
        }

        [Fact]
        public void TheSameConnectionGetsTheSameClient()
        {
            var first = HealthImagingClientProvider.GetClient(Resolve("AKIACACHE1", "s", "us-east-1"));
            var second = HealthImagingClientProvider.GetClient(Resolve("AKIACACHE1", "s", "us-east-1"));
            Assert.Same(first, second);
        }

        [Fact]
        public void DifferentSecretsTokensRegionsOrEndpointsGetDifferentClients()
        {
            var baseline = HealthImagingClientProvider.GetClient(Resolve("AKIACACHE2", "s", "us-east-1"));
            Assert.NotSame(baseline, HealthImagingClientProvider.GetClient(Resolve("AKIACACHE2", "other", "us-east-1")));
            Assert.NotSame(baseline, HealthImagingClientProvider.GetClient(Resolve("AKIACACHE2", "s", "us-east-1", token: "t")));
            Assert.NotSame(baseline, HealthImagingClientProvider.GetClient(Resolve("AKIACACHE2", "s", "us-west-2")));
            Assert.NotSame(baseline, HealthImagingClientProvider.GetClient(Resolve("AKIACACHE2", "s", "us-east-1", endpoint: "http://127.0.0.1:1")));
        }

        [Fact]
        public void TheCacheKeyHoldsNoSecret()
        {
            var resolved = Resolve("AKIACACHE3", "super-secret-key", "us-east-1", token: "super-secret-token");
            Assert.DoesNotContain("super-secret-key", resolved.CacheKey);
            Assert.DoesNotContain("super-secret-token", resolved.CacheKey);
        }

        [Fact]
        public void DisposingASharedClientLeavesItUsableForTheNextCmdlet()
        {
            var client = (HealthImagingClient)HealthImagingClientProvider.GetClient(Resolve("AKIACACHE4", "s", "us-east-1"));
            client.Dispose();
            Assert.Same(client, HealthImagingClientProvider.GetClient(Resolve("AKIACACHE4", "s", "us-east-1")));
            Assert.True(client.IsShared);
        }

        [Fact]
        public void DescribeNamesEverySourceForVerboseOutput()
        {
            using var sandbox = new ConnectionSandbox();
            sandbox.Environment["AWS_ENDPOINT_URL_MEDICAL_IMAGING"] = "http://127.0.0.1:7001";
            var resolved = sandbox.Resolve(new ConnectionParameters { AccessKey = "AKIAD", SecretKey = "s", StoredRegion = "eu-west-1" });
            string description = resolved.Describe();
            Assert.Contains("-AccessKey", description);
            Assert.Contains("eu-west-1 from $StoredAWSRegion", description);
            Assert.Contains("http://127.0.0.1:7001/ from AWS_ENDPOINT_URL_MEDICAL_IMAGING", description);
        }

        [Fact]
        public async Task ForeignCredentialsSignTheRequests()
        {
            using var sandbox = new ConnectionSandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { Credential = new ForeignCredentials { AccessKey = "AKIAFOREIGNSIGN" }, Region = "us-east-1" });
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK, "{\"imageSetPropertiesList\":[]}");
            using var client = new HealthImagingClient(resolved.Credentials, resolved.Endpoints, TestClients.FastRetries(), transport);

            await client.ListImageSetVersionsAsync(TestClients.DatastoreId, TestClients.ImageSetId, null, null, CancellationToken.None);

            CapturedRequest wire = transport.Requests.Single();
            Assert.Contains("Credential=AKIAFOREIGNSIGN/", wire.Headers["Authorization"]);
            Assert.Equal("foreign-token", wire.Headers["X-Amz-Security-Token"]);
        }
    }
}
