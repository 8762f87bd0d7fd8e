using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using AhiTools.Commands;
using AhiTools.HealthImaging;

namespace AhiTools.Completion
{
    /// <summary>
    /// Completes a version ID from the newest versions of the image set named on the command line (-ImageSetId or
    /// -SourceImageSetId), newest first, with its workflow status and time as the tooltip.
    /// </summary>
    public sealed class VersionIdCompleter : IArgumentCompleter
    {
        private const int NewestVersions = 50;
        private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string? datastoreId = CompletionConnection.Text(fakeBoundParameters, "DatastoreId");
            string? imageSetId = ImageSetFor(parameterName, fakeBoundParameters);
            if (!ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Datastore, datastoreId) ||
                !ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.ImageSet, imageSetId))
            {
                yield break;
            }

            IHealthImagingClient? client = CompletionConnection.TryGetClient(fakeBoundParameters);
            if (client is null)
            {
                yield break;
            }

            string prefix = (wordToComplete ?? "").Trim('\'', '"');
            IReadOnlyList<ImageSetProperties> versions;
            using (var timeout = new CancellationTokenSource(Budget))
            {
                try
                {
                    versions = client.ListImageSetVersionsAsync(datastoreId!, imageSetId!, NewestVersions, null, timeout.Token).GetAwaiter().GetResult().Versions;
                }
                catch (Exception e) when (e is HealthImagingServiceException || e is OperationCanceledException || e is TimeoutException || e is System.Net.Http.HttpRequestException || e is System.IO.IOException)
                {
                    yield break;
                }
            }

            foreach (ImageSetProperties version in versions)
            {
                if (version.VersionId.StartsWith(prefix, StringComparison.Ordinal))
                {
                    string tooltip = $"{version.WorkflowStatus}{(version.Forced ? ", forced" : "")}, {version.UpdatedAt:u}";
                    yield return new CompletionResult(version.VersionId, version.VersionId, CompletionResultType.ParameterValue, tooltip);
                }
            }
        }

        // Copy-AHIImageSet has two image sets: the destination's version comes from -DestinationImageSetId.
        private static string? ImageSetFor(string parameterName, IDictionary bound)
        {
            if (parameterName == "DestinationVersionId")
            {
                return CompletionConnection.Text(bound, "DestinationImageSetId");
            }

            return CompletionConnection.Text(bound, "ImageSetId") ?? CompletionConnection.Text(bound, "SourceImageSetId");
        }
    }
}
