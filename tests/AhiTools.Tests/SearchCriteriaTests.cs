using System;
using System.Text.Json;
using AhiTools.Commands;
using AhiTools.Documents;
using Xunit;

namespace AhiTools.Tests
{
    // Search-AHIImageSet's parameters as the SearchCriteria body the model defines, and the combinations refused before sending.
    public class SearchCriteriaTests
    {
        private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

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
            var error = Assert.Throws<DocumentValidationException>(() => criteria.Build(Now));
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
            var error = Assert.Throws<DocumentValidationException>(() => new ImageSetSearchCriteria { StudyDateFrom = new DateTime(2024, 2, 1), StudyDateTo = new DateTime(2024, 1, 31) }.Build(Now));
            Assert.Equal("InvalidSearchRange", error.ErrorId);
            Assert.Contains("-StudyDateFrom (20240201) is later than -StudyDateTo (20240131)", error.Message);
        }

        [Theory]
        [InlineData("1.2.3 ")]
        [InlineData("abc")]
        [InlineData("1..2")]
        [InlineData(".7")]
        [InlineData("1.222222222222222222222222222222222222222222222222222222222222222")]
        public void UidsMustBeDigitsAndDots(string uid)
        {
            var error = Assert.Throws<DocumentValidationException>(() => new ImageSetSearchCriteria { SeriesInstanceUid = uid }.Build(Now));
            Assert.Equal("InvalidSearchUid", error.ErrorId);
            Assert.DoesNotContain(uid, error.Message);
        }

        [Theory]
        [InlineData("1.2.03")]
        [InlineData("0.1.2")]
        public void UidsWithLeadingZerosCanBeSearched(string uid)
        {
            string json = new ImageSetSearchCriteria { SeriesInstanceUid = uid }.Build(Now).Json;
            Assert.Contains(uid, json);
        }

        [Fact]
        public void DescriptionNamesFiltersWithoutValues()
        {
            string description = new ImageSetSearchCriteria { PatientId = "PID-SECRET", SortBy = "CreatedAt" }.Build(Now).Description;
            Assert.Equal("filters DICOMPatientId EQUAL; sort createdAt DESC", description);
        }

        [Fact]
        public void DatesBefore1900AreRefusedNamingTheParameter()
        {
            var error = Assert.Throws<DocumentValidationException>(() => new ImageSetSearchCriteria { StudyDateFrom = DateTime.MinValue }.Build(Now));
            Assert.Equal("InvalidSearchDate", error.ErrorId);
            Assert.StartsWith("-StudyDateFrom is 0001-01-01, before 1900-01-01", error.Message);
            Assert.Equal("InvalidSearchDate", Assert.Throws<DocumentValidationException>(() => new ImageSetSearchCriteria { CreatedBefore = new DateTime(1899, 12, 31, 23, 59, 59) }.Build(Now)).ErrorId);
            new ImageSetSearchCriteria { StudyDateTo = new DateTime(1900, 1, 1) }.Build(Now);
        }

        [Theory]
        [InlineData("-PatientId")]
        [InlineData("-StudyInstanceUID")]
        public void LoneSurrogatesAreRefusedAsInvalidTextEncoding(string parameter)
        {
            string text = "P\uD800";
            var criteria = parameter == "-PatientId" ? new ImageSetSearchCriteria { PatientId = text } : new ImageSetSearchCriteria { StudyInstanceUid = text };
            var error = Assert.Throws<DocumentValidationException>(() => criteria.Build(Now));
            Assert.Equal("InvalidTextEncoding", error.ErrorId);
            Assert.StartsWith(parameter + " holds an unpaired UTF-16 surrogate", error.Message);
            new ImageSetSearchCriteria { PatientId = "P\uD83D\uDE00" }.Build(Now);
        }

        [Fact]
        public void DescriptionShowsDateBoundsButNoPatientValue()
        {
            string description = new ImageSetSearchCriteria
            {
                PatientId = "PID-SECRET",
                CreatedAfter = new DateTime(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc),
            }.Build(Now).Description;
            Assert.Equal("filters DICOMPatientId EQUAL, createdAt BETWEEN 2024-03-01T08:00:00Z AND 2026-03-02T12:00:00Z", description);
            Assert.Equal(
                "filters DICOMStudyDate BETWEEN 00010101 AND 20240301 (whole days)",
                new ImageSetSearchCriteria { StudyDateTo = new DateTime(2024, 3, 1, 23, 0, 0) }.Build(Now).Description);
        }

        [Theory]
        [InlineData("20240301", false, "2024-03-01T00:00:00.0000000")]
        [InlineData(" 2024-03-01 ", false, "2024-03-01T00:00:00.0000000")]
        [InlineData("2024-03-01T10:00:00+02:00", false, "2024-03-01T10:00:00.0000000")]
        [InlineData("2024-03-01T23:30:00-05:00", false, "2024-03-01T23:30:00.0000000")]
        [InlineData("2024-03-01T10:00:00+02:00", true, "2024-03-01T08:00:00.0000000Z")]
        [InlineData("2024-03-01T10:00:00Z", true, "2024-03-01T10:00:00.0000000Z")]
        [InlineData("2024-03-01T10:00:00", true, "2024-03-01T10:00:00.0000000")]
        public void SearchDatesReadDicomAndIsoText(string text, bool instant, string expected)
        {
            Assert.Equal(expected, SearchDateAttribute.Parse(text, instant).ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("20241301")]
        [InlineData("yesterday")]
        [InlineData("")]
        public void TextThatIsNoDateIsRefused(string text)
        {
            Assert.Throws<System.Management.Automation.ArgumentTransformationMetadataException>(() => SearchDateAttribute.Parse(text, false));
        }

        [Fact]
        public void NumbersAreDicomDatesNotTicks()
        {
            var attribute = new SearchDateAttribute();
            Assert.Equal(new DateTime(2020, 1, 1), attribute.Transform(null!, 20200101));
            Assert.Equal(new DateTime(2020, 1, 1), attribute.Transform(null!, 20200101L));
            Assert.Throws<System.Management.Automation.ArgumentTransformationMetadataException>(() => attribute.Transform(null!, 2020));
            var offset = new DateTimeOffset(2024, 3, 1, 23, 30, 0, TimeSpan.FromHours(-5));
            Assert.Equal(new DateTime(2024, 3, 1, 23, 30, 0), attribute.Transform(null!, offset));
            Assert.Equal(new DateTime(2024, 3, 2, 4, 30, 0, DateTimeKind.Utc), new SearchDateAttribute { Instant = true }.Transform(null!, offset));
        }

        [Fact]
        public void ALowerTimeBoundInTheFutureIsRefusedWithoutNamingTheUpperBoundNobodyGave()
        {
            var error = Assert.Throws<DocumentValidationException>(() => new ImageSetSearchCriteria { UpdatedAfter = Now.UtcDateTime.AddDays(2) }.Build(Now));
            Assert.Equal("InvalidSearchRange", error.ErrorId);
            Assert.StartsWith("-UpdatedAfter (2026-03-03T12:00:00Z) is more than a day in the future", error.Message);
            Assert.DoesNotContain("-UpdatedBefore", error.Message);
        }
    }
}
