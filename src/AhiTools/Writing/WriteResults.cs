using AhiTools.HealthImaging;

namespace AhiTools.Writing
{
    /// <summary>The AhiTools.ImageSet written for a write the caller did not wait for, from the write's response.</summary>
    internal static class WriteResults
    {
        public static ImageSet FromUpdate(UpdateImageSetMetadataResult result, string datastoreId, string imageSetId, string? imageSetArn, bool forced) => new()
        {
            DatastoreId = string.IsNullOrEmpty(result.DatastoreId) ? datastoreId : result.DatastoreId,
            ImageSetId = string.IsNullOrEmpty(result.ImageSetId) ? imageSetId : result.ImageSetId,
            VersionId = VersionNumber.Parse(result.LatestVersionId),
            State = result.ImageSetState,
            WorkflowStatus = result.WorkflowStatus,
            Forced = forced,
            Message = result.Message,
            CreatedAt = result.CreatedAt,
            UpdatedAt = result.UpdatedAt,
            ImageSetArn = imageSetArn,
        };

        public static ImageSet FromCopied(CopiedImageSetProperties properties, string datastoreId, bool forced) => new()
        {
            DatastoreId = datastoreId,
            ImageSetId = properties.ImageSetId,
            VersionId = VersionNumber.Parse(properties.LatestVersionId),
            State = properties.ImageSetState,
            WorkflowStatus = properties.WorkflowStatus,
            Forced = forced,
            CreatedAt = properties.CreatedAt,
            UpdatedAt = properties.UpdatedAt,
            ImageSetArn = properties.ImageSetArn,
        };

        /// <param name="deleted">The version that was the latest when the delete was sent.</param>
        /// <param name="gone">The service no longer knows the image set: it is reported DELETED.</param>
        public static ImageSet FromDelete(DeleteImageSetResult result, string datastoreId, string imageSetId, ImageSetProperties deleted, bool gone = false) => new()
        {
            DatastoreId = string.IsNullOrEmpty(result.DatastoreId) ? datastoreId : result.DatastoreId,
            ImageSetId = string.IsNullOrEmpty(result.ImageSetId) ? imageSetId : result.ImageSetId,
            VersionId = VersionNumber.Parse(deleted.VersionId),
            State = gone ? "DELETED" : result.ImageSetState,
            WorkflowStatus = gone ? "DELETED" : result.WorkflowStatus,
            Forced = deleted.Forced,
            CreatedAt = deleted.CreatedAt,
            UpdatedAt = deleted.UpdatedAt,
            ImageSetArn = deleted.ImageSetArn,
        };
    }
}
