namespace AhiTools.Completion
{
    /// <summary>A completer that answers from the connection and IDs the command line names, read as the cmdlet reads them.</summary>
    internal abstract class ConnectionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Complete(new CompletionConnection(commandName, fakeBoundParameters, parameterName, commandAst, wordToComplete), parameterName, wordToComplete);

        protected abstract IEnumerable<CompletionResult> Complete(CompletionConnection connection, string parameterName, string wordToComplete);
    }
}
