using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    /// <summary>POST /_local/datastore/{d}/imageSet/{i}/settle: a test's way to end a workflow that would otherwise outlast it.</summary>
    public class SettleRouteTests
    {
        [Fact]
        public async Task Settle_finishes_an_update_and_a_copy_from_the_source_at_once()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 600_000);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var updated = await client.CreateImageSetAsync(d, Documents.Study(patientName: "OLD^NAME"));
            var source = await client.CreateImageSetAsync(d, Documents.Study());

            await client.PostJsonAsync($"datastore/{d}/imageSet/{updated}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("NEW^NAME"));
            var copy = await client.PostJsonAsync($"datastore/{d}/imageSet/{source}/copyImageSet",
                new JsonObject { ["sourceImageSet"] = new JsonObject { ["latestVersionId"] = "1" } }.ToJsonString());
            var destination = (string)copy["destinationImageSetProperties"]!["imageSetId"]!;
            Assert.Equal("LOCKED", (string)(await client.GetImageSetAsync(d, updated))["imageSetState"]!);

            Assert.Equal(1, (int)(await client.LocalAsync($"datastore/{d}/imageSet/{updated}/settle"))["settled"]!);
            Assert.Equal(1, (int)(await client.LocalAsync($"datastore/{d}/imageSet/{source}/settle"))["settled"]!);
            Assert.Equal(0, (int)(await client.LocalAsync($"datastore/{d}/imageSet/{updated}/settle"))["settled"]!);

            var afterUpdate = await client.GetImageSetAsync(d, updated);
            Assert.Equal("ACTIVE", (string)afterUpdate["imageSetState"]!);
            Assert.Equal("UPDATED", (string)afterUpdate["imageSetWorkflowStatus"]!);
            Assert.Equal("NEW^NAME", (string)(await client.GetMetadataAsync(d, updated))["Patient"]!["DICOM"]!["PatientName"]!);
            Assert.Equal("COPIED", (string)(await client.GetImageSetAsync(d, destination))["imageSetWorkflowStatus"]!);
            Assert.Equal("ACTIVE", (string)(await client.GetImageSetAsync(d, source))["imageSetState"]!);
        }
    }
}
