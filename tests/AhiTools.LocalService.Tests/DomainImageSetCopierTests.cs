using System.Linq;
using System.Text.Json.Nodes;
using AhiTools.LocalService.Domain;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class DomainImageSetCopierTests
    {
        // Source: patient P1, study 1.2.3, series 1.2.3.1 (instances .1, .2, .3) and 1.2.3.2 (instance .1).
        private static JsonObject Source() => JsonNode.Parse("""
            {
              "SchemaVersion": "1.1",
              "DatastoreID": "0123456789abcdef0123456789abcdef",
              "ImageSetID": "11111111111111111111111111111111",
              "Patient": { "DICOM": { "PatientName": "DOE^JANE", "PatientID": "P1", "PatientBirthDate": "19800101" } },
              "Study": {
                "DICOM": { "StudyInstanceUID": "1.2.3", "StudyDescription": "CHEST", "AccessionNumber": "A1" },
                "Series": {
                  "1.2.3.1": {
                    "DICOM": { "SeriesInstanceUID": "1.2.3.1", "Modality": "CT", "SeriesDescription": "AX" },
                    "Instances": {
                      "1.2.3.1.1": { "DICOM": { "SOPInstanceUID": "1.2.3.1.1", "InstanceNumber": 1 }, "DICOMVRs": {}, "ImageFrames": [ { "ID": "aa" } ] },
                      "1.2.3.1.2": { "DICOM": { "SOPInstanceUID": "1.2.3.1.2", "InstanceNumber": 2 }, "DICOMVRs": {}, "ImageFrames": [ { "ID": "bb" } ] },
                      "1.2.3.1.3": { "DICOM": { "SOPInstanceUID": "1.2.3.1.3", "InstanceNumber": 3 }, "DICOMVRs": {}, "ImageFrames": [ { "ID": "cc" } ] }
                    }
                  },
                  "1.2.3.2": {
                    "DICOM": { "SeriesInstanceUID": "1.2.3.2", "Modality": "CT", "SeriesDescription": "COR" },
                    "Instances": { "1.2.3.2.1": { "DICOM": { "SOPInstanceUID": "1.2.3.2.1" }, "DICOMVRs": {} } }
                  }
                }
              }
            }
            """)!.AsObject();

        // Destination: same patient and study (no PatientBirthDate), series 1.2.3.1 holding instance .9 only.
        private static JsonObject Destination() => JsonNode.Parse("""
            {
              "SchemaVersion": "1.1",
              "DatastoreID": "0123456789abcdef0123456789abcdef",
              "ImageSetID": "22222222222222222222222222222222",
              "Patient": { "DICOM": { "PatientName": "DOE^JANE", "PatientID": "P1" } },
              "Study": {
                "DICOM": { "StudyInstanceUID": "1.2.3", "StudyDescription": "CHEST" },
                "Series": {
                  "1.2.3.1": {
                    "DICOM": { "SeriesInstanceUID": "1.2.3.1", "Modality": "CT", "SeriesDescription": "AX" },
                    "Instances": { "1.2.3.1.9": { "DICOM": { "SOPInstanceUID": "1.2.3.1.9", "InstanceNumber": 9 }, "DICOMVRs": {} } }
                  }
                }
              }
            }
            """)!.AsObject();

        private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

        private static JsonObject SeriesMap(JsonObject document) => document["Study"]!["Series"]!.AsObject();

        private static string[] InstanceKeys(JsonObject document, string series)
            => SeriesMap(document)[series]!["Instances"]!.AsObject().Select(i => i.Key).ToArray();

        // ---- SelectSubset ----------------------------------------------------------------------------------------------

        [Fact]
        public void SubsetKeepsOnlyTheNamedInstancesWithPatientStudyAndSeriesMetadata()
        {
            JsonObject subset = ImageSetCopier.SelectSubset(Source(),
                Json("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{},"1.2.3.1.3":{}}}}}}"""));

            Assert.Equal(new[] { "1.2.3.1" }, SeriesMap(subset).Select(s => s.Key));
            Assert.Equal(new[] { "1.2.3.1.1", "1.2.3.1.3" }, InstanceKeys(subset, "1.2.3.1"));
            Assert.Equal("AX", (string?)SeriesMap(subset)["1.2.3.1"]!["DICOM"]!["SeriesDescription"]);
            Assert.Equal("cc", (string?)SeriesMap(subset)["1.2.3.1"]!["Instances"]!["1.2.3.1.3"]!["ImageFrames"]![0]!["ID"]);
            Assert.True(JsonNode.DeepEquals(Source()["Patient"], subset["Patient"]));
            Assert.True(JsonNode.DeepEquals(Source()["Study"]!["DICOM"], subset["Study"]!["DICOM"]));
            Assert.Equal("1.1", (string?)subset["SchemaVersion"]);
            Assert.False(subset.ContainsKey("ImageSetID"));
            Assert.False(subset.ContainsKey("DatastoreID"));
        }

        [Fact]
        public void SubsetAcceptsSchemaVersionAsANumber()
        {
            JsonObject subset = ImageSetCopier.SelectSubset(Source(),
                Json("""{"SchemaVersion":1.1,"Study":{"Series":{"1.2.3.2":{"Instances":{"1.2.3.2.1":{}}}}}}"""));

            Assert.Equal(new[] { "1.2.3.2.1" }, InstanceKeys(subset, "1.2.3.2"));
        }

        [Theory]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.1":{}}}}""")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.1":{"Instances":{}}}}}""")]
        public void SeriesWithoutInstancesSelectsTheWholeSeries(string copiable)
        {
            JsonObject subset = ImageSetCopier.SelectSubset(Source(), Json(copiable));

            Assert.Equal(new[] { "1.2.3.1.1", "1.2.3.1.2", "1.2.3.1.3" }, InstanceKeys(subset, "1.2.3.1"));
            Assert.False(SeriesMap(subset).ContainsKey("1.2.3.2"));
        }

        [Fact]
        public void NullSelectionCopiesTheWholeSourceAsAnIndependentClone()
        {
            JsonObject source = Source();

            JsonObject subset = ImageSetCopier.SelectSubset(source, null);
            subset["Patient"]!["DICOM"]!["PatientName"] = "CHANGED^NAME";

            Assert.True(JsonNode.DeepEquals(Source()["Study"], subset["Study"]));
            Assert.Equal("DOE^JANE", (string?)source["Patient"]!["DICOM"]!["PatientName"]);
        }

        [Theory]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"9.9.9":{}}}}""", "9.9.9")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.1":{"Instances":{"9.9.9.9":{}}}}}}""", "9.9.9.9")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.2":{"Instances":{"1.2.3.1.1":{}}}}}}""", "1.2.3.1.1")]
        public void SelectingWhatTheSourceLacksFailsNamingIt(string copiable, string named)
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => ImageSetCopier.SelectSubset(Source(), Json(copiable)));

            Assert.Contains(named, violation.Message);
        }

        [Theory]
        [InlineData("""{"SchemaVersion":"1.0","Study":{"Series":{"1.2.3.1":{}}}}""", "SchemaVersion")]
        [InlineData("""{"SchemaVersion":2,"Study":{"Series":{"1.2.3.1":{}}}}""", "SchemaVersion")]
        [InlineData("""{"SchemaVersion":"1.1"}""", "Study")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{}}}""", "Series")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"DICOM":{},"Series":{"1.2.3.1":{}}}}""", "DICOM")]
        [InlineData("""{"SchemaVersion":"1.1","Patient":{},"Study":{"Series":{"1.2.3.1":{}}}}""", "Patient")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.1":{"DICOM":{}}}}}""", "DICOM")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.1":{"Instances":["1.2.3.1.1"]}}}}""", "Instances")]
        [InlineData("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{}}}}}}}""", "1.2.3.1.1")]
        public void BadSelectionShapeIsRefused(string copiable, string named)
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => ImageSetCopier.SelectSubset(Source(), Json(copiable)));

            Assert.Contains(named, violation.Message);
        }

        // ---- Merge -----------------------------------------------------------------------------------------------------

        [Fact]
        public void MergeAddsInstancesAndNewSeriesToTheDestination()
        {
            JsonObject destination = Destination();
            string destinationBefore = destination.ToJsonString();
            JsonObject subset = ImageSetCopier.SelectSubset(Source(), null);

            CopyOutcome outcome = ImageSetCopier.Merge(destination, subset, false);

            Assert.Null(outcome.FailureMessage);
            Assert.False(outcome.Forced);
            JsonObject merged = outcome.Document!;
            Assert.Equal(new[] { "1.2.3.1.9", "1.2.3.1.1", "1.2.3.1.2", "1.2.3.1.3" }, InstanceKeys(merged, "1.2.3.1"));
            Assert.Equal(new[] { "1.2.3.2.1" }, InstanceKeys(merged, "1.2.3.2"));
            Assert.Equal("COR", (string?)SeriesMap(merged)["1.2.3.2"]!["DICOM"]!["SeriesDescription"]);
            Assert.Equal("22222222222222222222222222222222", (string?)merged["ImageSetID"]);
            Assert.Equal(destinationBefore, destination.ToJsonString());
        }

        [Fact]
        public void ConsistentMergeAddsElementsOnlyTheSourceHas()
        {
            CopyOutcome outcome = ImageSetCopier.Merge(Destination(), ImageSetCopier.SelectSubset(Source(), null), false);

            Assert.Equal("19800101", (string?)outcome.Document!["Patient"]!["DICOM"]!["PatientBirthDate"]);
            Assert.Equal("A1", (string?)outcome.Document!["Study"]!["DICOM"]!["AccessionNumber"]);
        }

        [Theory]
        [InlineData("Patient", "Patient", null)]
        [InlineData("Study", "Study", null)]
        [InlineData("Series", "Study", "1.2.3.1")]
        public void MismatchWithoutForceFailsWithTheServiceMessage(string level, string levelObject, string? series)
        {
            JsonObject source = Source();
            JsonObject dicom = series == null
                ? source[levelObject]!["DICOM"]!.AsObject()
                : source["Study"]!["Series"]![series]!["DICOM"]!.AsObject();
            string element = level switch { "Patient" => "PatientName", "Study" => "StudyDescription", _ => "SeriesDescription" };
            dicom[element] = "DIFFERENT";

            CopyOutcome outcome = ImageSetCopier.Merge(Destination(), ImageSetCopier.SelectSubset(source, null), false);

            Assert.Equal($"INVALID_REQUEST: {level} of SourceImageSet and DestinationImageSet don't match.", outcome.FailureMessage);
            Assert.Null(outcome.Document);
        }

        [Fact]
        public void SeriesOnlyInTheSourceIsNeverAMismatch()
        {
            JsonObject source = Source();
            source["Study"]!["Series"]!["1.2.3.2"]!["DICOM"]!["Modality"] = "MR";

            CopyOutcome outcome = ImageSetCopier.Merge(Destination(),
                ImageSetCopier.SelectSubset(source, Json("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.2":{}}}}""")), false);

            Assert.Null(outcome.FailureMessage);
            Assert.Equal("MR", (string?)SeriesMap(outcome.Document!)["1.2.3.2"]!["DICOM"]!["Modality"]);
        }

        [Fact]
        public void ForcedMergeKeepsTheDestinationMetadataAndAddsTheInstances()
        {
            JsonObject source = Source();
            source["Patient"]!["DICOM"]!["PatientName"] = "OTHER^NAME";
            source["Study"]!["DICOM"]!["StudyDescription"] = "OTHER STUDY";
            source["Study"]!["Series"]!["1.2.3.1"]!["DICOM"]!["SeriesDescription"] = "OTHER SERIES";
            JsonObject destination = Destination();

            CopyOutcome outcome = ImageSetCopier.Merge(destination, ImageSetCopier.SelectSubset(source, null), true);

            Assert.Null(outcome.FailureMessage);
            Assert.True(outcome.Forced);
            JsonObject merged = outcome.Document!;
            Assert.True(JsonNode.DeepEquals(destination["Patient"], merged["Patient"]));
            Assert.True(JsonNode.DeepEquals(destination["Study"]!["DICOM"], merged["Study"]!["DICOM"]));
            Assert.True(JsonNode.DeepEquals(destination["Study"]!["Series"]!["1.2.3.1"]!["DICOM"], SeriesMap(merged)["1.2.3.1"]!["DICOM"]));
            Assert.Equal(new[] { "1.2.3.1.9", "1.2.3.1.1", "1.2.3.1.2", "1.2.3.1.3" }, InstanceKeys(merged, "1.2.3.1"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void DuplicateSopInstanceUidIsRefusedEvenWithForce(bool force)
        {
            JsonObject destination = Destination();
            destination["Study"]!["Series"]!["1.2.3.1"]!["Instances"]!["1.2.3.1.2"] = JsonNode.Parse("""{"DICOM":{"SOPInstanceUID":"1.2.3.1.2"}}""");

            CopyOutcome outcome = ImageSetCopier.Merge(destination, ImageSetCopier.SelectSubset(Source(), null), force);

            Assert.NotNull(outcome.FailureMessage);
            Assert.Contains("1.2.3.1.2", outcome.FailureMessage);
            Assert.Null(outcome.Document);
        }

        [Fact]
        public void DuplicateInAnotherSeriesOfTheDestinationIsAlsoRefused()
        {
            JsonObject destination = Destination();
            destination["Study"]!["Series"]!["1.2.3.7"] = JsonNode.Parse("""
                {"DICOM":{"SeriesInstanceUID":"1.2.3.7"},"Instances":{"1.2.3.2.1":{"DICOM":{"SOPInstanceUID":"1.2.3.2.1"}}}}
                """);

            CopyOutcome outcome = ImageSetCopier.Merge(destination,
                ImageSetCopier.SelectSubset(Source(), Json("""{"SchemaVersion":"1.1","Study":{"Series":{"1.2.3.2":{}}}}""")), false);

            Assert.Contains("1.2.3.2.1", outcome.FailureMessage);
        }

        [Fact]
        public void SubsetMergeCopiesOnlyTheSelectedInstances()
        {
            JsonObject subset = ImageSetCopier.SelectSubset(Source(),
                Json("""{"SchemaVersion":1.1,"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.2":{}}}}}}"""));

            CopyOutcome outcome = ImageSetCopier.Merge(Destination(), subset, false);

            Assert.Equal(new[] { "1.2.3.1.9", "1.2.3.1.2" }, InstanceKeys(outcome.Document!, "1.2.3.1"));
            Assert.False(SeriesMap(outcome.Document!).ContainsKey("1.2.3.2"));
        }
    }
}
