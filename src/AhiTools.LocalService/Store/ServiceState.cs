namespace AhiTools.LocalService.Store
{
    /// <summary>All datastores, image sets and versions. Every read or change happens under <see cref="Gate"/>.</summary>
    public sealed class ServiceState
    {
        public const string AccountId = "123456789012";

        public object Gate { get; } = new object();
        public Dictionary<string, DatastoreRecord> Datastores { get; } = new Dictionary<string, DatastoreRecord>();
        private long _datastoresAdded;

        /// <summary>Raised (under the gate) after any change, so persistence can save.</summary>
        public event Action? Changed;

        public void MarkChanged() => Changed?.Invoke();

        public static DateTimeOffset Now()
        {
            // Millisecond precision, as the wire carries it, so that a round trip compares equal.
            return DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        public DatastoreRecord RequireDatastore(string datastoreId)
        {
            if (!Datastores.TryGetValue(datastoreId, out var datastore) || datastore.Status != "ACTIVE")
                throw ServiceException.NotFound($"Datastore {datastoreId} does not exist.");
            return datastore;
        }

        public ImageSetRecord RequireImageSet(DatastoreRecord datastore, string imageSetId)
        {
            if (!datastore.ImageSets.TryGetValue(imageSetId, out var imageSet))
                throw ServiceException.NotFound($"Image set {imageSetId} does not exist in datastore {datastore.Id}.");
            return imageSet;
        }

        public static ImageSetVersionRecord RequireVersion(ImageSetRecord imageSet, string? versionId)
        {
            if (versionId == null) return imageSet.Latest;
            return imageSet.Find(versionId)
                ?? throw ServiceException.NotFound($"Version {versionId} of image set {imageSet.Id} does not exist.");
        }

        public DatastoreRecord AddDatastore(string? id, string name, string region)
        {
            id ??= ResourceIds.New();
            if (Datastores.ContainsKey(id)) throw ServiceException.Conflict($"Datastore {id} already exists.");
            return Add(new DatastoreRecord(id, name, region, Now()));
        }

        /// <summary>Adds a datastore as the newest one: listings keep the order in which datastores were added.</summary>
        public DatastoreRecord Add(DatastoreRecord datastore)
        {
            Datastores.Add(datastore.Id, datastore);
            datastore.CreationSequence = ++_datastoresAdded;
            return datastore;
        }

        /// <summary>Adds a settled image set whose version 1 holds <paramref name="document"/>.</summary>
        public ImageSetRecord AddImageSet(DatastoreRecord datastore, string? imageSetId, System.Text.Json.Nodes.JsonObject document,
            string workflowStatus = ImageSetStates.Created, bool isPrimary = false)
        {
            imageSetId ??= ResourceIds.New();
            if (datastore.ImageSets.ContainsKey(imageSetId)) throw ServiceException.Conflict($"Image set {imageSetId} already exists.");
            var imageSet = new ImageSetRecord(imageSetId, datastore.Id);
            var version = new ImageSetVersionRecord("1", StoredDocument.Create(document, datastore.Id, imageSetId), Now())
            {
                WorkflowStatus = workflowStatus,
                IsPrimary = isPrimary,
            };
            imageSet.Versions.Add(version);
            datastore.Add(imageSet);
            datastore.UpdatedAt = version.CreatedAt;
            return imageSet;
        }

        /// <summary>Appends a settled (ACTIVE) version; used by seeding and the /_local routes, never by the AWS operations.</summary>
        public ImageSetVersionRecord AppendSettledVersion(DatastoreRecord datastore, ImageSetRecord imageSet, System.Text.Json.Nodes.JsonObject? document,
            string workflowStatus, string? message, bool forced)
        {
            if (imageSet.IsLocked) throw ServiceException.Conflict($"Image set {imageSet.Id} is locked by a running workflow.");
            var stored = document == null ? imageSet.Latest.Document : StoredDocument.Create(document, datastore.Id, imageSet.Id);
            var version = new ImageSetVersionRecord(imageSet.NextVersionId(), stored, Now())
            {
                WorkflowStatus = workflowStatus,
                Message = message,
                Forced = forced,
                IsPrimary = imageSet.Latest.IsPrimary,
            };
            imageSet.Versions.Add(version);
            datastore.UpdatedAt = version.CreatedAt;
            return version;
        }

        /// <summary>
        /// Creation order, oldest first; the order ListDatastores answers in and the state file keeps. AWS promises no order,
        /// so clients must not rely on it, but a stable one keeps the local service's answers repeatable. CreatedAt cannot
        /// decide it: datastores made within one millisecond share it.
        /// </summary>
        public IEnumerable<DatastoreRecord> OrderedDatastores() => Datastores.Values.OrderBy(d => d.CreationSequence);
    }
}
