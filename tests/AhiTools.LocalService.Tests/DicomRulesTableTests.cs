using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AhiTools.LocalService.Domain;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    /// <summary>The service's in-memory DICOM rules equal src/DicomRules/DicomRules.tsv (the file the module reads too),
    /// read here with a parser of the test's own.</summary>
    public class DicomRulesTableTests
    {
        private static readonly string[][] Rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "DicomRules.tsv"))
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('\t'))
            .ToArray();

        private static IEnumerable<string[]> RowsOf(string kind) => Rows.Where(cells => cells[0] == kind);

        [Fact]
        public void HomeLevelsAreThoseOfTheFile()
        {
            var expected = RowsOf("element").Where(cells => cells[4] != "-").ToDictionary(cells => cells[1], cells => Enum.Parse<MetadataLevel>(cells[4]));
            Assert.Equal(40, expected.Count);
            Assert.Equal(expected.OrderBy(pair => pair.Key, StringComparer.Ordinal), DicomElementRules.Table.HomeLevels.OrderBy(pair => pair.Key, StringComparer.Ordinal));
            foreach (string[] cells in RowsOf("element"))
            {
                bool has = DicomElementRules.TryGetHomeLevel(cells[1], out MetadataLevel level);
                Assert.Equal(cells[4] != "-", has);
                if (has)
                    Assert.Equal(Enum.Parse<MetadataLevel>(cells[4]), level);
            }
        }

        [Fact]
        public void ForceOnlyAndNeverUpdatableAreThoseOfTheFile()
        {
            var force = RowsOf("element").Where(cells => cells[5] == "force").Select(cells => cells[1]).ToHashSet();
            var never = RowsOf("element").Where(cells => cells[5] == "never").Select(cells => cells[1])
                .Concat(RowsOf("member").Where(cells => cells[2] == "never").Select(cells => cells[1])).ToHashSet();
            Assert.Equal(force.Order(StringComparer.Ordinal), DicomElementRules.Table.ForceOnly.Order(StringComparer.Ordinal));
            Assert.Equal(never.Order(StringComparer.Ordinal), DicomElementRules.Table.NeverUpdatable.Order(StringComparer.Ordinal));
            foreach (string[] cells in RowsOf("element"))
            {
                Assert.Equal(cells[5] == "force", DicomElementRules.IsForceOnlyIdentity(cells[1]));
                Assert.Equal(cells[5] == "never", DicomElementRules.IsNeverUpdatable(cells[1]));
            }
        }

        [Fact]
        public void TheValueRepresentationsAreThoseOfTheFileAndNoOtherPairOfCapitals()
        {
            var expected = RowsOf("vr").Single().Skip(1).ToHashSet();
            for (char first = 'A'; first <= 'Z'; first++)
            {
                for (char second = 'A'; second <= 'Z'; second++)
                {
                    string vr = new([first, second]);
                    Assert.True(expected.Contains(vr) == DicomElementRules.IsValueRepresentation(vr), vr);
                }
            }
        }

        [Theory]
        [InlineData("1.2.840.10008.1", true)]
        [InlineData("1.0.3", true)]
        [InlineData("1.02.3", false)]
        [InlineData("01.2", false)]
        [InlineData("1.2.3\n", false)]
        public void TheUidRuleIsTheFilesPatternAndLength(string uid, bool valid)
        {
            string[] cells = RowsOf("uid").Single();
            Assert.Equal(int.Parse(cells[1]), DicomElementRules.Table.UidMaxLength);
            Assert.Equal(cells[2], DicomElementRules.Table.UidPattern.ToString());
            Assert.Equal(valid, DicomElementRules.IsUid(uid));
            Assert.False(DicomElementRules.IsUid("1." + new string('2', int.Parse(cells[1]) - 1)));
        }

        [Fact]
        public void PrivateTagsFollowTheFilesUpdateRuleAndItsLevel()
        {
            string[] cells = RowsOf("private").Single();
            Assert.Equal(cells[1] == "force", DicomElementRules.Table.PrivateTagsNeedForce);
            Assert.Equal(Enum.Parse<MetadataLevel>(cells[2]), DicomElementRules.Table.PrivateTagForceLevel);
        }
    }
}
