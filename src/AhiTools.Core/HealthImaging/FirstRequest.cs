namespace AhiTools.HealthImaging
{
    /// <summary>
    /// The request a session's first HealthImaging command sends first: <see cref="FirstCallWarmUp"/> reads a canned
    /// answer of that operation ahead of it.
    /// </summary>
    internal enum FirstRequest
    {
        GetImageSet,
        ListImageSetVersions,
        GetDatastore,
        ListDatastores,
        SearchImageSets,
    }
}
