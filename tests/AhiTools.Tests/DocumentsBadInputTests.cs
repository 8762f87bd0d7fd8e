using System.Collections;
using System.Linq;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using Xunit;
using static AhiTools.Tests.DocumentsTestMetadata;

namespace AhiTools.Tests
{
    /// <summary>Input that used to crash or be sent wrongly: non-string keys, empty documents, VRs at Patient/Study level,
    /// unknown keywords and unknown UIDs (refused with the closest known ones).</summary>
    public class DocumentsBadInputTests
    {
        private static DocumentValidationException Refused(MetadataUpdateSpecification spec, bool withMetadata = false)
        {
            using var metadata = MetadataIndex.Parse(Document);
            return Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.Build(spec, withMetadata ? metadata : null));
        }

        private static DocumentValidationException RefusedDocument(string json) =>
            Assert.Throws<DocumentValidationException>(() =>
                MetadataUpdateValidator.Validate((JsonObject)JsonNode.Parse(json)!, AttributesDocumentKind.Updatable, force: false));

        [Fact]
        public void ANumberAsAKeywordIsAnInvalidNameNotACrash()
        {
            var e = Refused(new MetadataUpdateSpecification { Patient = new Hashtable { [7] = "x" } });

            Assert.Equal("InvalidAttributeName", e.ErrorId);
            Assert.Contains("'7'", e.Message);
        }

        [Theory]
        [InlineData("{}")]
        [InlineData("{\"SchemaVersion\":\"1.1\"}")]
        [InlineData("{\"Patient\":{},\"Study\":{\"DICOM\":{},\"Series\":{}}}")]
        public void ADocumentThatNamesNothingIsNothingToUpdate(string json)
        {
            MetadataUpdateDocuments documents = MetadataUpdateBuilder.Build(new MetadataUpdateSpecification { UpdatableAttributes = (JsonObject)JsonNode.Parse(json)! }, null);
            MetadataUpdateValidator.Validate(documents.Updatable!, AttributesDocumentKind.Updatable, force: false);

            var e = Assert.Throws<DocumentValidationException>(() => MetadataUpdateBuilder.RequireChanges(documents));

            Assert.Equal("NothingToUpdate", e.ErrorId);
        }

        [Fact]
        public void AValueWithAVrAtPatientOrStudyLevelIsRefused()
        {
            var withVr = new Hashtable { ["Value"] = "DOE^JANE", ["VR"] = "PN" };

            var patient = Refused(new MetadataUpdateSpecification { Patient = new Hashtable { ["PatientName"] = withVr } });
            var study = Refused(new MetadataUpdateSpecification { Study = new Hashtable { ["StudyDescription"] = new Hashtable { ["Value"] = "X", ["VR"] = "LO" } } });

            Assert.Equal("VRNotAccepted", patient.ErrorId);
            Assert.Contains("-Patient.PatientName", patient.Message);
            Assert.Contains("-Patient @{", patient.RecommendedAction);
            Assert.DoesNotContain("DOE^JANE", patient.Message + patient.RecommendedAction);
            Assert.Equal("VRNotAccepted", study.ErrorId);
        }

        [Fact]
        public void DicomVrsAtPatientOrStudyLevelOfARawDocumentAreRefused()
        {
            Assert.Equal("VRNotAccepted", RefusedDocument("{\"Patient\":{\"DICOM\":{\"PatientName\":\"A\"},\"DICOMVRs\":{\"PatientName\":\"PN\"}}}").ErrorId);
            Assert.Equal("VRNotAccepted", RefusedDocument("{\"Study\":{\"DICOMVRs\":{\"StudyDescription\":\"LO\"}}}").ErrorId);
        }

        [Fact]
        public void AValueWithAVrAtSeriesLevelIsSent()
        {
            var spec = new MetadataUpdateSpecification
            {
                Series = new Hashtable { [SeriesA] = new Hashtable { ["SeriesDescription"] = new Hashtable { ["Value"] = "X", ["VR"] = "LO" } } },
            };
            using var metadata = MetadataIndex.Parse(Document);

            JsonObject updatable = MetadataUpdateBuilder.Build(spec, metadata).Updatable!;

            Assert.Equal("LO", updatable["Study"]!["Series"]![SeriesA]!["DICOMVRs"]!["SeriesDescription"]!.GetValue<string>());
        }

        [Theory]
        [InlineData("StudyDescripton", "StudyDescription")]
        [InlineData("studydescription", "StudyDescription")]
        [InlineData("PateintName", "PatientName")]
        [InlineData("AccesionNumber", "AccessionNumber")]
        public void AnUnknownKeywordIsRefusedWithTheClosestKeywords(string given, string suggested)
        {
            var e = Refused(new MetadataUpdateSpecification { Study = new Hashtable { [given] = "x" } });

            Assert.Equal("UnknownKeyword", e.ErrorId);
            Assert.Contains($"'{given}'", e.Message);
            Assert.Contains($"Did you mean {suggested}", e.Message);
        }

