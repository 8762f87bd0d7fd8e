using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class ConcurrencyTests
    {
        [Fact]
        public async Task Parallel_writers_on_one_image_set_get_exactly_one_success_per_version()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 5);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var i = await client.CreateImageSetAsync(d, Documents.Study());

            // Ten rounds: in each, eight writers race with the same latestVersion; one must win, the rest get 409.
            for (var round = 1; round <= 10; round++)
            {
                var latest = round.ToString();
                var attempts = Enumerable.Range(0, 8).Select(n =>
                    client.PostAsync($"datastore/{d}/imageSet/{i}/updateImageSetMetadata?latestVersion={latest}", Blobs.PatientName($"R{round}W{n}")));
                var statuses = (await Task.WhenAll(attempts)).Select(r => r.StatusCode).ToList();
                Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
                Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
                await client.WaitUntilSettledAsync(d, i);
            }
            var versions = await client.PostJsonAsync($"datastore/{d}/imageSet/{i}/listImageSetVersions");
            var ids = versions["imageSetPropertiesList"]!.AsArray().Select(v => (string)v!["versionId"]!).ToList();
            Assert.Equal(Enumerable.Range(1, 11).Reverse().Select(n => n.ToString()).ToList(), ids);
        }

        [Fact]
        public async Task Parallel_copies_and_reads_across_image_sets_all_settle()
        {
            await using var service = await TestService.StartAsync(o => o.WorkflowDelayMs = 20);
            var client = service.Client;
            var d = await client.CreateDatastoreAsync();
            var sources = new List<string>();
            for (var n = 0; n < 12; n++) sources.Add(await client.CreateImageSetAsync(d, Documents.Study(patientId: "P" + n)));

            var copies = sources.Select(s => client.PostJsonAsync($"datastore/{d}/imageSet/{s}/copyImageSet", Blobs.Copy("1")));
            var reads = sources.Select(s => client.GetMetadataAsync(d, s));
            var copyResults = await Task.WhenAll(copies);
            await Task.WhenAll(reads);
            foreach (var result in copyResults)
            {
                var copyId = (string)result["destinationImageSetProperties"]!["imageSetId"]!;
                Assert.Equal("COPIED", (string)(await client.WaitUntilSettledAsync(d, copyId))["imageSetWorkflowStatus"]!);
            }
            foreach (var source in sources)
                Assert.Equal("ACTIVE", (string)(await client.WaitUntilSettledAsync(d, source))["imageSetState"]!);
        }
    }
}
