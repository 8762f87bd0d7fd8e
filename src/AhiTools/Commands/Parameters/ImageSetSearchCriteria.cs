using System.Text.Json.Nodes;

namespace AhiTools.Commands
{
    /// <summary>
    /// Search-AHIImageSet's friendly filters turned into the model's SearchCriteria: at most two filters, EQUAL for
    /// identifiers, BETWEEN (lower bound, upper bound) for dates. Bad combinations are refused here, before sending;
    /// messages name parameters, never the values (patient IDs and UIDs are patient data). Dates are not patient data
    /// here: they are the caller's own range, and the description for verbose output shows them.
    /// <para>
    /// Time zones: createdAt and updatedAt are instants. A date with a zone or offset keeps its instant; one without
    /// (Get-Date, '2024-03-01', '20240301') is local time, as everywhere in PowerShell. The DICOM study date has no zone:
    /// the date is taken as written, its time of day is ignored, and both bounds include their whole day. StudyTime is
    /// not filtered on, so a day's studies are all found whatever their StudyTime.
    /// </para>
    /// </summary>
    internal sealed class ImageSetSearchCriteria
    {
        public const int MaxFilters = 2;
        private const int MaxUidLength = 64;
        private const int MaxValueLength = 512;
        private const string EarliestStudyDate = "00010101";

        /// <summary>No date given to a search may be earlier: DICOM dates start in the 20th century, and an earlier one is a mistake (0001-01-01 is what a number read as ticks becomes).</summary>
        public static readonly DateTime EarliestSearchDate = new(1900, 1, 1);
        private const string LatestStudyDate = "99991231";

        private static readonly Dictionary<string, string> SortFields = new(StringComparer.OrdinalIgnoreCase)
        {
            ["UpdatedAt"] = "updatedAt",
            ["CreatedAt"] = "createdAt",
            ["StudyDateAndTime"] = "DICOMStudyDateAndTime",
        };

        public string? PatientId { get; set; }
        public string? AccessionNumber { get; set; }
        public string? StudyId { get; set; }
        public string? StudyInstanceUid { get; set; }
        public string? SeriesInstanceUid { get; set; }
        public DateTime? CreatedAfter { get; set; }
        public DateTime? CreatedBefore { get; set; }
        public DateTime? UpdatedAfter { get; set; }
        public DateTime? UpdatedBefore { get; set; }
        public DateTime? StudyDateFrom { get; set; }
        public DateTime? StudyDateTo { get; set; }
        public bool? IsPrimary { get; set; }
        /// <summary>UpdatedAt, CreatedAt or StudyDateAndTime.</summary>
        public string? SortBy { get; set; }
        /// <summary>Ascending or Descending.</summary>
        public string? SortOrder { get; set; }

