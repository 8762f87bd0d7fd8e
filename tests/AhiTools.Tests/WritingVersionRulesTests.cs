using System;
using AhiTools.Commands;
using AhiTools.Errors;
using AhiTools.HealthImaging;
using AhiTools.Writing;
using Xunit;

namespace AhiTools.Tests
{
    // The version rules the write cmdlets apply before sending: ordering, the concurrency guard, the undo target.
    public class WritingVersionRulesTests
    {
        private static ImageSetVersionState Version(string id, string status = "UPDATED", string state = "ACTIVE", DateTimeOffset? deletedAt = null) =>
            new()
            { ImageSetId = "i", VersionId = id, WorkflowStatus = status, ImageSetState = state, DeletedAt = deletedAt };

        [Theory]
        [InlineData("9", "10", -1)]
        [InlineData("10", "10", 0)]
        [InlineData("11", "2", 1)]
        public void VersionsCompareByNumber(string left, string right, int sign)
        {
            Assert.Equal(sign, Math.Sign(VersionNumber.Compare(left, right)));
        }

        [Fact]
        public void UndoTargetIsTheNewestEarlierVersionThatNeitherFailedNorWasDeleted()
        {
            var versions = new[]
            {
                Version("6"),
                Version("5", "COPY_FAILED"),
                Version("4", "UPDATE_FAILED"),
                Version("3", state: "DELETED"),
                Version("2", deletedAt: DateTimeOffset.UtcNow),
                Version("1", "CREATED"),
            };

            Assert.Equal("1", RevertWrite.NewestEarlierGoodVersion(versions, "6")!.VersionId);
            Assert.Equal("5", RevertWrite.NewestEarlierGoodVersion(new[] { Version("10"), Version("9", "COPY_FAILED"), Version("5") }, "10")!.VersionId);
        }

        [Fact]
        public void NoEarlierGoodVersionIsNull()
        {
            Assert.Null(RevertWrite.NewestEarlierGoodVersion(new[] { Version("2"), Version("1", "IMPORT_FAILED") }, "2"));
        }

        [Fact]
        public void StaleGuardIsRefusedNamingBothVersionsAndTheParameter()
        {
            var e = Assert.Throws<ImageSetWriteException>(() => ImageSetWriter.RequireStillLatest("3", Version("5"), "LatestVersionId"));

            Assert.Equal("StaleVersion", e.ErrorId);
            Assert.Equal(ErrorKind.Stale, e.Kind);
            Assert.Contains("-LatestVersionId is 3", e.Message);
            Assert.Contains("is 5", e.Message);
        }

        [Fact]
        public void CurrentOrAbsentGuardPasses()
        {
            ImageSetWriter.RequireStillLatest("5", Version("5"), "LatestVersionId");
            ImageSetWriter.RequireStillLatest(null, Version("5"), "LatestVersionId");
        }

        [Fact]
        public void WaitIntervalsGrowToTwoSeconds()
        {
            Assert.Equal(TimeSpan.FromMilliseconds(100), ImageSetPoller.IntervalAfter(0));
            Assert.True(ImageSetPoller.IntervalAfter(2) > ImageSetPoller.IntervalAfter(1));
            Assert.Equal(TimeSpan.FromSeconds(2), ImageSetPoller.IntervalAfter(4));
            Assert.Equal(TimeSpan.FromSeconds(2), ImageSetPoller.IntervalAfter(50));
        }
    }
}
