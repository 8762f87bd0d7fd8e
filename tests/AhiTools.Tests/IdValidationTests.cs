using AhiTools.Commands;
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
