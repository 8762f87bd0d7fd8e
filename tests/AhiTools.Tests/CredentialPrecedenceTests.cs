using System;
using System.Management.Automation;
using System.Net;
using AhiTools.Commands;
using AhiTools.Connection;
using Amazon.Runtime;
using Xunit;

namespace AhiTools.Tests
{
    public class CredentialPrecedenceTests
    {
        private const string Files =
            "[named]\naws_access_key_id = AKIANAMED\naws_secret_access_key = named-secret\n\n" +
            "[envprofile]\naws_access_key_id = AKIAENVPROFILE\naws_secret_access_key = envprofile-secret\n\n" +
            "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\n";

        private static ConnectionSandbox Sandbox(bool withDefault = true)
        {
            var sandbox = new ConnectionSandbox(withDefault ? Files : Files.Substring(0, Files.IndexOf("[default]", StringComparison.Ordinal)));
            sandbox.Environment["AWS_REGION"] = "us-east-1";
            return sandbox;
        }

        // What the cmdlet layer hands the core for -Credential (PowerShellValues.ToCredential), from a PSCredential.
        private static object? PsCredential(string user, string secret) => PowerShellValues.ToCredential(new PSCredential(user, new NetworkCredential("", secret).SecurePassword));

        private static string KeyOf(ResolvedConnection connection) => connection.Credentials.GetCredentials().AccessKey;

