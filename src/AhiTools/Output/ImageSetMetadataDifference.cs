namespace AhiTools
{
    /// <summary>
    /// One change between two versions of an image set's metadata, as Compare-AHIImageSetMetadata writes it.
    /// VersionId is the DifferenceVersionId, so the row pipes on like any AhiTools object.
    /// </summary>
    public sealed class ImageSetMetadataDifference
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>Version IDs are numbers, as on the other AhiTools objects: they sort and compare as such.</summary>
        public long VersionId { get; set; }
        public long ReferenceVersionId { get; set; }
        public long DifferenceVersionId { get; set; }

        /// <summary>Patient, Study, Series or Instance.</summary>
        public string Level { get; set; } = "";
        public string? SeriesInstanceUID { get; set; }
        public string? SOPInstanceUID { get; set; }

        /// <summary>The DICOM keyword or tag; null when a whole series or instance was added or removed.</summary>
        public string? Element { get; set; }

        /// <summary>Added, Removed or Modified.</summary>
        public string Change { get; set; } = "";
        public object? OldValue { get; set; }
        public object? NewValue { get; set; }

        public override string ToString() => $"{Change} {Level} {Element ?? SOPInstanceUID ?? SeriesInstanceUID}";
    }
}
