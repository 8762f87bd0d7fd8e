using System;
using System.IO;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class PersistenceTests
    {
        [Fact]
        public async Task State_survives_a_restart_with_a_data_directory()
        {
            var directory = Path.Combine(Path.GetTempPath(), "ahi-state-" + Guid.NewGuid().ToString("N"));
            try
            {
                string d, i, copyId;
                await using (var first = await TestService.StartAsync(o => { o.DataDirectory = directory; o.WorkflowDelayMs = 10; }))
                {
                    var client = first.Client;
                    d = await client.CreateDatastoreAsync("persisted");
                    i = await client.CreateImageSetAsync(d, Documents.Study(patientName: "V1"));
                    await client.PostJsonAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("V2"));
                    await client.WaitUntilSettledAsync(d, i);
                    await client.PostJsonAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=2", "{\"revertToVersionId\":\"1\"}");
                    await client.WaitUntilSettledAsync(d, i);
                    var copy = await client.PostJsonAsync($"datastore/{d}/imageSet/{i}/copyImageSet", Blobs.Copy("3"));
                    copyId = (string)copy["destinationImageSetProperties"]!["imageSetId"]!;
                    await client.WaitUntilSettledAsync(d, copyId);
                }
                Assert.True(File.Exists(Path.Combine(directory, "state.json")));

                await using var second = await TestService.StartAsync(o => o.DataDirectory = directory);
                var restarted = second.Client;
                var latest = await restarted.GetImageSetAsync(d, i);
                Assert.Equal("3", (string)latest["versionId"]!);
                Assert.Equal("ACTIVE", (string)latest["imageSetState"]!);
                Assert.Equal("V2", (string)(await restarted.GetMetadataAsync(d, i, "2"))["Patient"]!["DICOM"]!["PatientName"]!);
                Assert.Equal("V1", (string)(await restarted.GetMetadataAsync(d, i, "3"))["Patient"]!["DICOM"]!["PatientName"]!);
                Assert.Equal("COPIED", (string)(await restarted.GetImageSetAsync(d, copyId))["imageSetWorkflowStatus"]!);
                var store = await AhiClient.ReadOkAsync(await restarted.SendAsync(System.Net.Http.HttpMethod.Get, "datastore/" + d));
                Assert.Equal("persisted", (string)store["datastoreProperties"]!["datastoreName"]!);
            }
            finally
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            }
        }

        [Fact]
        public async Task A_write_still_locked_at_shutdown_finishes_on_restart()
        {
            var directory = Path.Combine(Path.GetTempPath(), "ahi-state-" + Guid.NewGuid().ToString("N"));
            try
            {
                string d, i;
                await using (var first = await TestService.StartAsync(o => { o.DataDirectory = directory; o.WorkflowDelayMs = 60000; o.TimeProvider = new ManualTimeProvider(); }))
                {
                    d = await first.Client.CreateDatastoreAsync();
                    i = await first.Client.CreateImageSetAsync(d, Documents.Study(patientName: "BEFORE"));
                    await first.Client.PostJsonAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("AFTER"));
                    Assert.Equal("LOCKED", (string)(await first.Client.GetImageSetAsync(d, i))["imageSetState"]!);
                }
                await using var second = await TestService.StartAsync(o => o.DataDirectory = directory);
                var imageSet = await second.Client.GetImageSetAsync(d, i);
                Assert.Equal("ACTIVE", (string)imageSet["imageSetState"]!);
                Assert.Equal("UPDATED", (string)imageSet["imageSetWorkflowStatus"]!);
                Assert.Equal("AFTER", (string)(await second.Client.GetMetadataAsync(d, i))["Patient"]!["DICOM"]!["PatientName"]!);
            }
            finally
            {
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            }
        }

        [Fact]
        public async Task Without_a_data_directory_state_is_in_memory_only()
        {
            string d;
            await using (var first = await TestService.StartAsync()) d = await first.Client.CreateDatastoreAsync();
            await using var second = await TestService.StartAsync();
            var response = await second.Client.SendAsync(System.Net.Http.HttpMethod.Get, "datastore/" + d);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        }
    }
}
