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
        [Theory]
        [InlineData("GetImageSet")]
        [InlineData("ListImageSetVersions")]
        [InlineData("GetDatastore")]
        [InlineData("ListDatastores")]
        [InlineData("SearchImageSets")]
        public async Task ItReadsTheFirstRequestsAnswerThenExchangesARequestThroughATransport(string operation)
        {
            // True only when the canned answer of that operation and the exchanged answer were both read as expected.
            var first = Enum.Parse<FirstRequest>(operation);
            var read = new List<string>();
            Assert.True(await FirstCallWarmUp.RunAsync(first, read));
            Assert.Equal([operation, "exchange"], read);
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
                FirstCallWarmUp.Start(FirstRequest.GetImageSet);
                Assert.Same(before, FirstCallWarmUp.LastRun);
            }
            finally
            {
                Environment.SetEnvironmentVariable(FirstCallWarmUp.DisableVariable, null);
            }

            FirstCallWarmUp.Start(FirstRequest.GetImageSet);
            Assert.NotNull(FirstCallWarmUp.LastRun);
            Assert.True(await FirstCallWarmUp.LastRun!);
        }
    }
}
