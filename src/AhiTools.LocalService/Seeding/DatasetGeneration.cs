namespace AhiTools.LocalService.Seeding
{
    /// <summary>Adds generated studies (one image set per study document) to a datastore. Call under the state gate.</summary>
    public static class DatasetGeneration
    {
        public static List<string> AddAll(ServiceState state, DatastoreRecord datastore, IEnumerable<JsonObject> documents)
        {
            var ids = new List<string>();
            foreach (var document in documents)
                ids.Add(state.AddImageSet(datastore, null, document).Id);
            return ids;
        }
    }
}
