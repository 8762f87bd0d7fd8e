namespace AhiTools.Commands
{
    /// <summary>
    /// Lists the versions of image sets, newest first, writing each version as its page arrives.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AHIImageSetVersion", DefaultParameterSetName = AllSet, SupportsPaging = true)]
    [OutputType(typeof(ImageSetVersion))]
    public sealed class GetImageSetVersionCommand : DatastoreScopedCmdletBase
    {
        private const string AllSet = "All";
        private const string VersionSet = "Version";
        private const string LatestSet = "Latest";

        // A version, or the latest, is read with GetImageSet; the list, with ListImageSetVersions.
        private protected override FirstRequest FirstRequest =>
            ParameterSetName is VersionSet or LatestSet ? FirstRequest.GetImageSet : FirstRequest.ListImageSetVersions;

        /// <summary>Mandatory in effect: DatastoreScopedCmdletBase refuses a call without it (see ImageSetParameter).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet, VersionMayArriveFirst = true)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string[] ImageSetId { get; set; } = Array.Empty<string>();

        protected override string? ImageSetParameter => nameof(ImageSetId);


        [Parameter(Mandatory = true, Position = 2, ParameterSetName = VersionSet)]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? VersionId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
        public SwitchParameter Latest { get; set; }

        // ListImageSetVersions reports no total.
        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            PagedListing.WriteUnknownTotal(this, PagingParameters);
        }

        protected override void ProcessRecord() => RunEach(ImageSetId, WriteVersions);

        private void WriteVersions(string imageSetId)
        {
            // Not ParameterSetName: with a default datastore "$i 2" binds as the All set and then reads 2 as -VersionId.
            switch (VersionId != null ? VersionSet : ParameterSetName)
            {
                case VersionSet:
                    WriteOne(imageSetId, VersionId);
                    break;
                case LatestSet:
                    WriteOne(imageSetId, null);
                    break;
                default:
                    WriteAll(imageSetId);
                    break;
            }
        }

        private void WriteOne(string imageSetId, string? versionId)
        {
            ImageSetVersionState properties = Await(Client.GetImageSetAsync(DatastoreId, imageSetId, versionId, Stopping));
            WriteObject(OutputMapping.ToVersion(properties));
        }

        // -Skip and -First apply to each image set's list: "the two newest versions of each".
        private void WriteAll(string imageSetId)
        {
            WritePages(
                $"ListImageSetVersions {imageSetId}",
                (pageSize, nextToken) =>
                {
                    ImageSetVersionPage page = Await(Client.ListImageSetVersionsAsync(DatastoreId, imageSetId, pageSize, nextToken, Stopping));
                    return new ListingPage<ImageSetVersionState>(page.Versions, page.NextToken);
                },
                properties => WriteObject(OutputMapping.ToVersion(properties)));
        }
    }
}
