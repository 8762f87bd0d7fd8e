namespace AhiTools.Documents
{
    /// <summary>
    /// Input refused before any request was sent (a metadata or copy document, a search filter, a parameter
    /// combination): the message names the element (never its value) and the recommended action says what to change.
    /// </summary>
    internal sealed class DocumentValidationException : AhiException
    {
        public DocumentValidationException(string errorId, string message, string? recommendedAction = null)
            : base(errorId, ErrorKind.InvalidInput, message, recommendedAction, null, null)
        {
        }
    }
}
