namespace AhiTools
{
    /// <summary>An image set after a write (copy, update, revert): VersionId is its new latest version.</summary>
    public sealed class ImageSet : IImageSetVersionOutput
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>A number (the service sends it as a string of digits): compare and sort it as one.</summary>
        public long VersionId { get; set; }
        public string? State { get; set; }
        public string? WorkflowStatus { get; set; }
        public bool Forced { get; set; }
        public string? Message { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public string? ImageSetArn { get; set; }

        /// <summary>For Copy-AHIImageSet: the source image set as the copy left it; null for other writes.</summary>
        public ImageSet? Source { get; set; }

        public override string ToString() => $"{ImageSetId} v{VersionId}";
    }
}
