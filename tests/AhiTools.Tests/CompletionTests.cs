using System;
using System.Collections;
using System.Linq;
using System.Text.Json;
using AhiTools.Commands;
using AhiTools.Completion;
using Xunit;

namespace AhiTools.Tests
{
    public class PositionalCommandsTests
    {
        [Fact]
        public void TheListHoldsEveryDatastoreScopedCmdletOfTheAssembly()
        {
            var found = typeof(DatastoreScopedCmdletBase).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(DatastoreScopedCmdletBase).IsAssignableFrom(type)
                    && Attribute.IsDefined(type, typeof(System.Management.Automation.CmdletAttribute)))
                .OrderBy(type => type.FullName)
                .ToList();

            Assert.NotEmpty(found);
            Assert.Equal(found, PositionalCommands.All.OrderBy(type => type.FullName));
            Assert.Equal(typeof(GetImageSetVersionCommand), PositionalCommands.Find("AhiTools\\Get-AHIImageSetVersion"));
            Assert.Null(PositionalCommands.Find("Get-AHIDatastore"));
        }
    }

    public class CmdletParameterTests
    {
        [Fact]
        public void ReadsEachParameterWithItsAliasesAndWhetherItIsASwitch()
        {
            var parameters = CmdletParameter.Of(typeof(UpdateImageSetMetadataCommand));

            CmdletParameter force = Assert.Single(parameters, parameter => parameter.Name == "Force");
            Assert.True(force.IsSwitch);
            Assert.Contains("ForceUpdate", force.Names);
            Assert.Null(force.Position);
            CmdletParameter imageSet = Assert.Single(parameters, parameter => parameter.Name == "ImageSetId");
            Assert.False(imageSet.IsSwitch);
            Assert.Equal(1, imageSet.Position);
            Assert.Equal(HealthImagingIdKind.ImageSet, imageSet.IdKind);
            Assert.Null(force.IdKind);
            Assert.Same(imageSet, CmdletParameter.Named(parameters, "ImageSetId"));
            Assert.Contains(parameters, parameter => parameter.Name == "ProfileName" && parameter.Names.Contains("StoredCredentials"));
            Assert.DoesNotContain(parameters, parameter => parameter.Name == "Stopping");
        }

        [Theory]
        [InlineData("ImageSetI", "ImageSetId")]
        [InlineData("forceupd", "Force")] // by an alias, in any case
        [InlineData("Remove", null)] // -RemoveAttribute, -RemoveSeries, -RemoveInstance: ambiguous
        [InlineData("NoSuchParameter", null)]
        public void FindsTheOneParameterATypedPrefixNames(string typed, string? expected)
        {
            var parameters = CmdletParameter.Of(typeof(UpdateImageSetMetadataCommand));
            Assert.Equal(expected, CmdletParameter.Unique(parameters, typed)?.Name);
        }
    }

    public class CompletionCacheTests
    {
        private DateTime _now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        [Fact]
        public void AnAnswerIsKeptForItsLifetimeThenFetchedAgain()
        {
            var cache = new CompletionCache(TimeSpan.FromSeconds(30), () => _now);
            int fetches = 0;
            string Fetch() => "answer " + ++fetches;

            Assert.Equal("answer 1", cache.GetOrFetch("connection-a\nquestion", Fetch));
            _now = _now.AddSeconds(29);
            Assert.Equal("answer 1", cache.GetOrFetch("connection-a\nquestion", Fetch));
            _now = _now.AddSeconds(2);
            Assert.Equal("answer 2", cache.GetOrFetch("connection-a\nquestion", Fetch));
        }

        [Fact]
        public void EachConnectionHasItsOwnAnswers()
        {
            var cache = new CompletionCache(TimeSpan.FromSeconds(30), () => _now);
            Assert.Equal("a", cache.GetOrFetch("connection-a\nquestion", () => "a"));
            Assert.Equal("b", cache.GetOrFetch("connection-b\nquestion", () => "b"));
            Assert.Equal("a", cache.GetOrFetch("connection-a\nquestion", () => "other"));
        }

        [Fact]
        public void AFailureIsNotKept()
        {
            var cache = new CompletionCache(TimeSpan.FromSeconds(30), () => _now);
            Assert.Null(cache.GetOrFetch<string>("k", () => null));
            Assert.Equal("later", cache.GetOrFetch("k", () => "later"));
        }
    }

    public class ShellDefaultsTests
    {
        [Fact]
        public void AKeyMatchesCommandsByWildcardAndParametersByNameOrAlias()
        {
            var defaults = new Hashtable(StringComparer.OrdinalIgnoreCase)
            {
                ["*-AHI*:EndpointUrl"] = "http://127.0.0.1:1",
                ["Get-AHIDatastore:AWSProfileName"] = "dev",
            };

            Assert.Equal("http://127.0.0.1:1", ShellDefaults.FindText(defaults, "Get-AHIImageSetVersion", "EndpointUrl"));
            Assert.Equal("http://127.0.0.1:1", ShellDefaults.FindText(defaults, @"AhiTools\Search-AHIImageSet", "endpointurl"));
            Assert.Null(ShellDefaults.FindText(defaults, "Get-Item", "EndpointUrl"));
            Assert.Equal("dev", ShellDefaults.FindText(defaults, "Get-AHIDatastore", "ProfileName", "StoredCredentials", "AWSProfileName"));
            Assert.Null(ShellDefaults.FindText(defaults, "Search-AHIImageSet", "ProfileName", "StoredCredentials", "AWSProfileName"));
        }

        [Fact]
        public void KeysThatDisagreeGiveNothingAndDisabledTurnsAllOff()
        {
            var defaults = new Hashtable(StringComparer.OrdinalIgnoreCase)
            {
                ["*-AHI*:DatastoreId"] = "a",
                ["Get-AHI*:DatastoreId"] = "b",
                ["*:Region"] = "us-west-2",
            };

            Assert.Null(ShellDefaults.FindText(defaults, "Get-AHIImageSetVersion", "DatastoreId"));
            Assert.Equal("a", ShellDefaults.FindText(defaults, "Search-AHIImageSet", "DatastoreId"));
            Assert.Equal("us-west-2", ShellDefaults.FindText(defaults, "Search-AHIImageSet", "Region"));

            defaults["Disabled"] = true;
            Assert.Null(ShellDefaults.FindText(defaults, "Search-AHIImageSet", "Region"));
        }
    }

    public class CompletionTextTests
    {
        [Theory]
        [InlineData("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
        [InlineData("3", "3")]
        [InlineData("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.2")]
        [InlineData("1e5", "'1e5'")]
        [InlineData("12d", "'12d'")]
        [InlineData("1.50", "'1.50'")]
        [InlineData("Study.StudyDescription", "Study.StudyDescription")]
        [InlineData("O'Brien profile", "'O''Brien profile'")]
        public void AValueIsQuotedWhenPowerShellWouldReadItAsSomethingElse(string value, string completionText)
        {
            Assert.Equal(completionText, CompletionText.Result(value, "tip").CompletionText);
        }
    }

    public class MetadataOutlineTests
    {
        [Fact]
        public void TheOutlineKeepsUidsAndElementNamesButNoPatientValues()
        {
            const string json = @"{
  ""SchemaVersion"": ""1.1"",
  ""Patient"": { ""DICOM"": { ""PatientName"": ""DOE^JANE"", ""PatientID"": ""PID-0001"" } },
  ""Study"": {
    ""DICOM"": { ""StudyDescription"": ""CT CHEST"", ""StudyInstanceUID"": ""1.2.3"" },
    ""Series"": {
      ""1.2.3.4"": {
        ""DICOM"": { ""Modality"": ""CT"", ""SeriesNumber"": 7, ""SeriesDescription"": ""DOE^JANE LUNG"" },
        ""Instances"": {
          ""1.2.3.4.5"": { ""DICOM"": { ""InstanceNumber"": 1, ""SOPInstanceUID"": ""1.2.3.4.5"" }, ""StoredTransferSyntaxUID"": ""1.2.840.10008.1.2.1"" }
        }
      }
    }
  }
}";
            using (var document = JsonDocument.Parse(json))
            {
                var outline = MetadataOutline.Read(document.RootElement);
                MetadataOutline.SeriesEntry series = Assert.Single(outline.Series);
                Assert.Equal("1.2.3.4", series.Uid);
                Assert.Equal("CT, series number 7, 1 instance", series.Describe());
                MetadataOutline.InstanceEntry instance = Assert.Single(outline.Instances);
                Assert.Equal("instance number 1 in series 1.2.3.4", instance.Describe());
                Assert.Contains("Patient.PatientName", outline.LevelElementPaths);
                Assert.Contains("Series.1.2.3.4.SeriesDescription", outline.LevelElementPaths);
                Assert.Contains("Instance.1.2.3.4.5.InstanceNumber", outline.InstanceElementPaths);
                string everything = string.Join(" ", outline.LevelElementPaths.Concat(outline.InstanceElementPaths)) + series.Describe() + instance.Describe();
                Assert.DoesNotContain("DOE", everything);
                Assert.DoesNotContain("PID-0001", everything);
                Assert.DoesNotContain("CHEST", everything);
            }
        }
    }
}
