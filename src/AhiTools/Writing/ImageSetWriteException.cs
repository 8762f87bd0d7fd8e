using System;

namespace AhiTools.Writing
{
    /// <summary>
    /// A write that was refused before sending or that the service's workflow ended in failure: a stable ErrorId, what
    /// kind of failure it is, what to do next, and the object the error is about.
    /// </summary>
    internal sealed class ImageSetWriteException : Exception
    {
        public ImageSetWriteException(string errorId, WriteFailureKind kind, string message, string? recommendedAction = null, object? target = null)
            : base(message)
        {
            ErrorId = errorId;
            Kind = kind;
            RecommendedAction = recommendedAction;
            Target = target;
        }

        public string ErrorId { get; }

        public WriteFailureKind Kind { get; }

        public string? RecommendedAction { get; }

        /// <summary>The error's target when it is more telling than the input item (for example the failed version).</summary>
        public object? Target { get; }
    }
}
