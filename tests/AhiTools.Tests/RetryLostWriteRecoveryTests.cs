using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class RetryLostWriteRecoveryTests
    {
        private const string Ds = TestClients.DatastoreId;
        private const string Is = TestClients.ImageSetId;
        private const string Dest = TestClients.OtherImageSetId;

        private static UpdateImageSetMetadataRequest Update => new UpdateImageSetMetadataRequest
        {
            DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "7", UpdatableAttributes = new byte[] { (byte)'{', (byte)'}' },
        };

        private static string Version(string imageSetId, string version, string state, string status, DateTimeOffset createdAt) =>
            "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + imageSetId + "\",\"versionId\":\"" + version + "\",\"imageSetState\":\"" + state +
            "\",\"imageSetWorkflowStatus\":\"" + status + "\",\"createdAt\":" + createdAt.ToUnixTimeSeconds() + ",\"updatedAt\":" + createdAt.ToUnixTimeSeconds() + "}";

        /// <summary>The first attempt reaches the service (the transport reads it), then the connection drops.</summary>
        private static FakeTransport LostThenConflict()
        {
            return new FakeTransport()
                .ThenThrow(new HttpRequestException("The response ended prematurely."))
                .ThenError(HttpStatusCode.Conflict, "ConflictException", "Image set is locked", "req-409");
        }

        [Fact]
        public async Task UpdateWhoseResponseWasLostIsRecoveredFromTheVersionItCreated()
        {
            var transport = LostThenConflict()
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "LOCKED", "UPDATING", DateTimeOffset.UtcNow));
            using var client = TestClients.Create(transport);

            UpdateImageSetMetadataResult result = await client.UpdateImageSetMetadataAsync(Update, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("8", result.LatestVersionId);
            Assert.Equal(Is, result.ImageSetId);
            Assert.Equal("LOCKED", result.ImageSetState);
            Assert.Equal("UPDATING", result.WorkflowStatus);
            Assert.Equal(3, transport.Requests.Count);
            CapturedRequest lookup = transport.Requests[2];
            Assert.EndsWith("/getImageSet", lookup.Uri.AbsolutePath);
            Assert.Equal("8", lookup.Query()["version"]);
        }

        [Fact]
        public async Task UpdateAfterA5xxIsRecoveredToo()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.InternalServerError, "InternalServerException", "oops")
                .ThenError(HttpStatusCode.Conflict, "ConflictException", "stale")
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "UPDATED", DateTimeOffset.UtcNow));
            using var client = TestClients.Create(transport);

            UpdateImageSetMetadataResult result = await client.UpdateImageSetMetadataAsync(Update, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("8", result.LatestVersionId);
        }

        [Fact]
        public async Task WithoutTheExpectedVersionTheConflictSurfacesSayingTheWriteMayHaveBeenApplied()
        {
            var transport = LostThenConflict()
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such version");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal("ConflictException", error.ErrorCode);
            Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
            Assert.Equal("req-409", error.RequestId);
            Assert.Contains("Image set is locked", error.Message);
            Assert.Contains("may have been applied", error.Message);
            Assert.Contains("HttpRequestException", error.Message);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task AVersionCreatedBeforeTheFirstAttemptIsNotTakenForTheWrite()
        {
            var transport = LostThenConflict()
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "UPDATED", DateTimeOffset.UtcNow.AddHours(-2)));
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Contains("may have been applied", error.Message);
        }

        [Fact]
        public async Task AVersionMadeByAnotherKindOfWriteIsNotTakenForTheUpdate()
        {
            var transport = LostThenConflict()
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "COPIED", DateTimeOffset.UtcNow));
            using var client = TestClients.Create(transport);

            await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));
        }

        [Fact]
        public async Task AConflictOnTheFirstAttemptIsReportedAsItIs()
        {
            var transport = new FakeTransport().ThenError(HttpStatusCode.Conflict, "ConflictException", "stale latest version");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal("stale latest version", error.Message);
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task AConflictAfterThrottlingIsReportedAsItIsBecauseThrottledWritesWereNotApplied()
        {
            var transport = new FakeTransport()
                .ThenError((HttpStatusCode)429, "ThrottlingException", "slow down")
                .ThenError(HttpStatusCode.Conflict, "ConflictException", "stale latest version");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal("stale latest version", error.Message);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task CopyIntoADestinationIsRecoveredFromTheDestinationsNewVersion()
        {
            var transport = LostThenConflict()
                .ThenJson(HttpStatusCode.OK, Version(Dest, "5", "LOCKED", "COPYING", DateTimeOffset.UtcNow));
            using var client = TestClients.Create(transport);
            var request = new CopyImageSetRequest
            {
                DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2", DestinationImageSetId = Dest, DestinationLatestVersionId = "4",
            };

            CopyImageSetResult result = await client.CopyImageSetAsync(request, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal(Dest, result.Destination.ImageSetId);
            Assert.Equal("5", result.Destination.LatestVersionId);
            Assert.Equal("COPYING", result.Destination.WorkflowStatus);
            Assert.Equal(Is, result.Source.ImageSetId);
            Assert.Equal("2", result.Source.LatestVersionId);
            CapturedRequest lookup = transport.Requests[2];
            Assert.Contains("/imageSet/" + Dest + "/getImageSet", lookup.Uri.AbsolutePath);
            Assert.Equal("5", lookup.Query()["version"]);
        }

        [Fact]
        public async Task CopyIntoANewImageSetIsNotSentAgainOnceItMayHaveBeenApplied()
        {
            var transport = LostThenConflict();
            using var client = TestClients.Create(transport);
            var request = new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2" };

            var error = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => client.CopyImageSetAsync(request, CancellationToken.None));

            Assert.Contains("may have been applied", error.Message);
            Assert.Contains("new image set", error.Message);
            Assert.IsType<HttpRequestException>(error.InnerException);
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task CopyIntoANewImageSetAfterA5xxIsNotSentAgainEither()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.InternalServerError, "InternalServerException", "boom", "req-500");
            using var client = TestClients.Create(transport);
            var request = new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2", PromoteToPrimary = true, DestinationImageSetId = Dest, DestinationLatestVersionId = "4" };

            await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => client.CopyImageSetAsync(request, CancellationToken.None));

            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task CopyIntoANewImageSetIsStillRetriedWhenThrottledBecauseNothingWasApplied()
        {
            var transport = new FakeTransport()
                .ThenError((HttpStatusCode)429, "ThrottlingException", "Rate exceeded", "req-429")
                .ThenJson(HttpStatusCode.OK, "{\"datastoreId\":\"" + Ds + "\",\"sourceImageSetProperties\":{\"imageSetId\":\"" + Is + "\",\"latestVersionId\":\"2\"},\"destinationImageSetProperties\":{\"imageSetId\":\"" + Dest + "\",\"latestVersionId\":\"1\"}}");
            using var client = TestClients.Create(transport);
            var request = new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2" };

            CopyImageSetResult result = await client.CopyImageSetAsync(request, CancellationToken.None);

            Assert.Equal(Dest, result.Destination.ImageSetId);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task TheConflictOfAWriteThatMayHaveBeenAppliedSaysSoToCallers()
        {
            var transport = LostThenConflict()
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such version", "req-404");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal("ConflictException", error.ErrorCode);
            Assert.True(error.MayHaveBeenApplied);
        }

        [Fact]
        public async Task DeleteWhoseResponseWasLostIsRecoveredWhenTheImageSetIsGone()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.BadGateway, "BadGateway", "proxy")
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "gone")
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "gone");
            using var client = TestClients.Create(transport);

            DeleteImageSetResult result = await client.DeleteImageSetAsync(Ds, Is, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("DELETED", result.ImageSetState);
            Assert.EndsWith("/getImageSet", transport.Requests[2].Uri.AbsolutePath);
        }

        [Fact]
        public async Task DeleteOfAMissingImageSetOnTheFirstAttemptIsNotFound()
        {
            var transport = new FakeTransport().ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such image set");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.DeleteImageSetAsync(Ds, Is, CancellationToken.None));

            Assert.Equal("ResourceNotFoundException", error.ErrorCode);
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task AValidationRefusalOfTheRetryIsCheckedAgainstTheVersionsToo()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy")
                .ThenError(HttpStatusCode.BadRequest, "ValidationException", "latestVersion 7 is not the latest")
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "UPDATED", DateTimeOffset.UtcNow));
            using var client = TestClients.Create(transport);

            UpdateImageSetMetadataResult result = await client.UpdateImageSetMetadataAsync(Update, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("8", result.LatestVersionId);
        }

        [Fact]
        public async Task AValidationRefusalWithoutANewVersionSurfacesUnchanged()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy")
                .ThenError(HttpStatusCode.BadRequest, "ValidationException", "PixelData is not updatable")
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such version");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Equal("PixelData is not updatable", error.Message);
        }

        [Fact]
        public async Task WhenEveryAttemptIsLostTheVersionsAreStillChecked()
        {
            var transport = new FakeTransport()
                .ThenThrow(new HttpRequestException("reset"))
                .ThenThrow(new HttpRequestException("reset"))
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "LOCKED", "UPDATING", DateTimeOffset.UtcNow));
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            UpdateImageSetMetadataResult result = await client.UpdateImageSetMetadataAsync(Update, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("8", result.LatestVersionId);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task WhenEveryAttemptFailsAndNoVersionAppearedTheOriginalFailureStands()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy")
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "still busy")
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such version");
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal("still busy", error.Message);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task WhenTheServiceStaysUnreachableTheNetworkFailureStands()
        {
            var transport = new FakeTransport { Fallback = _ => throw new HttpRequestException("no route to host") };
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal("no route to host", error.Message);
        }
    }
}
