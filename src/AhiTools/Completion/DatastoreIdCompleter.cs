using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using AhiTools.HealthImaging;

namespace AhiTools.Completion
{
    /// <summary>Completes -DatastoreId from ListDatastores, with the datastore's name as the tooltip.</summary>
    public sealed class DatastoreIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var connection = new CompletionConnection(commandName, fakeBoundParameters, parameterName, commandAst, wordToComplete);
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
