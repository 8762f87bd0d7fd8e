namespace AhiTools.Completion
{
    /// <summary>The image set (and version) whose metadata a parameter of this command is about.</summary>
    internal static class MetadataSource
    {
        public static MetadataOutline? For(CompletionConnection connection)
        {
            // Copy-AHIImageSet selects from its source; the other cmdlets name one image set with -ImageSetId.
            return connection.Text("SourceImageSetId") != null
                ? MetadataOutline.For(connection, "SourceImageSetId", "SourceVersionId")
                : MetadataOutline.For(connection, "ImageSetId", connection.Text("LatestVersionId") != null ? "LatestVersionId" : "VersionId");
        }
    }

    /// <summary>A completer that answers from the outline of the image set the command is about, or with nothing.</summary>
    internal abstract class MetadataCompleter : ConnectionCompleter
    {
        protected sealed override FirstRequest? RemoteRequest => FirstRequest.GetImageSet;

        protected sealed override IEnumerable<CompletionResult> Complete(CompletionConnection connection, string parameterName, string wordToComplete)
        {
            MetadataOutline? outline = MetadataSource.For(connection);
            return outline is null ? Array.Empty<CompletionResult>() : Complete(outline, CompletionText.Prefix(wordToComplete)).ToList();
        }

        protected abstract IEnumerable<CompletionResult> Complete(MetadataOutline outline, string prefix);
    }

    /// <summary>Completes Series Instance UIDs from the image set's metadata, with modality, series number and instance count.</summary>
    internal sealed class SeriesUidCompleter : MetadataCompleter
    {
        protected override IEnumerable<CompletionResult> Complete(MetadataOutline outline, string prefix) => outline.Series
            .Where(series => series.Uid.StartsWith(prefix, StringComparison.Ordinal))
            .Select(series => CompletionText.Result(series.Uid, series.Describe()));
    }

    /// <summary>Completes SOP Instance UIDs from the image set's metadata, with instance number and series.</summary>
    internal sealed class SopInstanceUidCompleter : MetadataCompleter
    {
        protected override IEnumerable<CompletionResult> Complete(MetadataOutline outline, string prefix) => outline.Instances
            .Where(instance => instance.Uid.StartsWith(prefix, StringComparison.Ordinal))
            .Select(instance => CompletionText.Result(instance.Uid, instance.Describe()));
    }

    /// <summary>
    /// Completes -RemoveAttribute paths from the elements the image set has: Patient.&lt;Keyword&gt;, Study.&lt;Keyword&gt;
    /// and Series.&lt;UID&gt;.&lt;Keyword&gt;; Instance.&lt;SOPInstanceUID&gt;.&lt;Keyword&gt; once "Instance." is typed. Names only, never values.
    /// </summary>
    internal sealed class AttributePathCompleter : MetadataCompleter
    {
        protected override IEnumerable<CompletionResult> Complete(MetadataOutline outline, string prefix)
        {
            IEnumerable<string> paths = prefix.StartsWith("Instance.", StringComparison.OrdinalIgnoreCase)
                ? outline.InstanceElementPaths
                : outline.LevelElementPaths;
            return paths
                .Where(path => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(path => CompletionText.Result(path, $"remove {path.Substring(0, path.IndexOf('.'))} element {path.Substring(path.LastIndexOf('.') + 1)}"));
        }
    }
}
