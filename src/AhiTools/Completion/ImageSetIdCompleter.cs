namespace AhiTools.Completion
{
    /// <summary>
    /// Completes an image set ID from SearchImageSets in the datastore on the line (or the default one), most recently
    /// updated first. The tooltip tells version, update time and whether the image set is primary: completion lists
    /// are shown on screen, so the DICOM tags the search returns (patient name and ID among them) are never used.
    /// </summary>
    internal sealed class ImageSetIdCompleter : ConnectionCompleter
    {
        protected override FirstRequest? RemoteRequest => FirstRequest.SearchImageSets;

        private const int NewestImageSets = 50;
        private const string NewestFirst = "{\"sort\":{\"sortOrder\":\"DESC\",\"sortField\":\"updatedAt\"}}";

        protected override IEnumerable<CompletionResult> Complete(CompletionConnection connection, string parameterName, string wordToComplete)
        {
            if (connection.Completing != parameterName)
            {
                // With a default datastore the word at this position fills the next one, such as -VersionId.
                return connection.Completing != null && connection.Completing.EndsWith("VersionId", StringComparison.Ordinal)
                    ? VersionIdCompleter.CompleteVersions(connection, connection.Completing, wordToComplete).ToList()
                    : connection.Completing != null && connection.Completing.EndsWith("ImageSetId", StringComparison.Ordinal)
                        ? CompleteImageSets(connection, wordToComplete)
                        : (IEnumerable<CompletionResult>)Array.Empty<CompletionResult>();
            }

            return CompleteImageSets(connection, wordToComplete);
        }

        internal static IEnumerable<CompletionResult> CompleteImageSets(CompletionConnection connection, string wordToComplete, string? datastoreId = null)
        {
            datastoreId ??= connection.Text("DatastoreId");
            if (!ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Datastore, datastoreId))
            {
                return Array.Empty<CompletionResult>();
            }

            SearchImageSetsPage? page = connection.Fetch(
                $"SearchImageSets\n{datastoreId}",
                (client, token) => client.SearchImageSetsAsync(datastoreId!, NewestFirst, NewestImageSets, null, token));
            if (page is null)
            {
                return Array.Empty<CompletionResult>();
            }

            string prefix = CompletionText.Prefix(wordToComplete);
            return page.ImageSets
                .Where(imageSet => imageSet.ImageSetId.StartsWith(prefix, StringComparison.Ordinal))
                .OrderByDescending(imageSet => imageSet.UpdatedAt ?? imageSet.CreatedAt ?? DateTimeOffset.MinValue)
                .Select(imageSet => CompletionText.Result(imageSet.ImageSetId, Describe(imageSet)))
                .ToList();
        }

        // Patient-free by construction: only the service's own fields, never DicomTags.
        private static string Describe(ImageSetSearchHit imageSet)
        {
            var parts = new List<string>();
            if (!string.IsNullOrEmpty(imageSet.VersionId))
            {
                parts.Add($"version {imageSet.VersionId}");
            }

            if (imageSet.UpdatedAt.HasValue)
            {
                parts.Add($"updated {imageSet.UpdatedAt.Value.ToUniversalTime():u}");
            }

            if (imageSet.IsPrimary == false)
            {
                parts.Add("not primary");
            }

            return parts.Count == 0 ? imageSet.ImageSetId : string.Join(", ", parts);
        }
    }
}
