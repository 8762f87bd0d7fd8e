namespace AhiTools.HealthImaging
{
    // Plain models of the HealthImaging wire shapes (rest-json, 2023-07-19). Timestamps arrive as epoch seconds
    // with fractions and are surfaced as DateTimeOffset (UTC).

    /// <summary>
    /// One version of an image set as the service describes it: GetImageSet, a ListImageSetVersions item, and the
    /// image sets an UpdateImageSetMetadata, CopyImageSet or DeleteImageSet answer names. Members a response leaves out
    /// stay null; DatastoreId and ImageSetId are always filled (from the request when the response leaves them out).
    /// </summary>
    internal sealed class ImageSetVersionState
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>The version described: versionId, or a write's latestVersionId. Empty in DeleteImageSet's answer.</summary>
        public string VersionId { get; set; } = "";
        public string? ImageSetState { get; set; }
        /// <summary>ListImageSetVersions spells its key "ImageSetWorkflowStatus", the rest "imageSetWorkflowStatus".</summary>
        public string? WorkflowStatus { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public DateTimeOffset? DeletedAt { get; set; }
        public string? Message { get; set; }
        public bool Forced { get; set; }
        public bool? IsPrimary { get; set; }
        public string? ImageSetArn { get; set; }

        public ImageSetVersionState Copy() => (ImageSetVersionState)MemberwiseClone();
    }

    internal sealed class ImageSetVersionPage
    {
        public IReadOnlyList<ImageSetVersionState> Versions { get; set; } = Array.Empty<ImageSetVersionState>();
        public string? NextToken { get; set; }
    }

    internal sealed class CopyImageSetRequest
    {
        public string DatastoreId { get; set; } = "";
        public string SourceImageSetId { get; set; } = "";
        public string SourceLatestVersionId { get; set; } = "";
        /// <summary>The raw copiableAttributes JSON string, or null to copy the whole image set.</summary>
        public string? CopiableAttributes { get; set; }
        public string? DestinationImageSetId { get; set; }
        public string? DestinationLatestVersionId { get; set; }
        public bool Force { get; set; }
        public bool PromoteToPrimary { get; set; }
    }

    /// <summary>
    /// What a write's answer says (UpdateImageSetMetadata, CopyImageSet, DeleteImageSet), and what the writer returns
    /// once it is over: the image set written (an update's or revert's new latest version, a copy's destination, the
    /// deleted image set) and, for a copy, its source.
    /// </summary>
    internal sealed class ImageSetWriteResult
    {
        public ImageSetVersionState ImageSet { get; set; } = new ImageSetVersionState();

        /// <summary>A copy's source as the copy left it; null for other writes.</summary>
        public ImageSetVersionState? Source { get; set; }

        /// <summary>
        /// True when the response to this write was lost (network failure or 5xx after sending), a retry met a
        /// conflict, and the result was rebuilt from the version the first attempt created.
        /// </summary>
        public bool RecoveredAfterLostResponse { get; set; }
    }

    internal sealed class UpdateImageSetMetadataRequest
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>Sent as query latestVersion.</summary>
        public string LatestVersionId { get; set; } = "";
        /// <summary>UTF-8 JSON documents; the client base64-encodes them. Null members are omitted.</summary>
        public byte[]? UpdatableAttributes { get; set; }
        public byte[]? RemovableAttributes { get; set; }
        /// <summary>Mutually exclusive with the DICOMUpdates documents.</summary>
        public string? RevertToVersionId { get; set; }
        public bool Force { get; set; }
    }

    internal sealed class DatastoreProperties
    {
        public string DatastoreId { get; set; } = "";
        public string DatastoreName { get; set; } = "";
        public string? DatastoreStatus { get; set; }
        public string? DatastoreArn { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }

        // GetDatastore only; ListDatastores summaries leave them null.
        public string? KmsKeyArn { get; set; }
        public string? LambdaAuthorizerArn { get; set; }
        public string? LosslessStorageFormat { get; set; }
    }

    internal sealed class DatastorePage
    {
        public IReadOnlyList<DatastoreProperties> Datastores { get; set; } = Array.Empty<DatastoreProperties>();
        public string? NextToken { get; set; }
    }

    internal sealed class SearchImageSetsPage
    {
        public IReadOnlyList<ImageSetSearchHit> ImageSets { get; set; } = Array.Empty<ImageSetSearchHit>();
        public string? NextToken { get; set; }
    }

    /// <summary>
    /// One image set SearchImageSets found: facts a version's state does not carry (the indexed DICOM attributes,
    /// when it was last read, its storage tier) and few of those it does.
    /// </summary>
    internal sealed class ImageSetSearchHit
    {
        /// <summary>The datastore searched (the answer does not repeat it).</summary>
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        /// <summary>The latest version; null when the answer does not say.</summary>
        public string? VersionId { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public bool? IsPrimary { get; set; }
        public DateTimeOffset? LastAccessedAt { get; set; }
        public string? StorageTier { get; set; }
        /// <summary>The DICOMTags object as returned (PatientName, StudyInstanceUID, …), keyed by member name.</summary>
        public IReadOnlyDictionary<string, object?> DicomTags { get; set; } = new Dictionary<string, object?>();
    }
}
