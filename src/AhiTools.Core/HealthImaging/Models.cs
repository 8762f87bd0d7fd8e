using System;
using System.Collections.Generic;

namespace AhiTools.HealthImaging
{
    // Plain models of the HealthImaging wire shapes (rest-json, 2023-07-19). Timestamps arrive as epoch seconds
    // with fractions and are surfaced as DateTimeOffset (UTC).

    internal sealed class ImageSetProperties
    {
        // GetImageSet response and ListImageSetVersions items. ListImageSetVersions spells the status key
        // "ImageSetWorkflowStatus"; everything else "imageSetWorkflowStatus": both are read into WorkflowStatus.
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        public string VersionId { get; set; } = "";
        public string? ImageSetState { get; set; }
        public string? WorkflowStatus { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public DateTimeOffset? DeletedAt { get; set; }
        public string? Message { get; set; }
        public bool Forced { get; set; }
        public bool? IsPrimary { get; set; }
        public string? ImageSetArn { get; set; }
    }

    internal sealed class ImageSetVersionPage
    {
        public IReadOnlyList<ImageSetProperties> Versions { get; set; } = Array.Empty<ImageSetProperties>();
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

    internal sealed class CopiedImageSetProperties
    {
        // Copy response members: imageSetId, latestVersionId, imageSetState, imageSetWorkflowStatus, createdAt,
        // updatedAt, imageSetArn.
        public string ImageSetId { get; set; } = "";
        public string LatestVersionId { get; set; } = "";
        public string? ImageSetState { get; set; }
        public string? WorkflowStatus { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public string? ImageSetArn { get; set; }
    }

    internal sealed class CopyImageSetResult
    {
        public string DatastoreId { get; set; } = "";
        public CopiedImageSetProperties Source { get; set; } = new CopiedImageSetProperties();
        public CopiedImageSetProperties Destination { get; set; } = new CopiedImageSetProperties();

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

    internal sealed class UpdateImageSetMetadataResult
    {
        // Response: datastoreId, imageSetId, latestVersionId, imageSetState, imageSetWorkflowStatus, createdAt,
        // updatedAt, message.
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        public string LatestVersionId { get; set; } = "";
        public string? ImageSetState { get; set; }
        public string? WorkflowStatus { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public string? Message { get; set; }

        /// <summary>
        /// True when the response to this write was lost (network failure or 5xx after sending), a retry met a
        /// conflict, and the result was rebuilt from the version the first attempt created.
        /// </summary>
        public bool RecoveredAfterLostResponse { get; set; }
    }

    internal sealed class DeleteImageSetResult
    {
        public string DatastoreId { get; set; } = "";
        public string ImageSetId { get; set; } = "";
        public string? ImageSetState { get; set; }
        public string? WorkflowStatus { get; set; }

        /// <summary>
        /// True when the response to this write was lost (network failure or 5xx after sending), a retry met a
        /// conflict, and the result was rebuilt from the version the first attempt created.
        /// </summary>
        public bool RecoveredAfterLostResponse { get; set; }
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
        public IReadOnlyList<ImageSetSearchSummary> ImageSets { get; set; } = Array.Empty<ImageSetSearchSummary>();
        public string? NextToken { get; set; }
    }

    internal sealed class ImageSetSearchSummary
    {
        public string ImageSetId { get; set; } = "";
        public string? Version { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public bool? IsPrimary { get; set; }
        public DateTimeOffset? LastAccessedAt { get; set; }
        public string? StorageTier { get; set; }
        /// <summary>The DICOMTags object as returned (PatientName, StudyInstanceUID, …), keyed by member name.</summary>
        public IReadOnlyDictionary<string, object?> DicomTags { get; set; } = new Dictionary<string, object?>();
    }
}
