using System.Collections;
using System.IO;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using Xunit;

namespace AhiTools.Tests
{
    public class DocumentsInputTests
    {
        private static string? NoFile(string path) => null;

        [Fact]
        public void JsonTextParses()
        {
            JsonObject doc = DocumentInput.Read("  {\"Patient\":{\"DICOM\":{\"PatientName\":\"A\"}}}", "UpdatableAttributes", NoFile);

            Assert.Equal("A", doc["Patient"]!["DICOM"]!["PatientName"]!.GetValue<string>());
        }

        [Fact]
        public void HashtableConverts()
        {
            JsonObject doc = DocumentInput.Read(new Hashtable { ["Study"] = new Hashtable { ["DICOM"] = new Hashtable { ["StudyID"] = 7 } } }, "UpdatableAttributes", NoFile);

            Assert.Equal(7, doc["Study"]!["DICOM"]!["StudyID"]!.GetValue<int>());
        }

        [Fact]
        public void FileInfoAndPathAreRead()
        {
            string path = Path.Combine(Path.GetTempPath(), $"ahi-doc-{System.Guid.NewGuid():N}.json");
            File.WriteAllText(path, "{\"Study\":{\"DICOM\":{\"StudyDescription\":\"X\"}}}");
            try
            {
                Assert.Equal("X", DocumentInput.Read(new FileInfo(path), "UpdatableAttributes", NoFile)["Study"]!["DICOM"]!["StudyDescription"]!.GetValue<string>());
                Assert.Equal("X", DocumentInput.Read("doc.json", "UpdatableAttributes", _ => path)["Study"]!["DICOM"]!["StudyDescription"]!.GetValue<string>());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void NeitherJsonNorFileIsRefused()
        {
            var e = Assert.Throws<DocumentValidationException>(() => DocumentInput.Read("no-such.json", "RemovableAttributes", NoFile));

            Assert.Equal("DocumentFileNotFound", e.ErrorId);
            Assert.Contains("-RemovableAttributes", e.Message);
        }

        [Theory]
        [InlineData("{\"Patient\":")]
        [InlineData("{not json}")]
        public void InvalidJsonIsRefused(string text)
        {
            Assert.Equal("InvalidJson", Assert.Throws<DocumentValidationException>(() => DocumentInput.Read(text, "UpdatableAttributes", NoFile)).ErrorId);
        }

        [Fact]
        public void MetadataIndexFindsSeriesInstancesAndValues()
        {
            using var index = MetadataIndex.Parse(DocumentsTestMetadata.Document);

            Assert.Equal(DocumentsTestMetadata.SeriesA, index.SeriesOfInstance(DocumentsTestMetadata.SopA2));
            Assert.Equal(new[] { DocumentsTestMetadata.SopA1, DocumentsTestMetadata.SopA2 }, index.InstancesOfSeries(DocumentsTestMetadata.SeriesA));
            Assert.True(index.TryGetElement(ElementScope.Study, "StudyComments", out JsonNode? empty));
            Assert.Null(empty);
            Assert.False(index.TryGetElement(ElementScope.Patient, "PatientSex", out _));
            Assert.Equal(2, index.FrameCount(DocumentsTestMetadata.SeriesA, DocumentsTestMetadata.SopA2));
        }
    }
}
