namespace AhiTools.LocalService.Store
{
    /// <summary>One datastore and its image sets. Guarded by <see cref="ServiceState.Gate"/>.</summary>
    public sealed class DatastoreRecord(string id, string name, string region, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;
        public string Name { get; set; } = name;
        public string Region { get; } = region;
        public string Status { get; set; } = "ACTIVE";
        public DateTimeOffset CreatedAt { get; } = createdAt;
        /// <summary>1 for the first datastore a service state holds, 2 for the next: see <see cref="ServiceState.OrderedDatastores"/>.</summary>
        public long CreationSequence { get; set; }
        public DateTimeOffset UpdatedAt { get; set; } = createdAt;
        public string? ClientToken { get; set; }
        public string? KmsKeyArn { get; set; }
        public string? LambdaAuthorizerArn { get; set; }
        public string? LosslessStorageFormat { get; set; }
        public Dictionary<string, ImageSetRecord> ImageSets { get; } = new Dictionary<string, ImageSetRecord>();
        private long _imageSetsAdded;

        /// <summary>Adds an image set as this datastore's newest: the local routes list image sets in this order.</summary>
        public ImageSetRecord Add(ImageSetRecord imageSet)
        {
            ImageSets.Add(imageSet.Id, imageSet);
            imageSet.CreationSequence = ++_imageSetsAdded;
            return imageSet;
        }

        public IEnumerable<ImageSetRecord> OrderedImageSets() => ImageSets.Values.OrderBy(i => i.CreationSequence);

        /// <summary>Copy/Update/Delete workflows accepted and not yet finished (the 100-per-datastore quota).</summary>
        public int WritesInFlight { get; set; }

        public string Arn => $"arn:aws:medical-imaging:{Region}:{ServiceState.AccountId}:datastore/{Id}";
        public string ImageSetArn(string imageSetId) => $"{Arn}/imageset/{imageSetId}";
    }
}
