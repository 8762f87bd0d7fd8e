using System;

namespace AhiTools.Commands
{
    /// <summary>Input refused before any request was sent; the message says what to change.</summary>
    public sealed class AhiValidationException : Exception
    {
        public AhiValidationException(string errorId, string message, string? recommendedAction = null)
            : base(message)
        {
            ErrorId = errorId;
            RecommendedAction = recommendedAction;
        }

        public string ErrorId { get; }

        public string? RecommendedAction { get; }
    }
}
