namespace AhiTools.LocalService.Store
{
    /// <summary>The searchable DICOM values of one metadata document (SearchImageSets filters and DICOMTags).</summary>
    public sealed class SearchableValues
    {
        public string? PatientId, PatientName, PatientBirthDate, PatientSex;
        public string? StudyInstanceUid, StudyId, StudyDescription, AccessionNumber, StudyDate, StudyTime;
        public List<SeriesSummary> Series { get; } = new List<SeriesSummary>();
        public int InstanceCount;

        public sealed class SeriesSummary
        {
            public string Uid = "";
            public string? Modality, BodyPart;
            public int? SeriesNumber;
        }

        public static SearchableValues Of(JsonObject document)
        {
            var summary = new SearchableValues();
            var patient = (document["Patient"] as JsonObject)?["DICOM"] as JsonObject;
            summary.PatientId = Text(patient, "PatientID");
            summary.PatientName = Text(patient, "PatientName");
            summary.PatientBirthDate = Text(patient, "PatientBirthDate");
            summary.PatientSex = Text(patient, "PatientSex");
            var study = document["Study"] as JsonObject;
            var studyDicom = study?["DICOM"] as JsonObject;
            summary.StudyInstanceUid = Text(studyDicom, "StudyInstanceUID");
            summary.StudyId = Text(studyDicom, "StudyID");
            summary.StudyDescription = Text(studyDicom, "StudyDescription");
            summary.AccessionNumber = Text(studyDicom, "AccessionNumber");
            summary.StudyDate = Text(studyDicom, "StudyDate");
            summary.StudyTime = Text(studyDicom, "StudyTime");
            if (study?["Series"] is JsonObject series)
            {
                foreach (var (uid, node) in series)
                {
                    var seriesDicom = (node as JsonObject)?["DICOM"] as JsonObject;
                    var number = seriesDicom?["SeriesNumber"];
                    int? seriesNumber = null;
                    if (number is JsonValue v)
                    {
                        if (v.TryGetValue<int>(out var n)) seriesNumber = n;
                        else if (v.TryGetValue<string>(out var s) && int.TryParse(s, out var parsed)) seriesNumber = parsed;
                    }
                    summary.Series.Add(new SeriesSummary
                    {
                        Uid = uid,
                        Modality = Text(seriesDicom, "Modality"),
                        BodyPart = Text(seriesDicom, "BodyPartExamined"),
                        SeriesNumber = seriesNumber,
                    });
                    if ((node as JsonObject)?["Instances"] is JsonObject instances) summary.InstanceCount += instances.Count;
                }
            }
            return summary;
        }

        private static string? Text(JsonObject? dicom, string keyword)
        {
            var node = dicom?[keyword];
            if (node is JsonValue value)
            {
                if (value.TryGetValue<string>(out var text)) return text;
                return value.ToJsonString();
            }
            if (node is JsonArray array && array.Count > 0 && array[0] is JsonValue first && first.TryGetValue<string>(out var firstText)) return firstText;
            return null;
        }
    }
}
