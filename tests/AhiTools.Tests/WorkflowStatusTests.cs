using System;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>One reading of states and workflow statuses: case ignored everywhere, any *_FAILED status a failure.</summary>
    public class WorkflowStatusTests
    {
        [Theory]
        [InlineData("LOCKED", true)]
        [InlineData("locked", true)]
        [InlineData("ACTIVE", false)]
        [InlineData(null, false)]
        public void LockedIsTheLockedStateInAnyCase(string? state, bool locked)
        {
            Assert.Equal(locked, WorkflowStatus.IsLocked(new ImageSetVersionState { ImageSetState = state }));
        }

        [Theory]
        [InlineData("COPY_FAILED", true)]
        [InlineData("UPDATE_FAILED", true)]
        [InlineData("import_failed", true)]
        [InlineData("UPDATED", false)]
        [InlineData("FAILED_UPDATE", false)]
        [InlineData(null, false)]
        public void FailedIsAnyStatusEndingInFailed(string? status, bool failed)
        {
            Assert.Equal(failed, WorkflowStatus.IsFailed(new ImageSetVersionState { WorkflowStatus = status }));
        }

        [Fact]
        public void DeletedIsTheDeletedStateInAnyCaseOrADeletionTime()
        {
            Assert.True(WorkflowStatus.IsDeleted(new ImageSetVersionState { ImageSetState = "DELETED" }));
            Assert.True(WorkflowStatus.IsDeleted(new ImageSetVersionState { ImageSetState = "deleted" }));
            Assert.True(WorkflowStatus.IsDeleted(new ImageSetVersionState { ImageSetState = "ACTIVE", DeletedAt = DateTimeOffset.UnixEpoch }));
            Assert.False(WorkflowStatus.IsDeleted(new ImageSetVersionState { ImageSetState = "ACTIVE" }));
        }

        [Fact]
        public void StatusSetsIgnoreCase()
        {
            Assert.Contains("updating", WorkflowStatus.SetOf("UPDATING"));
        }
    }
}
