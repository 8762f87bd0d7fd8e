using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    /// <summary>Attribute documents must be UTF-8 JSON text: invalid bytes and lone surrogates are refused, never stored as
    /// U+FFFD, and a member named twice is a ValidationException rather than a server error.</summary>
    public class AttributeTextTests
    {
        private static string UpdatePath(string d, string i) => $"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1";

        private static string UpdatesFromBytes(byte[] updatable)
            => new JsonObject { ["DICOMUpdates"] = new JsonObject { ["updatableAttributes"] = Convert.ToBase64String(updatable) } }.ToJsonString();

        public static TheoryData<string, byte[]> BadText => new()
        {
            // "MÜLLER" written in Latin-1: 0xDC is not valid UTF-8 on its own.
            { "Latin-1 byte", Encoding.ASCII.GetBytes("{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientName\":\"M").Concat(new byte[] { 0xDC }).Concat(Encoding.ASCII.GetBytes("LLER\"}}}")).ToArray() },
            { "escaped lone surrogate", Encoding.ASCII.GetBytes("{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientName\":\"A\\ud800B\"}}}") },
            { "escaped lone surrogate in an array", Encoding.ASCII.GetBytes("{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyDescription\":[\"\\udc00\"]}}}") },
        };

        [Theory]
        [MemberData(nameof(BadText))]
        public async Task Text_that_is_not_UTF8_is_a_ValidationException_and_nothing_changes(string what, byte[] blob)
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(patientName: "OLD^NAME"));

            var response = await client.PostAsync(UpdatePath(d, i), UpdatesFromBytes(blob));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
            Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
            var latest = await client.GetImageSetAsync(d, i);
            Assert.Equal("1", (string)latest["versionId"]!);
        }

        [Fact]
        public async Task A_member_named_twice_in_one_object_is_a_ValidationException()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());

            var response = await client.PostAsync(UpdatePath(d, i), Blobs.Updates("{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyDescription\":\"A\",\"StudyDescription\":\"B\"}}}"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
            Assert.Contains("StudyDescription", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task A_series_named_twice_in_copiableAttributes_is_a_ValidationException()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 10);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study(seriesUid: "1.2.3.4.1"));
            const string series = "\"1.2.3.4.1\":{\"Instances\":{}}";
            string copiable = "{\"SchemaVersion\":\"1.1\",\"Study\":{\"Series\":{" + series + "," + series + "}}}";

            var response = await client.PostAsync($"datastore/{d}/imageSet/{i}/copyImageSet", Blobs.Copy("1", copiable));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
            Assert.Contains("1.2.3.4.1", await response.Content.ReadAsStringAsync());
        }
    }
}
