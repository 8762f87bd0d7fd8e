using System;

namespace AhiTools.Errors
{
    /// <summary>
    /// Every failure AhiTools raises itself: a stable ErrorId (one of <see cref="ErrorIds"/>), the kind of failure,
    /// what to do next, and the object the error is about when it is more telling than the pipeline item.
    /// </summary>
    internal abstract class AhiException : Exception
    {
        protected AhiException(string errorId, ErrorKind kind, string message, string? recommendedAction, object? target, Exception? inner)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            RecommendedAction = recommendedAction;
            Target = target;
        }

        public string ErrorId { get; }

        public ErrorKind Kind { get; }

        public string? RecommendedAction { get; }

        /// <summary>The error's target when it is more telling than the input item (for example the failed version).</summary>
        public object? Target { get; }
    }
}
