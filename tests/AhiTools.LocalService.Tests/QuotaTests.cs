using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class QuotaTests
    {
        [Fact]
        public async Task Aws_2024_preset_allows_one_update_burst_then_throttles_with_429()
        {
            // The clock stands still, so the bucket cannot refill between the two requests.
            var clock = new ManualTimeProvider();
            await using var service = await TestService.StartAsync(o => { o.QuotaPreset = "aws-2024"; o.WorkflowDelayMs = 0; o.TimeProvider = clock; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var a = await client.CreateImageSetAsync(d, Documents.Study());
            var b = await client.CreateImageSetAsync(d, Documents.Study());
            var first = await client.PostAsync($"datastore/{d}/imageSet/{a}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("A"));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var second = await client.PostAsync($"datastore/{d}/imageSet/{b}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("B"));
            Assert.Equal((HttpStatusCode)429, second.StatusCode);
            Assert.Equal("ThrottlingException", AhiClient.ErrorType(second));
            // The change was refused, not applied.
            Assert.Equal("1", (string)(await client.GetImageSetAsync(d, b))["versionId"]!);
        }

        [Fact]
        public async Task Aws_preset_follows_the_newest_table_updates_at_10_tps_burst_40_and_counts_what_it_throttles()
        {
            var clock = new ManualTimeProvider();
            await using var service = await TestService.StartAsync(o => { o.QuotaPreset = "aws"; o.WorkflowDelayMs = 0; o.TimeProvider = clock; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var ids = new string[41];
            for (var n = 0; n < ids.Length; n++) ids[n] = await client.CreateImageSetAsync(d, Documents.Study());
            for (var n = 0; n < 40; n++)
            {
                var served = await client.PostAsync($"datastore/{d}/imageSet/{ids[n]}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("A"));
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            }

            var path = $"datastore/{d}/imageSet/{ids[40]}/updateImageSetMetadata?latestVersion=1";
            Assert.Equal((HttpStatusCode)429, (await client.PostAsync(path, Blobs.PatientName("B"))).StatusCode);
            Assert.Equal((HttpStatusCode)429, (await client.PostAsync(path, Blobs.PatientName("B"))).StatusCode);
            // A tenth of a second on the service's clock refills one token (10 TPS).
            clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(path, Blobs.PatientName("B"))).StatusCode);

            var quotas = await client.SendAsync(HttpMethod.Get, "_local/quotas", sign: false);
            Assert.Equal(HttpStatusCode.OK, quotas.StatusCode);
            var counts = System.Text.Json.Nodes.JsonNode.Parse(await quotas.Content.ReadAsStringAsync())!;
            Assert.Equal("aws", (string)counts["preset"]!);
            Assert.Equal(2, (int)counts["throttled"]!["UpdateImageSetMetadata"]!);
            Assert.Equal(2, (int)counts["throttledTotal"]!);
            Assert.Equal(43, (int)counts["requests"]!["UpdateImageSetMetadata"]!);
        }

        [Theory]
        [InlineData("aws", "UpdateImageSetMetadata", 10, 40)]
        [InlineData("aws", "CopyImageSet", 0.25, 1)]
        [InlineData("aws-2024", "UpdateImageSetMetadata", 0.25, 1)]
        [InlineData("aws-2024", "DeleteImageSet", 0.25, 1)]
        [InlineData("aws-2024", "GetImageSetMetadata", 50, 100)]
        public void Each_preset_has_its_tables_rates(string preset, string operation, double rate, double burst)
        {
            Assert.Equal((rate, burst), AhiTools.LocalService.Quotas.OperationQuotas.Presets[preset][operation]);
        }

        [Fact]
        public async Task Without_a_preset_the_quota_route_reports_none_throttled()
        {
            await using var service = await TestService.StartAsync();
            var quotas = await service.Client.SendAsync(HttpMethod.Get, "_local/quotas", sign: false);
            var counts = System.Text.Json.Nodes.JsonNode.Parse(await quotas.Content.ReadAsStringAsync())!;
            Assert.Equal("none", (string)counts["preset"]!);
            Assert.Equal(0, (int)counts["throttledTotal"]!);
        }

        [Fact]
        public async Task Scale_shrinks_bursts_and_rates_and_the_bucket_refills()
        {
            // GetImageSet 25 TPS burst 50 scaled by 0.04 → 1 TPS, burst 2.
            var clock = new ManualTimeProvider();
            await using var service = await TestService.StartAsync(o => { o.QuotaPreset = "aws"; o.QuotaScale = 0.04; o.TimeProvider = clock; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            var path = $"datastore/{d}/imageSet/{i}/getImageSet";
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(path)).StatusCode);
            Assert.Equal((HttpStatusCode)429, (await client.PostAsync(path)).StatusCode);
            // Other operations have their own buckets; local routes none.
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"datastore/{d}/imageSet/{i}/listImageSetVersions")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Get, "_local/health", sign: false)).StatusCode);
            // One second on the service's clock refills one token: one more request is served, the next is not.
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(path)).StatusCode);
            Assert.Equal((HttpStatusCode)429, (await client.PostAsync(path)).StatusCode);
        }

        [Fact]
        public async Task Without_a_preset_there_is_no_throttling()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            for (var n = 0; n < 120; n++)
                Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"datastore/{d}/imageSet/{i}/getImageSet")).StatusCode);
        }
    }
}
