using System.Text.Json.Serialization;

namespace AhiTools.HealthImaging.Wire
{
    // The JSON shapes of the HealthImaging wire protocol (rest-json, 2023-07-19), member names exactly as the model
    // spells them. Only AhiTools' internal code sees these; the public surface is Models.cs.

    internal sealed class OverridesShape
    {
        [JsonPropertyName("forced")] public bool? Forced { get; set; }
    }

    /// <summary>
    /// An image set at one version, in every answer that describes one: GetImageSet, ListImageSetVersions' items,
    /// UpdateImageSetMetadata, DeleteImageSet, and CopyImageSet's source and destination. Each answer fills the
    /// members it has; a write names its version latestVersionId, ListImageSetVersions spells the status key with a
    /// capital I.
    /// </summary>
    internal sealed class ImageSetPropertiesShape
    {
        [JsonPropertyName("datastoreId")] public string? DatastoreId { get; set; }
        [JsonPropertyName("imageSetId")] public string? ImageSetId { get; set; }
        [JsonPropertyName("versionId")] public string? VersionId { get; set; }
        [JsonPropertyName("latestVersionId")] public string? LatestVersionId { get; set; }
        [JsonPropertyName("imageSetState")] public string? ImageSetState { get; set; }
        [JsonPropertyName("imageSetWorkflowStatus")] public string? ImageSetWorkflowStatus { get; set; }
        [JsonPropertyName("ImageSetWorkflowStatus")] public string? ImageSetWorkflowStatusAsListed { get; set; }
        [JsonPropertyName("createdAt")] public EpochSeconds? CreatedAt { get; set; }
        [JsonPropertyName("updatedAt")] public EpochSeconds? UpdatedAt { get; set; }
        [JsonPropertyName("deletedAt")] public EpochSeconds? DeletedAt { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }
        [JsonPropertyName("imageSetArn")] public string? ImageSetArn { get; set; }
        [JsonPropertyName("overrides")] public OverridesShape? Overrides { get; set; }
        [JsonPropertyName("isPrimary")] public bool? IsPrimary { get; set; }
    }

    internal sealed class ListImageSetVersionsResponseShape
    {
        [JsonPropertyName("imageSetPropertiesList")] public List<ImageSetPropertiesShape>? ImageSetPropertiesList { get; set; }
        [JsonPropertyName("nextToken")] public string? NextToken { get; set; }
    }

    internal sealed class CopiableAttributesShape
    {
        [JsonPropertyName("copiableAttributes")] public string CopiableAttributes { get; set; } = "";
    }

    internal sealed class CopySourceShape
    {
        [JsonPropertyName("latestVersionId")] public string LatestVersionId { get; set; } = "";
        [JsonPropertyName("DICOMCopies")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public CopiableAttributesShape? DicomCopies { get; set; }
    }

    internal sealed class CopyDestinationShape
    {
        [JsonPropertyName("imageSetId")] public string ImageSetId { get; set; } = "";
        [JsonPropertyName("latestVersionId")] public string LatestVersionId { get; set; } = "";
    }

    /// <summary>CopyImageSetInformation: the request body itself (the member is the payload, no wrapper).</summary>
    internal sealed class CopyImageSetInformationShape
    {
        [JsonPropertyName("sourceImageSet")] public CopySourceShape SourceImageSet { get; set; } = new CopySourceShape();
        [JsonPropertyName("destinationImageSet")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public CopyDestinationShape? DestinationImageSet { get; set; }
    }

    internal sealed class CopyImageSetResponseShape
    {
        [JsonPropertyName("datastoreId")] public string? DatastoreId { get; set; }
        [JsonPropertyName("sourceImageSetProperties")] public ImageSetPropertiesShape? SourceImageSetProperties { get; set; }
        [JsonPropertyName("destinationImageSetProperties")] public ImageSetPropertiesShape? DestinationImageSetProperties { get; set; }
    }

    internal sealed class DicomUpdatesShape
    {
        // Blobs: System.Text.Json writes byte[] as base64, which is the rest-json blob encoding.
        [JsonPropertyName("updatableAttributes")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public byte[]? UpdatableAttributes { get; set; }

        [JsonPropertyName("removableAttributes")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public byte[]? RemovableAttributes { get; set; }
    }

    /// <summary>MetadataUpdates, a union: exactly one of DICOMUpdates or revertToVersionId.</summary>
    internal sealed class MetadataUpdatesShape
    {
        [JsonPropertyName("DICOMUpdates")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public DicomUpdatesShape? DicomUpdates { get; set; }

        [JsonPropertyName("revertToVersionId")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? RevertToVersionId { get; set; }
    }

    internal sealed class ImageSetsMetadataSummaryShape
    {
        [JsonPropertyName("imageSetId")] public string? ImageSetId { get; set; }
        [JsonPropertyName("version")] public long? Version { get; set; }
        [JsonPropertyName("createdAt")] public EpochSeconds? CreatedAt { get; set; }
        [JsonPropertyName("updatedAt")] public EpochSeconds? UpdatedAt { get; set; }
        [JsonPropertyName("isPrimary")] public bool? IsPrimary { get; set; }
        [JsonPropertyName("lastAccessedAt")] public EpochSeconds? LastAccessedAt { get; set; }
        [JsonPropertyName("storageTier")] public string? StorageTier { get; set; }
        [JsonPropertyName("DICOMTags")] public Dictionary<string, JsonElement>? DicomTags { get; set; }
    }

    internal sealed class SearchImageSetsResponseShape
    {
        [JsonPropertyName("imageSetsMetadataSummaries")] public List<ImageSetsMetadataSummaryShape>? ImageSetsMetadataSummaries { get; set; }
        [JsonPropertyName("nextToken")] public string? NextToken { get; set; }
    }

    internal sealed class DatastorePropertiesShape
    {
        [JsonPropertyName("datastoreId")] public string? DatastoreId { get; set; }
        [JsonPropertyName("datastoreName")] public string? DatastoreName { get; set; }
        [JsonPropertyName("datastoreStatus")] public string? DatastoreStatus { get; set; }
        [JsonPropertyName("datastoreArn")] public string? DatastoreArn { get; set; }
        [JsonPropertyName("kmsKeyArn")] public string? KmsKeyArn { get; set; }
        [JsonPropertyName("lambdaAuthorizerArn")] public string? LambdaAuthorizerArn { get; set; }
        [JsonPropertyName("losslessStorageFormat")] public string? LosslessStorageFormat { get; set; }
        [JsonPropertyName("createdAt")] public EpochSeconds? CreatedAt { get; set; }
        [JsonPropertyName("updatedAt")] public EpochSeconds? UpdatedAt { get; set; }
    }

    internal sealed class GetDatastoreResponseShape
    {
        [JsonPropertyName("datastoreProperties")] public DatastorePropertiesShape? DatastoreProperties { get; set; }
    }

    internal sealed class ListDatastoresResponseShape
    {
        [JsonPropertyName("datastoreSummaries")] public List<DatastorePropertiesShape>? DatastoreSummaries { get; set; }
        [JsonPropertyName("nextToken")] public string? NextToken { get; set; }
    }

    /// <summary>The rest-json error body: {"message": "..."}; some services also send __type or code.</summary>
    internal sealed class ErrorBodyShape
    {
        [JsonPropertyName("__type")] public string? Type { get; set; }
        [JsonPropertyName("code")] public string? Code { get; set; }
        [JsonPropertyName("message")] public string? Message { get; set; }
        [JsonPropertyName("Message")] public string? MessageCapitalized { get; set; }
    }
}
