using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class SeedTests
    {
        [Fact]
        public async Task Seed_file_creates_datastores_image_sets_and_versions_with_changes_merged()
        {
            var seed = Path.Combine(Path.GetTempPath(), "ahi-seed-" + System.Guid.NewGuid().ToString("N") + ".json");
            var storeId = new string('c', 32);
            var setId = new string('d', 32);
            File.WriteAllText(seed, "{\"datastores\":[{\"datastoreId\":\"" + storeId + "\",\"datastoreName\":\"seeded\",\"imageSets\":[{\"imageSetId\":\"" + setId +
                "\",\"isPrimary\":true,\"versions\":[{\"document\":" + Documents.Study(patientName: "OLD^NAME").ToJsonString() +
                "},{\"workflowStatus\":\"UPDATED\",\"changes\":{\"Patient\":{\"DICOM\":{\"PatientName\":\"NEW^NAME\"}}}},{\"workflowStatus\":\"COPIED\",\"forced\":true}]}]}]}");
            try
            {
                await using var service = await TestService.StartAsync(o => o.SeedFile = seed);
                var versions = await service.Client.PostJsonAsync($"datastore/{storeId}/imageSet/{setId}/listImageSetVersions");
                var list = versions["imageSetPropertiesList"]!.AsArray();
                Assert.Equal(new[] { "3", "2", "1" }, list.Select(v => (string)v!["versionId"]!).ToArray());
                Assert.Equal(new[] { "COPIED", "UPDATED", "CREATED" }, list.Select(v => (string)v!["ImageSetWorkflowStatus"]!).ToArray());
                Assert.True((bool)list[0]!["overrides"]!["forced"]!);
                Assert.True((bool)list[0]!["isPrimary"]!);
                var v1 = await service.Client.GetMetadataAsync(storeId, setId, "1");
                var v2 = await service.Client.GetMetadataAsync(storeId, setId, "2");
                Assert.Equal("OLD^NAME", (string)v1["Patient"]!["DICOM"]!["PatientName"]!);
                Assert.Equal("NEW^NAME", (string)v2["Patient"]!["DICOM"]!["PatientName"]!);
                Assert.Equal("PAT-1", (string)v2["Patient"]!["DICOM"]!["PatientID"]!);
            }
            finally { File.Delete(seed); }
        }

        [Fact]
        public async Task Sample_seed_file_loads_with_its_versions_and_generated_studies()
        {
            var seed = Path.Combine(System.AppContext.BaseDirectory, "samples", "seed.json");
            await using var service = await TestService.StartAsync(o => o.SeedFile = seed);
            var storeId = "0123456789abcdef0123456789abcdef";
            var versions = await service.Client.PostJsonAsync($"datastore/{storeId}/imageSet/11111111111111111111111111111111/listImageSetVersions");
            Assert.Equal(3, versions["imageSetPropertiesList"]!.AsArray().Count);
            var latest = await service.Client.GetMetadataAsync(storeId, "11111111111111111111111111111111");
            Assert.Equal("DOE^JANE^M", (string)latest["Patient"]!["DICOM"]!["PatientName"]!);
            Assert.Equal("7", (string)latest["Study"]!["DICOM"]!["StudyID"]!);
            var all = await service.Client.PostJsonAsync($"datastore/{storeId}/searchImageSets",
                "{\"filters\":[{\"operator\":\"BETWEEN\",\"values\":[{\"createdAt\":0},{\"createdAt\":4102444800}]}]}");
            // Two hand-written image sets plus one generated study for each of the two generated patients.
            Assert.Equal(4, all["imageSetsMetadataSummaries"]!.AsArray().Count);
        }
    }
}
