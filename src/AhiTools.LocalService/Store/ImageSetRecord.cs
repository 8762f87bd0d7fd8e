namespace AhiTools.LocalService.Store
{
    /// <summary>An image set: its versions, oldest first. Guarded by <see cref="ServiceState.Gate"/>.</summary>
    public sealed class ImageSetRecord(string id, string datastoreId)
    {
        public string Id { get; } = id;
        public string DatastoreId { get; } = datastoreId;
        /// <summary>1 for the datastore's first image set, 2 for the next: creation order, which timestamps cannot decide.</summary>
        public long CreationSequence { get; set; }
        public List<ImageSetVersionRecord> Versions { get; } = new List<ImageSetVersionRecord>();
        public ImageSetVersionRecord Latest => Versions[Versions.Count - 1];

        /// <summary>Set while this image set is the source of a running copy: what to restore afterwards.</summary>
        public SourceLock? ReadOnlyLock { get; set; }

        public bool IsLocked => Latest.State == ImageSetStates.Locked;
        public bool IsDeleted => Latest.State == ImageSetStates.Deleted;

        public ImageSetVersionRecord? Find(string versionId) => Versions.Find(v => v.VersionId == versionId);

        public string NextVersionId() => (long.Parse(Latest.VersionId, System.Globalization.CultureInfo.InvariantCulture) + 1)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The latest version's state and status before a copy locked the image set as its source.</summary>
    public sealed class SourceLock
    {
        public string PreviousState = ImageSetStates.Active;
        public string? PreviousWorkflowStatus;
    }
}
