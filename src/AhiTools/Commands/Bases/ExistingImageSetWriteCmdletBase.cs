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

        /// <summary>The IDs given as a parameter are the whole input; IDs piped in arrive one by one, their count unknown.</summary>
        protected override int? KnownItemCount => MyInvocation.ExpectingInput ? (int?)null : ImageSetId.Length;

        protected override void ProcessRecord() => SubmitEach();

        /// <summary>One write per image set of -ImageSetId, unless -LatestVersionId is given with several.</summary>
        private protected void SubmitEach()
        {
            if (RefuseVersionGuardForManyImageSets(LatestVersionId, ImageSetId))
            {
                return;
            }

            foreach (string imageSetId in ImageSetId)
            {
                Submit(imageSetId, () => CreateWrite(imageSetId));
            }
        }

        /// <summary>The write to one image set of -ImageSetId, from the parameters as they are bound now.</summary>
        private protected abstract ImageSetWrite CreateWrite(string imageSetId);
    }
}
