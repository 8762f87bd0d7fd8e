using System.Text.Json.Nodes;

namespace AhiTools.LocalService.Tests.Support
{
    /// <summary>Small hand-written metadata documents for the HTTP tests.</summary>
    public static class Documents
    {
        public static JsonObject Study(string patientId = "PAT-1", string studyUid = "1.2.3.4", string seriesUid = "1.2.3.4.1",
            string[]? instanceUids = null, string patientName = "DOE^JANE", string accession = "ACC-1", string studyDate = "20240115",
            string studyTime = "093000")
        {
            var instances = new JsonObject();
            var n = 1;
            foreach (var uid in instanceUids ?? new[] { seriesUid + ".1", seriesUid + ".2" })
            {
                instances[uid] = new JsonObject
                {
                    ["DICOM"] = new JsonObject
                    {
                        ["SOPInstanceUID"] = uid,
                        ["SOPClassUID"] = "1.2.840.10008.5.1.4.1.1.2",
                        ["InstanceNumber"] = n++,
                        ["Rows"] = 512,
                        ["Columns"] = 512,
                    },
                    ["DICOMVRs"] = new JsonObject(),
                    ["ImageFrames"] = new JsonArray(new JsonObject { ["ID"] = "f" + uid.Replace(".", ""), ["FrameSizeInBytes"] = 1024 }),
                };
            }
            return new JsonObject
            {
                ["SchemaVersion"] = "1.1",
                ["Patient"] = new JsonObject
                {
                    ["DICOM"] = new JsonObject { ["PatientName"] = patientName, ["PatientID"] = patientId, ["PatientBirthDate"] = "19700101", ["PatientSex"] = "F" },
                },
                ["Study"] = new JsonObject
                {
                    ["DICOM"] = new JsonObject
                    {
                        ["StudyInstanceUID"] = studyUid, ["StudyDate"] = studyDate, ["StudyTime"] = studyTime,
                        ["AccessionNumber"] = accession, ["StudyDescription"] = "CT CHEST", ["StudyID"] = "1",
                    },
                    ["Series"] = new JsonObject
                    {
                        [seriesUid] = new JsonObject
                        {
                            ["DICOM"] = new JsonObject { ["SeriesInstanceUID"] = seriesUid, ["Modality"] = "CT", ["SeriesNumber"] = 1 },
                            ["Instances"] = instances,
                        },
                    },
                },
            };
        }
    }
}
