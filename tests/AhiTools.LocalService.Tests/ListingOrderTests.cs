using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Store;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    /// <summary>The local service's promise (README, "Order of listings"): creation order, whatever the timestamps say.</summary>
    public class ListingOrderTests
    {
        [Fact]
        public void Datastores_keep_creation_order_even_with_the_same_timestamp_and_ids_that_sort_the_other_way()
        {
            var state = new ServiceState();
            var sameMillisecond = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            var ids = Enumerable.Range(0, 20).Select(i => (19 - i).ToString("x2").PadLeft(32, '0')).ToList();
            foreach (var id in ids) state.Add(new DatastoreRecord(id, "store", "us-east-1", sameMillisecond));

            Assert.Equal(ids, state.OrderedDatastores().Select(d => d.Id));
        }

        [Fact]
        public void Image_sets_keep_creation_order_in_their_datastore()
        {
            var state = new ServiceState();
            var datastore = state.AddDatastore(null, "store", "us-east-1");
            var ids = Enumerable.Range(0, 20).Select(i => (19 - i).ToString("x2").PadLeft(32, '0')).ToList();
            foreach (var id in ids) state.AddImageSet(datastore, id, Documents.Study());

            Assert.Equal(ids, datastore.OrderedImageSets().Select(i => i.Id));
        }

        [Fact]
        public async Task ListDatastores_answers_in_creation_order_across_pages()
        {
            await using var service = await TestService.StartAsync();
            var names = Enumerable.Range(0, 25).Select(i => "store-" + i).ToList();
            foreach (var name in names) await service.Client.CreateDatastoreAsync(name);

            var listed = new System.Collections.Generic.List<string>();
            string? token = null;
            do
            {
                var query = "datastore?maxResults=7" + (token == null ? "" : "&nextToken=" + Uri.EscapeDataString(token));
                var page = await AhiClient.ReadOkAsync(await service.Client.SendAsync(HttpMethod.Get, query));
                listed.AddRange(page["datastoreSummaries"]!.AsArray().Select(s => (string)s!["datastoreName"]!));
                token = (string?)page["nextToken"];
            } while (token != null);

            Assert.Equal(names, listed.Where(n => n.StartsWith("store-", StringComparison.Ordinal)));
        }
    }
}
