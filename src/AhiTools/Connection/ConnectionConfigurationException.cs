using System;

namespace AhiTools.Connection
{
    /// <summary>Region, credentials or endpoint could not be resolved; the message says how to set them.</summary>
    public sealed class ConnectionConfigurationException : Exception
    {
        public ConnectionConfigurationException(string errorId, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
        }

        /// <summary>NoRegion, NoCredentials, InvalidEndpoint, ProfileNotFound, InvalidCredential, InvalidMaxAttempts.</summary>
        public string ErrorId { get; }
    }
}
