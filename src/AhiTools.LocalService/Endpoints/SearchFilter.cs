namespace AhiTools.LocalService.Endpoints
{
    /// <summary>One SearchFilter of SearchImageSets: an attribute (the SearchByAttributeValue union member) with EQUAL or BETWEEN.</summary>
    public sealed class SearchFilter
    {
        private static readonly string[] Attributes =
        {
            "DICOMPatientId", "DICOMAccessionNumber", "DICOMStudyId", "DICOMStudyInstanceUID", "DICOMSeriesInstanceUID",
            "createdAt", "updatedAt", "DICOMStudyDateAndTime", "isPrimary",
        };

        private SearchFilter() { }

        public required string Attribute { get; init; }
        public required string Operator { get; init; }
        public required List<JsonNode> Values { get; init; }

        public static List<SearchFilter> ParseAll(JsonNode? node)
        {
            if (node == null) return new List<SearchFilter>();
            if (node is not JsonArray array || array.Count < 1 || array.Count > 2)
                throw ServiceException.Validation("searchCriteria.filters must hold 1 or 2 filters.");
            return array.Select(Parse).ToList();
        }

        private static SearchFilter Parse(JsonNode? node)
        {
            if (node is not JsonObject filter) throw ServiceException.Validation("Each filter must be an object.");
            var op = RequestValues.OptionalString(filter, "operator");
            if (op != "EQUAL" && op != "BETWEEN") throw ServiceException.Validation("filter.operator must be EQUAL or BETWEEN.");
            if (filter["values"] is not JsonArray values || values.Count < 1 || values.Count > 2)
                throw ServiceException.Validation("filter.values must hold 1 or 2 values.");
            string? attribute = null;
            var parsed = new List<JsonNode>();
            foreach (var valueNode in values)
            {
                if (valueNode is not JsonObject value || value.Count != 1)
                    throw ServiceException.Validation("Each filter value must set exactly one attribute.");
                var (name, member) = value.First();
                if (!Attributes.Contains(name)) throw ServiceException.Validation($"Unknown search attribute '{name}'.");
                if (attribute != null && attribute != name) throw ServiceException.Validation("The values of one filter must name the same attribute.");
                attribute = name;
                parsed.Add(CheckValue(name, member ?? throw ServiceException.Validation($"Search attribute '{name}' needs a value.")));
            }
            if (op == "EQUAL" && parsed.Count != 1) throw ServiceException.Validation("EQUAL takes exactly one value.");
            if (op == "BETWEEN")
            {
                if (parsed.Count != 2) throw ServiceException.Validation("BETWEEN takes exactly two values (lower bound, upper bound).");
                if (attribute != "createdAt" && attribute != "updatedAt" && attribute != "DICOMStudyDateAndTime")
                    throw ServiceException.Validation($"BETWEEN is not supported for {attribute}.");
            }
            return new SearchFilter { Attribute = attribute!, Operator = op, Values = parsed };
        }

        // The model's constraints on each SearchByAttributeValue member, checked whether or not any image set is compared.
        private static JsonNode CheckValue(string attribute, JsonNode value)
        {
            switch (attribute)
            {
                case "DICOMPatientId":
                case "DICOMAccessionNumber":
                case "DICOMStudyId":
                    CheckString(attribute, value, 512, uid: false);
                    break;
                case "DICOMStudyInstanceUID":
                case "DICOMSeriesInstanceUID":
                    CheckString(attribute, value, 512, uid: true);
                    break;
                case "createdAt":
                case "updatedAt":
                    WireFormat.ParseTimestamp(value, attribute);
                    break;
                case "isPrimary":
                    if (value is not JsonValue flag || !flag.TryGetValue<bool>(out _))
                        throw ServiceException.Validation("1 validation error detected: Value at 'isPrimary' failed to satisfy constraint: Member must be a boolean");
                    break;
                case "DICOMStudyDateAndTime":
                    var (date, time) = DateAndTime(value);
                    if (date.Length > 36) throw ServiceException.Validation("1 validation error detected: Value at 'DICOMStudyDate' failed to satisfy constraint: Member must have length less than or equal to 36");
                    if (time != null && time.Length > 56) throw ServiceException.Validation("1 validation error detected: Value at 'DICOMStudyTime' failed to satisfy constraint: Member must have length less than or equal to 56");
                    break;
            }
            return value;
        }

        private static void CheckString(string attribute, JsonNode value, int maxLength, bool uid)
        {
            if (value is not JsonValue text || !text.TryGetValue<string>(out var s))
                throw ServiceException.Validation($"1 validation error detected: Value at '{attribute}' failed to satisfy constraint: Member must be a string");
            if (s.Length > maxLength)
                throw ServiceException.Validation($"1 validation error detected: Value at '{attribute}' failed to satisfy constraint: Member must have length less than or equal to {maxLength}");
            if (uid && (s.Length == 0 || s.Any(c => c != '.' && (c < '0' || c > '9'))))
                throw ServiceException.Validation($"1 validation error detected: Value at '{attribute}' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9.]+");
        }

        public bool Matches(ImageSetRecord imageSet)
        {
            var latest = imageSet.Latest;
            var summary = latest.Document.Summary;
            switch (Attribute)
            {
                case "DICOMPatientId": return Equal(summary.PatientId);
                case "DICOMAccessionNumber": return Equal(summary.AccessionNumber);
                case "DICOMStudyId": return Equal(summary.StudyId);
                case "DICOMStudyInstanceUID": return Equal(summary.StudyInstanceUid);
                case "DICOMSeriesInstanceUID": return summary.Series.Any(s => Equal(s.Uid));
                case "isPrimary": return Values[0] is JsonValue v && v.TryGetValue<bool>(out var wanted) && latest.IsPrimary == wanted;
                case "createdAt": return InRange(imageSet.Versions[0].CreatedAt);
                case "updatedAt": return InRange(latest.UpdatedAt);
                case "DICOMStudyDateAndTime": return StudyDateMatches(summary);
                default: return false;
            }
        }

        private bool Equal(string? actual) => actual != null && Values[0] is JsonValue v && v.TryGetValue<string>(out var wanted) && actual == wanted;

        private bool InRange(DateTimeOffset actual)
        {
            var low = WireFormat.ParseTimestamp(Values[0], Attribute);
            if (Operator == "EQUAL") return actual == low;
            var high = WireFormat.ParseTimestamp(Values[1], Attribute);
            return actual >= low && actual <= high;
        }

        private bool StudyDateMatches(SearchableValues summary)
        {
            var actual = StudyDateTime(summary);
            if (actual.Length == 0) return false;
            if (Operator == "EQUAL")
            {
                var (date, time) = DateAndTime(Values[0]);
                return summary.StudyDate == date && (time == null || (summary.StudyTime ?? "").StartsWith(time, StringComparison.Ordinal));
            }
            var low = Combine(DateAndTime(Values[0]), "");
            var high = Combine(DateAndTime(Values[1]), "~");
            return string.CompareOrdinal(actual, low) >= 0 && string.CompareOrdinal(actual, high) <= 0;
        }

        private static (string Date, string? Time) DateAndTime(JsonNode node)
        {
            if (node is not JsonObject value || value["DICOMStudyDate"] is not JsonValue date || !date.TryGetValue<string>(out var dateText))
                throw ServiceException.Validation("DICOMStudyDateAndTime needs DICOMStudyDate.");
            return (dateText, RequestValues.OptionalString(value, "DICOMStudyTime"));
        }

        private static string Combine((string Date, string? Time) value, string openEnd) => value.Date + "T" + (value.Time ?? openEnd);

        /// <summary>"YYYYMMDDTHHMMSS.frac" for ordering and ranges; empty when the document has no StudyDate.</summary>
        public static string StudyDateTime(SearchableValues summary)
            => summary.StudyDate == null ? "" : summary.StudyDate + "T" + (summary.StudyTime ?? "");
    }
}
