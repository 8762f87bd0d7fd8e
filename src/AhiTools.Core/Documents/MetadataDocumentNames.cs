using System.Text.RegularExpressions;

namespace AhiTools.Documents
{
    /// <summary>
    /// Member names of HealthImaging metadata documents, and which DICOM elements the service treats specially.
    /// </summary>
    internal static class MetadataDocumentNames
    {
        public const string SchemaVersion = "SchemaVersion";
        public const string Patient = "Patient";
        public const string Study = "Study";
        public const string Series = "Series";
        public const string Instances = "Instances";
        public const string Dicom = "DICOM";
        public const string DicomVrs = "DICOMVRs";
        public const string ImageFrames = "ImageFrames";

        /// <summary>The byte limit of each updatable/removable attributes blob in the API model.</summary>
        public const int MaxAttributesBytes = 30000;

        /// <summary>The service quota on the update payload (adjustable), reported to users beside the model limit.</summary>
        public const int DefaultPayloadQuotaBytes = 10 * 1024;

        /// <summary>The character limit of copiableAttributes in the API model.</summary>
        public const int MaxCopiableAttributesChars = 260000;

        private static readonly Regex Keyword = new("^[A-Za-z][A-Za-z0-9]*\\z", RegexOptions.CultureInvariant);
        private static readonly Regex HexTag = new("^[0-9A-Fa-f]{8}\\z", RegexOptions.CultureInvariant);

        /// <summary>A DICOM keyword (PatientName) or an 8-digit hex tag (001910F9).</summary>
        public static bool IsElementName(string name) => Keyword.IsMatch(name) || HexTag.IsMatch(name);

        /// <summary>An element named by its 8-digit hex tag rather than its keyword.</summary>
        public static bool IsHexTagName(string name) => HexTag.IsMatch(name);

        /// <summary>A private tag: 8 hex digits whose group number is odd.</summary>
        public static bool IsPrivateTag(string name)
        {
            if (!HexTag.IsMatch(name))
            {
                return false;
            }

            int lastGroupDigit = Convert.ToInt32(name.Substring(3, 1), 16);
            return lastGroupDigit % 2 == 1;
        }

        /// <summary>A value representation of DICOM PS3.5 (from the DICOM rules table).</summary>
        public static bool IsValueRepresentation(string vr) => DicomRules.Table.ValueRepresentations.Contains(vr);

        /// <summary>A UID as DICOM PS3.5 9.1 defines it: digits and dots, no leading zeros, at most 64 characters.</summary>
        public static bool IsUid(string uid) => DicomRules.Table.IsUid(uid);

        /// <summary>Names no update can change: identifiers of the document itself, pixel data, frames and checksums.</summary>
        public static bool IsNeverUpdatable(string name) => DicomRules.Table.IsNeverUpdatable(name);

        /// <summary>The UID elements and StudyID, which the service changes only with force=true.</summary>
        public static bool IsForceElement(string name) => DicomRules.Table.Element(name)?.Update == ElementUpdateRule.ForceOnly;

        /// <summary>Private tags change only with force=true.</summary>
        public static bool PrivateTagsNeedForce => DicomRules.Table.PrivateTagUpdate == ElementUpdateRule.ForceOnly;
    }
}
