using System;
using AhiTools.Connection;
using Xunit;

namespace AhiTools.Tests
{
    public class EndpointResolutionTests
    {
        private const string Credentials = "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n\n[local]\naws_access_key_id = AKIALOCAL\naws_secret_access_key = s\n";
        private const string Config = "[profile local]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:7000\n";

        private static ConnectionSandbox Sandbox() => new(Credentials, Config);

        [Fact]
        public void WithoutACustomEndpointDataPlaneHasTheRuntimePrefix()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { Region = "eu-west-1" });
            Assert.False(resolved.Endpoints.IsCustom);
            Assert.Equal(new Uri("https://runtime-medical-imaging.eu-west-1.amazonaws.com"), resolved.Endpoints.DataPlane);
            Assert.Equal(new Uri("https://medical-imaging.eu-west-1.amazonaws.com"), resolved.Endpoints.ControlPlane);
            Assert.Equal("eu-west-1", resolved.Endpoints.SigningRegion);
        }

        [Fact]
        public void ChinaRegionsUseTheirDnsSuffix()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { Region = "cn-north-1" });
            Assert.Equal("runtime-medical-imaging.cn-north-1.amazonaws.com.cn", resolved.Endpoints.DataPlane.Host);
        }

        [Fact]
        public void EndpointUrlParameterBeatsEveryOtherSourceAndReplacesBothPlanes()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_ENDPOINT_URL_MEDICAL_IMAGING"] = "http://127.0.0.1:7001";
            sandbox.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:7002";
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "local", EndpointUrl = "http://localhost:7003" });
            Assert.True(resolved.Endpoints.IsCustom);
            Assert.Equal(new Uri("http://localhost:7003"), resolved.Endpoints.DataPlane);
            Assert.Equal(new Uri("http://localhost:7003"), resolved.Endpoints.ControlPlane);
            Assert.Equal("-EndpointUrl", resolved.EndpointSource);
            Assert.Equal("us-east-1", resolved.Endpoints.SigningRegion);
        }

        [Fact]
        public void TheServiceSpecificVariableBeatsTheGeneralOne()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_ENDPOINT_URL_MEDICAL_IMAGING"] = "http://127.0.0.1:7001";
            sandbox.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:7002";
            var resolved = sandbox.Resolve(new ConnectionParameters { Region = "us-east-1" });
            Assert.Equal(7001, resolved.Endpoints.DataPlane.Port);
            Assert.Equal("AWS_ENDPOINT_URL_MEDICAL_IMAGING", resolved.EndpointSource);
        }

        [Fact]
        public void TheGeneralVariableBeatsTheProfile()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:7002";
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "local" });
            Assert.Equal(7002, resolved.Endpoints.DataPlane.Port);
            Assert.Equal("AWS_ENDPOINT_URL", resolved.EndpointSource);
        }

        [Fact]
        public void TheProfilesEndpointUrlApplies()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "local" });
            Assert.Equal(new Uri("http://127.0.0.1:7000"), resolved.Endpoints.DataPlane);
            Assert.Equal(new Uri("http://127.0.0.1:7000"), resolved.Endpoints.ControlPlane);
            Assert.Contains("profile 'local'", resolved.EndpointSource);
        }

        [Fact]
        public void ConfiguredEndpointsCanBeIgnored()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:7002";
            sandbox.Environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "local" });
            Assert.False(resolved.Endpoints.IsCustom);
        }

        [Theory]
        [InlineData("not a url")]
        [InlineData("ftp://example.com")]
        [InlineData("/relative/path")]
        [InlineData("https://user:hunter2@example.com")]
        public void AnInvalidEndpointIsRejectedWithoutEchoingIt(string url)
        {
            using var sandbox = Sandbox();
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { Region = "us-east-1", EndpointUrl = url }));
            Assert.Equal("InvalidEndpoint", error.ErrorId);
            Assert.Contains("-EndpointUrl", error.Message);
            Assert.DoesNotContain("hunter2", error.Message);
        }

        [Fact]
        public void AnInvalidEndpointFromTheEnvironmentNamesTheVariable()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_ENDPOINT_URL_MEDICAL_IMAGING"] = "::bad::";
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { Region = "us-east-1" }));
            Assert.Equal("InvalidEndpoint", error.ErrorId);
            Assert.Contains("AWS_ENDPOINT_URL_MEDICAL_IMAGING", error.Message);
        }
    }
}