        [Fact]
        public void ExplicitKeysBeatTheProfileName()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { AccessKey = "AKIAKEYS", SecretKey = "keys-secret", SessionToken = "tok", ProfileName = "named" });
            ImmutableCredentials credentials = resolved.Credentials.GetCredentials();
            Assert.Equal("AKIAKEYS", credentials.AccessKey);
            Assert.Equal("tok", credentials.Token);
            Assert.Contains("-AccessKey", resolved.CredentialSource);
        }

        [Fact]
        public void TheProfileNameBeatsACredentialObject()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "named", Credential = new ForeignCredentials() });
            Assert.Equal("AKIANAMED", KeyOf(resolved));
            Assert.Equal("profile 'named'", resolved.CredentialSource);
        }

        [Fact]
        public void ACredentialObjectBeatsStoredCredentials()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters
            {
                Credential = PsCredential("AKIAPSCRED", "ps-secret"),
                StoredCredentials = new FakeStoredAwsPsCredentials(new ForeignCredentials { AccessKey = "AKIASTORED" }, "stored"),
            });
            Assert.Equal("AKIAPSCRED", KeyOf(resolved));
        }

        [Fact]
        public void StoredCredentialsBeatTheEnvironment()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
            sandbox.Environment["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            var resolved = sandbox.Resolve(new ConnectionParameters
            {
                StoredCredentials = new FakeStoredAwsPsCredentials(new ForeignCredentials { AccessKey = "AKIASTORED" }, "my-shell-profile"),
            });
            Assert.Equal("AKIASTORED", KeyOf(resolved));
            Assert.Contains("my-shell-profile", resolved.CredentialSource);
            Assert.Contains("$StoredAWSCredentials", resolved.CredentialSource);
        }

        [Fact]
        public void EnvironmentKeysBeatAwsProfile()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_ACCESS_KEY_ID"] = "AKIAENV";
            sandbox.Environment["AWS_SECRET_ACCESS_KEY"] = "env-secret";
            sandbox.Environment["AWS_SESSION_TOKEN"] = "env-token";
            sandbox.Environment["AWS_PROFILE"] = "envprofile";
            var resolved = sandbox.Resolve(new ConnectionParameters());
            ImmutableCredentials credentials = resolved.Credentials.GetCredentials();
            Assert.Equal("AKIAENV", credentials.AccessKey);
            Assert.Equal("env-token", credentials.Token);
            Assert.Contains("environment", resolved.CredentialSource);
        }

        [Fact]
        public void AwsProfileBeatsTheDefaultProfile()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_PROFILE"] = "envprofile";
            var resolved = sandbox.Resolve(new ConnectionParameters());
            Assert.Equal("AKIAENVPROFILE", KeyOf(resolved));
        }

        [Fact]
        public void TheDefaultProfileIsTheLastSourceBeforeTheMachine()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters());
            Assert.Equal("AKIADEFAULT", KeyOf(resolved));
            Assert.Equal("the default profile", resolved.CredentialSource);
        }

        [Fact]
        public void NoCredentialsAnywhereIsOneClearError()
        {
            using var sandbox = Sandbox(withDefault: false);
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters()));
            Assert.Equal("NoCredentials", error.ErrorId);
            Assert.Contains("-AccessKey", error.Message);
            Assert.Contains("-ProfileName", error.Message);
            Assert.Contains("Set-AWSCredential", error.Message);
            Assert.Contains("AWS_ACCESS_KEY_ID", error.Message);
        }

        [Fact]
        public void AnUnknownProfileNameDoesNotFallThroughToTheDefault()
        {
            using var sandbox = Sandbox();
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { ProfileName = "nope" }));
            Assert.Equal("ProfileNotFound", error.ErrorId);
            Assert.Contains("'nope'", error.Message);
        }

        [Fact]
        public void AnUnknownAwsProfileIsProfileNotFound()
        {
            using var sandbox = Sandbox();
            sandbox.Environment["AWS_PROFILE"] = "nope";
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters()));
            Assert.Equal("ProfileNotFound", error.ErrorId);
        }

        [Fact]
        public void ProfileLocationPointsAtAnotherCredentialsFile()
        {
            using var sandbox = Sandbox();
            using var other = new ConnectionSandbox("[elsewhere]\naws_access_key_id = AKIAELSEWHERE\naws_secret_access_key = s\n");
            var resolved = sandbox.Resolve(new ConnectionParameters { ProfileName = "elsewhere", ProfileLocation = other.CredentialsPath });
            Assert.Equal("AKIAELSEWHERE", KeyOf(resolved));
        }

        [Fact]
        public void AccessKeyWithoutSecretKeyIsRejected()
        {
            using var sandbox = Sandbox();
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { AccessKey = "AKIAONLY" }));
            Assert.Equal("InvalidCredential", error.ErrorId);
        }

        [Fact]
        public void APSCredentialIsAccessKeyAndSecret()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { Credential = PsCredential("AKIAPS", "ps-secret") });
            ImmutableCredentials credentials = resolved.Credentials.GetCredentials();
            Assert.Equal("AKIAPS", credentials.AccessKey);
            Assert.Equal("ps-secret", credentials.SecretKey);
            Assert.True(string.IsNullOrEmpty(credentials.Token));
        }

        [Fact]
        public void AForeignCredentialsObjectIsReadThroughGetCredentialsEveryTime()
        {
            using var sandbox = Sandbox();
            var foreign = new ForeignCredentials();
            var resolved = sandbox.Resolve(new ConnectionParameters { Credential = PowerShellValues.ToCredential(new PSObject(foreign)) });

            ImmutableCredentials credentials = resolved.Credentials.GetCredentials();
            Assert.Equal("AKIAFOREIGN", credentials.AccessKey);
            Assert.Equal("foreign-secret", credentials.SecretKey);
            Assert.Equal("foreign-token", credentials.Token);

            int before = foreign.Calls;
            foreign.AccessKey = "AKIAROTATED";
            Assert.Equal("AKIAROTATED", resolved.Credentials.GetCredentials().AccessKey);
            Assert.True(foreign.Calls > before);
        }

        [Fact]
        public void OurOwnAwsCredentialsAreUsedAsTheyAre()
        {
            using var sandbox = Sandbox();
            var own = new BasicAWSCredentials("AKIAOWN", "own-secret");
            var resolved = sandbox.Resolve(new ConnectionParameters { Credential = own });
            Assert.Same(own, resolved.Credentials);
        }

        [Fact]
        public void StoredCredentialsWrappingOurOwnTypeAreUnwrapped()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters
            {
                StoredCredentials = PowerShellValues.ToCredential(new PSObject(new FakeStoredAwsPsCredentials(new BasicAWSCredentials("AKIAWRAPPED", "s"), "wrapped"))),
            });
            Assert.Equal("AKIAWRAPPED", KeyOf(resolved));
        }

        [Fact]
        public void StoredCredentialsAsAStringNameAProfile()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { StoredCredentials = "named" });
            Assert.Equal("AKIANAMED", KeyOf(resolved));
        }

        [Fact]
        public void SomethingThatIsNotCredentialsIsRejectedClearly()
        {
            using var sandbox = Sandbox();
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { Credential = 42 }));
            Assert.Equal("InvalidCredential", error.ErrorId);
            Assert.Contains("System.Int32", error.Message);
        }

        [Fact]
        public void SecretsNeverAppearInTheDescription()
        {
            using var sandbox = Sandbox();
            var resolved = sandbox.Resolve(new ConnectionParameters { AccessKey = "AKIAKEYS", SecretKey = "very-secret-value", SessionToken = "very-secret-token" });
            string description = resolved.Describe();
            Assert.DoesNotContain("very-secret-value", description);
            Assert.DoesNotContain("very-secret-token", description);
            Assert.Contains("us-east-1", description);
        }

        [Fact]
        public void AMalformedProfileFileIsReportedWithoutQuotingIt()
        {
            using var sandbox = new ConnectionSandbox("[p]\naws_access_key_id = AKIAX\nbroken line with secretvalue123\n");
            var error = Assert.Throws<ConnectionConfigurationException>(() => sandbox.Resolve(new ConnectionParameters { ProfileName = "p", Region = "us-east-1" }));
            Assert.Equal("InvalidCredential", error.ErrorId);
            Assert.DoesNotContain("secretvalue123", error.ToString());
        }
    }
}
