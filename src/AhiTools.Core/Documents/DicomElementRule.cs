namespace AhiTools.Documents
{
    internal enum ElementUpdateRule
    {
        /// <summary>Updatable without force.</summary>
        Free,

        /// <summary>Updatable only with force.</summary>
        ForceOnly,

        /// <summary>Never updatable, even with force.</summary>
        Never,
    }

    /// <summary>One DICOM element of the rules table: its tag, VRs, home level and update rule.</summary>
    /// <param name="Tag">8 hex digits, or null for a repeating group such as 60xx.</param>
    /// <param name="ValueRepresentations">The VRs the dictionary gives; empty for the item delimiters, which have none.</param>
    /// <param name="HomeLevel">The one level of the metadata document where it may be given, or null when any level may.</param>
    internal sealed record DicomElementRule(
        string Keyword, string? Tag, string[] ValueRepresentations, ElementLevel? HomeLevel, ElementUpdateRule Update);
}
