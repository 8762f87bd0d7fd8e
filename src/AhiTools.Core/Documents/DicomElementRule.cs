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
    internal sealed class DicomElementRule
    {
        public DicomElementRule(string keyword, string? tag, string[] valueRepresentations, ElementLevel? homeLevel, ElementUpdateRule update)
        {
            Keyword = keyword;
            Tag = tag;
            ValueRepresentations = valueRepresentations;
            HomeLevel = homeLevel;
            Update = update;
        }

        public string Keyword { get; }

        /// <summary>8 hex digits, or null for a repeating group such as 60xx.</summary>
        public string? Tag { get; }

        /// <summary>The VRs the dictionary gives; empty for the item delimiters, which have none.</summary>
        public string[] ValueRepresentations { get; }

        /// <summary>The one level of the metadata document where it may be given, or null when any level may.</summary>
        public ElementLevel? HomeLevel { get; }

        public ElementUpdateRule Update { get; }
    }
}
