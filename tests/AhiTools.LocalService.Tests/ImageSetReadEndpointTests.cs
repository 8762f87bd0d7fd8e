using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class ImageSetReadEndpointTests
    {
        [Fact]
        public async Task GetImageSet_returns_the_latest_version_or_the_one_asked_for()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var datastoreId = await client.CreateDatastoreAsync();
            var imageSetId = await client.CreateImageSetAsync(datastoreId, Documents.Study());
            await client.AddVersionAsync(datastoreId, imageSetId, "{\"workflowStatus\":\"UPDATED\",\"message\":\"second\",\"forced\":true}");

            var latest = await client.GetImageSetAsync(datastoreId, imageSetId);
            Assert.Equal("2", (string)latest["versionId"]!);
            Assert.Equal("ACTIVE", (string)latest["imageSetState"]!);
            Assert.Equal("UPDATED", (string)latest["imageSetWorkflowStatus"]!);
            Assert.Equal("second", (string)latest["message"]!);
            Assert.True((bool)latest["overrides"]!["forced"]!);
            Assert.Equal(datastoreId, (string)latest["datastoreId"]!);
            Assert.EndsWith($"datastore/{datastoreId}/imageset/{imageSetId}", (string)latest["imageSetArn"]!);

            var first = await client.GetImageSetAsync(datastoreId, imageSetId, "1");
            Assert.Equal("1", (string)first["versionId"]!);
            Assert.Equal("CREATED", (string)first["imageSetWorkflowStatus"]!);
            Assert.False((bool)first["overrides"]!["forced"]!);
        }

        [Fact]
        public async Task Unknown_image_set_or_version_is_ResourceNotFound()
        {
            await using var service = await TestService.StartAsync();
            var datastoreId = await service.Client.CreateDatastoreAsync();
            var imageSetId = await service.Client.CreateImageSetAsync(datastoreId, Documents.Study());
            var missingSet = await service.Client.PostAsync($"datastore/{datastoreId}/imageSet/{new string('0', 32)}/getImageSet");
            Assert.Equal(HttpStatusCode.NotFound, missingSet.StatusCode);
            Assert.Equal("ResourceNotFoundException", AhiClient.ErrorType(missingSet));
            var missingVersion = await service.Client.PostAsync($"datastore/{datastoreId}/imageSet/{imageSetId}/getImageSet?version=9");
            Assert.Equal(HttpStatusCode.NotFound, missingVersion.StatusCode);
            var missingStore = await service.Client.PostAsync($"datastore/{new string('1', 32)}/imageSet/{imageSetId}/getImageSet");
            Assert.Equal(HttpStatusCode.NotFound, missingStore.StatusCode);
        }

        [Fact]
        public async Task ListImageSetVersions_pages_newest_first_with_the_capital_I_status_key()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var datastoreId = await client.CreateDatastoreAsync();
            var imageSetId = await client.CreateImageSetAsync(datastoreId, Documents.Study());
            for (var i = 0; i < 54; i++) await client.AddVersionAsync(datastoreId, imageSetId);

            var path = $"datastore/{datastoreId}/imageSet/{imageSetId}/listImageSetVersions";
            var page1 = await client.PostJsonAsync(path);
            var items1 = page1["imageSetPropertiesList"]!.AsArray();
            Assert.Equal(50, items1.Count);
            Assert.Equal("55", (string)items1[0]!["versionId"]!);
            Assert.Equal("UPDATED", (string)items1[0]!["ImageSetWorkflowStatus"]!);
            Assert.Null(items1[0]!["imageSetWorkflowStatus"]);
            Assert.Equal("ACTIVE", (string)items1[0]!["imageSetState"]!);
            Assert.NotNull(items1[0]!["overrides"]);

            var token = (string)page1["nextToken"]!;
            var page2 = await client.PostJsonAsync(path + "?nextToken=" + Uri.EscapeDataString(token));
            var versions = page2["imageSetPropertiesList"]!.AsArray().Select(v => (string)v!["versionId"]!).ToArray();
            Assert.Equal(new[] { "5", "4", "3", "2", "1" }, versions);
            Assert.Equal("CREATED", (string)page2["imageSetPropertiesList"]![4]!["ImageSetWorkflowStatus"]!);
            Assert.Null(page2["nextToken"]);

            var small = await client.PostJsonAsync(path + "?maxResults=3");
            Assert.Equal(3, small["imageSetPropertiesList"]!.AsArray().Count);
        }

        [Theory]
        [InlineData("maxResults=0")]
        [InlineData("maxResults=51")]
        [InlineData("maxResults=abc")]
        [InlineData("nextToken=bm90LWEtdG9rZW4%3D")]
        public async Task ListImageSetVersions_rejects_bad_paging_values(string query)
        {
            await using var service = await TestService.StartAsync();
            var datastoreId = await service.Client.CreateDatastoreAsync();
            var imageSetId = await service.Client.CreateImageSetAsync(datastoreId, Documents.Study());
            var response = await service.Client.PostAsync($"datastore/{datastoreId}/imageSet/{imageSetId}/listImageSetVersions?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
        }

        [Fact]
        public async Task GetImageSetMetadata_is_gzip_json_with_datastore_and_image_set_ids()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var datastoreId = await client.CreateDatastoreAsync();
            var imageSetId = await client.CreateImageSetAsync(datastoreId, Documents.Study(patientName: "FIRST^NAME"));
            var changed = Documents.Study(patientName: "SECOND^NAME");
            await client.AddVersionAsync(datastoreId, imageSetId, new System.Text.Json.Nodes.JsonObject { ["document"] = changed }.ToJsonString());

            var response = await client.PostAsync($"datastore/{datastoreId}/imageSet/{imageSetId}/getImageSetMetadata");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            var raw = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(0x1f, raw[0]);
            Assert.Equal(0x8b, raw[1]);

            var latest = await client.GetMetadataAsync(datastoreId, imageSetId);
            Assert.Equal(datastoreId, (string)latest["DatastoreID"]!);
            Assert.Equal(imageSetId, (string)latest["ImageSetID"]!);
            Assert.Equal("SECOND^NAME", (string)latest["Patient"]!["DICOM"]!["PatientName"]!);
            var first = await client.GetMetadataAsync(datastoreId, imageSetId, "1");
            Assert.Equal("FIRST^NAME", (string)first["Patient"]!["DICOM"]!["PatientName"]!);
        }

        [Fact]
        public async Task Unknown_operation_path_is_answered_in_the_AWS_error_shape()
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.PostAsync("datastore/x/unknownOperation");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.NotNull(AhiClient.ErrorType(response));
        }

        [Fact]
        public async Task Wrong_method_on_a_known_path_is_answered_in_the_AWS_error_shape()
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var i = await service.Client.CreateImageSetAsync(d, Documents.Study());
            var response = await service.Client.SendAsync(System.Net.Http.HttpMethod.Get, $"datastore/{d}/imageSet/{i}/getImageSet");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("UnknownOperationException", AhiClient.ErrorType(response));
        }

        [Fact]
        public async Task Paging_is_not_shifted_by_versions_added_between_pages()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            for (var n = 0; n < 4; n++) await client.AddVersionAsync(d, i);
            var path = $"datastore/{d}/imageSet/{i}/listImageSetVersions?maxResults=2";
            var page1 = await client.PostJsonAsync(path);
            await client.AddVersionAsync(d, i);
            var page2 = await client.PostJsonAsync(path + "&nextToken=" + Uri.EscapeDataString((string)page1["nextToken"]!));
            var page3 = await client.PostJsonAsync(path + "&nextToken=" + Uri.EscapeDataString((string)page2["nextToken"]!));
            var seen = new[] { page1, page2, page3 }.SelectMany(p => p["imageSetPropertiesList"]!.AsArray()).Select(v => (string)v!["versionId"]!).ToArray();
            Assert.Equal(new[] { "5", "4", "3", "2", "1" }, seen);
            Assert.Null(page3["nextToken"]);
        }
    }
}
