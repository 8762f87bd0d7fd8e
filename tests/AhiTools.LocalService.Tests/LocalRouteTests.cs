using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class LocalRouteTests
    {
        [Fact]
        public async Task Health_answers_without_a_signature()
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.SendAsync(HttpMethod.Get, "_local/health", sign: false);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        [Fact]
        public async Task Every_datastore_is_listed_whatever_faults_are_injected()
        {
            await using var service = await TestService.StartAsync(o => { o.FaultSeed = 1; o.FaultRate = 1.0; });
            var first = new string('a', 32);
            var second = new string('b', 32);
            await service.Client.LocalAsync("datastores", "{\"datastoreId\":\"" + second + "\"}");
            await service.Client.LocalAsync("datastores", "{\"datastoreId\":\"" + first + "\"}");

            var response = await service.Client.SendAsync(HttpMethod.Get, "_local/datastores", sign: false);
            var listed = await AhiClient.ReadOkAsync(response);

            Assert.Equal(new[] { first, second }, listed["datastoreIds"]!.AsArray().Select(id => (string)id!).OrderBy(id => id).ToArray());
        }

        [Fact]
        public async Task Datastore_can_be_created_with_a_chosen_id()
        {
            await using var service = await TestService.StartAsync();
            var id = new string('a', 32);
            var created = await service.Client.LocalAsync("datastores", "{\"datastoreId\":\"" + id + "\",\"datastoreName\":\"fixed\"}");
            Assert.Equal(id, (string)created["datastoreId"]!);
            var got = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Get, "datastore/" + id));
            Assert.Equal("fixed", (string)got["datastoreProperties"]!["datastoreName"]!);
        }

        [Fact]
        public async Task Image_set_is_created_ACTIVE_CREATED_at_version_1()
        {
            await using var service = await TestService.StartAsync();
            var datastoreId = await service.Client.CreateDatastoreAsync();
            var created = await service.Client.LocalAsync($"datastore/{datastoreId}/imageSets", Documents.Study().ToJsonString());
            Assert.Equal("1", (string)created["versionId"]!);
            var imageSet = await service.Client.GetImageSetAsync(datastoreId, (string)created["imageSetId"]!);
            Assert.Equal("ACTIVE", (string)imageSet["imageSetState"]!);
            Assert.Equal("CREATED", (string)imageSet["imageSetWorkflowStatus"]!);
        }

        [Fact]
        public async Task Versions_take_status_message_and_forced_from_body_or_query_and_copy_the_latest_document()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var datastoreId = await client.CreateDatastoreAsync();
            var imageSetId = await client.CreateImageSetAsync(datastoreId, Documents.Study(patientName: "KEEP^ME"));
            var v2 = await client.AddVersionAsync(datastoreId, imageSetId, "{\"workflowStatus\":\"COPY_FAILED\",\"message\":\"INVALID_REQUEST: nope\"}");
            var v3 = (string)(await client.LocalAsync($"datastore/{datastoreId}/imageSet/{imageSetId}/versions?workflowStatus=COPIED&forced=true"))["versionId"]!;
            Assert.Equal("2", v2);
            Assert.Equal("3", v3);
            var second = await client.GetImageSetAsync(datastoreId, imageSetId, "2");
            Assert.Equal("COPY_FAILED", (string)second["imageSetWorkflowStatus"]!);
            Assert.Equal("INVALID_REQUEST: nope", (string)second["message"]!);
            var third = await client.GetImageSetAsync(datastoreId, imageSetId, "3");
            Assert.Equal("COPIED", (string)third["imageSetWorkflowStatus"]!);
            Assert.True((bool)third["overrides"]!["forced"]!);
            var metadata = await client.GetMetadataAsync(datastoreId, imageSetId, "3");
            Assert.Equal("KEEP^ME", (string)metadata["Patient"]!["DICOM"]!["PatientName"]!);
        }

        [Fact]
        public async Task Unknown_workflow_status_is_rejected()
        {
            await using var service = await TestService.StartAsync();
            var datastoreId = await service.Client.CreateDatastoreAsync();
            var imageSetId = await service.Client.CreateImageSetAsync(datastoreId, Documents.Study());
            var response = await service.Client.SendAsync(HttpMethod.Post, $"_local/datastore/{datastoreId}/imageSet/{imageSetId}/versions",
                "{\"workflowStatus\":\"SLEEPING\"}", sign: false);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }
}
