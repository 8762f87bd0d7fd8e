namespace AhiTools.Writing
{
    /// <summary>
    /// A write that was refused before sending or that the service's workflow ended in failure: a stable ErrorId, what
    /// kind of failure it is, what to do next, and the object the error is about.
    /// </summary>
    internal sealed class ImageSetWriteException : AhiException
    {
        public ImageSetWriteException(string errorId, ErrorKind kind, string message, string? recommendedAction = null, object? target = null)
            : base(errorId, kind, message, recommendedAction, target, null)
        {
        }
    }
}
