using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class DatastoreEndpointTests
    {
        [Fact]
        public async Task Create_then_get_returns_the_datastore_with_arn_in_the_signing_region()
        {
            await using var service = await TestService.StartAsync();
            service.Client.Signer = new TestSigV4Signer(Hosting.ServiceOptions.DefaultAccessKey, Hosting.ServiceOptions.DefaultSecretKey, region: "eu-central-1");
            var created = AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Post, "datastore",
                "{\"datastoreName\":\"my-store\",\"clientToken\":\"token-1\"}"));
            var id = (string)(await created)["datastoreId"]!;
            Assert.Matches("^[0-9a-z]{32}$", id);
            Assert.Equal("ACTIVE", (string)(await created)["datastoreStatus"]!);

            var got = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Get, "datastore/" + id));
            var properties = got["datastoreProperties"]!;
            Assert.Equal("my-store", (string)properties["datastoreName"]!);
            Assert.Equal($"arn:aws:medical-imaging:eu-central-1:123456789012:datastore/{id}", (string)properties["datastoreArn"]!);
            Assert.True(properties["createdAt"]!.GetValue<decimal>() > 1_600_000_000m);
        }

        [Fact]
        public async Task Create_with_the_same_client_token_is_idempotent_and_a_missing_token_is_rejected()
        {
            await using var service = await TestService.StartAsync();
            var first = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Post, "datastore", "{\"datastoreName\":\"a\",\"clientToken\":\"same\"}"));
            var second = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Post, "datastore", "{\"datastoreName\":\"a\",\"clientToken\":\"same\"}"));
            Assert.Equal((string)first["datastoreId"]!, (string)second["datastoreId"]!);
            var missing = await service.Client.SendAsync(HttpMethod.Post, "datastore", "{\"datastoreName\":\"a\"}");
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(missing));
        }

        [Fact]
        public async Task List_pages_with_maxResults_and_nextToken()
        {
            await using var service = await TestService.StartAsync();
            for (var i = 0; i < 3; i++) await service.Client.CreateDatastoreAsync("store-" + i);
            var page1 = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Get, "datastore?maxResults=2"));
            Assert.Equal(2, page1["datastoreSummaries"]!.AsArray().Count);
            var token = (string)page1["nextToken"]!;
            var page2 = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Get, "datastore?maxResults=2&nextToken=" + System.Uri.EscapeDataString(token)));
            Assert.Single(page2["datastoreSummaries"]!.AsArray());
            Assert.Null(page2["nextToken"]);
            // ListDatastores promises no order: the two pages together hold every datastore exactly once.
            var listed = page1["datastoreSummaries"]!.AsArray().Concat(page2["datastoreSummaries"]!.AsArray())
                .Select(s => (string)s!["datastoreName"]!).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "store-0", "store-1", "store-2" }, listed);
        }

        [Fact]
        public async Task Delete_removes_an_empty_datastore_and_refuses_one_with_image_sets()
        {
            await using var service = await TestService.StartAsync();
            var empty = await service.Client.CreateDatastoreAsync();
            var full = await service.Client.CreateDatastoreAsync();
            await service.Client.CreateImageSetAsync(full, Documents.Study());

            var deleted = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Delete, "datastore/" + empty));
            Assert.Equal("DELETING", (string)deleted["datastoreStatus"]!);
            var gone = await service.Client.SendAsync(HttpMethod.Get, "datastore/" + empty);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal("ResourceNotFoundException", AhiClient.ErrorType(gone));

            var refused = await service.Client.SendAsync(HttpMethod.Delete, "datastore/" + full);
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        [Fact]
        public async Task Malformed_datastore_id_is_a_ValidationException()
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore/NOT-AN-ID");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
            Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
        }

        [Fact]
        public async Task Create_options_are_read_back_by_GetDatastore()
        {
            await using var service = await TestService.StartAsync();
            const string kms = "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012";
            var created = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Post, "datastore",
                "{\"datastoreName\":\"opts\",\"clientToken\":\"t\",\"kmsKeyArn\":\"" + kms + "\",\"losslessStorageFormat\":\"JPEG_2000_LOSSLESS\"}"));
            var got = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Get, "datastore/" + (string)created["datastoreId"]!));
            Assert.Equal(kms, (string)got["datastoreProperties"]!["kmsKeyArn"]!);
            Assert.Equal("JPEG_2000_LOSSLESS", (string)got["datastoreProperties"]!["losslessStorageFormat"]!);
        }

        [Theory]
        [InlineData(HttpMethod_Post, "datastore", "{\"clientToken\":\"t\",\"losslessStorageFormat\":\"PNG\"}")]
        [InlineData(HttpMethod_Post, "datastore", "{\"clientToken\":\"t\",\"kmsKeyArn\":\"not-an-arn\"}")]
        [InlineData(HttpMethod_Get, "datastore?datastoreStatus=BOGUS", null)]
        [InlineData(HttpMethod_Get, "datastore?maxResults=51", null)]
        public async Task Values_outside_the_model_constraints_are_ValidationException(string method, string path, string? body)
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.SendAsync(new HttpMethod(method), path, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
        }

        private const string HttpMethod_Post = "POST";
        private const string HttpMethod_Get = "GET";
    }
}
