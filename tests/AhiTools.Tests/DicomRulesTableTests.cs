using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AhiTools.Documents;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>
    /// The module's in-memory DICOM rules equal src/DicomRules/DicomRules.tsv (the file the local service reads too),
    /// read here with a parser of the test's own.
    /// </summary>
    public class DicomRulesTableTests
    {
        private static readonly string[][] Rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "DicomRules.tsv"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t'))
            .ToArray();

        private static IEnumerable<string[]> RowsOf(string kind) => Rows.Where(cells => cells[0] == kind);

        [Fact]
        public void EveryElementHasTheTagVrsLevelAndUpdateRuleOfTheFile()
        {
            string[][] elements = RowsOf("element").ToArray();
            Assert.Equal(elements.Length, DicomRules.Table.Elements.Count);
            foreach (string[] cells in elements)
            {
                string keyword = cells[1];
                Assert.True(DicomKeywords.IsKnown(keyword), keyword);
                DicomElementRule rule = DicomRules.Table.Elements[keyword];
                Assert.Equal(cells[2] == "-" ? null : cells[2], rule.Tag);
                Assert.Equal(cells[3] == "-" ? Array.Empty<string>() : cells[3].Split('/'), rule.ValueRepresentations);
                Assert.Equal(cells[4] == "-" ? (ElementLevel?)null : Enum.Parse<ElementLevel>(cells[4]), ElementLevels.Of(keyword));
                Assert.Equal(cells[5] == "force", MetadataDocumentNames.IsForceElement(keyword));
                Assert.Equal(cells[5] == "never", MetadataDocumentNames.IsNeverUpdatable(keyword));
            }
        }

        [Fact]
        public void ATagNamesTheLastKeywordTheFileGivesIt()
        {
            var expected = new Dictionary<string, string>();
            foreach (string[] cells in RowsOf("element").Where(cells => cells[2] != "-"))
            {
                expected[cells[2]] = cells[1];
            }

            Assert.NotEmpty(expected);
            foreach (KeyValuePair<string, string> tag in expected)
            {
                Assert.Equal(tag.Value, DicomKeywords.KeywordOfTag(tag.Key));
                Assert.Equal(tag.Value, DicomKeywords.KeywordOfTag(tag.Key.ToLowerInvariant()));
            }
        }

        [Fact]
        public void TheNeverUpdatableNamesAreTheMembersAndElementsOfTheFile()
        {
            var expected = new HashSet<string>(RowsOf("member").Where(cells => cells[2] == "never").Select(cells => cells[1]));
            expected.UnionWith(RowsOf("element").Where(cells => cells[5] == "never").Select(cells => cells[1]));
            Assert.Contains("PixelData", expected);
            Assert.Contains("FloatPixelData", expected);
            Assert.Contains("PixelDataChecksumFromBaseToFullResolution", expected);
            foreach (string name in expected)
            {
                Assert.True(MetadataDocumentNames.IsNeverUpdatable(name), name);
            }

            var file = new HashSet<string>(RowsOf("member").Select(cells => cells[1]));
            Assert.True(file.SetEquals(DicomRules.Table.NeverUpdatableMembers));
        }

        [Fact]
        public void TheValueRepresentationsAreThoseOfTheFileAndNoOtherPairOfCapitals()
        {
            var expected = new HashSet<string>(RowsOf("vr").Single().Skip(1));
            Assert.Equal(34, expected.Count);
            for (char first = 'A'; first <= 'Z'; first++)
            {
                for (char second = 'A'; second <= 'Z'; second++)
                {
                    string vr = new string(new[] { first, second });
                    Assert.True(expected.Contains(vr) == MetadataDocumentNames.IsValueRepresentation(vr), vr);
                }
            }
        }

        [Theory]
        [InlineData("1.2.840.10008.1", true)]
        [InlineData("1.0.3", true)]
        [InlineData("0", true)]
        [InlineData("1.02.3", false)]
        [InlineData("01.2", false)]
        [InlineData("1..2", false)]
        [InlineData("1.2.", false)]
        [InlineData("1.2.3\n", false)]
        public void TheUidRuleIsTheFilesPatternAndLength(string uid, bool valid)
        {
            string[] cells = RowsOf("uid").Single();
            bool byFile = uid.Length <= int.Parse(cells[1]) && Regex.IsMatch(uid, cells[2], RegexOptions.CultureInvariant);
            Assert.Equal(valid, byFile);
            Assert.Equal(valid, MetadataDocumentNames.IsUid(uid));
        }

        [Fact]
        public void AUidOfMoreThanTheFilesLengthIsRefused()
        {
            int max = int.Parse(RowsOf("uid").Single()[1]);
            string longest = "1." + new string('2', max - 2);
            Assert.True(MetadataDocumentNames.IsUid(longest));
            Assert.False(MetadataDocumentNames.IsUid(longest + "3"));
        }

        [Fact]
        public void PrivateTagsFollowTheFilesUpdateRuleAndItsLevel()
        {
            string[] cells = RowsOf("private").Single();
            Assert.Equal(cells[1] == "force", MetadataDocumentNames.PrivateTagsNeedForce);
            Assert.Equal(Enum.Parse<ElementLevel>(cells[2]), ElementLevels.PrivateTagForceLevel);
        }
    }
}
