namespace AhiTools
{
    /// <summary>
    /// One series of an image set's metadata, as Get-AHIImageSetMetadata -Series writes it. Piped into
    /// Copy-AHIImageSet, the rows of one image set select their series for one copy.
    /// </summary>
    public sealed class ImageSetSeries : ImageSetMetadataRow
    {
        public long? SeriesNumber { get; set; }
        public string? Modality { get; set; }
        public string? SeriesDescription { get; set; }
        public int InstanceCount { get; set; }

        public override string ToString() => SeriesInstanceUID;
    }

    /// <summary>
    /// One instance of an image set's metadata, as Get-AHIImageSetMetadata -Instance writes it. Piped into
    /// Copy-AHIImageSet, the rows of one image set select their instances for one copy.
    /// </summary>
    public sealed class ImageSetInstance : ImageSetMetadataRow
    {
        public string SOPInstanceUID { get; set; } = "";
        public long? InstanceNumber { get; set; }
        public long? SeriesNumber { get; set; }
        public string? Modality { get; set; }
        public string? SeriesDescription { get; set; }
        public string? SOPClassUID { get; set; }
        /// <summary>Instances in this instance's series.</summary>
        public int InstanceCount { get; set; }

        public override string ToString() => SOPInstanceUID;
    }

    /// <summary>What series and instance rows share: where they come from, and their series.</summary>
    public abstract class ImageSetMetadataRow
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>The version the row was read from: a number, like VersionId of the other output objects.</summary>
        public long VersionId { get; set; }
        public string SeriesInstanceUID { get; set; } = "";
    }

    /// <summary>A metadata document Get-AHIImageSetMetadata -OutFile saved.</summary>
    public sealed class ImageSetMetadataFile
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        public long VersionId { get; set; }
        /// <summary>The full path of the file; Get-Content and Get-Item take it by property name.</summary>
        public string Path { get; set; } = "";
        /// <summary>The file's size in bytes.</summary>
        public long Length { get; set; }

        public override string ToString() => Path;
    }
}
