using System;
using System.Management.Automation;

namespace AhiTools.Commands
{
    /// <summary>
    /// A write that was refused before sending or that the service's workflow ended in failure: a stable ErrorId, a
    /// real category, what to do next, and the object the error is about.
    /// </summary>
    public sealed class ImageSetWriteException : Exception
    {
        public ImageSetWriteException(string errorId, ErrorCategory category, string message, string? recommendedAction = null, object? target = null)
            : base(message)
        {
            ErrorId = errorId;
            Category = category;
            RecommendedAction = recommendedAction;
            Target = target;
        }

        public string ErrorId { get; }

        public ErrorCategory Category { get; }

        public string? RecommendedAction { get; }

        /// <summary>The error's target when it is more telling than the input item (for example the failed version).</summary>
        public object? Target { get; }
    }
}
