using AhiTools.Connection;
using Xunit;

namespace AhiTools.Tests
{
    public class RetryModeResolutionTests
    {
        private const string Credentials = "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n\n[careful]\naws_access_key_id = AKIACAREFUL\naws_secret_access_key = s\n";
        private const string Config = "[default]\nregion = us-east-1\n\n[profile careful]\nregion = us-east-1\nretry_mode = standard\n";

        private static ConnectionSandbox Sandbox() => new(Credentials, Config);

        [Fact]
        public void WithoutSettingsCallsArePacedAdaptively()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters());
            Assert.Equal("adaptive", resolved.RetryMode);
            Assert.Equal("the default", resolved.RetryModeSource);
            Assert.True(resolved.AdaptiveRateControl);
            Assert.Contains("retry mode adaptive (the default)", resolved.Describe());
        }

        [Fact]
        public void TheProfilesRetryModeApplies()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "careful" });
            Assert.Equal("standard", resolved.RetryMode);
            Assert.Equal("retry_mode of profile 'careful'", resolved.RetryModeSource);
            Assert.False(resolved.AdaptiveRateControl);
        }

        [Theory]
        [InlineData(" Legacy ", "legacy", false)]
        [InlineData("ADAPTIVE", "adaptive", true)]
        [InlineData("standard", "standard", false)]
        public void TheEnvironmentVariableBeatsTheProfile(string value, string mode, bool paced)
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_RETRY_MODE"] = value;
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "careful" });
            Assert.Equal(mode, resolved.RetryMode);
            Assert.Equal("AWS_RETRY_MODE", resolved.RetryModeSource);
            Assert.Equal(paced, resolved.AdaptiveRateControl);
        }

        [Theory]
        [InlineData("fast")]
        [InlineData("adaptive,standard")]
        public void AnUnknownModeIsRefusedSayingWhatIsAllowed(string value)
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_RETRY_MODE"] = value;
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters()));
            Assert.Equal("InvalidRetryMode", error.ErrorId);
            Assert.Contains("AWS_RETRY_MODE must be 'adaptive', 'standard' or 'legacy'", error.Message);
        }

        // AWSSDK.Core does not load a profile whose retry_mode or max_attempts it cannot read: the error must name
        // that value, not say that the profile was not found.
        [Fact]
        public void AProfilesUnknownRetryModeIsInvalidRetryModeNotProfileNotFound()
        {
            using var sandbox = new ConnectionSandbox(Credentials, Config + "\n[profile fast]\nregion = us-east-1\nretry_mode = fast\n");
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { ProfileName = "fast" }));
            Assert.Equal("InvalidRetryMode", error.ErrorId);
            Assert.Contains("retry_mode of profile 'fast' must be 'adaptive', 'standard' or 'legacy'", error.Message);
        }

        [Fact]
        public void TheDefaultProfilesUnknownRetryModeIsRefusedAlsoWhenTheKeysComeFromElsewhere()
        {
            using var sandbox = new ConnectionSandbox("", "[default]\nregion = us-east-1\nretry_mode = fast\n");
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { AccessKey = "AKIAEXAMPLE", SecretKey = "s" }));
            Assert.Equal("InvalidRetryMode", error.ErrorId);
            Assert.Contains("retry_mode of profile 'default'", error.Message);
        }

        [Fact]
        public void AProfilesUnreadableMaxAttemptsIsInvalidMaxAttempts()
        {
            using var sandbox = new ConnectionSandbox(Credentials + "\n[many]\naws_access_key_id = AKIAMANY\naws_secret_access_key = s\nmax_attempts = lots\n", Config);
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { ProfileName = "many" }));
            Assert.Equal("InvalidMaxAttempts", error.ErrorId);
            Assert.Contains("max_attempts of profile 'many'", error.Message);
        }

        [Fact]
        public void AProfileThatIsNotThereIsStillProfileNotFound()
        {
            using var sandbox = Sandbox();
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { ProfileName = "absent" }));
            Assert.Equal("ProfileNotFound", error.ErrorId);
        }

        [Fact]
        public void ConnectionsDifferingOnlyInRetryModeGetDifferentClients()
        {
            using var sandbox = Sandbox();
            var adaptive = sandbox.Resolve(new ConnectionParameters());
            sandbox.Environment["AWS_RETRY_MODE"] = "standard";
            var standard = sandbox.Resolve(new ConnectionParameters());
            Assert.NotEqual(adaptive.CacheKey, standard.CacheKey);
        }
    }
}
