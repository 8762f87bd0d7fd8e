using System;
using System.Net;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class UpdateImageSetMetadataTests
    {
        private static string UpdatePath(string d, string i, string latest, bool force = false)
            => $"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion={latest}" + (force ? "&force=true" : "");

        [Fact]
        public async Task Update_answers_LOCKED_UPDATING_then_becomes_ACTIVE_UPDATED_with_the_change_applied()
        {
            // The workflow's 400 ms pass on a clock the test moves, so LOCKED is seen for sure before it ends.
            var clock = new ManualTimeProvider();
            await using var service = await TestService.StartAsync(o => { o.WorkflowDelayMs = 400; o.TimeProvider = clock; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(patientName: "OLD^NAME"));

            var response = await client.PostJsonAsync(UpdatePath(d, i, "1"), Blobs.PatientName("NEW^NAME"));
            Assert.Equal("2", (string)response["latestVersionId"]!);
            Assert.Equal("LOCKED", (string)response["imageSetState"]!);
            Assert.Equal("UPDATING", (string)response["imageSetWorkflowStatus"]!);
            Assert.Equal(i, (string)response["imageSetId"]!);

            var during = await client.GetImageSetAsync(d, i);
            Assert.Equal("LOCKED", (string)during["imageSetState"]!);
            Assert.Equal("2", (string)during["versionId"]!);

            clock.Advance(TimeSpan.FromMilliseconds(400));
            var settled = await client.WaitUntilSettledAsync(d, i);
            Assert.Equal("ACTIVE", (string)settled["imageSetState"]!);
            Assert.Equal("UPDATED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.False((bool)settled["overrides"]!["forced"]!);
            Assert.Equal("NEW^NAME", (string)(await client.GetMetadataAsync(d, i))["Patient"]!["DICOM"]!["PatientName"]!);
            Assert.Equal("OLD^NAME", (string)(await client.GetMetadataAsync(d, i, "1"))["Patient"]!["DICOM"]!["PatientName"]!);
        }

        [Fact]
        public async Task Forced_update_of_a_UID_is_marked_forced_and_unforced_is_a_ValidationException()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 20);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            var body = Blobs.Updates("{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyInstanceUID\":\"1.2.3.999\"}}}");

            var refused = await client.PostAsync(UpdatePath(d, i, "1"), body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(refused));
            Assert.Contains("StudyInstanceUID", await refused.Content.ReadAsStringAsync());

            await client.PostJsonAsync(UpdatePath(d, i, "1", force: true), body);
            var settled = await client.WaitUntilSettledAsync(d, i);
            Assert.True((bool)settled["overrides"]!["forced"]!);
            Assert.Equal("1.2.3.999", (string)(await client.GetMetadataAsync(d, i))["Study"]!["DICOM"]!["StudyInstanceUID"]!);
        }

        [Fact]
        public async Task Revert_creates_a_new_version_equal_to_the_target()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(patientName: "FIRST"));
            await client.PostJsonAsync(UpdatePath(d, i, "1"), Blobs.PatientName("SECOND"));
            await client.WaitUntilSettledAsync(d, i);
            await client.PostJsonAsync(UpdatePath(d, i, "2"), Blobs.PatientName("THIRD"));
            await client.WaitUntilSettledAsync(d, i);

            var reverted = await client.PostJsonAsync(UpdatePath(d, i, "3"), "{\"revertToVersionId\":\"1\"}");
            Assert.Equal("4", (string)reverted["latestVersionId"]!);
            var settled = await client.WaitUntilSettledAsync(d, i);
            Assert.Equal("UPDATED", (string)settled["imageSetWorkflowStatus"]!);
            var v4 = await client.GetMetadataAsync(d, i, "4");
            var v1 = await client.GetMetadataAsync(d, i, "1");
            Assert.Equal(v1.ToJsonString(), v4.ToJsonString());
        }

        [Theory]
        [InlineData("{\"revertToVersionId\":\"2\"}")]
        [InlineData("{\"revertToVersionId\":\"9\"}")]
        [InlineData("{}")]
        [InlineData("{\"updateImageSetMetadataUpdates\":{\"revertToVersionId\":\"1\"}}")]
        [InlineData("{\"revertToVersionId\":\"1\",\"DICOMUpdates\":{\"updatableAttributes\":\"e30=\"}}")]
        [InlineData("{\"DICOMUpdates\":{\"updatableAttributes\":\"not base64!\"}}")]
        [InlineData("{\"DICOMUpdates\":{}}")]
        public async Task Invalid_update_bodies_are_ValidationException(string body)
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            await client.AddVersionAsync(d, i);
            var response = await client.PostAsync(UpdatePath(d, i, "2"), body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
        }

        [Fact]
        public async Task Attribute_blob_beyond_the_model_limit_is_rejected()
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var i = await service.Client.CreateImageSetAsync(d, Documents.Study());
            var huge = Blobs.PatientName(new string('A', 30001));
            var response = await service.Client.PostAsync(UpdatePath(d, i, "1"), huge);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("30000", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Missing_latestVersion_is_a_ValidationException()
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var i = await service.Client.CreateImageSetAsync(d, Documents.Study());
            var response = await service.Client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata", Blobs.PatientName("X"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        [Fact]
        public async Task Stale_latestVersion_is_a_ConflictException()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            await client.AddVersionAsync(d, i);
            var response = await client.PostAsync(UpdatePath(d, i, "1"), Blobs.PatientName("X"));
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("ConflictException", AhiClient.ErrorType(response));
        }

        [Fact]
        public async Task Write_to_a_locked_image_set_is_a_ConflictException()
        {
            // The clock stands still: the first write stays LOCKED.
            await using var service = await TestService.StartAsync(o => { o.WorkflowDelayMs = 5000; o.TimeProvider = new ManualTimeProvider(); });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            await client.PostJsonAsync(UpdatePath(d, i, "1"), Blobs.PatientName("X"));
            var second = await client.PostAsync(UpdatePath(d, i, "2"), Blobs.PatientName("Y"));
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Contains("locked", await second.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Update_that_fails_when_applied_ends_UPDATE_FAILED_with_a_message_and_the_document_unchanged()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(seriesUid: "1.2.3.4.1"));
            // Passes the synchronous checks (shape, levels, force) but names a series the document lacks.
            var body = Blobs.Updates("{\"SchemaVersion\":1.1,\"Study\":{\"Series\":{\"1.2.3.4.77\":{\"DICOM\":{\"SeriesDescription\":\"X\"}}}}}");
            await client.PostJsonAsync(UpdatePath(d, i, "1"), body);
            var settled = await client.WaitUntilSettledAsync(d, i);
            Assert.Equal("ACTIVE", (string)settled["imageSetState"]!);
            Assert.Equal("UPDATE_FAILED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.Contains("1.2.3.4.77", (string)settled["message"]!);
            var v1 = await client.GetMetadataAsync(d, i, "1");
            var v2 = await client.GetMetadataAsync(d, i, "2");
            Assert.Equal(v1.ToJsonString(), v2.ToJsonString());
        }

        [Fact]
        public async Task More_concurrent_writes_than_the_datastore_limit_is_402_ServiceQuotaExceeded()
        {
            // The clock stands still: the first two writes stay in flight.
            await using var service = await TestService.StartAsync(o =>
            {
                o.WorkflowDelayMs = 5000;
                o.MaxConcurrentWritesPerDatastore = 2;
                o.TimeProvider = new ManualTimeProvider();
            });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var ids = new[]
            {
                await client.CreateImageSetAsync(d, Documents.Study()),
                await client.CreateImageSetAsync(d, Documents.Study()),
                await client.CreateImageSetAsync(d, Documents.Study()),
            };
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(UpdatePath(d, ids[0], "1"), Blobs.PatientName("A"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(UpdatePath(d, ids[1], "1"), Blobs.PatientName("B"))).StatusCode);
            var third = await client.PostAsync(UpdatePath(d, ids[2], "1"), Blobs.PatientName("C"));
            Assert.Equal((HttpStatusCode)402, third.StatusCode);
            Assert.Equal("ServiceQuotaExceededException", AhiClient.ErrorType(third));
        }

        [Fact]
        public async Task Write_slots_are_released_when_the_workflow_finishes()
        {
            await using var service = await TestService.StartAsync(o => { o.WorkflowDelayMs = 30; o.MaxConcurrentWritesPerDatastore = 1; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            await client.PostJsonAsync(UpdatePath(d, i, "1"), Blobs.PatientName("A"));
            await client.WaitUntilSettledAsync(d, i);
            var again = await client.PostAsync(UpdatePath(d, i, "2"), Blobs.PatientName("B"));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
    }
}
