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
    }
}
