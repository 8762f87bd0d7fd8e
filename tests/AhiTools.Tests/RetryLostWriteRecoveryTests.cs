using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
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

        private const string Base = "{\"SchemaVersion\":\"1.1\",\"Patient\":{\"DICOM\":{\"PatientID\":\"P1\"}},\"Study\":{\"DICOM\":{\"StudyDescription\":\"OLD\"},\"Series\":{\"1.2.3\":{\"DICOM\":{\"Modality\":\"CT\"},\"Instances\":{\"1.2.3.1\":{\"DICOM\":{\"InstanceNumber\":1}}}}}}}";
        private const string WithOurChange = "{\"SchemaVersion\":\"1.1\",\"Patient\":{\"DICOM\":{\"PatientID\":\"P1\"}},\"Study\":{\"DICOM\":{\"StudyDescription\":\"OURS\"},\"Series\":{\"1.2.3\":{\"DICOM\":{\"Modality\":\"CT\"},\"Instances\":{\"1.2.3.1\":{\"DICOM\":{\"InstanceNumber\":1}}}}}}}";
        private const string WithAnotherChange = "{\"SchemaVersion\":\"1.1\",\"Patient\":{\"DICOM\":{\"PatientID\":\"P2\"}},\"Study\":{\"DICOM\":{\"StudyDescription\":\"OLD\"},\"Series\":{\"1.2.3\":{\"DICOM\":{\"Modality\":\"CT\"},\"Instances\":{\"1.2.3.1\":{\"DICOM\":{\"InstanceNumber\":1}}}}}}}";
        private const string WithCopiedInstance = "{\"SchemaVersion\":\"1.1\",\"Patient\":{\"DICOM\":{\"PatientID\":\"P1\"}},\"Study\":{\"DICOM\":{\"StudyDescription\":\"OLD\"},\"Series\":{\"1.2.3\":{\"DICOM\":{\"Modality\":\"CT\"},\"Instances\":{\"1.2.3.1\":{\"DICOM\":{\"InstanceNumber\":1}},\"1.2.3.9\":{\"DICOM\":{\"InstanceNumber\":9}}}}}}}";
        private const string CopySource = "{\"SchemaVersion\":\"1.1\",\"Patient\":{\"DICOM\":{\"PatientID\":\"P1\"}},\"Study\":{\"DICOM\":{\"StudyDescription\":\"OLD\"},\"Series\":{\"1.2.3\":{\"DICOM\":{\"Modality\":\"CT\"},\"Instances\":{\"1.2.3.9\":{\"DICOM\":{\"InstanceNumber\":9}}}}}}}";

        private static UpdateImageSetMetadataRequest Update => new()
        {
            DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "7",
            UpdatableAttributes = Encoding.UTF8.GetBytes("{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyDescription\":\"OURS\"}}}"),
        };

        private static UpdateImageSetMetadataRequest Revert => new()
        {
            DatastoreId = Ds, ImageSetId = Is, LatestVersionId = "7", RevertToVersionId = "5",
        };

        private static CopyImageSetRequest CopyIntoDestination => new()
        {
            DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2", DestinationImageSetId = Dest, DestinationLatestVersionId = "4",
        };

        private static string Version(string imageSetId, string version, string state, string status, DateTimeOffset createdAt) =>
            "{\"datastoreId\":\"" + Ds + "\",\"imageSetId\":\"" + imageSetId + "\",\"versionId\":\"" + version + "\",\"imageSetState\":\"" + state +
            "\",\"imageSetWorkflowStatus\":\"" + status + "\",\"createdAt\":" + createdAt.ToUnixTimeSeconds() + ",\"updatedAt\":" + createdAt.ToUnixTimeSeconds() + "}";

        /// <summary>The first attempt reaches the service (the transport reads it), then the connection drops; the retry meets a conflict.</summary>
        private static FakeTransport LostThenConflict()
        {
            return new FakeTransport()
                .ThenThrow(new HttpRequestException("The response ended prematurely."))
                .ThenError(HttpStatusCode.Conflict, "ConflictException", "Image set is locked", "req-409");
        }

        /// <summary>Lost, then a conflict, then the settled version the lookup finds and the metadata documents read after it.</summary>
        private static FakeTransport LostThenFound(string imageSetId, string version, string status, params string[] metadataDocuments)
        {
            FakeTransport transport = LostThenConflict().ThenJson(HttpStatusCode.OK, Version(imageSetId, version, "ACTIVE", status, DateTimeOffset.UtcNow));
            foreach (string document in metadataDocuments)
            {
                transport.ThenJson(HttpStatusCode.OK, document);
            }

            return transport;
        }

        private static async Task<HealthImagingServiceException> UpdateRefused(UpdateImageSetMetadataRequest request, FakeTransport transport)
        {
            using var client = TestClients.Create(transport);
            return await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(request, CancellationToken.None));
        }

        [Fact]
        public async Task AnUpdateWhoseNewVersionHoldsExactlyItsChangeIsRecoveredOnceTheVersionSettles()
        {
            var transport = LostThenConflict()
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "LOCKED", "UPDATING", DateTimeOffset.UtcNow))
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "UPDATED", DateTimeOffset.UtcNow))
                .ThenJson(HttpStatusCode.OK, WithOurChange)
                .ThenJson(HttpStatusCode.OK, Base);
            using var client = TestClients.Create(transport);

            ImageSetWriteResult result = await client.UpdateImageSetMetadataAsync(Update, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("8", result.ImageSet.VersionId);
            Assert.Equal("ACTIVE", result.ImageSet.ImageSetState);
            Assert.Equal("UPDATED", result.ImageSet.WorkflowStatus);
            Assert.Equal(6, transport.Requests.Count);
            Assert.Equal("8", transport.Requests[2].Query()["version"]);
            Assert.EndsWith("/getImageSetMetadata", transport.Requests[4].Uri.AbsolutePath);
            Assert.Equal("8", transport.Requests[4].Query()["version"]);
            Assert.Equal("7", transport.Requests[5].Query()["version"]);
        }

        [Fact]
        public async Task AnotherWritersVersionIsNeverClaimedAndTheConflictSaysTheWriteWasNotApplied()
        {
            var transport = LostThenFound(Is, "8", "UPDATED", WithAnotherChange, Base);
            var error = await UpdateRefused(Update, transport);

            Assert.Equal("ConflictException", error.ErrorCode);
            Assert.Equal("req-409", error.RequestId);
            Assert.Contains("Image set is locked", error.Message);
            Assert.Contains("was not applied", error.Message);
            Assert.Contains("version 8", error.Message);
        }

        [Fact]
        public async Task AVersionMadeByAnotherKindOfWriteIsNotClaimedWithoutReadingItsMetadata()
        {
            var transport = LostThenFound(Is, "8", "COPIED");
            var error = await UpdateRefused(Update, transport);

            Assert.Contains("was not applied", error.Message);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task AVersionCreatedBeforeTheFirstAttemptIsNotClaimed()
        {
            var transport = LostThenConflict()
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "UPDATED", DateTimeOffset.UtcNow.AddHours(-2)));
            var error = await UpdateRefused(Update, transport);

            Assert.Contains("was not applied", error.Message);
        }

        [Fact]
        public async Task WithoutANewVersionTheOutcomeIsUnknownAndTheErrorSaysHowToCheck()
        {
            var transport = LostThenConflict()
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "no such version");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Contains("response was lost (HttpRequestException)", error.Message);
            Assert.Contains("no version 8 exists yet", error.Message);
            Assert.Contains($"Get-AHIImageSetVersion -DatastoreId {Ds} -ImageSetId {Is}", error.HowToCheck);
            Assert.Contains("after 7", error.HowToCheck);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task ANewVersionStillLockedAfterTheCheckTimeoutLeavesTheOutcomeUnknown()
        {
            var transport = LostThenConflict()
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "LOCKED", "UPDATING", DateTimeOffset.UtcNow));
            HealthImagingRetryOptions retries = TestClients.FastRetries();
            retries.LostWriteCheckTimeout = TimeSpan.Zero;
            using var client = TestClients.Create(transport, retries);

            var error = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Contains("version 8 was still LOCKED (UPDATING)", error.Message);
            Assert.Equal(3, transport.Requests.Count);
        }

        [Fact]
        public async Task AFailedNewVersionLeavesTheOutcomeUnknown()
        {
            var transport = LostThenFound(Is, "8", "UPDATE_FAILED");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Contains("UPDATE_FAILED", error.Message);
        }

        [Fact]
        public async Task A5xxAnswerMeansNotAppliedSoTheRetrysConflictIsReportedAsItIsWithoutLookingForVersions()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.InternalServerError, "InternalServerException", "oops")
                .ThenError(HttpStatusCode.Conflict, "ConflictException", "stale latest version");
            var error = await UpdateRefused(Update, transport);

            Assert.Equal("stale latest version", error.Message);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task AConnectionThatWasNeverMadeSentNothingSoTheRetrysConflictIsReportedAsItIs()
        {
            var transport = new FakeTransport()
                .ThenThrow(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)))
                .ThenError(HttpStatusCode.Conflict, "ConflictException", "stale latest version");
            var error = await UpdateRefused(Update, transport);

            Assert.Equal("stale latest version", error.Message);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task AConflictOnTheFirstAttemptIsReportedAsItIs()
        {
            var transport = new FakeTransport().ThenError(HttpStatusCode.Conflict, "ConflictException", "stale latest version");
            var error = await UpdateRefused(Update, transport);

            Assert.Equal("stale latest version", error.Message);
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task AConflictAfterThrottlingIsReportedAsItIsBecauseThrottledWritesWereNotApplied()
        {
            var transport = new FakeTransport()
                .ThenError((HttpStatusCode)429, "ThrottlingException", "slow down")
                .ThenError(HttpStatusCode.Conflict, "ConflictException", "stale latest version");
            var error = await UpdateRefused(Update, transport);

            Assert.Equal("stale latest version", error.Message);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task ARevertIsRecoveredWhenTheNewVersionEqualsTheVersionRevertedTo()
        {
            var transport = LostThenFound(Is, "8", "UPDATED", Base, Base);
            using var client = TestClients.Create(transport);

            ImageSetWriteResult result = await client.UpdateImageSetMetadataAsync(Revert, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("8", result.ImageSet.VersionId);
            Assert.Equal("5", transport.Requests[4].Query()["version"]);
        }

        [Fact]
        public async Task ARevertDoesNotClaimAVersionThatDiffersFromTheVersionRevertedTo()
        {
            var transport = LostThenFound(Is, "8", "UPDATED", WithAnotherChange, Base);
            var error = await UpdateRefused(Revert, transport);

            Assert.Contains("revert was not applied", error.Message);
        }

        [Fact]
        public async Task CopyIntoADestinationIsRecoveredWhenTheNewVersionGainedExactlyTheCopiedInstances()
        {
            var transport = LostThenFound(Dest, "5", "COPIED", CopySource, Base, WithCopiedInstance);
            using var client = TestClients.Create(transport);

            ImageSetWriteResult result = await client.CopyImageSetAsync(CopyIntoDestination, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal(Dest, result.ImageSet.ImageSetId);
            Assert.Equal("5", result.ImageSet.VersionId);
            Assert.Equal(Is, result.Source!.ImageSetId);
            Assert.Equal("2", result.Source!.VersionId);
            Assert.Contains("/imageSet/" + Dest + "/getImageSet", transport.Requests[2].Uri.AbsolutePath);
        }

        [Fact]
        public async Task CopyIntoADestinationDoesNotClaimAnotherCopysVersion()
        {
            var transport = LostThenFound(Dest, "5", "COPIED", CopySource, Base, Base);
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.CopyImageSetAsync(CopyIntoDestination, CancellationToken.None));

            Assert.Contains("copy was not applied", error.Message);
        }

        [Fact]
        public async Task CopyIntoANewImageSetIsNotSentAgainOnceItMayHaveBeenApplied()
        {
            var transport = LostThenConflict();
            using var client = TestClients.Create(transport);
            var request = new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2" };

            var error = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => client.CopyImageSetAsync(request, CancellationToken.None));

            Assert.Contains("may have been applied", error.Message);
            Assert.Contains("new image set", error.HowToCheck);
            Assert.IsType<HttpRequestException>(error.InnerException);
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task CopyIntoANewImageSetIsRetriedAfterA5xxBecauseA5xxAnswerMeansNotApplied()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.InternalServerError, "InternalServerException", "boom", "req-500")
                .ThenJson(HttpStatusCode.OK, "{\"datastoreId\":\"" + Ds + "\",\"sourceImageSetProperties\":{\"imageSetId\":\"" + Is + "\",\"latestVersionId\":\"2\"},\"destinationImageSetProperties\":{\"imageSetId\":\"" + Dest + "\",\"latestVersionId\":\"1\"}}");
            using var client = TestClients.Create(transport);
            var request = new CopyImageSetRequest { DatastoreId = Ds, SourceImageSetId = Is, SourceLatestVersionId = "2" };

            ImageSetWriteResult result = await client.CopyImageSetAsync(request, CancellationToken.None);

            Assert.Equal(Dest, result.ImageSet.ImageSetId);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task DeleteWhoseResponseWasLostIsRecoveredWhenTheImageSetIsGone()
        {
            var transport = new FakeTransport()
                .ThenThrow(new HttpRequestException("The response ended prematurely."))
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "gone")
                .ThenError(HttpStatusCode.NotFound, "ResourceNotFoundException", "gone");
            using var client = TestClients.Create(transport);

            ImageSetWriteResult result = await client.DeleteImageSetAsync(Ds, Is, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("DELETED", result.ImageSet.ImageSetState);
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
        public async Task WhenEveryAttemptIsLostTheVersionsAreStillChecked()
        {
            var transport = new FakeTransport()
                .ThenThrow(new HttpRequestException("reset"))
                .ThenThrow(new HttpRequestException("reset"))
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "UPDATED", DateTimeOffset.UtcNow))
                .ThenJson(HttpStatusCode.OK, WithOurChange)
                .ThenJson(HttpStatusCode.OK, Base);
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            ImageSetWriteResult result = await client.UpdateImageSetMetadataAsync(Update, CancellationToken.None);

            Assert.True(result.RecoveredAfterLostResponse);
            Assert.Equal("8", result.ImageSet.VersionId);
        }

        [Fact]
        public async Task WhenEveryAttemptIsLostAndAnotherWriterMadeTheNextVersionTheWriteIsReportedNotApplied()
        {
            var transport = new FakeTransport()
                .ThenThrow(new HttpRequestException("reset"))
                .ThenThrow(new HttpRequestException("reset"))
                .ThenJson(HttpStatusCode.OK, Version(Is, "8", "ACTIVE", "UPDATED", DateTimeOffset.UtcNow))
                .ThenJson(HttpStatusCode.OK, WithAnotherChange)
                .ThenJson(HttpStatusCode.OK, Base);
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal("ConflictException", error.ErrorCode);
            Assert.Contains("update was not applied", error.Message);
        }

        [Fact]
        public async Task WhenEveryAttemptFailsWith5xxTheLastAnswerStandsWithoutLookingForVersions()
        {
            var transport = new FakeTransport()
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "busy")
                .ThenError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailableException", "still busy");
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal("still busy", error.Message);
            Assert.Equal(2, transport.Requests.Count);
        }

        [Fact]
        public async Task AnAppliedWriteFollowedByAnUnreachableServiceIsReportedAsOutcomeUnknownWithHowToCheck()
        {
            var transport = new FakeTransport { Fallback = _ => throw new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)) }
                .ThenThrow(new HttpRequestException("The response ended prematurely."));
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            var error = await Assert.ThrowsAsync<WriteOutcomeUnknownException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Contains("may or may not have been applied", error.Message);
            Assert.Contains("checking for the version it would have made failed too", error.Message);
            Assert.Contains($"-ImageSetId {Is}", error.HowToCheck);
            Assert.IsType<HttpRequestException>(error.InnerException);
        }

        [Fact]
        public async Task WhenTheServiceWasNeverReachedTheNetworkFailureStands()
        {
            var transport = new FakeTransport { Fallback = _ => throw new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)) };
            using var client = TestClients.Create(transport, TestClients.FastRetries(attempts: 2));

            var error = await Assert.ThrowsAsync<EndpointUnreachableException>(() => client.UpdateImageSetMetadataAsync(Update, CancellationToken.None));

            Assert.Contains("Nothing was sent, so nothing was changed", error.Message);
            Assert.Equal("Connection refused", Assert.IsType<HttpRequestException>(error.InnerException).Message);
        }
    }
}