        /// <summary>The SearchCriteria JSON, and a description of it without any value, for verbose output.</summary>
        /// <param name="now">An open upper date bound becomes a day after this.</param>
        /// <exception cref="DocumentValidationException">A filter the service would refuse, or more than two.</exception>
        public (string Json, string Description) Build(DateTimeOffset now)
        {
            RequireDateInRange("CreatedAfter", CreatedAfter);
            RequireDateInRange("CreatedBefore", CreatedBefore);
            RequireDateInRange("UpdatedAfter", UpdatedAfter);
            RequireDateInRange("UpdatedBefore", UpdatedBefore);
            RequireDateInRange("StudyDateFrom", StudyDateFrom);
            RequireDateInRange("StudyDateTo", StudyDateTo);
            var filters = new List<(string Parameters, JsonObject Filter, string Description)>();
            AddEqual(filters, "-PatientId", "DICOMPatientId", PatientId, uid: false);
            AddEqual(filters, "-AccessionNumber", "DICOMAccessionNumber", AccessionNumber, uid: false);
            AddEqual(filters, "-StudyId", "DICOMStudyId", StudyId, uid: false);
            AddEqual(filters, "-StudyInstanceUID", "DICOMStudyInstanceUID", StudyInstanceUid, uid: true);
            AddEqual(filters, "-SeriesInstanceUID", "DICOMSeriesInstanceUID", SeriesInstanceUid, uid: true);
            AddTimeRange(filters, "CreatedAfter", "CreatedBefore", "createdAt", CreatedAfter, CreatedBefore, now);
            AddTimeRange(filters, "UpdatedAfter", "UpdatedBefore", "updatedAt", UpdatedAfter, UpdatedBefore, now);
            AddStudyDateRange(filters);
            if (IsPrimary.HasValue)
            {
                filters.Add(("-IsPrimary", Filter("EQUAL", new JsonObject { ["isPrimary"] = IsPrimary.Value }), "isPrimary EQUAL"));
            }

            if (filters.Count > MaxFilters)
            {
                throw new DocumentValidationException(
                    ErrorIds.TooManySearchFilters,
                    $"SearchImageSets takes at most {MaxFilters} filters, and {string.Join(", ", filters.Select(f => f.Parameters))} make {filters.Count}. Nothing was sent.",
                    "Search with the two most selective filters and narrow the results with Where-Object, for example: Search-AHIImageSet -PatientId $id -CreatedAfter $date | Where-Object AccessionNumber -eq $accession");
            }

            var criteria = new JsonObject();
            if (filters.Count > 0)
            {
                criteria["filters"] = new JsonArray(filters.Select(f => (JsonNode)f.Filter).ToArray());
            }

            JsonObject? sort = BuildSort();
            if (sort != null)
            {
                criteria["sort"] = sort;
            }

            string description = filters.Count == 0 ? "no filter" : "filters " + string.Join(", ", filters.Select(f => f.Description));
            if (sort != null)
            {
                description += $"; sort {sort["sortField"]} {sort["sortOrder"]}";
            }

            return (criteria.ToJsonString(), description);
        }

        private static void AddEqual(List<(string, JsonObject, string)> filters, string parameter, string attribute, string? value, bool uid)
        {
            if (value is null)
            {
                return;
            }

            if (DocumentText.HasLoneSurrogate(value))
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidTextEncoding,
                    $"{parameter} holds an unpaired UTF-16 surrogate character (U+D800 to U+DFFF without its pair), which is not valid UTF-8 text; the service would search for U+FFFD instead. Nothing was sent.",
                    "Correct the text: a character outside the Basic Multilingual Plane is a pair of surrogates, never one alone.");
            }

            if (value.Length > MaxValueLength)
            {
                throw new DocumentValidationException(
                    ErrorIds.SearchValueTooLong,
                    $"{parameter} is {value.Length} characters long; SearchImageSets takes at most {MaxValueLength}. Nothing was sent.");
            }

            if (uid && !IsSearchableUid(value))
            {
                string problem = value.Length > MaxUidLength ? $"is {value.Length} characters long, and a DICOM UID has at most {MaxUidLength}" : "is not a DICOM UID";
                throw new DocumentValidationException(
                    ErrorIds.InvalidSearchUid,
                    $"{parameter} {problem}: a UID is digits separated by single dots, at most {MaxUidLength} characters, such as 1.2.840.10008.1. Nothing was sent.",
                    "Copy the UID from the DICOM metadata (Get-AHIImageSetMetadata) without spaces or letters.");
            }

