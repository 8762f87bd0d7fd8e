using System.Management.Automation;
using AhiTools.Commands;
using AhiTools.Connection;
using Xunit;

namespace AhiTools.Tests
{
    public class RegionPrecedenceTests
    {
        private const string Credentials = "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n\n[named]\naws_access_key_id = AKIANAMED\naws_secret_access_key = s\n";
        private const string Config = "[default]\nregion = ap-southeast-2\n\n[profile named]\nregion = eu-central-1\n";

        private static ConnectionSandbox Sandbox() => new(Credentials, Config);

        private sealed class RegionObject
        {
            public string SystemName { get; set; } = "";
        }

        [Fact]
        public void TheRegionParameterBeatsStoredAWSRegion()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { Region = "eu-west-1", StoredRegion = "us-west-2" });
            Assert.Equal("eu-west-1", resolved.Region);
            Assert.Equal("-Region", resolved.RegionSource);
        }

        [Fact]
        public void StoredAWSRegionBeatsTheEnvironment()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_REGION"] = "us-east-2";
            var resolved = sandbox.Resolve(new ConnectionParameters { StoredRegion = PowerShellValues.Unwrap(new PSObject("us-west-2")) });
            Assert.Equal("us-west-2", resolved.Region);
            Assert.Equal("$StoredAWSRegion", resolved.RegionSource);
        }

        [Fact]
        public void StoredAWSRegionMayBeAnObjectWithSystemName()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { StoredRegion = new RegionObject { SystemName = "sa-east-1" } });
            Assert.Equal("sa-east-1", resolved.Region);
        }

        [Fact]
        public void AwsRegionBeatsAwsDefaultRegion()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_REGION"] = "us-east-2";
            sandbox.Environment["AWS_DEFAULT_REGION"] = "ca-central-1";
            Assert.Equal("us-east-2", sandbox.Resolve(new ConnectionParameters()).Region);
        }

        [Fact]
        public void AwsDefaultRegionBeatsTheProfile()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_DEFAULT_REGION"] = "ca-central-1";
            var resolved = sandbox.Resolve(new ConnectionParameters());
            Assert.Equal("ca-central-1", resolved.Region);
            Assert.Equal("AWS_DEFAULT_REGION", resolved.RegionSource);
        }

        [Fact]
        public void TheNamedProfilesRegionApplies()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "named" });
            Assert.Equal("eu-central-1", resolved.Region);
            Assert.Equal("profile 'named'", resolved.RegionSource);
        }

        [Fact]
        public void TheDefaultProfilesRegionAppliesWhenCredentialsComeFromElsewhere()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { AccessKey = "AKIAKEYS", SecretKey = "s" });
            Assert.Equal("ap-southeast-2", resolved.Region);
        }

        [Fact]
        public void NoRegionAnywhereIsOneClearError()
        {
            using var sandbox = new ConnectionSandbox(Credentials, "");
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters()));
            Assert.Equal("NoRegion", error.ErrorId);
            Assert.Contains("-Region", error.Message);
            Assert.Contains("Set-DefaultAWSRegion", error.Message);
            Assert.Contains("AWS_REGION", error.Message);
            Assert.Contains("profile", error.Message);
        }

        [Fact]
        public void AMalformedRegionIsRejected()
        {
            using var sandbox = Sandbox();
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { Region = "eu west/1" }));
            Assert.Equal("InvalidRegion", error.ErrorId);
        }
    }
}
