namespace AhiTools
{
    /// <summary>
    /// One image set found by Search-AHIImageSet: the IDs that pipe into the other cmdlets, and the DICOM attributes the
    /// service indexes (without the DICOM prefix the wire gives them).
    /// </summary>
    public sealed class ImageSetSummary
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>The latest version, as a number; null when the service does not say.</summary>
        public long? VersionId { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public DateTimeOffset? LastAccessedAt { get; set; }
        public bool? IsPrimary { get; set; }
        public string? StorageTier { get; set; }

        public string? PatientId { get; set; }
        public string? PatientName { get; set; }
        public string? PatientBirthDate { get; set; }
        public string? PatientSex { get; set; }
        public string? StudyInstanceUID { get; set; }
        public string? StudyId { get; set; }
        public string? StudyDescription { get; set; }
        public string? StudyDate { get; set; }
        public string? StudyTime { get; set; }
        public string? AccessionNumber { get; set; }
        public int? NumberOfStudyRelatedSeries { get; set; }
        public int? NumberOfStudyRelatedInstances { get; set; }
        public string? SeriesInstanceUID { get; set; }
        public string? SeriesModality { get; set; }
        public string? SeriesBodyPart { get; set; }
        public int? SeriesNumber { get; set; }

        public override string ToString() => VersionId.HasValue ? $"{ImageSetId} v{VersionId}" : ImageSetId;
    }
}
