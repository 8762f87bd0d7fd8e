namespace AhiTools.Completion
{
    /// <summary>A completer that answers from the connection and IDs the command line names, read as the cmdlet reads them.</summary>
    internal abstract class ConnectionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
#if NET
            // Before the command line and the connection are read, so that the request's code compiles meanwhile.
            if (RemoteRequest is FirstRequest first)
            {
                FirstCallWarmUp.Start(first);
            }
#endif
            return Complete(new CompletionConnection(commandName, fakeBoundParameters, parameterName, commandAst, wordToComplete), parameterName, wordToComplete);
        }

        /// <summary>The request this completer sends, if it sends one: the session's first-call warm-up reads an answer of it.</summary>
        protected abstract FirstRequest? RemoteRequest { get; }

        protected abstract IEnumerable<CompletionResult> Complete(CompletionConnection connection, string parameterName, string wordToComplete);
    }
}
