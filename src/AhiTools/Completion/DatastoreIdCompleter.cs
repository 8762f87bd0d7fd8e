using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using AhiTools.HealthImaging;

namespace AhiTools.Completion
{
    /// <summary>Completes -DatastoreId from ListDatastores, with the datastore's name as the tooltip.</summary>
    public sealed class DatastoreIdCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            IHealthImagingClient? client = CompletionConnection.TryGetClient(fakeBoundParameters);
            if (client is null)
            {
                yield break;
            }

            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            IReadOnlyList<DatastoreProperties> datastores;
            using (var timeout = new CancellationTokenSource(Budget))
            {
                try
                {
                    datastores = client.ListDatastoresAsync(null, null, null, timeout.Token).GetAwaiter().GetResult().Datastores;
                }
                catch (Exception e) when (e is HealthImagingServiceException || e is OperationCanceledException || e is TimeoutException || e is System.Net.Http.HttpRequestException || e is System.IO.IOException)
                {
                    yield break;
                }
            }

            foreach (DatastoreProperties datastore in datastores)
            {
                if (datastore.DatastoreId.StartsWith(prefix, StringComparison.Ordinal))
                {
                    string tooltip = $"{datastore.DatastoreName} ({datastore.DatastoreStatus})";
                    yield return new CompletionResult(datastore.DatastoreId, datastore.DatastoreId, CompletionResultType.ParameterValue, tooltip);
                }
            }
        }
    }
}
