using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace AhiTools.Commands
{
    /// <summary>
    /// Search-AHIImageSet's friendly filters turned into the model's SearchCriteria: at most two filters, EQUAL for
    /// identifiers, BETWEEN (lower bound, upper bound) for dates. Bad combinations are refused here, before sending;
    /// messages name parameters, never the values (patient IDs and UIDs are patient data).
    /// </summary>
    internal sealed class ImageSetSearchCriteria
    {
        public const int MaxFilters = 2;
        private const int MaxValueLength = 512;
        private const string EarliestStudyDate = "00010101";
        private const string LatestStudyDate = "99991231";

        private static readonly Dictionary<string, string> SortFields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
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
        /// <exception cref="AhiValidationException">A filter the service would refuse, or more than two.</exception>
        public (string Json, string Description) Build(DateTimeOffset now)
        {
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
                throw new AhiValidationException(
                    "TooManySearchFilters",
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

            if (value.Length > MaxValueLength)
            {
                throw new AhiValidationException(
                    "SearchValueTooLong",
                    $"{parameter} is {value.Length} characters long; SearchImageSets takes at most {MaxValueLength}. Nothing was sent.");
            }

            if (uid && !IsUid(value))
            {
                throw new AhiValidationException(
                    "InvalidSearchUid",
                    $"{parameter} must be a DICOM UID: digits and dots only, such as 1.2.840.10008.1. Nothing was sent.",
                    "Copy the UID from the DICOM metadata (Get-AHIImageSetMetadata) without spaces or letters.");
            }

            filters.Add((parameter, Filter("EQUAL", new JsonObject { [attribute] = value }), attribute + " EQUAL"));
        }

        private static void AddTimeRange(List<(string, JsonObject, string)> filters, string afterName, string beforeName, string attribute, DateTime? after, DateTime? before, DateTimeOffset now)
        {
            if (!after.HasValue && !before.HasValue)
            {
                return;
            }

            DateTimeOffset lower = after.HasValue ? ToUniversal(after.Value) : DateTimeOffset.FromUnixTimeSeconds(0);
            DateTimeOffset upper = before.HasValue ? ToUniversal(before.Value) : now.AddDays(1);
            RequireOrdered(lower <= upper, afterName, beforeName);
            filters.Add(($"-{afterName}/-{beforeName}", Filter("BETWEEN", new JsonObject { [attribute] = EpochSeconds(lower) }, new JsonObject { [attribute] = EpochSeconds(upper) }), attribute + " BETWEEN"));
        }

        private void AddStudyDateRange(List<(string, JsonObject, string)> filters)
        {
            if (!StudyDateFrom.HasValue && !StudyDateTo.HasValue)
            {
                return;
            }

            string lower = StudyDateFrom.HasValue ? StudyDate(StudyDateFrom.Value) : EarliestStudyDate;
            string upper = StudyDateTo.HasValue ? StudyDate(StudyDateTo.Value) : LatestStudyDate;
            RequireOrdered(string.CompareOrdinal(lower, upper) <= 0, "StudyDateFrom", "StudyDateTo");
            filters.Add((
                "-StudyDateFrom/-StudyDateTo",
                Filter("BETWEEN", new JsonObject { ["DICOMStudyDateAndTime"] = new JsonObject { ["DICOMStudyDate"] = lower } }, new JsonObject { ["DICOMStudyDateAndTime"] = new JsonObject { ["DICOMStudyDate"] = upper } }),
                "DICOMStudyDateAndTime BETWEEN"));
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

        private static void RequireOrdered(bool ordered, string lowerName, string upperName)
        {
            if (!ordered)
            {
                throw new AhiValidationException(
                    "InvalidSearchRange",
                    $"-{lowerName} is later than -{upperName}: the range is empty. Nothing was sent.",
                    $"Give -{lowerName} the earlier date and -{upperName} the later one.");
            }
        }

        private static JsonObject Filter(string op, params JsonObject[] values) => new JsonObject
        {
            ["values"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()),
            ["operator"] = op,
        };

        private static bool IsUid(string value) => value.Length > 0 && value.All(c => (c >= '0' && c <= '9') || c == '.');

        // A DateTime without a kind (Get-Date, '2024-03-01') is local time, as everywhere in PowerShell.
        private static DateTimeOffset ToUniversal(DateTime value) => new DateTimeOffset(value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(), TimeSpan.Zero);

        private static decimal EpochSeconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds() / 1000m;

        private static string StudyDate(DateTime value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }
}
