using AhiTools.Connection;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class MaxAttemptsResolutionTests
    {
        private const string Credentials = "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n\n[patient]\naws_access_key_id = AKIAPATIENT\naws_secret_access_key = s\n";
        private const string Config = "[default]\nregion = us-east-1\n\n[profile patient]\nregion = us-east-1\nmax_attempts = 9\n";

        private static ConnectionSandbox Sandbox() => new(Credentials, Config);

        [Fact]
        public void WithoutSettingsTheModuleDefaultApplies()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters());
            Assert.Equal(HealthImagingRetryOptions.Default.MaxAttempts, resolved.MaxAttempts);
            Assert.Equal("the default", resolved.MaxAttemptsSource);
        }

        [Fact]
        public void TheProfilesMaxAttemptsApplies()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "patient" });
            Assert.Equal(9, resolved.MaxAttempts);
            Assert.Equal("max_attempts of profile 'patient'", resolved.MaxAttemptsSource);
            Assert.Contains("up to 9 attempts per call (max_attempts of profile 'patient')", resolved.Describe());
        }

        [Fact]
        public void TheEnvironmentVariableBeatsTheProfile()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_MAX_ATTEMPTS"] = " 2 ";
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "patient" });
            Assert.Equal(2, resolved.MaxAttempts);
            Assert.Equal("AWS_MAX_ATTEMPTS", resolved.MaxAttemptsSource);
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-1")]
        [InlineData("three")]
        [InlineData("21")]
        public void AnInvalidCountIsRefusedSayingWhatIsAllowed(string value)
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_MAX_ATTEMPTS"] = value;
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters()));
            Assert.Equal("InvalidMaxAttempts", error.ErrorId);
            Assert.Contains("AWS_MAX_ATTEMPTS must be a whole number of attempts from 1 to 20", error.Message);
        }

        [Fact]
        public void ConnectionsDifferingOnlyInAttemptsGetDifferentClients()
        {
            using var sandbox = Sandbox();
            var defaults = sandbox.Resolve(new ConnectionParameters());
            sandbox.Environment["AWS_MAX_ATTEMPTS"] = "1";
            var single = sandbox.Resolve(new ConnectionParameters());
            Assert.NotEqual(defaults.CacheKey, single.CacheKey);
        }

        [Fact]
        public void TheResolvedCountReachesTheSharedClient()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_MAX_ATTEMPTS"] = "3";
            var client = (HealthImagingClient)HealthImagingClientProvider.GetClient(sandbox.Resolve(new ConnectionParameters()));
            Assert.Equal(3, client.RetryOptions.MaxAttempts);
            Assert.Equal(HealthImagingRetryOptions.Default.BaseDelay, client.RetryOptions.BaseDelay);
        }
    }
}
