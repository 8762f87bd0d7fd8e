namespace AhiTools.Documents
{
    /// <summary>
    /// The keywords of the DICOM data dictionary (PS3.6, retired ones included), from the embedded DICOM rules table
    /// (see tools/dicom-keywords), so that a mistyped keyword is refused before sending with the keywords it resembles.
    /// </summary>
    internal static class DicomKeywords
    {
        public static bool IsKnown(string keyword) => DicomRules.Table.Elements.ContainsKey(keyword);

        /// <summary>The keyword of a standard tag given as 8 hex digits, or null when the dictionary has none.</summary>
        public static string? KeywordOfTag(string tag) => DicomRules.Table.KeywordOfTag(tag);

        /// <summary>Refuses a keyword (not an 8-digit tag) that the dictionary does not have.</summary>
        public static void RequireKnown(string name, string where)
        {
            if (MetadataDocumentNames.IsHexTagName(name) || IsKnown(name))
            {
                return;
            }

            IReadOnlyList<string> closest = Suggestions.Closest(name, DicomRules.Table.Elements.Keys);
            throw new DocumentValidationException(
                ErrorIds.UnknownKeyword,
                $"{where}: '{name}' is not a DICOM keyword.{Suggestions.Phrase(closest)} Nothing was sent.",
                "Keywords are case-sensitive and spelled as in DICOM PS3.6, such as PatientName or StudyDescription; a private element is named by its 8-digit tag with -PrivateTag.");
        }
    }
}
