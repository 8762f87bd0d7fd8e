using System.Text;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using Xunit;

namespace AhiTools.Tests
{
    public class DocumentsValidatorTests
    {
        private static JsonObject Doc(string json) => DocumentInput.Parse(json, "test");

        private static DocumentValidationException Refused(string json, AttributesDocumentKind kind = AttributesDocumentKind.Updatable, bool force = false) =>
            Assert.Throws<DocumentValidationException>(() => MetadataUpdateValidator.Validate(Doc(json), kind, force));

        [Fact]
        public void WellFormedDocumentAtEveryLevelPasses()
        {
            MetadataUpdateValidator.Validate(
                Doc("{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientName\":\"A\"}},\"Study\":{\"DICOM\":{\"StudyDescription\":\"B\"},\"Series\":{\"1.2.3\":{\"DICOM\":{\"SeriesDescription\":\"C\"},\"Instances\":{\"1.2.3.4\":{\"DICOM\":{\"ImageComments\":\"D\"}}}}}}}"),
                AttributesDocumentKind.Updatable,
                force: false);
        }

        [Theory]
        [InlineData("{\"SchemaVersion\":\"1.1\",\"Patient\":{\"DICOM\":{\"PatientName\":\"A\"}}}")]
        [InlineData("{\"SchemaVersion\":1.1,\"Patient\":{\"DICOM\":{\"PatientName\":\"A\"}}}")]
        public void SchemaVersionAsStringOrNumberPasses(string json)
        {
            MetadataUpdateValidator.Validate(Doc(json), AttributesDocumentKind.Updatable, force: false);
        }

        [Fact]
        public void OtherSchemaVersionIsRefused()
        {
            Assert.Equal("UnsupportedSchemaVersion", Refused("{\"SchemaVersion\":\"2.0\",\"Patient\":{\"DICOM\":{\"PatientName\":\"A\"}}}").ErrorId);
        }

        [Theory]
        [InlineData("{\"Series\":{}}", "Series")]
        [InlineData("{\"Patient\":{\"Series\":{}}}", "Series")]
        [InlineData("{\"Patient\":{\"DICOM\":\"x\"}}", "DICOM")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Frames\":{}}}}}", "Frames")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{\"Series\":{}}}}}}}", "Series")]
        public void WrongShapeIsRefusedNamingTheMember(string json, string member)
        {
            DocumentValidationException e = Refused(json);

            Assert.Equal("InvalidDocument", e.ErrorId);
            Assert.Contains(member, e.Message);
        }

        [Theory]
        [InlineData("{\"DatastoreID\":\"x\"}", "DatastoreID")]
        [InlineData("{\"ImageSetID\":\"x\"}", "ImageSetID")]
        [InlineData("{\"Study\":{\"DICOM\":{\"SchemaVersion\":\"x\"}}}", "SchemaVersion")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{\"DICOM\":{\"PixelData\":\"x\"}}}}}}}", "PixelData")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{\"ImageFrames\":[]}}}}}}", "ImageFrames")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{\"DICOM\":{\"PixelDataChecksumFromBaseToFullResolution\":\"x\"}}}}}}}", "Checksum")]
        public void NeverUpdatableElementsAreRefusedEvenWithForce(string json, string element)
        {
            DocumentValidationException e = Refused(json, force: true);

            Assert.Equal("AttributeNotUpdatable", e.ErrorId);
            Assert.Contains(element, e.Message);
        }

