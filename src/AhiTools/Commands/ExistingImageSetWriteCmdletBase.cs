using System;
using System.Management.Automation;

namespace AhiTools.Commands
{
    /// <summary>
    /// A write to image sets that already exist, named by -DatastoreId and -ImageSetId (one or many, from the pipeline),
    /// with an optional -LatestVersionId guard; each image set is one item whose failure does not stop the others.
    /// </summary>
    public abstract class ExistingImageSetWriteCmdletBase : ImageSetWriteCmdletBase
    {
        /// <summary>Mandatory in effect: DatastoreScopedCmdletBase refuses a call without it (see ImageSetParameter).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet, VersionMayArriveFirst = true)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string[] ImageSetId { get; set; } = Array.Empty<string>();

        protected override string? ImageSetParameter => nameof(ImageSetId);


        /// <summary>Optimistic-concurrency guard: the write is refused unless this is still the latest version.</summary>
        [Parameter]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? LatestVersionId { get; set; }

        protected override void ProcessRecord()
        {
            if (RefuseVersionGuardForManyImageSets(LatestVersionId, ImageSetId))
            {
                return;
            }

            foreach (string imageSetId in ImageSetId)
            {
                ProcessItem(imageSetId, () => WriteOne(imageSetId));
            }
        }

        /// <summary>The write to one image set of -ImageSetId.</summary>
        protected abstract void WriteOne(string imageSetId);
    }
}
