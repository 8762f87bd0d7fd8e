namespace AhiTools
{
    /// <summary>One version of an image set, as Get-AHIImageSetVersion writes it.</summary>
    public sealed class ImageSetVersion : IImageSetVersionOutput
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>A number (the service sends it as a string of digits): compare and sort it as one.</summary>
        public long VersionId { get; set; }
        public string? State { get; set; }
        public string? WorkflowStatus { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public DateTimeOffset? DeletedAt { get; set; }
        public string? Message { get; set; }
        public bool Forced { get; set; }
        public bool? IsPrimary { get; set; }
        public string? ImageSetArn { get; set; }

        public override string ToString() => $"{ImageSetId} v{VersionId}";
    }
}
