namespace AhiTools.Writing
{
    /// <summary>
    /// A write to one image set (an update, a revert or a delete): the image set, and the version the caller said must
    /// still be the latest (-LatestVersionId), or null when any latest version will do.
    /// </summary>
    internal abstract class OneImageSetWrite(string datastoreId, string imageSetId, string? latestVersionGuard) : ImageSetWrite
    {
        protected string DatastoreId { get; } = datastoreId;

        protected string ImageSetId { get; } = imageSetId;

        protected string? LatestVersionGuard { get; } = latestVersionGuard;

        public override IReadOnlyCollection<string> ImageSets => new[] { Key(DatastoreId, ImageSetId) };

        public override object Target => ImageSetId;
    }
}
