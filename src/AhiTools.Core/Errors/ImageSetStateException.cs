namespace AhiTools.Errors
{
    /// <summary>
    /// What a read found an image set to be, when that is a failure of the item: deleted, or its workflow ended
    /// COPY_FAILED, UPDATE_FAILED or IMPORT_FAILED, or it did not settle in time.
    /// </summary>
    internal sealed class ImageSetStateException : AhiException
    {
        public ImageSetStateException(string errorId, ErrorKind kind, string message, string? recommendedAction = null, object? target = null)
            : base(errorId, kind, message, recommendedAction, target, null)
        {
        }
    }
}