        [Theory]
        [InlineData("{\"Study\":{\"DICOM\":{\"StudyInstanceUID\":\"1.2\"}}}", "StudyInstanceUID")]
        [InlineData("{\"Study\":{\"DICOM\":{\"StudyID\":\"7\"}}}", "StudyID")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"DICOM\":{\"SeriesInstanceUID\":\"1.3\"}}}}}", "SeriesInstanceUID")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{\"DICOM\":{\"SOPInstanceUID\":\"1.2.4\"}}}}}}}", "SOPInstanceUID")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{\"DICOM\":{\"001910F9\":\"97\"},\"DICOMVRs\":{\"001910F9\":\"DS\"}}}}}}}", "001910F9")]
        [InlineData("{\"Patient\":{\"DICOM\":{\"OtherPatientIDs\":[\"A\",\"B\"]}}}", "OtherPatientIDs")]
        [InlineData("{\"Study\":{\"DICOM\":{\"ProcedureCodeSequence\":[{\"CodeValue\":\"X\"}]}}}", "ProcedureCodeSequence")]
        public void ForceElementsAreRefusedWithoutForceNamingElementAndSwitch(string json, string element)
        {
            DocumentValidationException e = Refused(json);

            Assert.Equal("ForceRequired", e.ErrorId);
            Assert.Contains(element, e.Message);
            Assert.Contains("-Force", e.Message);

            MetadataUpdateValidator.Validate(Doc(json), AttributesDocumentKind.Updatable, force: true);
        }

        [Theory]
        [InlineData("{\"Patient\":{\"DICOM\":{\"OtherPatientIDs\":[\"A\"]}}}")]
        [InlineData("{\"Patient\":{\"DICOM\":{\"PatientWeight\":70.5,\"PatientComments\":null}}}")]
        public void SingleValuesNumbersAndNullNeedNoForce(string json)
        {
            MetadataUpdateValidator.Validate(Doc(json), AttributesDocumentKind.Updatable, force: false);
        }

        [Theory]
        [InlineData("{\"Patient\":{\"DICOM\":{\"PatientName\":{\"Alphabetic\":\"A\"}}}}")]
        [InlineData("{\"Patient\":{\"DICOM\":{\"PatientName\":true}}}")]
        public void ObjectsAndBooleansAreNotDicomValues(string json)
        {
            Assert.Equal("InvalidAttributeValue", Refused(json, force: true).ErrorId);
        }

        [Fact]
        public void PrivateTagAtSeriesLevelNeedsNoForce()
        {
            MetadataUpdateValidator.Validate(
                Doc("{\"Study\":{\"Series\":{\"1.2\":{\"DICOM\":{\"001910F9\":\"97\"},\"DICOMVRs\":{\"001910F9\":\"DS\"}}}}}"),
                AttributesDocumentKind.Updatable,
                force: false);
        }

        [Theory]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{}}}}", "series 1.2")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{}}}}}}", "instance 1.2.3")]
        public void RemovingSeriesOrInstancesNeedsForce(string json, string what)
        {
            DocumentValidationException e = Refused(json, AttributesDocumentKind.Removable);

            Assert.Equal("ForceRequired", e.ErrorId);
            Assert.Contains(what, e.Message);
            MetadataUpdateValidator.Validate(Doc(json), AttributesDocumentKind.Removable, force: true);
        }

        [Fact]
        public void EmptySeriesInAnUpdateIsRefused()
        {
            Assert.Equal("InvalidDocument", Refused("{\"Study\":{\"Series\":{\"1.2\":{}}}}", force: true).ErrorId);
        }

        [Fact]
        public void BadVrIsRefused()
        {
            Assert.Equal("InvalidVR", Refused("{\"Study\":{\"Series\":{\"1.2\":{\"DICOM\":{\"SeriesDescription\":\"x\"},\"DICOMVRs\":{\"SeriesDescription\":\"long\"}}}}}").ErrorId);
        }

        [Fact]
        public void MessagesNeverContainValues()
        {
            DocumentValidationException e = Refused("{\"Patient\":{\"DICOM\":{\"OtherPatientIDs\":[\"SECRET-ID-42\",\"SECRET-ID-43\"]}}}");

            Assert.DoesNotContain("SECRET-ID-42", e.Message);
        }

        [Fact]
        public void DocumentOverTheModelLimitIsRefusedWithTheQuotaMentioned()
        {
            var big = new JsonObject { ["Study"] = new JsonObject { ["DICOM"] = new JsonObject { ["StudyDescription"] = new string('x', 30001) } } };

            var e = Assert.Throws<DocumentValidationException>(() => DocumentSerializer.ToAttributesBlob(big, AttributesDocumentKind.Updatable));

            Assert.Equal("DocumentTooLarge", e.ErrorId);
            Assert.Contains("30000", e.Message);
            Assert.Contains("10 KB", e.Message);
        }

        [Fact]
        public void BlobIsCompactUtf8WithoutEscapingNames()
        {
            var doc = new JsonObject { ["Patient"] = new JsonObject { ["DICOM"] = new JsonObject { ["PatientName"] = "MÜLLER^ANNA" } } };

            byte[] blob = DocumentSerializer.ToAttributesBlob(doc, AttributesDocumentKind.Updatable);

            Assert.Equal("{\"Patient\":{\"DICOM\":{\"PatientName\":\"MÜLLER^ANNA\"}}}", Encoding.UTF8.GetString(blob));
        }

        [Fact]
        public void SummaryNamesElementsAndUidsButNoValues()
        {
            JsonObject updatable = Doc("{\"Patient\":{\"DICOM\":{\"PatientName\":\"SECRET^NAME\"}},\"Study\":{\"Series\":{\"1.2\":{\"DICOM\":{\"SeriesDescription\":\"x\"}}}}}");
            JsonObject removable = Doc("{\"Study\":{\"Series\":{\"1.3\":{},\"1.2\":{\"Instances\":{\"1.2.9\":{}}}}}}");

            string summary = ChangeDescription.Describe(updatable, removable);

            Assert.Equal("set Patient.PatientName, Series[1.2].SeriesDescription; remove series 1.3, instance 1.2.9", summary);
        }

        [Theory]
        [InlineData("{\"Patient\":{\"DICOM\":{\"StudyDescription\":\"X\"}}}", "StudyDescription", "-Study")]
        [InlineData("{\"Study\":{\"DICOM\":{\"PatientName\":\"X\"}}}", "PatientName", "-Patient")]
        [InlineData("{\"Study\":{\"DICOM\":{\"Modality\":\"CT\"}}}", "Modality", "-Series")]
        [InlineData("{\"Study\":{\"Series\":{\"1.2.3\":{\"DICOM\":{\"InstanceNumber\":\"1\"}}}}}", "InstanceNumber", "-Instance")]
        public void AWellKnownElementAtAnotherLevelIsRefusedNamingWhereItBelongs(string json, string element, string parameter)
        {
            DocumentValidationException refused = Refused(json);

            Assert.Equal("WrongLevel", refused.ErrorId);
            Assert.Contains(element, refused.Message);
            Assert.Contains(parameter, refused.RecommendedAction);
            Assert.DoesNotContain("\"X\"", refused.Message);
        }

        [Fact]
        public void AnElementTheTableDoesNotKnowIsLeftToTheService()
        {
            MetadataUpdateValidator.Validate(Doc("{\"Patient\":{\"DICOM\":{\"PatientSpeciesDescription\":\"X\"}}}"), AttributesDocumentKind.Updatable, force: false);
        }
    }
}
