using System;
using System.Text.Json;
using AhiTools.Commands;
using Xunit;

namespace AhiTools.Tests
{
    // Search-AHIImageSet's parameters as the SearchCriteria body the model defines, and the combinations refused before sending.
    public class SearchCriteriaTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        private static JsonElement Body(ImageSetSearchCriteria criteria) => JsonDocument.Parse(criteria.Build(Now).Json).RootElement;

        [Fact]
        public void NoParametersSearchEverything()
        {
            Assert.Equal("{}", new ImageSetSearchCriteria().Build(Now).Json);
        }

        [Fact]
        public void IdentifiersAreEqualFiltersWithOneValue()
        {
            JsonElement filters = Body(new ImageSetSearchCriteria { PatientId = "PID-1", StudyInstanceUid = "1.2.3" }).GetProperty("filters");
            Assert.Equal(2, filters.GetArrayLength());
            Assert.Equal("EQUAL", filters[0].GetProperty("operator").GetString());
            Assert.Equal("PID-1", filters[0].GetProperty("values")[0].GetProperty("DICOMPatientId").GetString());
            Assert.Equal("1.2.3", filters[1].GetProperty("values")[0].GetProperty("DICOMStudyInstanceUID").GetString());
        }

        [Fact]
        public void TimeRangesAreBetweenInEpochSecondsWithOpenBoundsFilledIn()
        {
            var after = new DateTime(2024, 1, 2, 3, 4, 5, 500, DateTimeKind.Utc);
            JsonElement values = Body(new ImageSetSearchCriteria { CreatedAfter = after }).GetProperty("filters")[0].GetProperty("values");
            Assert.Equal(1704164645.5m, values[0].GetProperty("createdAt").GetDecimal());
            Assert.Equal(Now.AddDays(1).ToUnixTimeSeconds(), values[1].GetProperty("createdAt").GetDecimal());

            JsonElement before = Body(new ImageSetSearchCriteria { UpdatedBefore = after }).GetProperty("filters")[0];
            Assert.Equal("BETWEEN", before.GetProperty("operator").GetString());
            Assert.Equal(0m, before.GetProperty("values")[0].GetProperty("updatedAt").GetDecimal());
        }

        [Fact]
        public void StudyDatesAreDicomDatesWholeDaysIncluded()
        {
            JsonElement values = Body(new ImageSetSearchCriteria { StudyDateFrom = new DateTime(2023, 6, 15, 17, 30, 0) }).GetProperty("filters")[0].GetProperty("values");
            Assert.Equal("20230615", values[0].GetProperty("DICOMStudyDateAndTime").GetProperty("DICOMStudyDate").GetString());
            Assert.Equal("99991231", values[1].GetProperty("DICOMStudyDateAndTime").GetProperty("DICOMStudyDate").GetString());
            Assert.False(values[0].GetProperty("DICOMStudyDateAndTime").TryGetProperty("DICOMStudyTime", out _));
        }

        [Theory]
        [InlineData(null, "Ascending", "updatedAt", "ASC")]
        [InlineData("StudyDateAndTime", null, "DICOMStudyDateAndTime", "DESC")]
        [InlineData("createdat", "descending", "createdAt", "DESC")]
        public void SortNeedsBothMembersSoTheMissingOneIsDefaulted(string? by, string? order, string field, string wireOrder)
        {
            JsonElement sort = Body(new ImageSetSearchCriteria { SortBy = by, SortOrder = order }).GetProperty("sort");
            Assert.Equal(field, sort.GetProperty("sortField").GetString());
            Assert.Equal(wireOrder, sort.GetProperty("sortOrder").GetString());
        }

        [Fact]
        public void MoreThanTwoFiltersAreRefusedNamingParametersNotValues()
        {
            var criteria = new ImageSetSearchCriteria { PatientId = "PID-SECRET", AccessionNumber = "ACC", IsPrimary = true };
            var error = Assert.Throws<AhiValidationException>(() => criteria.Build(Now));
            Assert.Equal("TooManySearchFilters", error.ErrorId);
            Assert.Contains("-PatientId, -AccessionNumber, -IsPrimary make 3", error.Message);
            Assert.DoesNotContain("SECRET", error.Message + error.RecommendedAction);
        }

        [Fact]
        public void BothBoundsOfOneRangeAreOneFilter()
        {
            var criteria = new ImageSetSearchCriteria { PatientId = "P", CreatedAfter = new DateTime(2024, 1, 1), CreatedBefore = new DateTime(2024, 2, 1) };
            Assert.Equal(2, Body(criteria).GetProperty("filters").GetArrayLength());
        }

        [Fact]
        public void EmptyRangesAreRefused()
        {
            var error = Assert.Throws<AhiValidationException>(() => new ImageSetSearchCriteria { StudyDateFrom = new DateTime(2024, 2, 1), StudyDateTo = new DateTime(2024, 1, 31) }.Build(Now));
            Assert.Equal("InvalidSearchRange", error.ErrorId);
            Assert.Contains("-StudyDateFrom is later than -StudyDateTo", error.Message);
        }

        [Theory]
        [InlineData("1.2.3 ")]
        [InlineData("abc")]
        public void UidsMustBeDigitsAndDots(string uid)
        {
            var error = Assert.Throws<AhiValidationException>(() => new ImageSetSearchCriteria { SeriesInstanceUid = uid }.Build(Now));
            Assert.Equal("InvalidSearchUid", error.ErrorId);
            Assert.DoesNotContain(uid, error.Message);
        }

        [Fact]
        public void DescriptionNamesFiltersWithoutValues()
        {
            string description = new ImageSetSearchCriteria { PatientId = "PID-SECRET", SortBy = "CreatedAt" }.Build(Now).Description;
            Assert.Equal("filters DICOMPatientId EQUAL; sort createdAt DESC", description);
        }
    }
}
