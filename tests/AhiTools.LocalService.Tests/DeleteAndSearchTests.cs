using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class DeleteAndSearchTests
    {
        [Fact]
        public async Task Delete_answers_LOCKED_DELETING_then_the_image_set_is_DELETED()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 50);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());
            var response = await client.PostJsonAsync($"datastore/{d}/imageSet/{i}/deleteImageSet");
            Assert.Equal("LOCKED", (string)response["imageSetState"]!);
            Assert.Equal("DELETING", (string)response["imageSetWorkflowStatus"]!);
            var settled = await client.WaitUntilSettledAsync(d, i);
            Assert.Equal("DELETED", (string)settled["imageSetState"]!);
            Assert.Equal("DELETED", (string)settled["imageSetWorkflowStatus"]!);
            Assert.NotNull(settled["deletedAt"]);
            var update = await client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion=1", Blobs.PatientName("X"));
            Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
        }

        private static string Search(string filter, string? sort = null)
            => "{\"filters\":[" + filter + "]" + (sort == null ? "" : ",\"sort\":" + sort) + "}";

        [Fact]
        public async Task Search_filters_by_patient_accession_study_and_series_uid()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var a = await client.CreateImageSetAsync(d, Documents.Study(patientId: "P-A", accession: "ACC-A", studyUid: "1.1", seriesUid: "1.1.1"));
            var b = await client.CreateImageSetAsync(d, Documents.Study(patientId: "P-B", accession: "ACC-B", studyUid: "2.2", seriesUid: "2.2.1"));

            async Task<string[]> Ids(string body)
                => (await client.PostJsonAsync($"datastore/{d}/searchImageSets", body))["imageSetsMetadataSummaries"]!.AsArray()
                    .Select(s => (string)s!["imageSetId"]!).ToArray();

            Assert.Equal(new[] { a }, await Ids(Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMPatientId\":\"P-A\"}]}")));
            Assert.Equal(new[] { b }, await Ids(Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMAccessionNumber\":\"ACC-B\"}]}")));
            Assert.Equal(new[] { b }, await Ids(Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMStudyInstanceUID\":\"2.2\"}]}")));
            Assert.Equal(new[] { a }, await Ids(Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMSeriesInstanceUID\":\"1.1.1\"}]}")));
            Assert.Empty(await Ids(Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMPatientId\":\"nobody\"}]}")));

            var summary = (await client.PostJsonAsync($"datastore/{d}/searchImageSets",
                Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMPatientId\":\"P-A\"}]}")))["imageSetsMetadataSummaries"]![0]!;
            Assert.Equal(1, (int)summary["version"]!);
            Assert.Equal("ACC-A", (string)summary["DICOMTags"]!["DICOMAccessionNumber"]!);
            Assert.Equal(1, (int)summary["DICOMTags"]!["DICOMNumberOfStudyRelatedSeries"]!);
            Assert.Equal(2, (int)summary["DICOMTags"]!["DICOMNumberOfStudyRelatedInstances"]!);
        }

        [Fact]
        public async Task Search_by_study_date_range_sorts_and_pages()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var early = await client.CreateImageSetAsync(d, Documents.Study(studyDate: "20200101", studyTime: "080000"));
            var middle = await client.CreateImageSetAsync(d, Documents.Study(studyDate: "20220101", studyTime: "080000"));
            var late = await client.CreateImageSetAsync(d, Documents.Study(studyDate: "20240101", studyTime: "080000"));
            var body = Search("{\"operator\":\"BETWEEN\",\"values\":[{\"DICOMStudyDateAndTime\":{\"DICOMStudyDate\":\"20190101\"}},{\"DICOMStudyDateAndTime\":{\"DICOMStudyDate\":\"20230101\"}}]}",
                "{\"sortOrder\":\"ASC\",\"sortField\":\"DICOMStudyDateAndTime\"}");
            var page1 = await client.PostJsonAsync($"datastore/{d}/searchImageSets?maxResults=1", body);
            Assert.Equal(early, (string)page1["imageSetsMetadataSummaries"]![0]!["imageSetId"]!);
            Assert.Equal("ASC", (string)page1["sort"]!["sortOrder"]!);
            var page2 = await client.PostJsonAsync($"datastore/{d}/searchImageSets?maxResults=1&nextToken=" + System.Uri.EscapeDataString((string)page1["nextToken"]!), body);
            Assert.Equal(middle, (string)page2["imageSetsMetadataSummaries"]![0]!["imageSetId"]!);
            Assert.Null(page2["nextToken"]);
            Assert.DoesNotContain(late, page1.ToJsonString() + page2.ToJsonString());
        }

        [Fact]
        public async Task Search_by_updatedAt_range_and_default_sort_is_newest_first()
        {
            await using var service = await TestService.StartAsync();
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var first = await client.CreateImageSetAsync(d, Documents.Study());
            // updatedAt has millisecond precision: wait until the service's clock has moved past the first image set's.
            var firstUpdatedAt = (await client.GetImageSetAsync(d, first))["updatedAt"]!.GetValue<decimal>();
            var deadline = System.DateTime.UtcNow.AddSeconds(30);
            while (Store.ServiceState.Now().ToUnixTimeMilliseconds() / 1000m <= firstUpdatedAt)
            {
                Assert.True(System.DateTime.UtcNow < deadline, "the clock did not move on");
                await Task.Yield();
            }
            var second = await client.CreateImageSetAsync(d, Documents.Study());
            var body = Search("{\"operator\":\"BETWEEN\",\"values\":[{\"updatedAt\":0},{\"updatedAt\":4102444800}]}");
            var ids = (await client.PostJsonAsync($"datastore/{d}/searchImageSets", body))["imageSetsMetadataSummaries"]!.AsArray()
                .Select(s => (string)s!["imageSetId"]!).ToArray();
            Assert.Equal(new[] { second, first }, ids);
        }

        [Theory]
        [InlineData("{\"filters\":[{\"operator\":\"LIKE\",\"values\":[{\"DICOMPatientId\":\"x\"}]}]}")]
        [InlineData("{\"filters\":[{\"operator\":\"BETWEEN\",\"values\":[{\"DICOMPatientId\":\"x\"},{\"DICOMPatientId\":\"y\"}]}]}")]
        [InlineData("{\"filters\":[{\"operator\":\"EQUAL\",\"values\":[{\"DICOMShoeSize\":\"x\"}]}]}")]
        [InlineData("{\"filters\":[]}")]
        [InlineData("{\"filters\":[{\"operator\":7,\"values\":[{\"DICOMPatientId\":\"x\"}]}]}")]
        [InlineData("{\"sort\":{\"sortOrder\":1,\"sortField\":\"updatedAt\"}}")]
        [InlineData("{\"filters\":[{\"operator\":\"EQUAL\",\"values\":[{\"DICOMStudyInstanceUID\":\"1.2.x\"}]}]}")]
        [InlineData("{\"filters\":[{\"operator\":\"EQUAL\",\"values\":[{\"DICOMSeriesInstanceUID\":\"\"}]}]}")]
        [InlineData("{\"filters\":[{\"operator\":\"EQUAL\",\"values\":[{\"isPrimary\":\"yes\"}]}]}")]
        [InlineData("{\"filters\":[{\"operator\":\"BETWEEN\",\"values\":[{\"createdAt\":\"soon\"},{\"createdAt\":1}]}]}")]
        [InlineData("{\"filters\":[{\"operator\":\"EQUAL\",\"values\":[{\"DICOMPatientId\":7}]}]}")]
        public async Task Invalid_search_criteria_are_ValidationException(string body)
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var response = await service.Client.PostAsync($"datastore/{d}/searchImageSets", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        [Fact]
        public async Task Search_values_longer_than_the_model_allows_are_ValidationException()
        {
            await using var service = await TestService.StartAsync();
            var d = await service.Client.CreateDatastoreAsync();
            var body = Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMPatientId\":\"" + new string('p', 513) + "\"}]}");
            var response = await service.Client.PostAsync($"datastore/{d}/searchImageSets", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var longest = Search("{\"operator\":\"EQUAL\",\"values\":[{\"DICOMPatientId\":\"" + new string('p', 512) + "\"}]}");
            Assert.Equal(HttpStatusCode.OK, (await service.Client.PostAsync($"datastore/{d}/searchImageSets", longest)).StatusCode);
        }
    }
}
