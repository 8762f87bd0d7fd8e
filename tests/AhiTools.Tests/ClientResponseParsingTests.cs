using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class ClientResponseParsingTests
    {
        private const string Ds = TestClients.DatastoreId;
        private const string Is = TestClients.ImageSetId;

        [Fact]
        public async Task GetImageSetReadsEveryMember()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + Is + "\",\"versionId\":\"3\",\"imageSetState\":\"ACTIVE\"," +
                "\"imageSetWorkflowStatus\":\"COPY_FAILED\",\"createdAt\":1680029436.304,\"updatedAt\":1680029500," +
                "\"deletedAt\":1680029600.5,\"message\":\"INVALID_REQUEST: Series don't match.\",\"imageSetArn\":\"arn:aws:medical-imaging:us-east-1:123:datastore/x/imageset/y\"," +
                "\"overrides\":{\"forced\":true},\"isPrimary\":false,\"storageTier\":\"FREQUENT_ACCESS\"}");
            using var client = TestClients.Create(transport);

            ImageSetVersionState result = await client.GetImageSetAsync(Ds, Is, "3", CancellationToken.None);

            Assert.Equal(Ds, result.DatastoreId);
            Assert.Equal(Is, result.ImageSetId);
            Assert.Equal("3", result.VersionId);
            Assert.Equal("ACTIVE", result.ImageSetState);
            Assert.Equal("COPY_FAILED", result.WorkflowStatus);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1680029436304), result.CreatedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1680029500), result.UpdatedAt);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1680029600500), result.DeletedAt);
            Assert.Equal(TimeSpan.Zero, result.CreatedAt!.Value.Offset);
            Assert.Equal("INVALID_REQUEST: Series don't match.", result.Message);
            Assert.True(result.Forced);
            Assert.False(result.IsPrimary);
            Assert.StartsWith("arn:aws:medical-imaging", result.ImageSetArn);
        }

        [Fact]
        public async Task GetImageSetWithoutOverridesIsNotForced()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + Is + "\",\"versionId\":\"1\",\"imageSetState\":\"LOCKED\",\"imageSetWorkflowStatus\":\"UPDATING\"}");
            using var client = TestClients.Create(transport);
            ImageSetVersionState result = await client.GetImageSetAsync(Ds, Is, null, CancellationToken.None);
            Assert.False(result.Forced);
            Assert.Null(result.IsPrimary);
            Assert.Null(result.DeletedAt);
            Assert.Equal("UPDATING", result.WorkflowStatus);
        }

        [Fact]
        public async Task ListImageSetVersionsReadsTheCapitalisedStatusKeyAndTheUsualOne()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"imageSetPropertiesList\":[" +
                "{\"imageSetId\":\"" + Is + "\",\"versionId\":\"2\",\"imageSetState\":\"ACTIVE\",\"ImageSetWorkflowStatus\":\"UPDATED\",\"createdAt\":1.5,\"overrides\":{\"forced\":true},\"isPrimary\":true}," +
                "{\"imageSetId\":\"" + Is + "\",\"versionId\":\"1\",\"imageSetState\":\"ACTIVE\",\"imageSetWorkflowStatus\":\"CREATED\",\"message\":\"m\"}" +
                "],\"nextToken\":\"page-2\"}");
            using var client = TestClients.Create(transport);

            ImageSetVersionPage page = await client.ListImageSetVersionsAsync(Ds, Is, 2, "page-1", CancellationToken.None);

            Assert.Equal(new[] { "2", "1" }, page.Versions.Select(v => v.VersionId));
            Assert.Equal("UPDATED", page.Versions[0].WorkflowStatus);
            Assert.Equal("CREATED", page.Versions[1].WorkflowStatus);
            Assert.All(page.Versions, v => Assert.Equal(Ds, v.DatastoreId));
            Assert.True(page.Versions[0].Forced);
            Assert.True(page.Versions[0].IsPrimary);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1500), page.Versions[0].CreatedAt);
            Assert.Equal("m", page.Versions[1].Message);
            Assert.Equal("page-2", page.NextToken);
            var query = transport.Requests.Single().Query();
            Assert.Equal("page-1", query["nextToken"]);
            Assert.Equal("2", query["maxResults"]);
        }

        [Fact]
        public async Task ListImageSetVersionsLastPageHasNoToken()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK, "{\"imageSetPropertiesList\":[]}");
            using var client = TestClients.Create(transport);
            ImageSetVersionPage page = await client.ListImageSetVersionsAsync(Ds, Is, null, null, CancellationToken.None);
            Assert.Empty(page.Versions);
            Assert.Null(page.NextToken);
        }

        [Fact]
        public async Task CopyImageSetReadsSourceAndDestination()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"datastoreId\":\"" + Ds + "\"," +
                "\"sourceImageSetProperties\":{\"imageSetId\":\"" + Is + "\",\"latestVersionId\":\"1\",\"imageSetState\":\"LOCKED\",\"imageSetWorkflowStatus\":\"COPYING_WITH_READ_ONLY_ACCESS\",\"createdAt\":10,\"updatedAt\":11}," +
                "\"destinationImageSetProperties\":{\"imageSetId\":\"" + TestClients.OtherImageSetId + "\",\"latestVersionId\":\"5\",\"imageSetState\":\"LOCKED\",\"imageSetWorkflowStatus\":\"COPYING\",\"imageSetArn\":\"arn:d\"}}");
            using var client = TestClients.Create(transport);

            ImageSetWriteResult result = await client.CopyImageSetAsync(
                new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "1", DestinationImageSetId = TestClients.OtherImageSetId, DestinationLatestVersionId = "4" },
                CancellationToken.None);

            Assert.Equal(Ds, result.ImageSet.DatastoreId);
            Assert.Equal(Ds, result.Source!.DatastoreId);
            Assert.Equal("COPYING_WITH_READ_ONLY_ACCESS", result.Source!.WorkflowStatus);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(11), result.Source!.UpdatedAt);
            Assert.Equal(TestClients.OtherImageSetId, result.ImageSet.ImageSetId);
            Assert.Equal("5", result.ImageSet.VersionId);
            Assert.Equal("COPYING", result.ImageSet.WorkflowStatus);
            Assert.Equal("arn:d", result.ImageSet.ImageSetArn);
            Assert.False(result.RecoveredAfterLostResponse);
        }

        [Fact]
        public async Task UpdateImageSetMetadataReadsTheNewVersion()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + Is + "\",\"latestVersionId\":\"8\",\"imageSetState\":\"LOCKED\",\"imageSetWorkflowStatus\":\"UPDATING\",\"createdAt\":1,\"updatedAt\":2,\"message\":\"hi\"}");
            using var client = TestClients.Create(transport);

            ImageSetWriteResult result = await client.UpdateImageSetMetadataAsync(
                new UpdateImageSetMetadataRequest { DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "7", RevertToVersionId = "1" },
                CancellationToken.None);

            Assert.Equal("8", result.ImageSet.VersionId);
            Assert.Equal("LOCKED", result.ImageSet.ImageSetState);
            Assert.Equal("UPDATING", result.ImageSet.WorkflowStatus);
            Assert.Equal("hi", result.ImageSet.Message);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2), result.ImageSet.UpdatedAt);
            Assert.False(result.RecoveredAfterLostResponse);
        }

        [Fact]
        public async Task SearchImageSetsReadsSummariesTagsAndToken()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"imageSetsMetadataSummaries\":[{\"imageSetId\":\"" + Is + "\",\"version\":3,\"createdAt\":5,\"updatedAt\":6,\"isPrimary\":true," +
                "\"DICOMTags\":{\"DICOMPatientId\":\"P1\",\"DICOMNumberOfStudyRelatedSeries\":2,\"DICOMPatientName\":null}}],\"nextToken\":\"n2\"}");
            using var client = TestClients.Create(transport);

            SearchImageSetsPage page = await client.SearchImageSetsAsync(Ds, null, 10, "n1", CancellationToken.None);

            ImageSetSearchHit summary = Assert.Single(page.ImageSets);
            Assert.Equal(Is, summary.ImageSetId);
            Assert.Equal("3", summary.VersionId);
            Assert.True(summary.IsPrimary);
            Assert.Equal("P1", summary.DicomTags["DICOMPatientId"]);
            Assert.Equal(2L, summary.DicomTags["DICOMNumberOfStudyRelatedSeries"]);
            Assert.Null(summary.DicomTags["DICOMPatientName"]);
            Assert.Equal("n2", page.NextToken);
            Assert.Equal("n1", transport.Requests.Single().Query()["nextToken"]);
        }

        [Fact]
        public async Task DeleteImageSetReadsStateAndStatus()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK,
                "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + Is + "\",\"imageSetState\":\"LOCKED\",\"imageSetWorkflowStatus\":\"DELETING\"}");
            using var client = TestClients.Create(transport);
            ImageSetWriteResult result = await client.DeleteImageSetAsync(Ds, Is, CancellationToken.None);
            Assert.Equal("LOCKED", result.ImageSet.ImageSetState);
            Assert.Equal("DELETING", result.ImageSet.WorkflowStatus);
            Assert.False(result.RecoveredAfterLostResponse);
        }

        [Fact]
        public async Task DatastoreOperationsReadTheirShapes()
        {
            var transport = new FakeTransport()
                .ThenJson(HttpStatusCode.OK, "{\"datastoreProperties\":{\"datastoreId\":\"" + Ds + "\",\"datastoreName\":\"s\",\"datastoreStatus\":\"ACTIVE\",\"datastoreArn\":\"arn:s\",\"createdAt\":1,\"updatedAt\":2}}")
                .ThenJson(HttpStatusCode.OK, "{\"datastoreSummaries\":[{\"datastoreId\":\"" + Ds + "\",\"datastoreName\":\"s\",\"datastoreStatus\":\"ACTIVE\"}],\"nextToken\":\"t\"}");
            using var client = TestClients.Create(transport);

            DatastoreProperties got = await client.GetDatastoreAsync(Ds, CancellationToken.None);
            Assert.Equal("arn:s", got.DatastoreArn);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(2), got.UpdatedAt);

            DatastorePage page = await client.ListDatastoresAsync(null, null, null, CancellationToken.None);
            Assert.Equal("s", Assert.Single(page.Datastores).DatastoreName);
            Assert.Equal("t", page.NextToken);
        }

        [Fact]
        public async Task MetadataIsGunzippedFromTheStream()
        {
            const string document = "{\"SchemaVersion\":\"1.1\",\"Patient\":{\"DICOM\":{\"PatientName\":\"A^B\"}}}";
            var transport = new FakeTransport().Then((request, _) =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Gzip(document)) };
                response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                response.Content.Headers.ContentEncoding.Add("gzip");
                return Task.FromResult(response);
            });
            using var client = TestClients.Create(transport);

            using Stream stream = await client.GetImageSetMetadataAsync(Ds, Is, "1", CancellationToken.None);
            using var reader = new StreamReader(stream, Encoding.UTF8);

            Assert.Equal(document, await reader.ReadToEndAsync());
            Assert.Equal("1", transport.Requests.Single().Query()["version"]);
        }

        [Fact]
        public async Task MetadataWithoutContentEncodingIsGunzippedWhenItStartsWithTheGzipMagic()
        {
            const string document = "{\"SchemaVersion\":\"1.1\"}";
            var transport = new FakeTransport().Then((request, _) =>
                Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Gzip(document)) }));
            using var client = TestClients.Create(transport);

            using Stream stream = await client.GetImageSetMetadataAsync(Ds, Is, null, CancellationToken.None);
            Assert.Equal(document, await new StreamReader(stream).ReadToEndAsync());
        }

        [Fact]
        public async Task PlainMetadataIsPassedThrough()
        {
            const string document = "{\"SchemaVersion\":\"1.1\"}";
            var transport = new FakeTransport().ThenJson(HttpStatusCode.OK, document);
            using var client = TestClients.Create(transport);

            using Stream stream = await client.GetImageSetMetadataAsync(Ds, Is, null, CancellationToken.None);
            Assert.Equal(document, await new StreamReader(stream).ReadToEndAsync());
        }

        [Fact]
        public async Task MetadataIsStreamedNotBuffered()
        {
            // The body is produced only as the caller reads: if the client buffered it whole, the read would hang.
            var gate = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            byte[] compressed = Gzip(new string('x', 200_000));
            var transport = new FakeTransport().Then((request, _) =>
            {
                var content = new StreamContent(new GatedStream(compressed, gate.Task));
                content.Headers.ContentEncoding.Add("gzip");
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
            });
            using var client = TestClients.Create(transport);

            Task<Stream> opening = client.GetImageSetMetadataAsync(Ds, Is, null, CancellationToken.None);
            // Buffering would hang for ever; the guard only bounds how long a failure takes to show.
            Task finished = await Task.WhenAny(opening, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.Same(opening, finished);
            gate.SetResult(true);
            using Stream stream = await opening;
            Assert.Equal(200_000, (await new StreamReader(stream).ReadToEndAsync()).Length);
        }

        private static byte[] Gzip(string text)
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                gzip.Write(bytes, 0, bytes.Length);
            }

            return buffer.ToArray();
        }

        /// <summary>Hands out the first two bytes at once, the rest only after the gate opens.</summary>
        private sealed class GatedStream : Stream
        {
            private readonly MemoryStream _data;
            private readonly Task _gate;

            public GatedStream(byte[] data, Task gate)
            {
                _data = new MemoryStream(data);
                _gate = gate;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (_data.Position >= 2)
                {
                    await _gate;
                }

                int allowed = _data.Position < 2 ? (int)Math.Min(count, 2 - _data.Position) : count;
                return _data.Read(buffer, offset, allowed);
            }
        }
    }
}
