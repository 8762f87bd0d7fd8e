using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class ClientRequestBuildingTests
    {
        private const string Ds = TestClients.DatastoreId;
        private const string Is = TestClients.ImageSetId;

        private static readonly HealthImagingRequestBuilder Aws =
            new(HealthImagingEndpoints.ForRegion("eu-west-1", "amazonaws.com"));

        private static string Body(HttpRequestMessage message) =>
            message.Content is null ? "" : Encoding.UTF8.GetString(message.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult());

        private static JsonElement BodyJson(HttpRequestMessage message) => JsonDocument.Parse(Body(message)).RootElement;

        private static CapturedRequest Parse(HttpRequestMessage message) => new() { Method = message.Method, Uri = message.RequestUri! };

        [Fact]
        public void GetImageSetPostsToTheRuntimeHostWithVersionInQuery()
        {
            using var message = Aws.GetImageSet(Ds, Is, "3");
            Assert.Equal(HttpMethod.Post, message.Method);
            Assert.Equal("runtime-medical-imaging.eu-west-1.amazonaws.com", message.RequestUri!.Host);
            Assert.Equal($"/datastore/{Ds}/imageSet/{Is}/getImageSet", message.RequestUri.AbsolutePath);
            Assert.Equal("3", Parse(message).Query()["version"]);
            Assert.Single(Parse(message).Query());
            Assert.Null(message.Content);
        }

        [Fact]
        public void GetImageSetWithoutVersionHasNoQuery()
        {
            using var message = Aws.GetImageSet(Ds, Is, null);
            Assert.Equal("", message.RequestUri!.Query);
        }

        [Fact]
        public void ListImageSetVersionsPassesMaxResultsAndNextTokenInQuery()
        {
            using var message = Aws.ListImageSetVersions(Ds, Is, 50, "tok+en/with=chars");
            Assert.Equal(HttpMethod.Post, message.Method);
            Assert.Equal($"/datastore/{Ds}/imageSet/{Is}/listImageSetVersions", message.RequestUri!.AbsolutePath);
            var query = Parse(message).Query();
            Assert.Equal("50", query["maxResults"]);
            Assert.Equal("tok+en/with=chars", query["nextToken"]);
            Assert.Contains("nextToken=tok%2Ben%2Fwith%3Dchars", message.RequestUri.AbsoluteUri);
        }

        [Fact]
        public void GetImageSetMetadataPutsVersionInQuery()
        {
            using var message = Aws.GetImageSetMetadata(Ds, Is, "2");
            Assert.Equal(HttpMethod.Post, message.Method);
            Assert.Equal($"/datastore/{Ds}/imageSet/{Is}/getImageSetMetadata", message.RequestUri!.AbsolutePath);
            Assert.Equal("2", Parse(message).Query()["version"]);
        }

        [Fact]
        public void CopyImageSetSendsCopyInformationAsTheBodyWithoutWrapper()
        {
            var request = new CopyImageSetRequest
            {
                DatastoreId = Ds,
                SourceImageSetId = Is,
                SourceLatestVersionId = "1",
                CopiableAttributes = "{\"SchemaVersion\":\"1.1\",\"Study\":{}}",
                DestinationImageSetId = TestClients.OtherImageSetId,
                DestinationLatestVersionId = "4",
                Force = true,
                PromoteToPrimary = true,
            };

            using var message = Aws.CopyImageSet(request);
            Assert.Equal(HttpMethod.Post, message.Method);
            Assert.Equal($"/datastore/{Ds}/imageSet/{Is}/copyImageSet", message.RequestUri!.AbsolutePath);
            var query = Parse(message).Query();
            Assert.Equal("true", query["force"]);
            Assert.Equal("true", query["promoteToPrimary"]);
            Assert.Equal("application/json", message.Content!.Headers.ContentType!.MediaType);

            JsonElement body = BodyJson(message);
            Assert.False(body.TryGetProperty("copyImageSetInformation", out _));
            JsonElement source = body.GetProperty("sourceImageSet");
            Assert.Equal("1", source.GetProperty("latestVersionId").GetString());
            // copiableAttributes is a plain JSON string, not base64.
            Assert.Equal("{\"SchemaVersion\":\"1.1\",\"Study\":{}}", source.GetProperty("DICOMCopies").GetProperty("copiableAttributes").GetString());
            JsonElement destination = body.GetProperty("destinationImageSet");
            Assert.Equal(TestClients.OtherImageSetId, destination.GetProperty("imageSetId").GetString());
            Assert.Equal("4", destination.GetProperty("latestVersionId").GetString());
        }

        [Fact]
        public void CopyImageSetWithoutDestinationOrFlagsOmitsThem()
        {
            var request = new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2" };
            using var message = Aws.CopyImageSet(request);
            Assert.Empty(Parse(message).Query());
            JsonElement body = BodyJson(message);
            Assert.False(body.TryGetProperty("destinationImageSet", out _));
            Assert.False(body.GetProperty("sourceImageSet").TryGetProperty("DICOMCopies", out _));
        }

        [Fact]
        public void UpdateImageSetMetadataSendsLatestVersionAndForceInQueryAndBase64Blobs()
        {
            byte[] updatable = Encoding.UTF8.GetBytes("{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientName\":\"MX^MX\"}}}");
            byte[] removable = Encoding.UTF8.GetBytes("{\"SchemaVersion\":1.1,\"Study\":{}}");
            var request = new UpdateImageSetMetadataRequest
            {
                DatastoreId = Ds,
                ImageSetId = Is,
                LatestVersionId = "7",
                UpdatableAttributes = updatable,
                RemovableAttributes = removable,
                Force = true,
            };

            using var message = Aws.UpdateImageSetMetadata(request);
            Assert.Equal(HttpMethod.Post, message.Method);
            Assert.Equal($"/datastore/{Ds}/imageSet/{Is}/updateImageSetMetadata", message.RequestUri!.AbsolutePath);
            var query = Parse(message).Query();
            Assert.Equal("7", query["latestVersion"]);
            Assert.False(query.ContainsKey("latestVersionId"));
            Assert.Equal("true", query["force"]);

            JsonElement body = BodyJson(message);
            Assert.False(body.TryGetProperty("updateImageSetMetadataUpdates", out _));
            JsonElement dicom = body.GetProperty("DICOMUpdates");
            Assert.Equal(Convert.ToBase64String(updatable), dicom.GetProperty("updatableAttributes").GetString());
            Assert.Equal(Convert.ToBase64String(removable), dicom.GetProperty("removableAttributes").GetString());
            Assert.False(body.TryGetProperty("revertToVersionId", out _));
        }

        [Fact]
        public void UpdateImageSetMetadataRevertSendsOnlyRevertToVersionId()
        {
            var request = new UpdateImageSetMetadataRequest { DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "3", RevertToVersionId = "1" };
            using var message = Aws.UpdateImageSetMetadata(request);
            var query = Parse(message).Query();
            Assert.Equal("3", query["latestVersion"]);
            Assert.False(query.ContainsKey("force"));
            Assert.Equal("{\"revertToVersionId\":\"1\"}", Body(message));
        }

        [Fact]
        public void UpdateImageSetMetadataRejectsDocumentsAndRevertTogether()
        {
            var request = new UpdateImageSetMetadataRequest
            {
                DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "3", RevertToVersionId = "1", UpdatableAttributes = new byte[] { 1 },
            };
            Assert.Throws<ArgumentException>(() => Aws.UpdateImageSetMetadata(request));
        }

        [Fact]
        public void SearchImageSetsSendsCriteriaAsTheBodyAndPagingInQuery()
        {
            const string criteria = "{\"filters\":[{\"values\":[{\"DICOMPatientId\":\"P1\"}],\"operator\":\"EQUAL\"}]}";
            using var message = Aws.SearchImageSets(Ds, criteria, 25, "next-1");
            Assert.Equal(HttpMethod.Post, message.Method);
            Assert.Equal("runtime-medical-imaging.eu-west-1.amazonaws.com", message.RequestUri!.Host);
            Assert.Equal($"/datastore/{Ds}/searchImageSets", message.RequestUri.AbsolutePath);
            var query = Parse(message).Query();
            Assert.Equal("25", query["maxResults"]);
            Assert.Equal("next-1", query["nextToken"]);
            Assert.Equal(criteria, Body(message));
        }

        [Fact]
        public void SearchImageSetsWithoutCriteriaSendsAnEmptyObject()
        {
            using var message = Aws.SearchImageSets(Ds, null, null, null);
            Assert.Equal("{}", Body(message));
            Assert.Equal("", message.RequestUri!.Query);
        }

        [Fact]
        public void SearchImageSetsRejectsMalformedCriteriaBeforeSending()
        {
            Assert.ThrowsAny<JsonException>(() => Aws.SearchImageSets(Ds, "{not json", null, null));
        }

        [Fact]
        public void DeleteImageSetPostsWithoutBody()
        {
            using var message = Aws.DeleteImageSet(Ds, Is);
            Assert.Equal(HttpMethod.Post, message.Method);
            Assert.Equal($"/datastore/{Ds}/imageSet/{Is}/deleteImageSet", message.RequestUri!.AbsolutePath);
            Assert.Null(message.Content);
        }

        [Fact]
        public void DatastoreOperationsGoToTheControlPlaneHost()
        {
            using var get = Aws.GetDatastore(Ds);
            Assert.Equal(HttpMethod.Get, get.Method);
            Assert.Equal("medical-imaging.eu-west-1.amazonaws.com", get.RequestUri!.Host);
            Assert.Equal($"/datastore/{Ds}", get.RequestUri.AbsolutePath);

            using var list = Aws.ListDatastores("ACTIVE", 7, "page-2");
            Assert.Equal(HttpMethod.Get, list.Method);
            Assert.Equal("/datastore", list.RequestUri!.AbsolutePath);
            Assert.Equal("page-2", Parse(list).Query()["nextToken"]);
            Assert.Equal("ACTIVE", Parse(list).Query()["datastoreStatus"]);
            Assert.Equal("7", Parse(list).Query()["maxResults"]);

            using var unfiltered = Aws.ListDatastores(null, null, null);
            Assert.Equal("", unfiltered.RequestUri!.Query);
        }

        [Fact]
        public void IdsAreEscapedInThePath()
        {
            using var message = Aws.GetImageSet("a/b", "c d", null);
            Assert.Equal("/datastore/a%2Fb/imageSet/c%20d/getImageSet", message.RequestUri!.AbsolutePath);
        }

        [Fact]
        public void CustomEndpointServesBothPlanesWithoutPrefixAndKeepsItsPath()
        {
            var builder = new HealthImagingRequestBuilder(HealthImagingEndpoints.Custom(new Uri("http://127.0.0.1:8080/base/"), "us-east-1"));
            using var data = builder.GetImageSet(Ds, Is, null);
            using var control = builder.GetDatastore(Ds);
            Assert.Equal($"http://127.0.0.1:8080/base/datastore/{Ds}/imageSet/{Is}/getImageSet", data.RequestUri!.AbsoluteUri);
            Assert.Equal($"http://127.0.0.1:8080/base/datastore/{Ds}", control.RequestUri!.AbsoluteUri);
        }

        [Fact]
        public void EmptyOptionalValuesAreLeftOutLikeNulls()
        {
            // PowerShell binds $null to a string argument as "".
            using var get = Aws.GetImageSet(Ds, Is, "");
            using var list = Aws.ListImageSetVersions(Ds, Is, null, "");
            Assert.Equal("", get.RequestUri!.Query);
            Assert.Equal("", list.RequestUri!.Query);
        }
    }
}
