using System;
using System.Management.Automation;

namespace AhiTools.LocalTesting
{
    /// <summary>The local service could not be started or found; the message says what to do.</summary>
    public sealed class LocalServiceException : Exception
    {
        public LocalServiceException(string errorId, ErrorCategory category, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
        }

        /// <summary>DotnetNotFound, LocalServiceNotFound, LocalServiceFailedToStart, LocalServiceStartTimedOut, SeedFileNotFound.</summary>
        public string ErrorId { get; }

        public ErrorCategory Category { get; }
    }
}
