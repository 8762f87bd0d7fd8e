using AhiTools.Commands;
using AhiTools.Connection;
using AhiTools.Documents;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>Anchors must end at the end of the text: .NET's '$' also matches before a final newline.</summary>
    public class IdValidationTests
    {
        private const string ImageSetId = "0123456789abcdef0123456789abcdef";

        [Theory]
        [InlineData(nameof(HealthImagingIdKind.ImageSet), ImageSetId)]
        [InlineData(nameof(HealthImagingIdKind.Datastore), ImageSetId)]
        [InlineData(nameof(HealthImagingIdKind.Version), "12")]
        public void AnIdIsValidAloneButNotWithATrailingNewline(string kindName, string id)
        {
            var kind = (HealthImagingIdKind)System.Enum.Parse(typeof(HealthImagingIdKind), kindName);
            Assert.True(ValidateHealthImagingIdAttribute.IsValid(kind, id));
            Assert.False(ValidateHealthImagingIdAttribute.IsValid(kind, id + "\n"));
            Assert.False(ValidateHealthImagingIdAttribute.IsValid(kind, id + "\r\n"));
        }

        [Theory]
        [InlineData(nameof(HealthImagingIdKind.ImageSet), ImageSetId, true)]
        [InlineData(nameof(HealthImagingIdKind.ImageSet), "0123456789abcdef0123456789abcde", false)] // 31 characters
        [InlineData(nameof(HealthImagingIdKind.ImageSet), ImageSetId + "0", false)]
        [InlineData(nameof(HealthImagingIdKind.ImageSet), "0123456789ABCDEF0123456789abcdef", false)]
        [InlineData(nameof(HealthImagingIdKind.Datastore), "0123456789abcdef0123456789abcde-", false)]
        [InlineData(nameof(HealthImagingIdKind.Datastore), "0123456789abcdef0123456789abcde\u0661", false)] // an Arabic-Indic digit
        [InlineData(nameof(HealthImagingIdKind.Datastore), "", false)]
        [InlineData(nameof(HealthImagingIdKind.Version), "1", true)]
        [InlineData(nameof(HealthImagingIdKind.Version), "0123456789", true)]
        [InlineData(nameof(HealthImagingIdKind.Version), "", false)]
        [InlineData(nameof(HealthImagingIdKind.Version), "-1", false)]
        [InlineData(nameof(HealthImagingIdKind.Version), "1a", false)]
        [InlineData(nameof(HealthImagingIdKind.Version), " 1", false)]
        [InlineData(nameof(HealthImagingIdKind.Version), "\u0661", false)]
        public void AnIdMatchesTheModelsPattern(string kindName, string id, bool valid)
        {
            var kind = (HealthImagingIdKind)System.Enum.Parse(typeof(HealthImagingIdKind), kindName);
            Assert.Equal(valid, ValidateHealthImagingIdAttribute.IsValid(kind, id));
        }

        [Theory]
        [InlineData("us-east-1", true)]
        [InlineData("eu-west-2", true)]
        [InlineData("us-gov-west-1", true)]
        [InlineData("eu-isoe-west-1", true)]
        [InlineData("local-a", true)]
        [InlineData("useast1", false)]
        [InlineData("u-east-1", false)]
        [InlineData("us1-east-1", false)]
        [InlineData("US-EAST-1", false)]
        [InlineData("us-east-", false)]
        [InlineData("-us-east-1", false)]
        [InlineData("us--east-1", false)]
        [InlineData("us-east_1", false)]
        [InlineData("us-east-1\n", false)]
        [InlineData("", false)]
        public void ARegionNameHasTheFormOfOne(string text, bool valid)
        {
            Assert.Equal(valid, RegionResolver.IsRegionName(text));
        }

        [Fact]
        public void UidsKeywordsTagsAndVrsRefuseATrailingNewline()
        {
            Assert.False(MetadataDocumentNames.IsUid("1.2.3\n"));
            Assert.False(MetadataDocumentNames.IsElementName("PatientName\n"));
            Assert.False(MetadataDocumentNames.IsElementName("001910F9\n"));
            Assert.False(MetadataDocumentNames.IsValueRepresentation("DS\n"));
            Assert.True(MetadataDocumentNames.IsUid("1.2.3"));
        }
    }
}
