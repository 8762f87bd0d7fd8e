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
            Assert.Equal(locked, WorkflowStatus.IsLocked(new ImageSetProperties { ImageSetState = state }));
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
            Assert.Equal(failed, WorkflowStatus.IsFailed(new ImageSetProperties { WorkflowStatus = status }));
        }

        [Fact]
        public void DeletedIsTheDeletedStateInAnyCaseOrADeletionTime()
        {
            Assert.True(WorkflowStatus.IsDeleted(new ImageSetProperties { ImageSetState = "DELETED" }));
            Assert.True(WorkflowStatus.IsDeleted(new ImageSetProperties { ImageSetState = "deleted" }));
            Assert.True(WorkflowStatus.IsDeleted(new ImageSetProperties { ImageSetState = "ACTIVE", DeletedAt = DateTimeOffset.UnixEpoch }));
            Assert.False(WorkflowStatus.IsDeleted(new ImageSetProperties { ImageSetState = "ACTIVE" }));
        }

        [Fact]
        public void StatusSetsIgnoreCase()
        {
            Assert.Contains("updating", WorkflowStatus.SetOf("UPDATING"));
        }
    }
}
