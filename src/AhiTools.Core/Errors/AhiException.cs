namespace AhiTools.Errors
{
    /// <summary>
    /// Every failure AhiTools raises itself: a stable ErrorId (one of <see cref="ErrorIds"/>), the kind of failure,
    /// what to do next, and the object the error is about when it is more telling than the pipeline item.
    /// </summary>
    internal abstract class AhiException(string errorId, ErrorKind kind, string message, string? recommendedAction, object? target, Exception? inner)
        : Exception(message, inner)
    {
        public string ErrorId { get; } = errorId;

        public ErrorKind Kind { get; } = kind;

        public string? RecommendedAction { get; } = recommendedAction;

        /// <summary>The error's target when it is more telling than the input item (for example the failed version).</summary>
        public object? Target { get; } = target;
    }
}
