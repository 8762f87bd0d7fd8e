namespace AhiTools.Completion
{
    /// <summary>
    /// Completes -DatastoreId from ListDatastores, with the datastore's name as the tooltip. At the first position of a
    /// cmdlet that takes an image set next, with a default datastore, it completes what the cmdlet reads there: the
    /// default datastore itself, then the image sets of that datastore.
    /// </summary>
    internal sealed class DatastoreIdCompleter : ConnectionCompleter
    {
        protected override FirstRequest? RemoteRequest => FirstRequest.ListDatastores;

        protected override IEnumerable<CompletionResult> Complete(CompletionConnection connection, string parameterName, string wordToComplete)
        {
            string? defaultDatastore = connection.DefaultDatastoreForFirstPosition;
            if (defaultDatastore != null)
            {
                if (defaultDatastore.StartsWith(CompletionText.Prefix(wordToComplete), StringComparison.Ordinal))
                {
                    yield return CompletionText.Result(defaultDatastore, "the default datastore ($PSDefaultParameterValues)");
                }

                foreach (CompletionResult imageSet in ImageSetIdCompleter.CompleteImageSets(connection, wordToComplete, defaultDatastore))
                {
                    yield return imageSet;
                }

                yield break;
            }

            DatastorePage? page = connection.Fetch("ListDatastores", (client, token) => client.ListDatastoresAsync(null, null, null, token));
            if (page is null)
            {
                yield break;
            }

            string prefix = CompletionText.Prefix(wordToComplete);
            foreach (DatastoreProperties datastore in page.Datastores)
            {
                if (datastore.DatastoreId.StartsWith(prefix, StringComparison.Ordinal))
                {
                    yield return CompletionText.Result(datastore.DatastoreId, $"{datastore.DatastoreName} ({datastore.DatastoreStatus})");
                }
            }
        }
    }
}
