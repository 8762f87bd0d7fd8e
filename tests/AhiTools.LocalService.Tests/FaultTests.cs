using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class FaultTests
    {
        private static async Task<List<int>> StatusSequence(int seed)
        {
            await using var service = await TestService.StartAsync(o => { o.FaultSeed = seed; o.FaultRate = 0.5; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            var statuses = new List<int>();
            for (var n = 0; n < 30; n++)
            {
                var response = await client.PostAsync($"datastore/{d}/imageSet/{i}/getImageSet");
                statuses.Add((int)response.StatusCode);
                if (!response.IsSuccessStatusCode)
                {
                    var expected = response.StatusCode == HttpStatusCode.InternalServerError ? "InternalServerException" : "ServiceUnavailableException";
                    Assert.Equal(expected, AhiClient.ErrorType(response));
                }
            }
            return statuses;
        }

        [Fact]
        public async Task Same_seed_gives_the_same_faults_and_the_rate_is_respected()
        {
            var first = await StatusSequence(1234);
            var second = await StatusSequence(1234);
            Assert.Equal(first, second);
            Assert.Contains(200, first);
            Assert.Contains(first, s => s == 500 || s == 503);
            Assert.All(first, s => Assert.Contains(s, new[] { 200, 500, 503 }));
        }

        [Fact]
        public async Task Local_routes_are_never_faulted()
        {
            await using var service = await TestService.StartAsync(o => { o.FaultSeed = 1; o.FaultRate = 1.0; });
            for (var n = 0; n < 10; n++)
                Assert.Equal(HttpStatusCode.OK, (await service.Client.SendAsync(HttpMethod.Get, "_local/health", sign: false)).StatusCode);
            var d = await service.Client.CreateDatastoreAsync();
            var operation = await service.Client.SendAsync(HttpMethod.Get, "datastore/" + d);
            Assert.Contains((int)operation.StatusCode, new[] { 500, 503 });
        }

        [Fact]
        public async Task Latency_is_added_to_operations()
        {
            var clock = new ManualTimeProvider();
            await using var service = await TestService.StartAsync(o => { o.FaultLatencyMs = 300; o.TimeProvider = clock; });
            var d = await service.Client.CreateDatastoreAsync();

            var answered = service.Client.SendAsync(HttpMethod.Get, "datastore/" + d);
            // The operation waits 300 ms on the service's clock, and is not answered a moment before.
            await clock.WaitForDelayAsync(TimeSpan.FromMilliseconds(300));
            clock.Advance(TimeSpan.FromMilliseconds(299));
            Assert.False(answered.IsCompleted);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(HttpStatusCode.OK, (await answered).StatusCode);
        }

        [Fact]
        public async Task Lost_response_drops_the_connection_but_the_write_is_applied()
        {
            await using var service = await TestService.StartAsync(o => { o.FaultSeed = 3; o.FaultLostResponseRate = 1.0; o.WorkflowDelayMs = 20; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(patientName: "BEFORE"));

            await Assert.ThrowsAsync<HttpRequestException>(() =>
                client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("AFTER")));

            // Reads are not writes: they are answered normally.
            var settled = await client.WaitUntilSettledAsync(d, i);
            Assert.Equal("2", (string)settled["versionId"]!);
            Assert.Equal("UPDATED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.Equal("AFTER", (string)(await client.GetMetadataAsync(d, i))["Patient"]!["DICOM"]!["PatientName"]!);
        }

        [Fact]
        public async Task An_armed_fault_makes_another_writers_version_first_then_drops_the_request_unapplied()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 20);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(patientName: "BEFORE"));
            await client.LocalAsync($"datastore/{d}/imageSet/{i}/faults",
                "{\"action\":\"DropRequest\",\"otherWriterUpdate\":{\"SchemaVersion\":\"1.1\",\"Study\":{\"DICOM\":{\"StudyDescription\":\"OTHER WRITER\"}}}}");

            await Assert.ThrowsAsync<HttpRequestException>(() =>
                client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("AFTER")));

            var latest = await client.WaitUntilSettledAsync(d, i);
            Assert.Equal("2", (string)latest["versionId"]!);
            var metadata = await client.GetMetadataAsync(d, i);
            Assert.Equal("OTHER WRITER", (string)metadata["Study"]!["DICOM"]!["StudyDescription"]!);
            Assert.Equal("BEFORE", (string)metadata["Patient"]!["DICOM"]!["PatientName"]!);

            // Armed once: the next write is handled normally, and meets the other writer's version.
            var stale = await client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("AFTER"));
            Assert.Equal("ConflictException", AhiClient.ErrorType(stale));
        }

        [Fact]
        public async Task An_armed_500_is_answered_without_applying_the_write()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 20);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            await client.LocalAsync($"datastore/{d}/imageSet/{i}/faults", "{\"action\":\"Fail500\"}");

            var failed = await client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("AFTER"));

            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.Equal("1", (string)(await client.GetImageSetAsync(d, i))["versionId"]!);
        }

        [Fact]
        public async Task An_armed_corrupt_body_answers_the_named_read_with_neither_gzip_nor_json_once()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 20);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(patientName: "BEFORE"));
            await client.LocalAsync($"datastore/{d}/imageSet/{i}/faults", "{\"action\":\"CorruptBody\",\"operation\":\"GetImageSetMetadata\"}");

            // Another operation on the image set is not the one named: it is answered as always.
            Assert.Equal("1", (string)(await client.GetImageSetAsync(d, i))["versionId"]!);

            var corrupt = await client.PostAsync($"datastore/{d}/imageSet/{i}/getImageSetMetadata");
            Assert.Equal(HttpStatusCode.OK, corrupt.StatusCode);
            Assert.Contains("gzip", corrupt.Content.Headers.ContentEncoding);
            byte[] body = await corrupt.Content.ReadAsByteArrayAsync();
            using (var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress))
            {
                Assert.Throws<InvalidDataException>(() => gzip.CopyTo(Stream.Null));
            }

            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));

            // Armed once: the next read gets the document.
            Assert.Equal("BEFORE", (string)(await client.GetMetadataAsync(d, i))["Patient"]!["DICOM"]!["PatientName"]!);
        }

        [Fact]
        public async Task An_armed_hold_keeps_the_write_waiting_then_handles_it()
        {
            var clock = new ManualTimeProvider();
            await using var service = await TestService.StartAsync(o => { o.WorkflowDelayMs = 20; o.TimeProvider = clock; });
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            await client.LocalAsync($"datastore/{d}/imageSet/{i}/faults", "{\"action\":\"Hold\",\"delayMs\":5000}");

            var held = client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("AFTER"));

            // Held on the service's clock: until it moves on 5 s, the write is neither answered nor applied.
            await clock.WaitForDelayAsync(TimeSpan.FromMilliseconds(5000));
            clock.Advance(TimeSpan.FromMilliseconds(4999));
            Assert.Equal("1", (string)(await client.GetImageSetAsync(d, i))["versionId"]!);
            Assert.False(held.IsCompleted);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var answered = await held;
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            clock.Advance(TimeSpan.FromMilliseconds(20));
            Assert.Equal("2", (string)(await client.WaitUntilSettledAsync(d, i))["versionId"]!);
        }
    }
}
