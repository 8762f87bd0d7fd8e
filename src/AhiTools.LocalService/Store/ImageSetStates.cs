namespace AhiTools.LocalService.Store
{
    /// <summary>The model's ImageSetState and ImageSetWorkflowStatus values used by the service.</summary>
    public static class ImageSetStates
    {
        public const string Active = "ACTIVE";
        public const string Locked = "LOCKED";
        public const string Deleted = "DELETED";

        public const string Created = "CREATED";
        public const string Copied = "COPIED";
        public const string Copying = "COPYING";
        public const string CopyingWithReadOnlyAccess = "COPYING_WITH_READ_ONLY_ACCESS";
        public const string CopyFailed = "COPY_FAILED";
        public const string Updating = "UPDATING";
        public const string Updated = "UPDATED";
        public const string UpdateFailed = "UPDATE_FAILED";
        public const string Deleting = "DELETING";
        public const string DeletedStatus = "DELETED";

        public static readonly string[] AllWorkflowStatuses =
        {
            "CREATED", "COPIED", "COPYING", "COPYING_WITH_READ_ONLY_ACCESS", "COPY_FAILED", "UPDATING",
            "UPDATING_FOR_STUDY_CONSISTENCY", "UPDATED", "UPDATE_FAILED", "DELETING", "DELETED", "IMPORTING", "IMPORTED", "IMPORT_FAILED",
        };
    }
}
