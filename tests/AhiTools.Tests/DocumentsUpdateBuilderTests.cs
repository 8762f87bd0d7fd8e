using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using AhiTools.Commands;
using AhiTools.Documents;
using Xunit;
using static AhiTools.Tests.DocumentsTestMetadata;

namespace AhiTools.Tests
{
    public class DocumentsUpdateBuilderTests
    {
        private static MetadataIndex Metadata() => MetadataIndex.Parse(Document);

        private static string Compact(JsonObject? document) => document is null ? "null" : DocumentSerializer.ToJson(document);

        [Fact]
        public void PatientAndStudyHashtablesBecomeLevelDicomWithSchemaVersionAdded()
        {
            var spec = new MetadataUpdateSpecification
            {
                Patient = new Hashtable { ["PatientName"] = "DOE^JANE" },
                Study = new Hashtable { ["StudyDescription"] = "CHEST" },
            };

            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, null);

            Assert.Equal(
                "{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientName\":\"DOE^JANE\"}},\"Study\":{\"DICOM\":{\"StudyDescription\":\"CHEST\"}}}",
                Compact(documents.Updatable));
            Assert.Null(documents.Removable);
        }

        [Fact]
        public void SeriesUpdatesAreKeyedByUidUnderStudySeries()
        {
            var spec = new MetadataUpdateSpecification
            {
                Series = new Hashtable { [SeriesA] = new Hashtable { ["SeriesDescription"] = "SAGITTAL" } },
            };
            Assert.True(spec.NeedsMetadata);

            using MetadataIndex metadata = Metadata();
            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, metadata);

