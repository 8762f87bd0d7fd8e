namespace AhiTools.Documents
{
    /// <summary>
    /// The level of the metadata document where well-known DICOM elements live (the Patient, General Study, General
    /// Series and image modules, from the DICOM rules table), so that one given at another level is refused before
    /// sending. Elements without a home level are left to the service.
    /// </summary>
    internal static class ElementLevels
    {
        /// <summary>The level where the element belongs, or null when it is not one of the well-known elements.</summary>
        public static ElementLevel? Of(string keyword) => DicomRules.Table.Element(keyword)?.HomeLevel;

        /// <summary>The level where private tags change only with force.</summary>
        public static ElementLevel PrivateTagForceLevel => DicomRules.Table.PrivateTagForceLevel;

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
    }
}
