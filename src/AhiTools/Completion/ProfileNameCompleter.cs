namespace AhiTools.Completion
{
    /// <summary>
    /// Completes -ProfileName from the profiles of the shared credentials and config files the cmdlet would read
    /// (-ProfileLocation as typed or defaulted, else AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, else ~/.aws).
    /// Only names are shown, never what a profile holds.
    /// </summary>
    internal sealed class ProfileNameCompleter : ConnectionCompleter
    {
        protected override FirstRequest? RemoteRequest => null;

        protected override IEnumerable<CompletionResult> Complete(CompletionConnection connection, string parameterName, string wordToComplete)
        {
            IReadOnlyList<string> names;
            try
            {
                var settings = ConnectionResolverSettings.FromMachine();
                names = ProfileStore.For(connection.Parameters(), settings).ListProfileNames(ProfileStore.ConfigFilePath(settings));
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                return Array.Empty<CompletionResult>();
            }

            string prefix = CompletionText.Prefix(wordToComplete);
            return names
                .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(name => name, StringComparer.OrdinalIgnoreCase)
                .Select(name => CompletionText.Result(name, $"AWS profile {name}"))
                .ToList();
        }
    }
}
