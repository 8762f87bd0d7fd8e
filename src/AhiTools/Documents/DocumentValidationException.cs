using System;

namespace AhiTools.Documents
{
    /// <summary>
    /// A metadata or copy document that cannot be sent: the ErrorId is stable, the message names the element (never
    /// its value) and the recommended action says what to change.
    /// </summary>
    public sealed class DocumentValidationException : Exception
    {
        public DocumentValidationException(string errorId, string message, string? recommendedAction = null)
            : base(message)
        {
            ErrorId = errorId;
            RecommendedAction = recommendedAction;
        }

        public string ErrorId { get; }

        public string? RecommendedAction { get; }
    }
}
