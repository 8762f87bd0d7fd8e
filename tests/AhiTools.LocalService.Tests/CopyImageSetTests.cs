using System;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class CopyImageSetTests
    {
        private static string CopyPath(string d, string source, string query = "") => $"datastore/{d}/imageSet/{source}/copyImageSet{query}";

        [Fact]
        public async Task Copy_without_destination_creates_a_new_image_set_at_version_1_and_locks_the_source_read_only()
        {
            // The workflow's 400 ms pass on a clock the test moves, so the LOCKED states are seen for sure before it ends.
            var clock = new ManualTimeProvider();
            await using var service = await TestService.StartAsync(o => { o.WorkflowDelayMs = 400; o.TimeProvider = clock; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var source = await client.CreateImageSetAsync(d, Documents.Study());

            var response = await client.PostJsonAsync(CopyPath(d, source), Blobs.Copy("1"));
            var destination = response["destinationImageSetProperties"]!;
            var sourceProps = response["sourceImageSetProperties"]!;
            var newId = (string)destination["imageSetId"]!;
            Assert.NotEqual(source, newId);
            Assert.Equal("1", (string)destination["latestVersionId"]!);
            Assert.Equal("LOCKED", (string)destination["imageSetState"]!);
            Assert.Equal("COPYING", (string)destination["imageSetWorkflowStatus"]!);
            Assert.Equal("1", (string)sourceProps["latestVersionId"]!);
            Assert.Equal("COPYING_WITH_READ_ONLY_ACCESS", (string)sourceProps["imageSetWorkflowStatus"]!);
            Assert.Equal("LOCKED", (string)(await client.GetImageSetAsync(d, source))["imageSetState"]!);

            clock.Advance(TimeSpan.FromMilliseconds(400));
            var settled = await client.WaitUntilSettledAsync(d, newId);
            Assert.Equal("COPIED", (string)settled["imageSetWorkflowStatus"]!);
            var sourceAfter = await client.GetImageSetAsync(d, source);
            Assert.Equal("ACTIVE", (string)sourceAfter["imageSetState"]!);
            Assert.Equal("CREATED", (string)sourceAfter["imageSetWorkflowStatus"]!);
            Assert.Equal("1", (string)sourceAfter["versionId"]!);

            var copied = await client.GetMetadataAsync(d, newId);
            Assert.Equal(newId, (string)copied["ImageSetID"]!);
            Assert.Equal("PAT-1", (string)copied["Patient"]!["DICOM"]!["PatientID"]!);
        }

        [Fact]
        public async Task Subset_copy_with_numeric_SchemaVersion_merges_instances_into_a_matching_destination()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var source = await client.CreateImageSetAsync(d, Documents.Study(instanceUids: new[] { "1.2.3.4.1.1", "1.2.3.4.1.2" }));
            var destination = await client.CreateImageSetAsync(d, Documents.Study(instanceUids: new[] { "1.2.3.4.1.3" }));
            var copiable = "{\"SchemaVersion\":1.1,\"Study\":{\"Series\":{\"1.2.3.4.1\":{\"Instances\":{\"1.2.3.4.1.2\":{}}}}}}";

            var response = await client.PostJsonAsync(CopyPath(d, source), Blobs.Copy("1", copiable, destination, "1"));
            Assert.Equal(destination, (string)response["destinationImageSetProperties"]!["imageSetId"]!);
            Assert.Equal("2", (string)response["destinationImageSetProperties"]!["latestVersionId"]!);
            var settled = await client.WaitUntilSettledAsync(d, destination);
            Assert.Equal("COPIED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.False((bool)settled["overrides"]!["forced"]!);
            var instances = (JsonObject)(await client.GetMetadataAsync(d, destination))["Study"]!["Series"]!["1.2.3.4.1"]!["Instances"]!;
            Assert.True(instances.ContainsKey("1.2.3.4.1.2"));
            Assert.True(instances.ContainsKey("1.2.3.4.1.3"));
            Assert.False(instances.ContainsKey("1.2.3.4.1.1"));
        }

        [Fact]
        public async Task Inconsistent_destination_ends_COPY_FAILED_with_the_document_unchanged()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var source = await client.CreateImageSetAsync(d, Documents.Study(patientId: "PAT-A", instanceUids: new[] { "1.2.3.4.1.1" }));
            var destination = await client.CreateImageSetAsync(d, Documents.Study(patientId: "PAT-B", instanceUids: new[] { "1.2.3.4.1.9" }));

            await client.PostJsonAsync(CopyPath(d, source), Blobs.Copy("1", null, destination, "1"));
            var settled = await client.WaitUntilSettledAsync(d, destination);
            Assert.Equal("ACTIVE", (string)settled["imageSetState"]!);
            Assert.Equal("COPY_FAILED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.Equal("2", (string)settled["versionId"]!);
            Assert.StartsWith("INVALID_REQUEST:", (string)settled["message"]!);
            Assert.Equal((await client.GetMetadataAsync(d, destination, "1")).ToJsonString(), (await client.GetMetadataAsync(d, destination, "2")).ToJsonString());
            Assert.Equal("ACTIVE", (string)(await client.GetImageSetAsync(d, source))["imageSetState"]!);
        }

        [Fact]
        public async Task Forced_copy_completes_keeps_the_destination_metadata_and_is_marked_forced()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var source = await client.CreateImageSetAsync(d, Documents.Study(patientId: "PAT-A", instanceUids: new[] { "1.2.3.4.1.1" }));
            var destination = await client.CreateImageSetAsync(d, Documents.Study(patientId: "PAT-B", instanceUids: new[] { "1.2.3.4.1.9" }));

            await client.PostJsonAsync(CopyPath(d, source, "?force=true"), Blobs.Copy("1", null, destination, "1"));
            var settled = await client.WaitUntilSettledAsync(d, destination);
            Assert.Equal("COPIED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.True((bool)settled["overrides"]!["forced"]!);
            var merged = await client.GetMetadataAsync(d, destination);
            Assert.Equal("PAT-B", (string)merged["Patient"]!["DICOM"]!["PatientID"]!);
            Assert.NotNull(merged["Study"]!["Series"]!["1.2.3.4.1"]!["Instances"]!["1.2.3.4.1.1"]);
        }

        [Fact]
        public async Task Duplicate_SOP_instance_UIDs_end_COPY_FAILED()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var source = await client.CreateImageSetAsync(d, Documents.Study(instanceUids: new[] { "1.2.3.4.1.1" }));
            var destination = await client.CreateImageSetAsync(d, Documents.Study(instanceUids: new[] { "1.2.3.4.1.1" }));
            await client.PostJsonAsync(CopyPath(d, source), Blobs.Copy("1", null, destination, "1"));
            var settled = await client.WaitUntilSettledAsync(d, destination);
            Assert.Equal("COPY_FAILED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.Contains("1.2.3.4.1.1", (string)settled["message"]!);
        }

        [Theory]
        [InlineData("{\"SchemaVersion\":\"1.1\",\"Study\":{\"Series\":{\"9.9.9\":{\"Instances\":{\"9.9.9.1\":{}}}}}}")]
        [InlineData("not json")]
        public async Task Bad_copiableAttributes_are_a_ValidationException(string copiable)
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var source = await service.Client.CreateImageSetAsync(d, Documents.Study());
            var response = await service.Client.PostAsync(CopyPath(d, source), Blobs.Copy("1", copiable));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
            Assert.Equal("ACTIVE", (string)(await service.Client.GetImageSetAsync(d, source))["imageSetState"]!);
        }

        [Fact]
        public async Task Stale_source_or_destination_versions_and_locked_sources_are_ConflictException()
        {
            // The clock stands still: the accepted copy keeps its source locked.
            await using var service = await TestService.StartAsync(o => { o.WorkflowDelayMs = 5000; o.TimeProvider = new ManualTimeProvider(); });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var source = await client.CreateImageSetAsync(d, Documents.Study());
            var destination = await client.CreateImageSetAsync(d, Documents.Study());
            await client.AddVersionAsync(d, destination);

            Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(CopyPath(d, source), Blobs.Copy("2"))).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync(CopyPath(d, source), Blobs.Copy("1", null, destination, "1"))).StatusCode);

            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(CopyPath(d, source), Blobs.Copy("1"))).StatusCode);
            var whileLocked = await client.PostAsync(CopyPath(d, source), Blobs.Copy("1"));
            Assert.Equal(HttpStatusCode.Conflict, whileLocked.StatusCode);
            Assert.Equal("ConflictException", AhiClient.ErrorType(whileLocked));
        }

        [Fact]
        public async Task PromoteToPrimary_copies_into_a_new_primary_image_set()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var source = await client.CreateImageSetAsync(d, Documents.Study(instanceUids: new[] { "1.2.3.4.1.1" }));
            var destination = await client.CreateImageSetAsync(d, Documents.Study(instanceUids: new[] { "1.2.3.4.1.2" }));
            var response = await client.PostJsonAsync(CopyPath(d, source, "?promoteToPrimary=true"), Blobs.Copy("1", null, destination, "1"));
            var promoted = (string)response["destinationImageSetProperties"]!["imageSetId"]!;
            Assert.NotEqual(destination, promoted);
            Assert.NotEqual(source, promoted);
            var settled = await client.WaitUntilSettledAsync(d, promoted);
            Assert.True((bool)settled["isPrimary"]!);
            Assert.Equal("COPIED", (string)settled["imageSetWorkflowStatus"]!);
            var instances = (JsonObject)(await client.GetMetadataAsync(d, promoted))["Study"]!["Series"]!["1.2.3.4.1"]!["Instances"]!;
            Assert.Equal(2, instances.Count);
        }

        [Fact]
        public async Task Copy_body_without_sourceImageSet_is_a_ValidationException()
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var source = await service.Client.CreateImageSetAsync(d, Documents.Study());
            var response = await service.Client.PostAsync(CopyPath(d, source), "{\"copyImageSetInformation\":{}}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        [Fact]
        public async Task Copy_of_more_than_1000_image_frames_is_a_ValidationException()
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var document = Documents.Study(instanceUids: new[] { "1.2.3.4.1.1" });
            var frames = new JsonArray();
            for (var n = 0; n < 1001; n++) frames.Add(new JsonObject { ["ID"] = "frame" + n, ["FrameSizeInBytes"] = 10 });
            document["Study"]!["Series"]!["1.2.3.4.1"]!["Instances"]!["1.2.3.4.1.1"]!["ImageFrames"] = frames;
            var source = await service.Client.CreateImageSetAsync(d, document);
            var response = await service.Client.PostAsync(CopyPath(d, source), Blobs.Copy("1"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("1000", await response.Content.ReadAsStringAsync());
        }
    }
}