        [Fact]
        public void AnUnknownKeywordInARawDocumentIsRefused()
        {
            var e = RefusedDocument("{\"Study\":{\"DICOM\":{\"StudyDescripton\":\"x\"}}}");

            Assert.Equal("UnknownKeyword", e.ErrorId);
            Assert.Contains("Did you mean StudyDescription", e.Message);
        }

        [Fact]
        public void AKeywordFarFromAnyIsRefusedWithoutASuggestion()
        {
            var e = Refused(new MetadataUpdateSpecification { Study = new Hashtable { ["Zzzzzzqqqqqq"] = "x" } });

            Assert.Equal("UnknownKeyword", e.ErrorId);
            Assert.DoesNotContain("Did you mean", e.Message);
        }

        [Fact]
        public void RetiredAndRecentKeywordsAreKnown()
        {
            Assert.True(DicomKeywords.IsKnown("ImageComments"));
            Assert.True(DicomKeywords.IsKnown("OtherPatientIDs"));
            Assert.True(DicomKeywords.IsKnown("DataSetTrailingPadding"));
            Assert.False(DicomKeywords.IsKnown("patientname"));
        }

        [Fact]
        public void AStandardTagByNumberIsRefusedNamingItsKeyword()
        {
            var e = RefusedDocument("{\"Patient\":{\"DICOM\":{\"00100010\":\"DOE^JANE\"}}}");

            Assert.Equal("StandardTagByNumber", e.ErrorId);
            Assert.Contains("00100010 (PatientName)", e.Message);
            Assert.Equal("Give it as PatientName.", e.RecommendedAction);
            Assert.Equal("SeriesDescription", DicomKeywords.KeywordOfTag("0008103e"));
        }

        [Fact]
        public void AnUnknownSeriesIsRefusedWithTheImageSetsClosestSeries()
        {
            var e = Refused(new MetadataUpdateSpecification { Series = new Hashtable { ["1.2.840.1.3"] = new Hashtable { ["SeriesDescription"] = "x" } } }, withMetadata: true);

            Assert.Equal("SeriesNotFound", e.ErrorId);
            Assert.Contains("Did you mean 1.2.840.1.1 or 1.2.840.1.2?", e.Message);
        }

        [Fact]
        public void AnUnknownSeriesInACopySelectionIsRefusedWithTheClosestSeries()
        {
            using var metadata = MetadataIndex.Parse(Document);

            var e = Assert.Throws<DocumentValidationException>(() => CopySelection.FromUids(new[] { "1.2.840.1.22" }, null, new string[0], metadata));

            Assert.Equal("SeriesNotFound", e.ErrorId);
            Assert.Contains("Did you mean 1.2.840.1.2", e.Message);
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        [InlineData(float.NegativeInfinity)]
        public void ANumberJsonCannotHoldIsRefused(double number)
        {
            var e = Assert.Throws<DocumentValidationException>(() => DocumentValueConverter.ToJson(number, "-Study.SliceThickness"));

            Assert.Equal("InvalidAttributeValue", e.ErrorId);
            Assert.Contains("-Study.SliceThickness", e.Message);
        }

        [Fact]
        public void ValuesNestedBeyondWhatJsonAcceptsAreRefusedAndTheLimitStillSerializes()
        {
            Hashtable Nest(int levels)
            {
                var root = new Hashtable();
                Hashtable current = root;
                for (int i = 0; i < levels; i++)
                {
                    var next = new Hashtable();
                    current["CodeValue"] = new object[] { next };
                    current = next;
                }

                return root;
            }

            var e = Assert.Throws<DocumentValidationException>(() => DocumentValueConverter.ToJson(new object[] { Nest(40) }, "-Study.ReferencedStudySequence"));
            Assert.Equal("InvalidDocument", e.ErrorId);

            var spec = new MetadataUpdateSpecification { Study = new Hashtable { ["ReferencedStudySequence"] = new object[] { Nest(23) } } };
            JsonObject updatable = MetadataUpdateBuilder.Build(spec, null).Updatable!;
            Assert.NotEmpty(DocumentSerializer.ToAttributesBlob(updatable, AttributesDocumentKind.Updatable));
        }

        [Fact]
        public void AnUnknownSeriesInACopiableDocumentIsSeriesNotFound()
        {
            using var metadata = MetadataIndex.Parse(Document);
            var copiable = (JsonObject)JsonNode.Parse("{\"Study\":{\"Series\":{\"1.2.840.1.11\":{\"Instances\":{\"1.2.840.1.1.1\":{}}}}}}")!;

            var e = Assert.Throws<DocumentValidationException>(() => CopySelection.FromDocument(copiable, metadata));

            Assert.Equal("SeriesNotFound", e.ErrorId);
            Assert.Contains("Did you mean 1.2.840.1.1", e.Message);
        }

        [Fact]
        public void DistanceCountsASwapOfNeighboursAsOneEdit()
        {
            Assert.Equal(1, Suggestions.Distance("PAITENT", "PATIENT"));
            Assert.Equal(1, Suggestions.Distance("ABC", "ABXC"));
            Assert.Equal(3, Suggestions.Distance("KITTEN", "SITTING"));
            Assert.Equal(" Did you mean A, B or C?", Suggestions.Phrase(new[] { "A", "B", "C" }.ToList()));
        }
    }
}
