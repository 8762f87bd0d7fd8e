using System.Linq;
using AhiTools.LocalTesting;
using Xunit;

namespace AhiTools.Tests
{
    public class LocalServiceOptionsTests
    {
        [Fact]
        public void OnlyTheOptionsGivenArePassed()
        {
            var options = new LocalServiceOptions { Port = 0, FaultRate = 0.25, FaultSeed = -3, QuotaPreset = "aws-2024" };

            Assert.Equal(
                new[] { "--port", "0", "--fault-rate", "0.25", "--fault-seed", "-3", "--quota-preset", "aws-2024" },
                options.ToArguments().ToArray());
        }

        [Fact]
        public void NumbersAreWrittenTheSameInEveryCulture()
        {
            var previous = System.Globalization.CultureInfo.CurrentCulture;
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            try
            {
                Assert.Contains("0.5", new LocalServiceOptions { LostResponseRate = 0.5 }.ToArguments());
            }
            finally
            {
                System.Globalization.CultureInfo.CurrentCulture = previous;
            }
        }

        [Theory]
        [InlineData("plain", "plain")]
        [InlineData("/tmp/my seeds/seed.json", "\"/tmp/my seeds/seed.json\"")]
        [InlineData(@"C:\My Seeds\", "\"C:\\My Seeds\\\\\"")]
        [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
        [InlineData("", "\"\"")]
        public void ArgumentsAreQuotedAsTheCRuntimeSplitsThem(string argument, string expected)
        {
            Assert.Equal(expected, LocalServiceOptions.Join(new[] { argument }));
        }

        [Fact]
        public void ArgumentsAreJoinedWithSpaces()
        {
            Assert.Equal("service.dll --seed \"a b.json\"", LocalServiceOptions.Join(new[] { "service.dll", "--seed", "a b.json" }));
        }
    }
}
