using System;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Errors;
using AhiTools.HealthImaging;
using AhiTools.Writing;
using Xunit;

namespace AhiTools.Tests
{
    // The one writer: resending after a conflict while the write still means the same, and what Ctrl+C would name.
    public class WritingWriterTests
    {
        private readonly ScriptedWriteClient _client = new();
        private readonly WriteItemTracker _item = new(CancellationToken.None);

        private ImageSetWriter Writer => new(_client, TimeSpan.FromMinutes(1), 2);

        private static UpdateImageSetMetadataRequest Request() =>
            new()
            { DatastoreId = "d", ImageSetId = "i", LatestVersionId = "1", UpdatableAttributes = new byte[] { 0x7b, 0x7d } };

        [Fact]
        public async Task AConflictIsResentAgainstTheNewLatestVersionWhenNoVersionWasPinned()
        {
            _client.UpdateAnswers.Enqueue(request =>
            {
                _client.LatestVersions["i"] = "2";
                return ScriptedWriteClient.Conflict(request);
            });
            _client.UpdateAnswers.Enqueue(ScriptedWriteClient.Accepted);

            ImageSetWriteResult result = await Writer.SendUpdateAsync(_item, Request(), versionPinned: false);

            Assert.Equal("3", result.ImageSet.VersionId);
            Assert.Equal(new[] { "1", "2" }, _client.SentVersions);
            Assert.Null(_item.StopNotice);
        }

        [Fact]
        public async Task AConflictIsNotResentWhenTheVersionWasPinned()
        {
            _client.UpdateAnswers.Enqueue(ScriptedWriteClient.Conflict);

            var conflict = await Assert.ThrowsAsync<HealthImagingServiceException>(() => Writer.SendUpdateAsync(_item, Request(), versionPinned: true));

            Assert.Equal("ConflictException", conflict.ErrorCode);
            Assert.Single(_client.SentVersions);
        }

        [Fact]
        public async Task AConflictIsNotResentWhenTheWriteNoLongerMeansTheSame()
        {
            _client.UpdateAnswers.Enqueue(request =>
            {
                _client.LatestVersions["i"] = "2";
                return ScriptedWriteClient.Conflict(request);
            });

            await Assert.ThrowsAsync<ImageSetWriteException>(() => Writer.SendUpdateAsync(
                _item, Request(), versionPinned: false, stillMeant: newer => throw new ImageSetWriteException("StaleVersion", ErrorKind.Stale, "changed")));

            Assert.Single(_client.SentVersions);
        }

        [Fact]
        public async Task WhileAWriteIsOnItsWayStoppingWouldNameItAndHowToCheck()
        {
            var answer = new TaskCompletionSource<ImageSetWriteResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _client.UpdateAnswers.Enqueue(_ => answer.Task);

            Task<ImageSetWriteResult> sending = Writer.SendUpdateAsync(_item, Request(), versionPinned: false);

            Assert.Equal(
                "Stopped while the update of image set i in datastore d was being sent: the service may or may not have carried it out. If Get-AHIImageSetVersion -DatastoreId d -ImageSetId i shows a version after 1, it did; otherwise nothing changed.",
                _item.StopNotice);
            answer.SetResult(await ScriptedWriteClient.Accepted(Request()));
            await sending;
            Assert.Null(_item.StopNotice);
        }

        [Fact]
        public async Task AnAcceptedWriteBeingWaitedForIsNamedWithItsVersion()
        {
            _item.Accepted("d", "i", "2", "Updating image set i");
            Assert.Contains("already accepted: it made version 2 of image set i in datastore d", _item.StopNotice);
            await Writer.WaitForWorkflowAsync(_item, "d", "i", "2", "Updating image set i");
            Assert.Null(_item.StopNotice);
        }
    }
}
