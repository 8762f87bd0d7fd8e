using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AhiTools.LocalService.Auth;
using AhiTools.LocalService.Tests.Support;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class SigV4Tests
    {
        [Fact]
        public void SigningKey_matches_the_AWS_documentation_example()
        {
            // From AWS's "Deriving the signing key" example (IAM, us-east-1, 20120215).
            var key = SigV4Verifier.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
            Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexString(key).ToLowerInvariant());
        }

        [Fact]
        public void Canonical_path_is_double_encoded_per_segment_for_non_S3_services()
        {
            Assert.Equal("/datastore/a%2520b/imageSet", SigV4Canonicalizer.DoubleEncodedPath("/datastore/a%20b/imageSet"));
            Assert.Equal("/datastore/a%20b/imageSet", SigV4Canonicalizer.SingleEncodedPath("/datastore/a%20b/imageSet"));
            Assert.Equal("/", SigV4Canonicalizer.DoubleEncodedPath(""));
        }

        [Fact]
        public void Canonical_query_is_sorted_and_reencoded()
        {
            Assert.Equal("a=1&b=x%2By%3D&version=2", SigV4Canonicalizer.Query("version=2&b=x%2By%3D&a=1"));
            Assert.Equal("flag=", SigV4Canonicalizer.Query("flag"));
        }

        [Fact]
        public async Task Correctly_signed_request_is_accepted()
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        [Fact]
        public async Task Signed_body_and_content_sha256_header_are_accepted()
        {
            await using var service = await TestService.StartAsync();
            service.Client.Signer.SendContentSha256Header = true;
            service.Client.Signer.SessionToken = "any-session-token";
            var response = await service.Client.SendAsync(HttpMethod.Post, "datastore", "{\"datastoreName\":\"a\",\"clientToken\":\"t1\"}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        [Fact]
        public async Task Wrong_secret_is_403_InvalidSignatureException_with_the_AWS_error_shape()
        {
            await using var service = await TestService.StartAsync();
            service.Client.Signer = new TestSigV4Signer(Hosting.ServiceOptions.DefaultAccessKey, "not-the-secret");
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("InvalidSignatureException", AhiClient.ErrorType(response));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Contains("signature", (string)body["message"]!, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("not-the-secret", (string)body["message"]!);
        }

        [Fact]
        public async Task Missing_signature_is_403_MissingAuthenticationTokenException()
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore", sign: false);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("MissingAuthenticationTokenException", AhiClient.ErrorType(response));
        }

        [Fact]
        public async Task Unknown_access_key_is_403_UnrecognizedClientException()
        {
            await using var service = await TestService.StartAsync();
            service.Client.Signer = new TestSigV4Signer("AKIAUNKNOWN000000000", Hosting.ServiceOptions.DefaultSecretKey);
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("UnrecognizedClientException", AhiClient.ErrorType(response));
            Assert.Equal("The security token included in the request is invalid.", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!);
        }

        [Fact]
        public async Task Tampered_body_is_rejected()
        {
            await using var service = await TestService.StartAsync();
            var response = await service.Client.SendAsync(HttpMethod.Post, "datastore", "{\"datastoreName\":\"a\",\"clientToken\":\"t1\"}",
                configure: null, sign: true);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(service.Client.BaseUri, "datastore"));
            service.Client.Signer.Sign(request, System.Text.Encoding.UTF8.GetBytes("{\"datastoreName\":\"a\"}"));
            request.Content = new StringContent("{\"datastoreName\":\"b\"}");
            using var http = new HttpClient();
            var tampered = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
            Assert.Equal("InvalidSignatureException", AhiClient.ErrorType(tampered));
        }

        [Fact]
        public async Task Wrong_service_name_in_scope_is_rejected()
        {
            await using var service = await TestService.StartAsync();
            service.Client.Signer = new TestSigV4Signer(Hosting.ServiceOptions.DefaultAccessKey, Hosting.ServiceOptions.DefaultSecretKey, service: "s3");
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        [Fact]
        public async Task Runtime_prefixed_host_header_and_any_region_are_accepted()
        {
            await using var service = await TestService.StartAsync();
            service.Client.Signer = new TestSigV4Signer(Hosting.ServiceOptions.DefaultAccessKey, Hosting.ServiceOptions.DefaultSecretKey, region: "eu-west-2");
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore",
                configure: r => r.Headers.Host = "runtime-medical-imaging.eu-west-2.amazonaws.com");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        [Fact]
        public async Task Configured_credentials_replace_the_default_pair()
        {
            await using var service = await TestService.StartAsync(o => o.Credentials["AKIACUSTOM0000000000"] = "custom-secret");
            service.Client.Signer = new TestSigV4Signer("AKIACUSTOM0000000000", "custom-secret");
            Assert.Equal(HttpStatusCode.OK, (await service.Client.SendAsync(HttpMethod.Get, "datastore")).StatusCode);
            service.Client.Signer = new TestSigV4Signer(Hosting.ServiceOptions.DefaultAccessKey, Hosting.ServiceOptions.DefaultSecretKey);
            Assert.Equal(HttpStatusCode.Forbidden, (await service.Client.SendAsync(HttpMethod.Get, "datastore")).StatusCode);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Paths_with_escaped_characters_verify_with_double_and_single_encoding(bool singleEncode)
        {
            await using var service = await TestService.StartAsync();
            service.Client.Signer.SingleEncodePath = singleEncode;
            var response = await service.Client.SendAsync(HttpMethod.Get, "datastore/a%3Ab%20c");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ValidationException", AhiClient.ErrorType(response));
        }
    }
}
