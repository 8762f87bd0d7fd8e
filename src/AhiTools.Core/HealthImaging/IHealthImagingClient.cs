namespace AhiTools.HealthImaging
{
    /// <summary>
    /// The operations AhiTools needs from HealthImaging. Every call observes the token, retries what is safe to retry,
    /// and fails with <see cref="HealthImagingServiceException"/> for a service error.
    /// </summary>
    internal interface IHealthImagingClient : IDisposable
    {
        Task<ImageSetVersionState> GetImageSetAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken);

        Task<ImageSetVersionPage> ListImageSetVersionsAsync(string datastoreId, string imageSetId, int? maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>The metadata document, already decompressed, as a stream the caller disposes.</summary>
        Task<Stream> GetImageSetMetadataAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken);

        Task<ImageSetWriteResult> CopyImageSetAsync(CopyImageSetRequest request, CancellationToken cancellationToken);

        Task<ImageSetWriteResult> UpdateImageSetMetadataAsync(UpdateImageSetMetadataRequest request, CancellationToken cancellationToken);

        /// <summary>searchCriteriaJson is the model's SearchCriteria object as raw JSON, or null for all.</summary>
        Task<SearchImageSetsPage> SearchImageSetsAsync(string datastoreId, string? searchCriteriaJson, int? maxResults, string? nextToken, CancellationToken cancellationToken);

        Task<ImageSetWriteResult> DeleteImageSetAsync(string datastoreId, string imageSetId, CancellationToken cancellationToken);

        Task<DatastoreProperties> GetDatastoreAsync(string datastoreId, CancellationToken cancellationToken);

        /// <param name="datastoreStatus">Only datastores in this status (CREATING, ACTIVE, …); null for all.</param>
        Task<DatastorePage> ListDatastoresAsync(string? datastoreStatus, int? maxResults, string? nextToken, CancellationToken cancellationToken);
    }
}
