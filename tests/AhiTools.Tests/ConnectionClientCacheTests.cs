using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Connection;
using AhiTools.HealthImaging;
using Amazon.Runtime;
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

        /// <summary>Hands out a new key pair on every refresh, as role and SSO credentials do when they expire.</summary>
        private sealed class AlwaysRefreshingCredentials : RefreshingAWSCredentials
        {
            private int _generation;

            protected override CredentialsRefreshState GenerateNewCredentials()
            {
                _generation++;
                return new CredentialsRefreshState(
                    new ImmutableCredentials("ASIAGEN" + _generation, "secret-" + _generation, "token-" + _generation),
                    DateTime.UtcNow.AddSeconds(1));
            }
        }

        [Fact]
        public void RefreshingCredentialsKeepOneClientAcrossRefreshes()
        {
            using var sandbox = new ConnectionSandbox();
            var credentials = new AlwaysRefreshingCredentials();
            var first = sandbox.Resolve(new ConnectionParameters { Credential = credentials, Region = "us-east-1" });
            var second = sandbox.Resolve(new ConnectionParameters { Credential = credentials, Region = "us-east-1" });
            Assert.NotEqual(first.Credentials.GetCredentials().AccessKey, second.Credentials.GetCredentials().AccessKey);
            Assert.Same(HealthImagingClientProvider.GetClient(first), HealthImagingClientProvider.GetClient(second));
        }

        [Fact]
        public void AProfileResolvesToOneCredentialsObjectUntilItsFileChanges()
        {
            using var sandbox = new ConnectionSandbox("[p]\naws_access_key_id = AKIAP1\naws_secret_access_key = s\n");
            var parameters = new ConnectionParameters { ProfileName = "p", Region = "us-east-1" };
            var first = sandbox.Resolve(parameters);
            var second = sandbox.Resolve(parameters);
            Assert.Same(first.Credentials, second.Credentials);

            File.WriteAllText(sandbox.CredentialsPath, "[p]\naws_access_key_id = AKIAP2\naws_secret_access_key = s\n");
            File.SetLastWriteTimeUtc(sandbox.CredentialsPath, DateTime.UtcNow.AddMinutes(1));
            var third = sandbox.Resolve(parameters);
            Assert.Equal("AKIAP2", third.Credentials.GetCredentials().AccessKey);
        }
    }
}
