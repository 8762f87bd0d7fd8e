using AhiTools.Commands;
using Xunit;

namespace AhiTools.Tests
{
    // The version Compare-AHIImageSetMetadata compares against when no -ReferenceVersionId is given.
    public class CompareVersionDefaultsTests
    {
        [Theory]
        [InlineData("2", "1")]
        [InlineData("10", "9")]
        [InlineData("100", "99")]
        public void TheReferenceIsTheVersionJustBefore(string difference, string reference)
        {
            Assert.Equal(reference, CompareImageSetMetadataCommand.VersionBefore(difference));
        }

        [Theory]
        [InlineData("1")]
        [InlineData("0")]
        public void TheFirstVersionHasNoneBefore(string difference)
        {
            Assert.Null(CompareImageSetMetadataCommand.VersionBefore(difference));
        }
    }
}
