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
    /// <param name="Element">The DICOM keyword or tag as the document names it; null for a series or instance as a whole.</param>
    /// <param name="OldValue">The reference document's value; null when the element was added.</param>
    /// <param name="NewValue">The difference document's value; null when the element was removed.</param>
    internal sealed record MetadataDifference(
        ElementLevel Level, string? SeriesInstanceUid, string? SopInstanceUid, string? Element,
        MetadataChangeKind Change, JsonElement? OldValue, JsonElement? NewValue);
}
