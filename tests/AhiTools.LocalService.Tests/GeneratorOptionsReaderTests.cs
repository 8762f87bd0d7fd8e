using System.Text.Json.Nodes;
using AhiTools.LocalService.Errors;
using AhiTools.LocalService.Seeding;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class GeneratorOptionsReaderTests
    {
        [Theory]
        [InlineData("{\"patients\":0}")]
        [InlineData("{\"seriesPerStudy\":0}")]
        [InlineData("{\"instancesPerSeries\":-1}")]
        [InlineData("{\"targetBytes\":0}")]
        [InlineData("{\"targetBytes\":60000000}")]
        public void RefusesCountsAndSizesTheGeneratorCannotMake(string json)
        {
            Assert.Throws<ServiceException>(() => GeneratorOptionsReader.Read(JsonNode.Parse(json)!.AsObject()));
        }

        [Fact]
        public void ReadsCamelAndPascalCase()
        {
            var options = GeneratorOptionsReader.Read(JsonNode.Parse("{\"patients\":2,\"SeriesPerStudy\":3,\"seed\":0}")!.AsObject());
            Assert.Equal(2, options.Patients);
            Assert.Equal(3, options.SeriesPerStudy);
            Assert.Equal(0, options.Seed);
        }
    }
}
