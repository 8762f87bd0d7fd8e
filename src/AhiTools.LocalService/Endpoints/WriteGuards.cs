namespace AhiTools.LocalService.Endpoints
{
    /// <summary>The checks every write makes on an image set it is about to change. Call under the gate.</summary>
    public static class WriteGuards
    {
        /// <summary>The datastore and its image set, the image set checked as <see cref="RequireWritable(ImageSetRecord, string?, string)"/> does.</summary>
        public static (DatastoreRecord Datastore, ImageSetRecord ImageSet) RequireWritable(ServiceState state, string datastoreId, string imageSetId,
            string? expectedLatest)
        {
            var datastore = state.RequireDatastore(datastoreId);
            var imageSet = state.RequireImageSet(datastore, imageSetId);
            RequireWritable(imageSet, expectedLatest);
            return (datastore, imageSet);
        }

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
