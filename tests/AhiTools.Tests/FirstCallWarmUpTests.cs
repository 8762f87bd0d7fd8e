using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class FirstCallWarmUpTests
    {
        [Fact]
        public async Task ItListsReadsAndUpdatesThroughTheClientWithoutTheNetwork()
        {
            // True only when all three requests went through the real client and their canned answers were parsed.
            var lines = new List<string>();
            Assert.True(await FirstCallWarmUp.RunAsync(() => false, lines));
            Assert.Equal(3, lines.Count);
            Assert.Contains("/listImageSetVersions", lines[0]);
            Assert.Contains("/getImageSet", lines[1]);
            Assert.Contains("/updateImageSetMetadata", lines[2]);
        }

        [Fact]
        public async Task ItSendsNoFurtherRequestOnceTheSessionHasAClient()
        {
            var lines = new List<string>();
            Assert.True(await FirstCallWarmUp.RunAsync(() => true, lines));
            Assert.Single(lines);
        }

        [Fact]
        public async Task ItExchangesARequestThroughATransportAndReadsTheCannedAnswers()
        {
            var read = new List<string>();
            Assert.True(await FirstCallWarmUp.ExchangeAndReadAsync(() => false, read));
            Assert.Equal(["ListImageSetVersions", "GetImageSet, UpdateImageSetMetadata, ListDatastores, SearchImageSets"], read);
        }

        [Fact]
        public async Task ItReadsNoOtherAnswerOnceTheSessionHasAClient()
        {
            var read = new List<string>();
            Assert.True(await FirstCallWarmUp.ExchangeAndReadAsync(() => true, read));
            Assert.Equal(["ListImageSetVersions"], read);
        }

        [Fact]
        public async Task ACannedConnectionAnswersTheRequestItWasSentAndSeesItSigned()
        {
            var requests = new List<string>();
            var seen = new List<CannedHttpConnection>();
            CannedHttpConnection.Response Answer(string line)
            {
                requests.Add(line);
                return new(200, "{\"imageSetPropertiesList\":[]}");
            }

            using var http = new HttpClient(HealthImagingClient.CreateTransport(() =>
            {
                var connection = new CannedHttpConnection(Answer);
                seen.Add(connection);
                return connection;
            }));
            using var request = new HttpRequestMessage(HttpMethod.Post, "http://canned.invalid/datastore/d/imageSet/i/listImageSetVersions");
            request.Headers.Add("Authorization", "AWS4-HMAC-SHA256 Credential=test");
            using var response = await http.SendAsync(request, CancellationToken.None);

            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("{\"imageSetPropertiesList\":[]}", await response.Content.ReadAsStringAsync());
            Assert.Equal(["POST /datastore/d/imageSet/i/listImageSetVersions HTTP/1.1"], requests);
            Assert.Single(seen);
        }

        [Fact]
        public async Task ItIsNotStartedWhenAhiToolsNoWarmUpIsSet()
        {
            // Start() only reads the variable; LastRun stays whatever an earlier test or import left, so compare.
            Environment.SetEnvironmentVariable(FirstCallWarmUp.DisableVariable, "1");
            try
            {
                Task<bool>? before = FirstCallWarmUp.LastRun;
                FirstCallWarmUp.Start();
                Assert.Same(before, FirstCallWarmUp.LastRun);
            }
            finally
            {
                Environment.SetEnvironmentVariable(FirstCallWarmUp.DisableVariable, null);
            }

            FirstCallWarmUp.Start();
            Assert.NotNull(FirstCallWarmUp.LastRun);
            Assert.True(await FirstCallWarmUp.LastRun!);
        }
    }
}
