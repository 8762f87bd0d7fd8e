using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AhiTools.LocalService.Domain;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class DomainGeneratorTests
    {
        /// <summary>More than one generated instance adds to a document (about 800 bytes); a sized document ends closer than this to its target.</summary>
        private const long OneInstanceBytes = 1_000;

        private static readonly Regex Uid225 = new("^2\\.25\\.(0|[1-9][0-9]*)$");

        private static IEnumerable<(string Key, JsonObject Series)> AllSeries(JsonObject document)
            => document["Study"]!["Series"]!.AsObject().Select(s => (s.Key, s.Value!.AsObject()));

        private static IEnumerable<(string Key, JsonObject Instance)> AllInstances(JsonObject document)
            => AllSeries(document).SelectMany(s => s.Series["Instances"]!.AsObject().Select(i => (i.Key, i.Value!.AsObject())));

        private static long SerializedSize(JsonObject document) => JsonSerializer.SerializeToUtf8Bytes(document).LongLength;

        [Fact]
        public void SameSeedGivesTheSameDocuments()
        {
            var options = new GeneratorOptions { Patients = 2, StudiesPerPatient = 2, Seed = 42 };

            string first = string.Join("\n", SyntheticStudyGenerator.Generate(options).Select(d => d.ToJsonString()));
            string second = string.Join("\n", SyntheticStudyGenerator.Generate(options).Select(d => d.ToJsonString()));

            Assert.Equal(first, second);
        }

        [Fact]
        public void DifferentSeedsGiveDifferentDocuments()
        {
            string first = SyntheticStudyGenerator.Generate(new GeneratorOptions { Seed = 1 })[0].ToJsonString();
            string second = SyntheticStudyGenerator.Generate(new GeneratorOptions { Seed = 2 })[0].ToJsonString();

            Assert.NotEqual(first, second);
        }

        [Fact]
        public void GeneratesOneDocumentPerStudyWithTheRequestedCounts()
        {
            IReadOnlyList<JsonObject> documents = SyntheticStudyGenerator.Generate(
                new GeneratorOptions { Patients = 3, StudiesPerPatient = 2, SeriesPerStudy = 4, InstancesPerSeries = 5, Seed = 7 });

            Assert.Equal(6, documents.Count);
            Assert.All(documents, d => Assert.Equal(4, AllSeries(d).Count()));
            Assert.All(documents, d => Assert.All(AllSeries(d), s => Assert.Equal(5, s.Series["Instances"]!.AsObject().Count)));
            Assert.True(JsonNode.DeepEquals(documents[0]["Patient"], documents[1]["Patient"]));
            Assert.False(JsonNode.DeepEquals(documents[1]["Patient"], documents[2]["Patient"]));
            Assert.Equal(6, documents.Select(d => (string?)d["Study"]!["DICOM"]!["StudyInstanceUID"]).Distinct().Count());
        }

        [Fact]
        public void DocumentsCarryTheElementsRealImageSetsCarry()
        {
            JsonObject document = SyntheticStudyGenerator.Generate(new GeneratorOptions { Seed = 3 })[0];

            Assert.Equal("1.1", (string?)document["SchemaVersion"]);
            Assert.False(document.ContainsKey("DatastoreID"));
            Assert.False(document.ContainsKey("ImageSetID"));

            JsonObject patient = document["Patient"]!["DICOM"]!.AsObject();
            Assert.Matches("^[A-Z]+\\^[A-Z]+$", (string?)patient["PatientName"]);
            Assert.False(string.IsNullOrEmpty((string?)patient["PatientID"]));
            Assert.Matches("^(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$", (string?)patient["PatientBirthDate"]);
            Assert.Contains((string?)patient["PatientSex"], new[] { "F", "M" });

            JsonObject study = document["Study"]!["DICOM"]!.AsObject();
            Assert.Matches(Uid225, (string?)study["StudyInstanceUID"]);
            Assert.Matches("^[0-9]{8}$", (string?)study["StudyDate"]);
            Assert.Matches("^[0-9]{6}$", (string?)study["StudyTime"]);
            foreach (string keyword in new[] { "AccessionNumber", "StudyDescription", "StudyID", "ReferringPhysicianName" })
                Assert.False(string.IsNullOrEmpty((string?)study[keyword]), keyword);

            foreach (var (seriesUid, series) in AllSeries(document))
            {
                JsonObject dicom = series["DICOM"]!.AsObject();
                Assert.Matches(Uid225, seriesUid);
                Assert.Equal(seriesUid, (string?)dicom["SeriesInstanceUID"]);
                Assert.Contains((string?)dicom["Modality"], new[] { "CT", "MR" });
                Assert.True((int)dicom["SeriesNumber"]! >= 1);
                Assert.False(string.IsNullOrEmpty((string?)dicom["SeriesDescription"]));
                Assert.False(string.IsNullOrEmpty((string?)dicom["BodyPartExamined"]));
            }

            foreach (var (sopUid, instance) in AllInstances(document))
            {
                JsonObject dicom = instance["DICOM"]!.AsObject();
                Assert.Equal(sopUid, (string?)dicom["SOPInstanceUID"]);
                Assert.Matches(Uid225, sopUid);
                Assert.Contains((string?)dicom["SOPClassUID"], new[] { "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4" });
                Assert.True((int)dicom["InstanceNumber"]! >= 1);
                Assert.True((int)dicom["Rows"]! > 0 && (int)dicom["Columns"]! > 0);
                Assert.Equal(16, (int)dicom["BitsAllocated"]!);
                Assert.Equal("MONOCHROME2", (string?)dicom["PhotometricInterpretation"]);
                Assert.Equal(3, dicom["ImagePositionPatient"]!.AsArray().Count);
                Assert.Empty(instance["DICOMVRs"]!.AsObject());
                Assert.False(string.IsNullOrEmpty((string?)instance["StoredTransferSyntaxUID"]));

                JsonObject frame = Assert.Single(instance["ImageFrames"]!.AsArray())!.AsObject();
                Assert.Matches("^[0-9a-f]{32}$", (string?)frame["ID"]);
                JsonObject checksum = Assert.Single(frame["PixelDataChecksumFromBaseToFullResolution"]!.AsArray())!.AsObject();
                Assert.Equal((int)dicom["Columns"]!, (int)checksum["Width"]!);
                Assert.Equal((int)dicom["Rows"]!, (int)checksum["Height"]!);
                Assert.NotNull(checksum["Checksum"]);
                Assert.True((int)frame["MinPixelValue"]! < (int)frame["MaxPixelValue"]!);
                Assert.True((int)frame["FrameSizeInBytes"]! > 0);
            }
        }

        [Fact]
        public void InstanceNumbersCountUpWithinEachSeriesAndSopUidsAreUnique()
        {
            IReadOnlyList<JsonObject> documents = SyntheticStudyGenerator.Generate(
                new GeneratorOptions { Patients = 2, SeriesPerStudy = 3, InstancesPerSeries = 4, Seed = 11 });

            foreach (var (_, series) in documents.SelectMany(AllSeries))
            {
                int[] numbers = series["Instances"]!.AsObject().Select(i => (int)i.Value!["DICOM"]!["InstanceNumber"]!).ToArray();
                Assert.Equal(new[] { 1, 2, 3, 4 }, numbers);
            }
            string[] sops = documents.SelectMany(AllInstances).Select(i => i.Key).ToArray();
            Assert.Equal(sops.Length, sops.Distinct().Count());
        }

        [Fact]
        public void GeneratedDocumentsAcceptMetadataUpdates()
        {
            JsonObject document = SyntheticStudyGenerator.Generate(new GeneratorOptions { Seed = 5 })[0];
            string seriesUid = AllSeries(document).First().Key;

            JsonObject updated = MetadataUpdater.Apply(document, new JsonObject
            {
                ["SchemaVersion"] = 1.1,
                ["Study"] = new JsonObject
                {
                    ["Series"] = new JsonObject { [seriesUid] = new JsonObject { ["DICOM"] = new JsonObject { ["SeriesDescription"] = "RENAMED" } } },
                },
            }, null, false);

            Assert.Equal("RENAMED", (string?)updated["Study"]!["Series"]![seriesUid]!["DICOM"]!["SeriesDescription"]);
        }

        [Theory]
        [InlineData(20_000L)]
        [InlineData(250_000L)]
        [InlineData(2_000_000L)]
        public void TargetBytesSizesTheDocumentJustUnderTheTarget(long target)
        {
            JsonObject document = SyntheticStudyGenerator.Generate(new GeneratorOptions { SeriesPerStudy = 3, TargetBytes = target, Seed = 9 })[0];

            long size = SerializedSize(document);
            Assert.InRange(size, target - OneInstanceBytes, target);
            int[] perSeries = AllSeries(document).Select(s => s.Series["Instances"]!.AsObject().Count).ToArray();
            Assert.True(perSeries.Max() - perSeries.Min() <= 1, "instances are spread evenly over the series");
        }

        [Fact]
        public void TargetBytesIsDeterministicForASeed()
        {
            var options = new GeneratorOptions { TargetBytes = 100_000, Seed = 21 };

            Assert.Equal(SyntheticStudyGenerator.Generate(options)[0].ToJsonString(), SyntheticStudyGenerator.Generate(options)[0].ToJsonString());
        }

        [Fact]
        public void TargetBelowOneInstancePerSeriesGivesTheSmallestDocument()
        {
            JsonObject document = SyntheticStudyGenerator.Generate(new GeneratorOptions { SeriesPerStudy = 2, TargetBytes = 100, Seed = 1 })[0];

            Assert.All(AllSeries(document), s => Assert.Single(s.Series["Instances"]!.AsObject()));
        }

        [Fact]
        public void FiftyMegabyteDocumentIsGeneratedUpToTheSizeLimit()
        {
            // How fast it is belongs in bench/, not here: this checks the size it reaches.
            JsonObject document = SyntheticStudyGenerator.Generate(
                new GeneratorOptions { SeriesPerStudy = 4, TargetBytes = SyntheticStudyGenerator.MaxMetadataBytes, Seed = 50 })[0];

            long size = SerializedSize(document);
            Assert.InRange(size, SyntheticStudyGenerator.MaxMetadataBytes - OneInstanceBytes, SyntheticStudyGenerator.MaxMetadataBytes);
        }

        [Theory]
        [InlineData(0, 1, 1, 1, null)]
        [InlineData(1, 0, 1, 1, null)]
        [InlineData(1, 1, 0, 1, null)]
        [InlineData(1, 1, 1, 0, null)]
        [InlineData(1, 1, 1, 1, 0L)]
        [InlineData(1, 1, 1, 1, 50L * 1024 * 1024 + 1)]
        public void OutOfRangeOptionsAreRefused(int patients, int studies, int series, int instances, long? targetBytes)
        {
            var options = new GeneratorOptions
            {
                Patients = patients, StudiesPerPatient = studies, SeriesPerStudy = series, InstancesPerSeries = instances, TargetBytes = targetBytes,
            };

            Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticStudyGenerator.Generate(options));
        }
    }
}
