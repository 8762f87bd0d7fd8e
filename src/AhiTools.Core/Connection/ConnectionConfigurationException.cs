namespace AhiTools.Connection
{
    /// <summary>Region, credentials or endpoint could not be resolved; the message says how to set them.</summary>
    internal sealed class ConnectionConfigurationException : AhiException
    {
        public ConnectionConfigurationException(string errorId, string message, Exception? inner = null)
            : base(errorId, KindOf(errorId), message, null, null, inner)
        {
        }

        private static ErrorKind KindOf(string errorId)
        {
            switch (errorId)
            {
                case ErrorIds.NoCredentials:
                case ErrorIds.InvalidCredential:
                    return ErrorKind.Unauthenticated;
                case ErrorIds.ProfileNotFound:
                    return ErrorKind.NotFound;
                default:
                    return ErrorKind.InvalidInput;
            }
        }
    }
}