            Assert.Equal(
                "{\"SchemaVersion\":1.1,\"Study\":{\"Series\":{\"1.2.840.1.1\":{\"DICOM\":{\"SeriesDescription\":\"SAGITTAL\"}}}}}",
                Compact(documents.Updatable));
        }

        [Fact]
        public void InstanceUpdateFindsItsSeriesInTheMetadata()
        {
            var spec = new MetadataUpdateSpecification
            {
                Instance = new Hashtable { [SopB1] = new Hashtable { ["ImageComments"] = "x" } },
            };
            Assert.True(spec.NeedsMetadata);

            using MetadataIndex metadata = Metadata();
            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, metadata);

            Assert.Equal(
                "{\"SchemaVersion\":1.1,\"Study\":{\"Series\":{\"1.2.840.1.2\":{\"Instances\":{\"1.2.840.1.2.1\":{\"DICOM\":{\"ImageComments\":\"x\"}}}}}}}",
                Compact(documents.Updatable));
        }

        [Fact]
        public void InstanceQualifiedWithItsSeriesNeedsNoMetadata()
        {
            var spec = new MetadataUpdateSpecification
            {
                Instance = new Hashtable { [$"{SeriesA}/{SopA2}"] = new Hashtable { ["ImageComments"] = "x" } },
            };

            Assert.False(spec.NeedsMetadata);
            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, null);

            Assert.Equal("x", documents.Updatable!["Study"]!["Series"]![SeriesA]!["Instances"]![SopA2]!["DICOM"]!["ImageComments"]!.GetValue<string>());
        }

        [Fact]
        public void UnknownInstanceIsRefusedNamingTheUid()
        {
            var spec = new MetadataUpdateSpecification
            {
                Instance = new Hashtable { ["1.2.3.999"] = new Hashtable { ["ImageComments"] = "x" } },
            };

            using MetadataIndex metadata = Metadata();
            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, metadata));

            Assert.Equal("InstanceNotFound", e.ErrorId);
            Assert.Contains("1.2.3.999", e.Message);
        }

        [Fact]
        public void ValueWithVrGoesToDicomAndDicomVrs()
        {
            var spec = new MetadataUpdateSpecification
            {
                PrivateTag = new Hashtable { ["001910F9"] = new Hashtable { ["Value"] = "98", ["VR"] = "DS" } },
                PrivateTagInstances = new[] { SopA1, $"{SeriesB}/{SopB1}" },
            };

            using MetadataIndex metadata = Metadata();
            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, metadata);

            JsonNode a1 = documents.Updatable!["Study"]!["Series"]![SeriesA]!["Instances"]![SopA1]!;
            Assert.Equal("98", a1["DICOM"]!["001910F9"]!.GetValue<string>());
            Assert.Equal("DS", a1["DICOMVRs"]!["001910F9"]!.GetValue<string>());
            Assert.NotNull(documents.Updatable!["Study"]!["Series"]![SeriesB]!["Instances"]![SopB1]!["DICOMVRs"]);
        }

        [Fact]
        public void PrivateTagWithoutInstancesIsRefused()
        {
            var spec = new MetadataUpdateSpecification
            {
                PrivateTag = new Hashtable { ["001910F9"] = new Hashtable { ["Value"] = "98", ["VR"] = "DS" } },
            };

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, null));

            Assert.Equal("PrivateTagNeedsInstance", e.ErrorId);
        }

        [Theory]
        [InlineData("00100010", "InvalidPrivateTag")]
        [InlineData("PatientName", "InvalidPrivateTag")]
        public void PrivateTagMustBeAnOddGroupHexTag(string tag, string errorId)
        {
            var spec = new MetadataUpdateSpecification
            {
                PrivateTag = new Hashtable { [tag] = new Hashtable { ["Value"] = "98", ["VR"] = "DS" } },
                PrivateTagInstances = new[] { $"{SeriesA}/{SopA1}" },
            };

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, null));

            Assert.Equal(errorId, e.ErrorId);
        }

        [Fact]
        public void PrivateTagWithoutVrIsRefused()
        {
            var spec = new MetadataUpdateSpecification
            {
                PrivateTag = new Hashtable { ["001910F9"] = "98" },
                PrivateTagInstances = new[] { $"{SeriesA}/{SopA1}" },
            };

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, null));

            Assert.Equal("PrivateTagNeedsVR", e.ErrorId);
        }

        [Fact]
        public void RemovedAttributeCarriesItsCurrentValueAtItsLevel()
        {
            var spec = new MetadataUpdateSpecification
            {
                RemoveAttribute = new[] { "Patient.PatientBirthDate", $"Series.{SeriesA}.SeriesDescription", $"Instance.{SopA1}.ImageComments", "Study.StudyComments" },
            };

            using MetadataIndex metadata = Metadata();
            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, metadata);

            Assert.Null(documents.Updatable);
            Assert.Equal(
                "{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientBirthDate\":\"19700101\"}},\"Study\":{\"Series\":{\"1.2.840.1.1\":{\"DICOM\":{\"SeriesDescription\":\"AXIAL\"},\"Instances\":{\"1.2.840.1.1.1\":{\"DICOM\":{\"ImageComments\":\"first\"}}}}},\"DICOM\":{\"StudyComments\":null}}}",
                Compact(documents.Removable));
        }

        [Fact]
        public void RemovingAnAbsentAttributeIsRefused()
        {
            var spec = new MetadataUpdateSpecification { RemoveAttribute = new[] { "Study.AccessionNumber" } };

            using MetadataIndex metadata = Metadata();
            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, metadata));

            Assert.Equal("AttributeNotFound", e.ErrorId);
            Assert.Contains("AccessionNumber", e.Message);
        }

        [Theory]
        [InlineData("PatientName")]
        [InlineData("Patient")]
        [InlineData("Series.PatientName")]
        [InlineData("Planet.1.2.Keyword")]
        [InlineData("Study.1.2.StudyDescription")]
        public void MalformedAttributePathIsRefused(string path)
        {
            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.ParseAttributePath(path, null));

            Assert.Equal("InvalidAttributePath", e.ErrorId);
        }

        [Fact]
        public void RemoveSeriesAndInstanceBecomeEmptyObjects()
        {
            var spec = new MetadataUpdateSpecification { RemoveSeries = new[] { SeriesB }, RemoveInstance = new[] { SopA2 } };

            using MetadataIndex metadata = Metadata();
            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, metadata);

            Assert.Equal(
                "{\"SchemaVersion\":1.1,\"Study\":{\"Series\":{\"1.2.840.1.2\":{},\"1.2.840.1.1\":{\"Instances\":{\"1.2.840.1.1.2\":{}}}}}}",
                Compact(documents.Removable));
        }

        [Fact]
        public void RemovingAnUnknownSeriesIsRefused()
        {
            var spec = new MetadataUpdateSpecification { RemoveSeries = new[] { "1.2.3.4" } };

            using MetadataIndex metadata = Metadata();
            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, metadata));

            Assert.Equal("SeriesNotFound", e.ErrorId);
        }

        [Fact]
        public void RawDocumentWithoutSchemaVersionGetsItFirstAndLevelParametersMergeOverIt()
        {
            var spec = new MetadataUpdateSpecification
            {
                UpdatableAttributes = DocumentInput.Parse("{\"Study\":{\"DICOM\":{\"StudyDescription\":\"OLD\",\"AccessionNumber\":\"A1\"}}}", "test"),
                Study = new Hashtable { ["StudyDescription"] = "NEW" },
            };

            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, null);

            Assert.Equal(
                "{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyDescription\":\"NEW\",\"AccessionNumber\":\"A1\"}}}",
                Compact(documents.Updatable));
        }

        [Fact]
        public void PSCustomObjectsAndArraysConvertThroughTheCmdletLayer()
        {
            var custom = new PSObject();
            custom.Properties.Add(new PSNoteProperty("OtherPatientIDs", new object[] { "A", 2 }));
            custom.Properties.Add(new PSNoteProperty("PatientWeight", 70.5));
            custom.Properties.Add(new PSNoteProperty("PatientComments", null));
            var spec = new MetadataUpdateSpecification
            {
                UpdatableAttributes = DocumentValueConverter.ToJsonObject(
                    PowerShellValues.ToPlain(new Hashtable { ["Patient"] = new Hashtable { ["DICOM"] = custom } }), "-UpdatableAttributes"),
            };

            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(spec, null);

            Assert.Equal(
                "{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"OtherPatientIDs\":[\"A\",2],\"PatientWeight\":70.5,\"PatientComments\":null}}}",
                Compact(documents.Updatable));
        }

        [Fact]
        public void UnsupportedValueTypeIsRefusedWithoutEchoingTheValue()
        {
            var spec = new MetadataUpdateSpecification { Patient = new Hashtable { ["PatientBirthDate"] = new System.DateTime(1970, 1, 1) } };

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, null));

            Assert.Equal("InvalidAttributeValue", e.ErrorId);
            Assert.DoesNotContain("1970", e.Message);
        }

        [Fact]
        public void NothingGivenIsRefused()
        {
            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(new MetadataUpdateSpecification(), null));

            Assert.Equal("NothingToUpdate", e.ErrorId);
        }

        [Fact]
        public void BadElementNameIsRefused()
        {
            var spec = new MetadataUpdateSpecification { Study = new Hashtable { ["Study Description"] = "x" } };

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, null));

            Assert.Equal("InvalidAttributeName", e.ErrorId);
        }

        [Fact]
        public void SeriesKeyMustBeAUid()
        {
            var spec = new MetadataUpdateSpecification { Series = new Hashtable { ["AXIAL"] = new Hashtable { ["SeriesDescription"] = "x" } } };

            using MetadataIndex metadata = Metadata();
            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, metadata));

            Assert.Equal("InvalidUid", e.ErrorId);
        }

        [Fact]
        public void SettingAndRemovingOneElementIsRefusedBeforeTheMetadataIsRead()
        {
            var spec = new MetadataUpdateSpecification
            {
                Patient = new Hashtable { ["PatientBirthDate"] = "19800101", ["PatientName"] = "DOE^JANE" },
                RemoveAttribute = new[] { "Patient.PatientBirthDate" },
            };

            var early = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.RequireNoSetAndRemove(spec));
            Assert.Equal("SetAndRemoveSameElement", early.ErrorId);
            Assert.StartsWith("The change both sets and removes Patient.PatientBirthDate;", early.Message);
            Assert.DoesNotContain("1980", early.Message);
            Assert.DoesNotContain("1970", early.Message);

            using MetadataIndex metadata = Metadata();
            var late = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.RequireNoSetAndRemove(MetadataUpdateBuilder.Build(spec, metadata)));
            Assert.Equal("SetAndRemoveSameElement", late.ErrorId);
        }

        [Fact]
        public void SettingAndRemovingInSeriesAndInstancesIsRefusedOnceTheMetadataNamesTheSeries()
        {
            var spec = new MetadataUpdateSpecification
            {
                Series = new Hashtable { [SeriesA] = new Hashtable { ["SeriesDescription"] = "SAGITTAL" } },
                Instance = new Hashtable { [SopA1] = new Hashtable { ["ImageComments"] = "changed" } },
                RemoveAttribute = new[] { $"Series.{SeriesA}.SeriesDescription", $"Instance.{SopA1}.ImageComments" },
            };

            // The instance's series comes from the metadata: the early check sees the series conflict only.
            var early = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.RequireNoSetAndRemove(spec));
            Assert.Contains($"Series.{SeriesA}.SeriesDescription", early.Message);

            using MetadataIndex metadata = Metadata();
            var late = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.RequireNoSetAndRemove(MetadataUpdateBuilder.Build(spec, metadata)));
            Assert.Contains($"Series.{SeriesA}.SeriesDescription, Instance.{SopA1}.ImageComments", late.Message);
        }

        [Fact]
        public void SettingInASeriesThatIsRemovedWholeIsRefused()
        {
            var spec = new MetadataUpdateSpecification
            {
                Series = new Hashtable { [SeriesA] = new Hashtable { ["SeriesDescription"] = "SAGITTAL" } },
                RemoveSeries = new[] { SeriesA },
            };

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.RequireNoSetAndRemove(spec));
            Assert.Equal("SetAndRemoveSameElement", e.ErrorId);
            Assert.Contains($"Series.{SeriesA} (removed whole", e.Message);
        }

        [Fact]
        public void SettingOneElementAndRemovingAnotherIsAccepted()
        {
            var spec = new MetadataUpdateSpecification
            {
                Patient = new Hashtable { ["PatientName"] = "DOE^JANE" },
                Series = new Hashtable { [SeriesA] = new Hashtable { ["SeriesNumber"] = 4 } },
                RemoveAttribute = new[] { "Patient.PatientBirthDate", $"Series.{SeriesA}.SeriesDescription" },
            };

            MetadataUpdateBuilder.RequireNoSetAndRemove(spec);
            using MetadataIndex metadata = Metadata();
            MetadataUpdateBuilder.RequireNoSetAndRemove(MetadataUpdateBuilder.Build(spec, metadata));
        }

        [Fact]
        public void JsonDocumentsThatSetAndRemoveOneElementAreRefused()
        {
            var documents = new MetadataUpdateDocuments
            {
                Updatable = JsonNode.Parse("{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyDescription\":\"A\"}}}")!.AsObject(),
                Removable = JsonNode.Parse("{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyDescription\":\"B\"}}}")!.AsObject(),
            };

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.RequireNoSetAndRemove(documents));
            Assert.Contains("Study.StudyDescription", e.Message);
        }
    }
}
