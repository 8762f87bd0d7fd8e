using System;
using System.Collections.Generic;
using System.IO;

namespace AhiTools.Documents
{
    /// <summary>
    /// The keywords of the DICOM data dictionary (PS3.6, retired ones included), from the embedded DicomKeywords.txt
    /// (see tools/dicom-keywords), so that a mistyped keyword is refused before sending with the keywords it resembles.
    /// </summary>
    public static class DicomKeywords
    {
        private static readonly Lazy<HashSet<string>> Known = new Lazy<HashSet<string>>(Load);

        public static bool IsKnown(string keyword) => Known.Value.Contains(keyword);

        /// <summary>Refuses a keyword (not an 8-digit tag) that the dictionary does not have.</summary>
        public static void RequireKnown(string name, string where)
        {
            if (MetadataDocumentNames.IsHexTagName(name) || IsKnown(name))
            {
                return;
            }

            IReadOnlyList<string> closest = Suggestions.Closest(name, Known.Value);
            throw new DocumentValidationException(
                "UnknownKeyword",
                $"{where}: '{name}' is not a DICOM keyword.{Suggestions.Phrase(closest)} Nothing was sent.",
                "Keywords are case-sensitive and spelled as in DICOM PS3.6, such as PatientName or StudyDescription; a private element is named by its 8-digit tag with -PrivateTag.");
        }

        private static HashSet<string> Load()
        {
            var keywords = new HashSet<string>(StringComparer.Ordinal);
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
                        if (line.Length > 0 && line[0] != '#')
                        {
                            keywords.Add(line);
                        }
                    }
                }
            }

            return keywords;
        }
    }
}
