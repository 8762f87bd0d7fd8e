namespace AhiTools.Commands
{
    /// <summary>
    /// Deletes image sets (DeleteImageSet), every version with them. ConfirmImpact High: it asks unless -Confirm:$false.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "AHIImageSet", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ImageSet))]
    public sealed class RemoveImageSetCommand : ExistingImageSetWriteCmdletBase
    {
        // Every version of an image set piped in (Get-AHIImageSetVersion | Remove-AHIImageSet) deletes it once.
        private readonly ConcurrentDictionary<string, bool> _deleted = new(StringComparer.Ordinal);

        protected override string ProgressActivity => "Deleting image sets";

        private protected override ImageSetWrite CreateWrite(string imageSetId) => new DeleteWrite(DatastoreId, imageSetId, LatestVersionId, Wait, _deleted);
    }
}
