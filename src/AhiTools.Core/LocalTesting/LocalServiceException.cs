namespace AhiTools.LocalTesting
{
    /// <summary>The local service could not be started or found; the message says what to do.</summary>
    internal sealed class LocalServiceException : AhiException
    {
        public LocalServiceException(string errorId, ErrorKind kind, string message, Exception? inner = null)
            : base(errorId, kind, message, null, null, inner)
        {
        }
    }
}
