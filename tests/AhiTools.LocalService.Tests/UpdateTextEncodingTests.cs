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
    /// <summary>Attribute blobs must be UTF-8 JSON text: invalid bytes and lone surrogates are refused, never stored as U+FFFD.</summary>
    public class UpdateTextEncodingTests
    {
        private static string UpdatePath(string d, string i) => $"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1";

        private static string UpdatesFromBytes(byte[] updatable)
            => new JsonObject { ["DICOMUpdates"] = new JsonObject { ["updatableAttributes"] = Convert.ToBase64String(updatable) } }.ToJsonString();

        public static TheoryData<string, byte[]> BadText => new TheoryData<string, byte[]>
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
    }
}
