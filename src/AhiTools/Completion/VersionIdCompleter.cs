namespace AhiTools.Completion
{
    /// <summary>
    /// Completes a version ID from the newest versions of the image set named on the command line (-ImageSetId or
    /// -SourceImageSetId), newest first, with its workflow status and time as the tooltip.
    /// </summary>
    internal sealed class VersionIdCompleter : ConnectionCompleter
    {
        protected override FirstRequest? RemoteRequest => FirstRequest.ListImageSetVersions;

        private const int NewestVersions = 50;

        protected override IEnumerable<CompletionResult> Complete(CompletionConnection connection, string parameterName, string wordToComplete) =>
            CompleteVersions(connection, parameterName, wordToComplete);

        internal static IEnumerable<CompletionResult> CompleteVersions(CompletionConnection connection, string parameterName, string wordToComplete)
        {
            string? datastoreId = connection.Text("DatastoreId");
            string? imageSetId = ImageSetFor(parameterName, connection);
            if (!ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Datastore, datastoreId) ||
                !ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.ImageSet, imageSetId))
            {
                yield break;
            }

            ImageSetVersionPage? page = connection.Fetch(
                $"ListImageSetVersions\n{datastoreId}\n{imageSetId}",
                (client, token) => client.ListImageSetVersionsAsync(datastoreId!, imageSetId!, NewestVersions, null, token));
            if (page is null)
            {
                yield break;
            }

            string prefix = CompletionText.Prefix(wordToComplete);
            foreach (ImageSetVersionState version in page.Versions)
            {
                if (version.VersionId.StartsWith(prefix, StringComparison.Ordinal))
                {
                    string tooltip = $"{version.WorkflowStatus}{(version.Forced ? ", forced" : "")}, {version.UpdatedAt:u}";
                    yield return CompletionText.Result(version.VersionId, tooltip);
                }
            }
        }

        // Copy-AHIImageSet has two image sets: the destination's version comes from -DestinationImageSetId.
        private static string? ImageSetFor(string parameterName, CompletionConnection connection)
        {
            if (parameterName == "DestinationVersionId")
            {
                return connection.Text("DestinationImageSetId");
            }

            return connection.Text("ImageSetId") ?? connection.Text("SourceImageSetId");
        }
    }
}
