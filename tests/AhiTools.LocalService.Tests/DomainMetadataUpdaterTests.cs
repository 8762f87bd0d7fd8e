using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using AhiTools.LocalService.Domain;
using Xunit;

namespace AhiTools.LocalService.Tests
{
    public class DomainMetadataUpdaterTests
    {
        private const string SeriesA = "1.2.3.1";
        private const string SeriesB = "1.2.3.2";
        private const string InstanceA1 = "1.2.3.1.1";
        private const string InstanceA2 = "1.2.3.1.2";
        private const string InstanceB1 = "1.2.3.2.1";

        private static JsonObject StoredDocument() => JsonNode.Parse("""
            {
              "SchemaVersion": "1.1",
              "DatastoreID": "0123456789abcdef0123456789abcdef",
              "ImageSetID": "fedcba9876543210fedcba9876543210",
              "Patient": { "DICOM": { "PatientName": "DOE^JANE", "PatientID": "P1", "PatientSex": "F" } },
              "Study": {
                "DICOM": { "StudyInstanceUID": "1.2.3", "StudyID": "S1", "StudyDescription": "CHEST", "AccessionNumber": "A1" },
                "Series": {
                  "1.2.3.1": {
                    "DICOM": { "SeriesInstanceUID": "1.2.3.1", "Modality": "CT", "SeriesDescription": "AX" },
                    "Instances": {
                      "1.2.3.1.1": {
                        "DICOM": { "SOPInstanceUID": "1.2.3.1.1", "InstanceNumber": 1, "001910F9": "12" },
                        "DICOMVRs": { "001910F9": "DS" },
                        "StoredTransferSyntaxUID": "1.2.840.10008.1.2.4.202",
                        "ImageFrames": [ { "ID": "00112233445566778899aabbccddeeff" } ]
                      },
                      "1.2.3.1.2": { "DICOM": { "SOPInstanceUID": "1.2.3.1.2", "InstanceNumber": 2 }, "DICOMVRs": {} }
                    }
                  },
                  "1.2.3.2": {
                    "DICOM": { "SeriesInstanceUID": "1.2.3.2", "Modality": "CT" },
                    "Instances": { "1.2.3.2.1": { "DICOM": { "SOPInstanceUID": "1.2.3.2.1" }, "DICOMVRs": {} } }
                  }
                }
              }
            }
            """)!.AsObject();

        private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

        private static JsonObject Series(JsonObject document, string uid) => document["Study"]!["Series"]![uid]!.AsObject();

        private static JsonObject Instance(JsonObject document, string series, string sop) => Series(document, series)["Instances"]![sop]!.AsObject();

        private static JsonObject SeriesMap(JsonObject document) => document["Study"]!["Series"]!.AsObject();

        private static JsonObject InstanceMap(JsonObject document, string series) => Series(document, series)["Instances"]!.AsObject();

        // ---- updates at each level -------------------------------------------------------------------------------------

        [Fact]
        public void PatientUpdateReplacesTheElementAndLeavesTheStoredDocumentUntouched()
        {
            JsonObject stored = StoredDocument();
            string before = stored.ToJsonString();

            JsonObject result = MetadataUpdater.Apply(stored, Json("""{"SchemaVersion":1.1,"Patient":{"DICOM":{"PatientName":"MX^MX"}}}"""), null, false);

            Assert.Equal("MX^MX", (string?)result["Patient"]!["DICOM"]!["PatientName"]);
            Assert.Equal("P1", (string?)result["Patient"]!["DICOM"]!["PatientID"]);
            Assert.Equal(before, stored.ToJsonString());
        }

        [Fact]
        public void StudyUpdateReplacesAndAddsElements()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(),
                Json("""{"SchemaVersion":"1.1","Study":{"DICOM":{"StudyDescription":"ABDOMEN","InstitutionName":"GENERAL"}}}"""), null, false);

