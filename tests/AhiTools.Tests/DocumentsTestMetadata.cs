namespace AhiTools.Tests
{
    /// <summary>A small metadata document: two series, three instances, one private tag, frames on each instance.</summary>
    internal static class DocumentsTestMetadata
    {
        public const string SeriesA = "1.2.840.1.1";
        public const string SeriesB = "1.2.840.1.2";
        public const string SopA1 = "1.2.840.1.1.1";
        public const string SopA2 = "1.2.840.1.1.2";
        public const string SopB1 = "1.2.840.1.2.1";

        public const string Document = @"{
  ""SchemaVersion"": ""1.1"",
  ""DatastoreID"": ""0123456789abcdef0123456789abcdef"",
  ""ImageSetID"": ""fedcba9876543210fedcba9876543210"",
  ""Patient"": { ""DICOM"": { ""PatientName"": ""DOE^JOHN"", ""PatientID"": ""P-1"", ""PatientBirthDate"": ""19700101"" } },
  ""Study"": {
    ""DICOM"": { ""StudyInstanceUID"": ""1.2.840.1"", ""StudyDescription"": ""CHEST"", ""StudyComments"": null },
    ""Series"": {
      ""1.2.840.1.1"": {
        ""DICOM"": { ""SeriesInstanceUID"": ""1.2.840.1.1"", ""SeriesDescription"": ""AXIAL"" },
        ""Instances"": {
          ""1.2.840.1.1.1"": { ""DICOM"": { ""SOPInstanceUID"": ""1.2.840.1.1.1"", ""ImageComments"": ""first"", ""001910F9"": ""97"" }, ""DICOMVRs"": { ""001910F9"": ""DS"" }, ""ImageFrames"": [ { ""ID"": ""f1"" } ] },
          ""1.2.840.1.1.2"": { ""DICOM"": { ""SOPInstanceUID"": ""1.2.840.1.1.2"" }, ""ImageFrames"": [ { ""ID"": ""f2"" }, { ""ID"": ""f3"" } ] }
        }
      },
      ""1.2.840.1.2"": {
        ""DICOM"": { ""SeriesInstanceUID"": ""1.2.840.1.2"" },
        ""Instances"": {
          ""1.2.840.1.2.1"": { ""DICOM"": { ""SOPInstanceUID"": ""1.2.840.1.2.1"" }, ""ImageFrames"": [ { ""ID"": ""f4"" } ] }
        }
      }
    }
  }
}";
    }
}
