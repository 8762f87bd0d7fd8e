using System;
using System.Collections.Generic;
using System.IO;
using AhiTools.Errors;

namespace AhiTools.Documents
{
    /// <summary>
    /// The keywords of the DICOM data dictionary (PS3.6, retired ones included), from the embedded DicomKeywords.txt
    /// (see tools/dicom-keywords), so that a mistyped keyword is refused before sending with the keywords it resembles.
    /// </summary>
    internal static class DicomKeywords
    {
        private static readonly Lazy<Dictionary<string, string>> Known = new Lazy<Dictionary<string, string>>(Load);
        private static readonly Lazy<Dictionary<string, string>> ByTag = new Lazy<Dictionary<string, string>>(IndexByTag);

        public static bool IsKnown(string keyword) => Known.Value.ContainsKey(keyword);

        /// <summary>The keyword of a standard tag given as 8 hex digits, or null when the dictionary has none.</summary>
        public static string? KeywordOfTag(string tag) =>
            ByTag.Value.TryGetValue(tag.ToUpperInvariant(), out string? keyword) ? keyword : null;

        /// <summary>Refuses a keyword (not an 8-digit tag) that the dictionary does not have.</summary>
        public static void RequireKnown(string name, string where)
        {
            if (MetadataDocumentNames.IsHexTagName(name) || IsKnown(name))
            {
                return;
            }

            IReadOnlyList<string> closest = Suggestions.Closest(name, Known.Value.Keys);
            throw new DocumentValidationException(
                ErrorIds.UnknownKeyword,
                $"{where}: '{name}' is not a DICOM keyword.{Suggestions.Phrase(closest)} Nothing was sent.",
                "Keywords are case-sensitive and spelled as in DICOM PS3.6, such as PatientName or StudyDescription; a private element is named by its 8-digit tag with -PrivateTag.");
        }

        /// <summary>Keyword → tag (8 hex digits, or "" for repeating groups), from lines "Keyword TAG".</summary>
        private static Dictionary<string, string> Load()
        {
            var keywords = new Dictionary<string, string>(StringComparer.Ordinal);
            using (Stream? stream = typeof(DicomKeywords).Assembly.GetManifestResourceStream("AhiTools.Documents.DicomKeywords.txt"))
            {
                if (stream is null)
                {
                    throw new InvalidOperationException("The DICOM keyword list is missing from the AhiTools assembly.");
                }

                using (var reader = new StreamReader(stream))
                {
                    string? line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        if (line.Length == 0 || line[0] == '#')
                        {
                            continue;
                        }

                        int space = line.IndexOf(' ');
                        keywords[space < 0 ? line : line.Substring(0, space)] = space < 0 ? "" : line.Substring(space + 1);
                    }
                }
            }

            return keywords;
        }

        private static Dictionary<string, string> IndexByTag()
        {
            var byTag = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> entry in Known.Value)
            {
                if (entry.Value.Length > 0)
                {
                    byTag[entry.Value] = entry.Key;
                }
            }

            return byTag;
        }
    }
}