            filters.Add((parameter, Filter("EQUAL", new JsonObject { [attribute] = value }), attribute + " EQUAL"));
        }

        // Looser than an update's UID rule on purpose: the API's search pattern is [0-9.]+, and imported studies can
        // carry UIDs with a leading zero in a component (invalid by PS3.5, yet stored), which a user must still find.
        private static bool IsSearchableUid(string value) =>
            value.Length <= MaxUidLength && value.Split('.').All(component => component.Length > 0 && component.All(c => c >= '0' && c <= '9'));

        private static void AddTimeRange(List<(string, JsonObject, string)> filters, string afterName, string beforeName, string attribute, DateTime? after, DateTime? before, DateTimeOffset now)
        {
            if (!after.HasValue && !before.HasValue)
            {
                return;
            }

            DateTimeOffset lower = after.HasValue ? ToUniversal(after.Value) : DateTimeOffset.FromUnixTimeSeconds(0);
            DateTimeOffset upper = before.HasValue ? ToUniversal(before.Value) : now.AddDays(1);
            if (!before.HasValue && lower > upper)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidSearchRange,
                    $"-{afterName} ({Instant(lower)}) is more than a day in the future, so no image set can match. Nothing was sent.",
                    $"Give -{afterName} a time in the past, for example (Get-Date).AddDays(-7).");
            }

            RequireOrdered(lower <= upper, afterName, beforeName, Instant(lower), Instant(upper));
            filters.Add((
                $"-{afterName}/-{beforeName}",
                Filter("BETWEEN", new JsonObject { [attribute] = EpochSeconds(lower) }, new JsonObject { [attribute] = EpochSeconds(upper) }),
                $"{attribute} BETWEEN {Instant(lower)} AND {Instant(upper)}"));
        }

        private void AddStudyDateRange(List<(string, JsonObject, string)> filters)
        {
            if (!StudyDateFrom.HasValue && !StudyDateTo.HasValue)
            {
                return;
            }

            string lower = StudyDateFrom.HasValue ? StudyDate(StudyDateFrom.Value) : EarliestStudyDate;
            string upper = StudyDateTo.HasValue ? StudyDate(StudyDateTo.Value) : LatestStudyDate;
            RequireOrdered(string.CompareOrdinal(lower, upper) <= 0, "StudyDateFrom", "StudyDateTo", lower, upper);
            filters.Add((
                "-StudyDateFrom/-StudyDateTo",
                Filter("BETWEEN", new JsonObject { ["DICOMStudyDateAndTime"] = new JsonObject { ["DICOMStudyDate"] = lower } }, new JsonObject { ["DICOMStudyDateAndTime"] = new JsonObject { ["DICOMStudyDate"] = upper } }),
                $"DICOMStudyDate BETWEEN {lower} AND {upper} (whole days)"));
        }

        private JsonObject? BuildSort()
        {
            if (SortBy is null && SortOrder is null)
            {
                return null;
            }

            string field = SortBy is null ? "updatedAt" : SortFields[SortBy];
            string order = string.Equals(SortOrder, "Ascending", StringComparison.OrdinalIgnoreCase) ? "ASC" : "DESC";
            return new JsonObject { ["sortOrder"] = order, ["sortField"] = field };
        }

        private static void RequireOrdered(bool ordered, string lowerName, string upperName, string lower, string upper)
        {
            if (!ordered)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidSearchRange,
                    $"-{lowerName} ({lower}) is later than -{upperName} ({upper}): the range is empty. Nothing was sent.",
                    $"Give -{lowerName} the earlier date and -{upperName} the later one.");
            }
        }

        private static void RequireDateInRange(string parameter, DateTime? value)
        {
            if (value.HasValue && value.Value < EarliestSearchDate)
            {
                throw new DocumentValidationException(
                    ErrorIds.InvalidSearchDate,
                    $"-{parameter} is {value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, before 1900-01-01, so it cannot be a date you meant. Nothing was sent.",
                    $"Give -{parameter} as a DICOM date (20240301), an ISO date (2024-03-01, 2024-03-01T10:00:00Z) or a [datetime] such as (Get-Date).AddDays(-7).");
            }
        }

        private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);

        private static JsonObject Filter(string op, params JsonObject[] values) => new()
        {
            ["values"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()),
            ["operator"] = op,
        };

        // A DateTime without a kind (Get-Date, '2024-03-01') is local time, as everywhere in PowerShell.
        private static DateTimeOffset ToUniversal(DateTime value) => new(value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(), TimeSpan.Zero);

        private static decimal EpochSeconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000m;

        private static string StudyDate(DateTime value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }
}