            Assert.Equal("ABDOMEN", (string?)result["Study"]!["DICOM"]!["StudyDescription"]);
            Assert.Equal("GENERAL", (string?)result["Study"]!["DICOM"]!["InstitutionName"]);
            Assert.Equal("A1", (string?)result["Study"]!["DICOM"]!["AccessionNumber"]);
        }

        [Fact]
        public void SeriesAndInstanceUpdatesChangeOnlyTheNamedSeriesAndInstance()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), Json("""
                {"SchemaVersion":1.1,"Study":{"Series":{"1.2.3.1":{
                  "DICOM":{"SeriesDescription":"CORONAL"},
                  "Instances":{"1.2.3.1.2":{"DICOM":{"ImageComments":"checked"}}}}}}}
                """), null, false);

            Assert.Equal("CORONAL", (string?)Series(result, SeriesA)["DICOM"]!["SeriesDescription"]);
            Assert.Equal("checked", (string?)Instance(result, SeriesA, InstanceA2)["DICOM"]!["ImageComments"]);
            Assert.Null(Instance(result, SeriesA, InstanceA1)["DICOM"]!["ImageComments"]);
            Assert.Null(Series(result, SeriesB)["DICOM"]!["SeriesDescription"]);
        }

        [Fact]
        public void UpdateCanSetAnEmptyValueAsNull()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), Json("""{"Patient":{"DICOM":{"PatientSex":null}}}"""), null, false);

            Assert.True(result["Patient"]!["DICOM"]!.AsObject().ContainsKey("PatientSex"));
            Assert.Null(result["Patient"]!["DICOM"]!["PatientSex"]);
        }

        // ---- removals at each level ------------------------------------------------------------------------------------

        [Fact]
        public void RemovalRemovesElementsAtEveryLevelWithoutComparingValues()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), null, Json("""
                {"SchemaVersion":1.1,
                 "Patient":{"DICOM":{"PatientSex":"M"}},
                 "Study":{"DICOM":{"AccessionNumber":"something else"},
                   "Series":{"1.2.3.1":{"DICOM":{"SeriesDescription":null},
                     "Instances":{"1.2.3.1.2":{"DICOM":{"InstanceNumber":99}}}}}}}
                """), false);

            Assert.False(result["Patient"]!["DICOM"]!.AsObject().ContainsKey("PatientSex"));
            Assert.False(result["Study"]!["DICOM"]!.AsObject().ContainsKey("AccessionNumber"));
            Assert.False(Series(result, SeriesA)["DICOM"]!.AsObject().ContainsKey("SeriesDescription"));
            Assert.False(Instance(result, SeriesA, InstanceA2)["DICOM"]!.AsObject().ContainsKey("InstanceNumber"));
            Assert.Equal("P1", (string?)result["Patient"]!["DICOM"]!["PatientID"]);
        }

        [Fact]
        public void RemovingAnAbsentElementChangesNothing()
        {
            JsonObject stored = StoredDocument();

            JsonObject result = MetadataUpdater.Apply(stored, null, Json("""{"Patient":{"DICOM":{"PatientAge":"040Y"}}}"""), false);

            Assert.True(JsonNode.DeepEquals(stored, result));
        }

        [Fact]
        public void RemovalsApplyBeforeUpdates()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"DICOM":{"StudyDescription":"NEW"}}}"""),
                Json("""{"Study":{"DICOM":{"StudyDescription":""}}}"""), false);

            Assert.Equal("NEW", (string?)result["Study"]!["DICOM"]!["StudyDescription"]);
        }

        [Fact]
        public void EmptySeriesInRemovableRemovesTheSeriesWithForce()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), null, Json("""{"SchemaVersion":1.1,"Study":{"Series":{"1.2.3.2":{}}}}"""), true);

            Assert.False(SeriesMap(result).ContainsKey(SeriesB));
            Assert.True(SeriesMap(result).ContainsKey(SeriesA));
        }

        [Fact]
        public void EmptyInstanceInRemovableRemovesTheInstanceWithForce()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), null,
                Json("""{"SchemaVersion":1.1,"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{}}}}}}"""), true);

            Assert.Equal(new[] { InstanceA2 }, InstanceMap(result, SeriesA).Select(i => i.Key));
        }

        [Fact]
        public void RemovingTheLastInstanceOfASeriesRemovesTheSeries()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), null,
                Json("""{"Study":{"Series":{"1.2.3.2":{"Instances":{"1.2.3.2.1":{}}}}}}"""), true);

            Assert.False(SeriesMap(result).ContainsKey(SeriesB));
        }

        [Fact]
        public void RemovingEveryInstanceIsRefused()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Apply(StoredDocument(), null,
                Json("""{"Study":{"Series":{"1.2.3.1":{},"1.2.3.2":{}}}}"""), true));

            Assert.Contains("every instance", violation.Message);
        }

        // ---- force rules -----------------------------------------------------------------------------------------------

        public static IEnumerable<object[]> ForceOnlyRequests() => new[]
        {
            new object[] { "StudyInstanceUID", """{"Study":{"DICOM":{"StudyInstanceUID":"1.2.99"}}}""", null! },
            new object[] { "StudyID", """{"Study":{"DICOM":{"StudyID":"S2"}}}""", null! },
            new object[] { "StudyID", null!, """{"Study":{"DICOM":{"StudyID":""}}}""" },
            new object[] { "SeriesInstanceUID", """{"Study":{"Series":{"1.2.3.1":{"DICOM":{"SeriesInstanceUID":"1.2.3.9"}}}}}""", null! },
            new object[] { "SOPInstanceUID", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"SOPInstanceUID":"1.2.3.1.9"}}}}}}}""", null! },
            new object[] { "001910F9", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"001910F9":"97"},"DICOMVRs":{"001910F9":"DS"}}}}}}}""", null! },
            new object[] { "001910F9", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOMVRs":{"001910F9":"IS"}}}}}}}""", null! },
            new object[] { "001910F9", null!, """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"001910F9":""}}}}}}}""" },
            new object[] { SeriesB, null!, """{"Study":{"Series":{"1.2.3.2":{}}}}""" },
            new object[] { InstanceA1, null!, """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{}}}}}}""" },
            new object[] { "ImageType", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"ImageType":["ORIGINAL","PRIMARY"]}}}}}}}""", null! },
            new object[] { "ReferencedImageSequence", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"ReferencedImageSequence":[{"ReferencedSOPInstanceUID":"1.2"}]}}}}}}}""", null! },
        };

        [Theory]
        [MemberData(nameof(ForceOnlyRequests))]
        public void ForceOnlyChangeIsRefusedWithoutForceNamingTheElement(string element, string? updatable, string? removable)
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() =>
                MetadataUpdater.Validate(updatable == null ? null : Json(updatable), removable == null ? null : Json(removable), false));

            Assert.Contains(element, violation.Message);
            Assert.Contains("force", violation.Message);
        }

        [Theory]
        [MemberData(nameof(ForceOnlyRequests))]
        public void ForceOnlyChangeIsAppliedWithForce(string element, string? updatable, string? removable)
        {
            JsonObject stored = StoredDocument();

            JsonObject result = MetadataUpdater.Apply(stored, updatable == null ? null : Json(updatable), removable == null ? null : Json(removable), true);

            _ = element; // names the case in the test output
            Assert.False(JsonNode.DeepEquals(stored, result));
        }

        [Fact]
        public void ApplyEnforcesTheForceRulesItself()
        {
            Assert.Throws<MetadataRuleViolation>(() =>
                MetadataUpdater.Apply(StoredDocument(), Json("""{"Study":{"DICOM":{"StudyID":"S2"}}}"""), null, false));
        }

        public static IEnumerable<object[]> NeverUpdatableRequests() => new[]
        {
            new object[] { "SchemaVersion", """{"SchemaVersion":1.1,"Patient":{"DICOM":{"SchemaVersion":"2.0"}}}""" },
            new object[] { "DatastoreID", """{"SchemaVersion":1.1,"DatastoreID":"0123456789abcdef0123456789abcdee"}""" },
            new object[] { "ImageSetID", """{"SchemaVersion":1.1,"ImageSetID":"0123456789abcdef0123456789abcdee"}""" },
            new object[] { "PixelData", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"PixelData":null}}}}}}}""" },
            new object[] { "Checksum", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"Checksum":1}}}}}}}""" },
            new object[] { "FrameSizeInBytes", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"FrameSizeInBytes":1}}}}}}}""" },
            new object[] { "ImageFrames", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"ImageFrames":[]}}}}}}""" },
            new object[] { "StoredTransferSyntaxUID", """{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"StoredTransferSyntaxUID":"1.2.840.10008.1.2.1"}}}}}}""" },
        };

        [Theory]
        [MemberData(nameof(NeverUpdatableRequests))]
        public void NeverUpdatableElementIsRefusedEvenWithForce(string element, string request)
        {
            var asUpdate = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(Json(request), null, true));
            var asRemoval = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(null, Json(request), true));

            Assert.Contains(element, asUpdate.Message);
            Assert.Contains("even with force", asUpdate.Message);
            Assert.Contains(element, asRemoval.Message);
        }

        [Theory]
        [InlineData("StudyInstanceUID", """{"Study":{"DICOM":{"StudyInstanceUID":""}}}""")]
        [InlineData("SeriesInstanceUID", """{"Study":{"Series":{"1.2.3.1":{"DICOM":{"SeriesInstanceUID":""}}}}}""")]
        public void RemovingAHierarchyUidIsRefusedEvenWithForce(string element, string removable)
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(null, Json(removable), true));

            Assert.Contains(element, violation.Message);
        }

        [Fact]
        public void SingleValueArrayNeedsNoForce()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"ImageType":["ORIGINAL"]}}}}}}}"""), null, false);

            Assert.Equal("ORIGINAL", (string?)Instance(result, SeriesA, InstanceA1)["DICOM"]!["ImageType"]![0]);
        }

        // ---- UID re-keying ---------------------------------------------------------------------------------------------

        [Fact]
        public void UpdatingSeriesInstanceUidRekeysTheSeriesKeepingItsInstancesAndPosition()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"DICOM":{"SeriesInstanceUID":"1.2.3.9"}}}}}"""), null, true);

            Assert.Equal(new[] { "1.2.3.9", SeriesB }, SeriesMap(result).Select(s => s.Key));
            Assert.Equal("1.2.3.9", (string?)Series(result, "1.2.3.9")["DICOM"]!["SeriesInstanceUID"]);
            Assert.Equal(new[] { InstanceA1, InstanceA2 }, InstanceMap(result, "1.2.3.9").Select(i => i.Key));
        }

        [Fact]
        public void UpdatingSopInstanceUidRekeysTheInstance()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"SOPInstanceUID":"1.2.3.1.9"}}}}}}}"""), null, true);

            Assert.Equal(new[] { "1.2.3.1.9", InstanceA2 }, InstanceMap(result, SeriesA).Select(i => i.Key));
            Assert.Equal("1.2.3.1.9", (string?)Instance(result, SeriesA, "1.2.3.1.9")["DICOM"]!["SOPInstanceUID"]);
            Assert.Equal("12", (string?)Instance(result, SeriesA, "1.2.3.1.9")["DICOM"]!["001910F9"]);
        }

        [Fact]
        public void UpdatingInstancesAndTheSeriesUidInOneRequestAppliesBoth()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), Json("""
                {"Study":{"Series":{"1.2.3.1":{"DICOM":{"SeriesInstanceUID":"1.2.3.9"},
                  "Instances":{"1.2.3.1.2":{"DICOM":{"SOPInstanceUID":"1.2.3.9.2"}}}}}}}
                """), null, true);

            Assert.Equal(new[] { InstanceA1, "1.2.3.9.2" }, InstanceMap(result, "1.2.3.9").Select(i => i.Key));
        }

        [Fact]
        public void RekeyingOntoAnExistingSopInstanceUidFails()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"SOPInstanceUID":"1.2.3.2.1"}}}}}}}"""), null, true));

            Assert.Contains(InstanceB1, violation.Message);
        }

        [Fact]
        public void RekeyingOntoAnExistingSeriesFails()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"DICOM":{"SeriesInstanceUID":"1.2.3.2"}}}}}"""), null, true));

            Assert.Contains(SeriesB, violation.Message);
        }

        [Fact]
        public void NewUidMustBeAValidUid()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(
                Json("""{"Study":{"Series":{"1.2.3.1":{"DICOM":{"SeriesInstanceUID":"not.a.uid"}}}}}"""), null, true));

            Assert.Contains("SeriesInstanceUID", violation.Message);
        }

        [Fact]
        public void UpdatingStudyInstanceUidWithForceChangesTheStudy()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), Json("""{"Study":{"DICOM":{"StudyInstanceUID":"1.2.99"}}}"""), null, true);

            Assert.Equal("1.2.99", (string?)result["Study"]!["DICOM"]!["StudyInstanceUID"]);
        }

        // ---- private tags ----------------------------------------------------------------------------------------------

        [Fact]
        public void PrivateTagWithItsVrIsStoredInTheInstance()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), Json("""
                {"SchemaVersion":1.1,"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.2":
                  {"DICOM":{"00191001":"97"},"DICOMVRs":{"00191001":"DS"}}}}}}}
                """), null, true);

            Assert.Equal("97", (string?)Instance(result, SeriesA, InstanceA2)["DICOM"]!["00191001"]);
            Assert.Equal("DS", (string?)Instance(result, SeriesA, InstanceA2)["DICOMVRs"]!["00191001"]);
        }

        [Fact]
        public void NewPrivateTagWithoutVrFails()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.2":{"DICOM":{"00191001":"97"}}}}}}}"""), null, true));

            Assert.Contains("00191001", violation.Message);
            Assert.Contains("DICOMVRs", violation.Message);
        }

        [Fact]
        public void ExistingPrivateTagKeepsItsVrWhenOnlyTheValueChanges()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"001910F9":"97"}}}}}}}"""), null, true);

            Assert.Equal("97", (string?)Instance(result, SeriesA, InstanceA1)["DICOM"]!["001910F9"]);
            Assert.Equal("DS", (string?)Instance(result, SeriesA, InstanceA1)["DICOMVRs"]!["001910F9"]);
        }

        [Fact]
        public void RemovingAPrivateTagRemovesItsVr()
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), null,
                Json("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"001910F9":null}}}}}}}"""), true);

            Assert.False(Instance(result, SeriesA, InstanceA1)["DICOM"]!.AsObject().ContainsKey("001910F9"));
            Assert.False(Instance(result, SeriesA, InstanceA1)["DICOMVRs"]!.AsObject().ContainsKey("001910F9"));
        }

        [Theory]
        [InlineData("""{"Patient":{"DICOM":{"00191001":"x"}}}""", "00191001")]
        [InlineData("""{"Study":{"Series":{"1.2.3.1":{"DICOM":{"00191001":"x"}}}}}""", "00191001")]
        [InlineData("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"00100010":"x"}}}}}}}""", "00100010")]
        [InlineData("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOMVRs":{"001910F9":"XX"}}}}}}}""", "001910F9")]
        [InlineData("""{"Study":{"DICOM":{"SeriesDate":"20240101"}}}""", "SeriesDate")]
        [InlineData("""{"Study":{"Series":{"1.2.3.1":{"DICOM":{"Rows":512}}}}}""", "Rows")]
        [InlineData("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"1.2.3.1.1":{"DICOM":{"FloatPixelData":null}}}}}}}""", "FloatPixelData")]
        [InlineData("""{"Study":{"Series":{"1.02.3":{"DICOM":{"SeriesDescription":"x"}}}}}""", "1.02.3")]
        public void MisplacedOrMalformedTagIsRefusedEvenWithForce(string updatable, string element)
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(Json(updatable), null, true));

            Assert.Contains(element, violation.Message);
        }

        // ---- missing series and instances ------------------------------------------------------------------------------

        [Fact]
        public void UpdatingAMissingSeriesFailsNamingIt()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"9.9.9":{"DICOM":{"SeriesDescription":"X"}}}}}"""), null, false));

            Assert.Contains("9.9.9", violation.Message);
        }

        [Fact]
        public void RemovingAMissingSeriesFailsNamingIt()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Apply(StoredDocument(), null,
                Json("""{"Study":{"Series":{"9.9.9":{}}}}"""), true));

            Assert.Contains("9.9.9", violation.Message);
        }

        [Fact]
        public void UpdatingAMissingInstanceFailsNamingIt()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Apply(StoredDocument(),
                Json("""{"Study":{"Series":{"1.2.3.1":{"Instances":{"9.9.9.9":{"DICOM":{"ImageComments":"X"}}}}}}}"""), null, false));

            Assert.Contains("9.9.9.9", violation.Message);
        }

        // ---- document shape --------------------------------------------------------------------------------------------

        [Theory]
        [InlineData("""{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientName":"A^B"}}}""")]
        [InlineData("""{"SchemaVersion":1.1,"Patient":{"DICOM":{"PatientName":"A^B"}}}""")]
        [InlineData("""{"Patient":{"DICOM":{"PatientName":"A^B"}}}""")]
        public void SchemaVersionIsAcceptedAsStringNumberOrAbsent(string updatable)
        {
            JsonObject result = MetadataUpdater.Apply(StoredDocument(), Json(updatable), null, false);

            Assert.Equal("A^B", (string?)result["Patient"]!["DICOM"]!["PatientName"]);
        }

        [Theory]
        [InlineData("""{"SchemaVersion":"2.0","Patient":{"DICOM":{"PatientName":"A^B"}}}""", "SchemaVersion")]
        [InlineData("""{"SchemaVersion":1.1,"Patients":{"DICOM":{}}}""", "Patients")]
        [InlineData("""{"Patient":{"DICOM":{"PatientName":"A^B"},"Extra":{}}}""", "Extra")]
        [InlineData("""{"Patient":["PatientName"]}""", "Patient")]
        [InlineData("""{"Study":{"DICOM":{"PatientName":"A^B"}}}""", "PatientName")]
        [InlineData("""{"Patient":{"DICOM":{"PatientName":true}}}""", "PatientName")]
        [InlineData("""{"Patient":{"DICOM":{"PatientName":{"Alphabetic":"A^B"}}}}""", "PatientName")]
        [InlineData("""{"Patient":{"DICOM":{"Patient Name":"A^B"}}}""", "Patient Name")]
        [InlineData("""{"Study":{"Series":{"not-a-uid":{"DICOM":{}}}}}""", "not-a-uid")]
        [InlineData("""{"Study":{"Series":{"1.2.3.1\n":{"DICOM":{}}}}}""", "1.2.3.1")]
        [InlineData("""{"Patient":{"DICOM":{"PatientName\n":"A^B"}}}""", "PatientName")]
        [InlineData("""{"Patient":{"DICOM":{"A":"B"},"DICOMVRs":{"A":"LO"}}}""", "DICOMVRs")]
        public void MalformedDocumentIsRefusedNamingTheProblem(string updatable, string named)
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(Json(updatable), null, true));

            Assert.Contains(named, violation.Message);
        }

        [Fact]
        public void RequestWithNeitherDocumentIsRefused()
        {
            Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(null, null, false));
        }

        [Fact]
        public void RuleMessagesNeverEchoElementValues()
        {
            var violation = Assert.Throws<MetadataRuleViolation>(() => MetadataUpdater.Validate(
                Json("""{"Patient":{"DICOM":{"PatientName":{"secret":"SMITH^SECRET"}}}}"""), null, true));

            Assert.DoesNotContain("SECRET", violation.Message);
        }
    }
}
