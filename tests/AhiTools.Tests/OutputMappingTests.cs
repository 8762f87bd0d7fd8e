using System;
using System.Collections.Generic;
using System.Management.Automation;
using AhiTools.Commands;
using AhiTools.Errors;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>The one mapping from the core's records to the output types users see.</summary>
    public class OutputMappingTests
    {
        private static ImageSetVersionState State(string versionId = "12") => new()
        {
            DatastoreId = "d",
            ImageSetId = "i",
            VersionId = versionId,
            ImageSetState = "ACTIVE",
            WorkflowStatus = "UPDATED",
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(1),
            UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(2),
            DeletedAt = DateTimeOffset.FromUnixTimeSeconds(3),
            Message = "m",
            Forced = true,
            IsPrimary = false,
            ImageSetArn = "arn:i",
        };

        [Fact]
        public void AVersionCarriesEveryFactOfTheState()
        {
            ImageSetVersion version = OutputMapping.ToVersion(State());

            Assert.Equal(("d", "i", 12L, "ACTIVE", "UPDATED"), (version.DatastoreId, version.ImageSetId, version.VersionId, version.State, version.WorkflowStatus));
            Assert.Equal((DateTimeOffset.FromUnixTimeSeconds(1), DateTimeOffset.FromUnixTimeSeconds(2), DateTimeOffset.FromUnixTimeSeconds(3)), (version.CreatedAt!.Value, version.UpdatedAt!.Value, version.DeletedAt!.Value));
            Assert.Equal(("m", true, false, "arn:i"), (version.Message, version.Forced, version.IsPrimary!.Value, version.ImageSetArn));
        }

        [Fact]
        public void AnImageSetCarriesTheSameFactsAsAVersion()
        {
            ImageSetVersion version = OutputMapping.ToVersion(State());
            var imageSet = OutputMapping.ToImageSet(State());

            Assert.Equal(
                (version.DatastoreId, version.ImageSetId, version.VersionId, version.State, version.WorkflowStatus, version.CreatedAt, version.UpdatedAt, version.Message, version.Forced, version.ImageSetArn),
                (imageSet.DatastoreId, imageSet.ImageSetId, imageSet.VersionId, imageSet.State, imageSet.WorkflowStatus, imageSet.CreatedAt, imageSet.UpdatedAt, imageSet.Message, imageSet.Forced, imageSet.ImageSetArn));
            Assert.Null(imageSet.Source);
        }

        [Fact]
        public void ACopysSourceBecomesTheImageSetsSource()
        {
            var copied = OutputMapping.ToImageSet(new ImageSetWriteResult { ImageSet = State("3"), Source = State("7") });

            Assert.Equal(3L, copied.VersionId);
            Assert.Equal(7L, copied.Source!.VersionId);
        }

        [Fact]
        public void AnErrorAboutAVersionTargetsItAsAnImageSet()
        {
            var failure = new ImageSetStateException(ErrorIds.UpdateFailed, ErrorKind.WorkflowFailed, "failed", null, State("4"));

            ErrorRecord record = ErrorRecords.From(failure, "i");

            Assert.Equal(4L, Assert.IsType<ImageSet>(record.TargetObject).VersionId);
        }

        [Fact]
        public void ASearchHitKeepsItsDatastoreAndReadsTheIndexedTags()
        {
            var hit = new ImageSetSearchHit
            {
                DatastoreId = "d",
                ImageSetId = "i",
                VersionId = "5",
                DicomTags = new Dictionary<string, object?> { ["DICOMPatientId"] = "P1", ["DICOMSeriesNumber"] = 3L },
            };

            ImageSetSummary summary = OutputMapping.ToSummary(hit);

            Assert.Equal(("d", "i", 5L, "P1", 3), (summary.DatastoreId, summary.ImageSetId, summary.VersionId!.Value, summary.PatientId, summary.SeriesNumber!.Value));
        }
    }
}
