namespace AhiTools.Writing
{
    /// <summary>One image set (or one version of it) being waited for, and the poll that ends the wait.</summary>
    internal sealed class PendingWait(string imageSetId, string? versionId, Task<ImageSetVersionState> polling)
    {
        public string ImageSetId { get; } = imageSetId;

        public string? VersionId { get; } = versionId;

        public Task<ImageSetVersionState> Polling { get; } = polling;

        /// <summary>"Image set i" or "Image set i version 3", as verbose text and progress name it.</summary>
        public string Description => Describe(ImageSetId, VersionId);

        public static string Describe(string imageSetId, string? versionId) => versionId is null ? $"Image set {imageSetId}" : $"Image set {imageSetId} version {versionId}";
    }
}
