using AhiTools.HealthImaging;

namespace AhiTools
{
    internal static class OutputMapping
    {
        public static ImageSetVersion ToVersion(ImageSetProperties properties, string datastoreId) => new()
        {
            DatastoreId = string.IsNullOrEmpty(properties.DatastoreId) ? datastoreId : properties.DatastoreId,
            ImageSetId = properties.ImageSetId,
            VersionId = VersionNumber.Parse(properties.VersionId),
            State = properties.ImageSetState,
            WorkflowStatus = properties.WorkflowStatus,
            CreatedAt = properties.CreatedAt,
            UpdatedAt = properties.UpdatedAt,
            DeletedAt = properties.DeletedAt,
            Message = properties.Message,
            Forced = properties.Forced,
            IsPrimary = properties.IsPrimary,
            ImageSetArn = properties.ImageSetArn,
        };

        public static ImageSet ToImageSet(ImageSetProperties properties, string datastoreId) => new()
        {
            DatastoreId = string.IsNullOrEmpty(properties.DatastoreId) ? datastoreId : properties.DatastoreId,
            ImageSetId = properties.ImageSetId,
            VersionId = VersionNumber.Parse(properties.VersionId),
            State = properties.ImageSetState,
            WorkflowStatus = properties.WorkflowStatus,
            Forced = properties.Forced,
            Message = properties.Message,
            CreatedAt = properties.CreatedAt,
            UpdatedAt = properties.UpdatedAt,
            ImageSetArn = properties.ImageSetArn,
        };
    }
}
