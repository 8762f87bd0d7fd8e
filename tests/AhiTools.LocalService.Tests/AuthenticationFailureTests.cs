using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Auth;
using AhiTools.LocalService.Hosting;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    /// <summary>The codes and messages AWS's restJson1 services answer for each authentication failure, the Date header, the clock option.</summary>
    public class AuthenticationFailureTests
    {
        private static readonly DateTimeOffset ServiceNow = new(2026, 12, 4, 14, 20, 0, TimeSpan.Zero);

        private static SigV4Result VerifySignedAt(DateTimeOffset signedAt)
        {
            var verifier = new SigV4Verifier(new Dictionary<string, string> { [ServiceOptions.DefaultAccessKey] = ServiceOptions.DefaultSecretKey },
                SigV4Verifier.DefaultWindow, () => ServiceNow);
            var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/datastore");
            new TestSigV4Signer(ServiceOptions.DefaultAccessKey, ServiceOptions.DefaultSecretKey).Sign(request, Array.Empty<byte>(), signedAt);
            var headers = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var header in request.Headers) headers[header.Key.ToLowerInvariant()] = new List<string>(header.Value);
            headers["host"] = new[] { "127.0.0.1:1" };
            return verifier.Verify(new SignedRequest { Method = "GET", RawPath = "/datastore", Headers = headers });
        }

        [Fact]
        public void A_request_time_before_the_window_is_signature_expired_as_AWS_words_it()
        {
            var result = VerifySignedAt(ServiceNow.AddMinutes(-20));
            Assert.False(result.Success);
            Assert.Equal("InvalidSignatureException", result.Failure!.ErrorType);
            Assert.Equal("Signature expired: 20261204T140000Z is now earlier than 20261204T141500Z (20261204T142000Z - 5 min.)", result.Failure.Message);
        }

        [Fact]
        public void A_request_time_after_the_window_is_signature_not_yet_current_as_AWS_words_it()
        {
            var result = VerifySignedAt(ServiceNow.AddMinutes(20));
            Assert.False(result.Success);
            Assert.Equal("InvalidSignatureException", result.Failure!.ErrorType);
            Assert.Equal("Signature not yet current: 20261204T144000Z is still later than 20261204T142500Z (20261204T142000Z + 5 min.)", result.Failure.Message);
        }

        [Theory]
        [InlineData(-5 * 60)]
        [InlineData(-4 * 60)]
        [InlineData(5 * 60)]
        public void A_request_time_within_five_minutes_either_way_is_accepted(int seconds)
        {
            Assert.True(VerifySignedAt(ServiceNow.AddSeconds(seconds)).Success);
        }

        [Theory]
        [InlineData("AWS4-HMAC-SHA256 Credential=AKIALOCALAHITOOLS000/20261204/us-east-1/medical-imaging/aws4_request")]
        [InlineData("Bearer abc")]
        [InlineData("AWS4-HMAC-SHA256")]
        public async Task A_malformed_Authorization_header_is_403_IncompleteSignatureException(string authorization)
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore", sign: false,
                configure: r => r.Headers.TryAddWithoutValidation("Authorization", authorization));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("IncompleteSignatureException", AhiClient.ErrorType(response));
            Assert.Contains("Authorization header requires 'Credential' parameter.", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!);
        }

        [Fact]
        public async Task Every_answer_carries_a_Date_header_by_the_service_clock()
        {
            await using var service = await TestService.StartAsync(o => o.ClockSkewSeconds = 1200);
            var answers = new[]
            {
                await service.Client.SendAsync(HttpMethod.Get, "_local/health", sign: false),
                await service.Client.SendAsync(HttpMethod.Get, "datastore", sign: false),
                await service.Client.SendAsync(HttpMethod.Get, "datastore", signedAt: DateTimeOffset.UtcNow.AddMinutes(20)),
            };
            Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, answers[1].StatusCode);
            Assert.Equal(HttpStatusCode.OK, answers[2].StatusCode);
            foreach (var answer in answers)
            {
                var date = answer.Headers.Date;
                Assert.NotNull(date);
                // 20 minutes ahead of this machine, give or take the time the test takes.
                var ahead = date!.Value - DateTimeOffset.UtcNow;
                Assert.InRange(ahead.TotalMinutes, 18, 21);
            }
        }

        [Fact]
        public async Task A_service_clock_20_minutes_ahead_refuses_a_request_signed_now_as_expired()
        {
            await using var service = await TestService.StartAsync(o => o.ClockSkewSeconds = 1200);
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("InvalidSignatureException", AhiClient.ErrorType(response));
            Assert.StartsWith("Signature expired: ", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!);
        }

        [Fact]
        public async Task A_service_clock_behind_refuses_a_request_signed_now_as_not_yet_current()
        {
            await using var service = await TestService.StartAsync(o => o.ClockSkewSeconds = -1200);
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore");
            Assert.Equal("InvalidSignatureException", AhiClient.ErrorType(response));
            Assert.StartsWith("Signature not yet current: ", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!);
        }

        [Fact]
        public async Task A_request_through_an_HTTP_proxy_is_verified_on_its_path_and_query()
        {
            await using var service = await TestService.StartAsync();
            var datastoreId = await service.Client.CreateDatastoreAsync("through-a-proxy");
            // The service is the proxy: the request line carries the absolute form "GET http://medical-imaging.../datastore?...".
            using var handler = new HttpClientHandler { Proxy = new WebProxy(service.Client.BaseUri), UseProxy = true };
            using var http = new HttpClient(handler);
            var request = new HttpRequestMessage(HttpMethod.Get, $"http://medical-imaging.us-east-1.amazonaws.com/datastore/{datastoreId}?unused=a%20b");
            service.Client.Signer.Sign(request, Array.Empty<byte>());
            var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("through-a-proxy", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["datastoreProperties"]!["datastoreName"]!);
        }

        [Theory]
        [InlineData("/datastore?x=1", "/datastore?x=1")]
        [InlineData("http://127.0.0.1:5000/datastore/abc?x=1", "/datastore/abc?x=1")]
        [InlineData("https://medical-imaging.us-east-1.amazonaws.com/datastore", "/datastore")]
        [InlineData("http://127.0.0.1:5000", "/")]
        [InlineData("http://127.0.0.1:5000?x=1", "/?x=1")]
        public void The_absolute_form_is_read_as_its_path_and_query(string target, string expected)
        {
            Assert.Equal(expected, SigV4Middleware.OriginForm(target));
        }

        [Fact]
        public void The_command_line_sets_the_service_clock_either_way_within_a_year()
        {
            Assert.Equal(1200, CommandLine.Parse(new[] { "--clock-skew-seconds", "1200" }).ClockSkewSeconds);
            Assert.Equal(-90, CommandLine.Parse(new[] { "--clock-skew-seconds", "-90" }).ClockSkewSeconds);
            Assert.Throws<ArgumentException>(() => CommandLine.Parse(new[] { "--clock-skew-seconds", "40000000" }));
        }
    }
}
