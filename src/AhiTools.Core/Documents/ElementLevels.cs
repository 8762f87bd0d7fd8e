using System.Collections.Generic;

namespace AhiTools.Documents
{
    /// <summary>
    /// The level of the metadata document where well-known DICOM elements live (the Patient, General Study, General
    /// Series and image modules), so that one given at another level is refused before sending. Elements not listed
    /// here are left to the service.
    /// </summary>
    internal static class ElementLevels
    {
        private static readonly Dictionary<string, ElementLevel> Known = Build();

        /// <summary>The level where the element belongs, or null when it is not one of the well-known elements.</summary>
        public static ElementLevel? Of(string keyword) => Known.TryGetValue(keyword, out ElementLevel level) ? level : (ElementLevel?)null;

        /// <summary>Whether a level may carry DICOMVRs: the service keeps VRs for series and instance elements only.</summary>
        public static bool HoldsVrs(ElementLevel level) => level == ElementLevel.Series || level == ElementLevel.Instance;

        public static string ParameterFor(ElementLevel level)
        {
            switch (level)
            {
                case ElementLevel.Patient:
                    return "-Patient";
                case ElementLevel.Study:
                    return "-Study";
                case ElementLevel.Series:
                    return "-Series (keyed by SeriesInstanceUID)";
                default:
                    return "-Instance (keyed by SOPInstanceUID)";
            }
        }

        private static Dictionary<string, ElementLevel> Build()
        {
            var known = new Dictionary<string, ElementLevel>(System.StringComparer.Ordinal);
            Add(known, ElementLevel.Patient, "PatientName", "PatientID", "PatientBirthDate", "PatientBirthTime", "PatientSex",
                "OtherPatientIDs", "OtherPatientNames", "IssuerOfPatientID", "EthnicGroup", "PatientComments");
            Add(known, ElementLevel.Study, "StudyInstanceUID", "StudyDate", "StudyTime", "AccessionNumber", "StudyDescription",
                "StudyID", "ReferringPhysicianName");
            Add(known, ElementLevel.Series, "SeriesInstanceUID", "SeriesNumber", "Modality", "SeriesDescription", "SeriesDate",
                "SeriesTime", "BodyPartExamined", "Laterality", "ProtocolName");
            Add(known, ElementLevel.Instance, "SOPInstanceUID", "SOPClassUID", "InstanceNumber", "Rows", "Columns",
                "BitsAllocated", "BitsStored", "PhotometricInterpretation", "ImagePositionPatient", "ImageOrientationPatient",
                "PixelSpacing", "SliceThickness", "WindowCenter", "WindowWidth");
            return known;
        }

        private static void Add(Dictionary<string, ElementLevel> known, ElementLevel level, params string[] keywords)
        {
            foreach (string keyword in keywords)
            {
                known.Add(keyword, level);
            }
        }
    }
}
