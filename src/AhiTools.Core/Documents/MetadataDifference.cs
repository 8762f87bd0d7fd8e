using System.Text.Json;

namespace AhiTools.Documents
{
    internal enum MetadataChangeKind
    {
        Added,
        Removed,
        Modified,
    }

    /// <summary>
    /// One difference between two metadata documents: an element added, removed or changed at one level, or (with no
    /// Element) a whole series or instance added or removed. Values stay in the documents they came from.
    /// </summary>
    internal sealed class MetadataDifference
    {
        public MetadataDifference(ElementLevel level, string? seriesInstanceUid, string? sopInstanceUid, string? element, MetadataChangeKind change, JsonElement? oldValue, JsonElement? newValue)
        {
            Level = level;
            SeriesInstanceUid = seriesInstanceUid;
            SopInstanceUid = sopInstanceUid;
            Element = element;
            Change = change;
            OldValue = oldValue;
            NewValue = newValue;
        }

        public ElementLevel Level { get; }

        public string? SeriesInstanceUid { get; }

        public string? SopInstanceUid { get; }

        /// <summary>The DICOM keyword or tag as the document names it; null for a series or instance as a whole.</summary>
        public string? Element { get; }

        public MetadataChangeKind Change { get; }

        /// <summary>The reference document's value; null when the element was added.</summary>
        public JsonElement? OldValue { get; }

        /// <summary>The difference document's value; null when the element was removed.</summary>
        public JsonElement? NewValue { get; }
    }
}
