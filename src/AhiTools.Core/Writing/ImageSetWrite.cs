namespace AhiTools.Writing
{
    /// <summary>
    /// One pipeline item's write (an update, a revert, a copy or a delete), made from the cmdlet's parameters on the
    /// pipeline thread. Preparing it reads what it needs and says what it will do; the confirmed plan then sends it.
    /// </summary>
    internal abstract class ImageSetWrite
    {
        /// <summary>The image sets it reads and writes ("datastore/image set"): writes that share one never overlap.</summary>
        public abstract IReadOnlyCollection<string> ImageSets { get; }

        /// <summary>The object its error is about.</summary>
        public abstract object Target { get; }

        /// <summary>Reads what the write needs (nothing is written); null when there is nothing to send.</summary>
        public abstract Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item);

        protected static string Key(string datastoreId, string imageSetId) => datastoreId + "/" + imageSetId;
    }

    /// <summary>A prepared write: what ShouldProcess shows, and how to send it once confirmed.</summary>
    /// <param name="SendAsync">Sends, waits when asked to, and returns the image set as the write left it.</param>
    internal sealed record WritePlan(string Target, string Action, Func<Task<ImageSetWriteResult>> SendAsync);
}
