namespace AhiTools.Commands
{
    /// <summary>
    /// Reverts an image set to an earlier version (revertToVersionId): the version given, or without one the newest
    /// earlier version that did not fail. The revert makes a new version equal to the one reverted to.
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "AHIImageSetMetadata", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImageSet))]
    public sealed class UndoImageSetMetadataCommand : ExistingImageSetWriteCmdletBase
    {
        /// <summary>The version to go back to; binds from an AhiTools.ImageSetVersion piped in.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? VersionId { get; set; }

        [Parameter]
        [Alias("ForceUpdate")]
        public SwitchParameter Force { get; set; }

        /// <summary>
        /// The object piped in. Its VersionId binds -VersionId; when it is the AhiTools.ImageSet a write output, that
        /// VersionId is the write's own version, so the revert goes to the newest good version before it instead.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override string ProgressActivity => "Reverting image sets";

        private protected override ImageSetWrite CreateWrite(string imageSetId) =>
            new RevertWrite(DatastoreId, imageSetId, LatestVersionId, VersionId, WriteOutputPipedIn(imageSetId), Force, Wait);

        // A write's output piped in (Update-AHIImageSetMetadata ... | Undo-AHIImageSetMetadata): undo that write. A search
        // result carries the latest version the same way: undo the latest change.
        private string? WriteOutputPipedIn(string imageSetId)
        {
            long? pipedVersion = InputObject?.BaseObject switch
            {
                ImageSet written when written.ImageSetId == imageSetId => written.VersionId,
                ImageSetSummary found when found.ImageSetId == imageSetId => found.VersionId,
                _ => null,
            };
            return pipedVersion.HasValue && VersionNumber.ToWire(pipedVersion.Value) == VersionId ? VersionId : null;
        }
    }
}
