namespace AhiTools.LocalService.Endpoints
{
    /// <summary>The checks every write makes on an image set it is about to change. Call under the gate.</summary>
    public static class WriteGuards
    {
        /// <summary>Not deleted, not locked (Assumed: ConflictException), and <paramref name="expectedLatest"/> is current (Assumed: stale is ConflictException).</summary>
        public static void RequireWritable(ImageSetRecord imageSet, string? expectedLatest, string role = "image set")
        {
            if (imageSet.IsDeleted)
                throw ServiceException.Conflict($"The {role} {imageSet.Id} is deleted.");
            if (imageSet.IsLocked)
                throw ServiceException.Conflict($"The {role} {imageSet.Id} is locked ({imageSet.Latest.WorkflowStatus}); wait until it is ACTIVE.");
            if (expectedLatest != null && imageSet.Latest.VersionId != expectedLatest)
            {
                throw ServiceException.Conflict(
                    $"The latest version of the {role} {imageSet.Id} is {imageSet.Latest.VersionId}, not {expectedLatest}.");
            }
        }
    }
}
