using System.Collections;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using Xunit;

namespace AhiTools.Tests
{
    public class DocumentsTextTests
    {
        private static byte[] Latin1PatientName() =>
            Encoding.ASCII.GetBytes("{\"Patient\":{\"DICOM\":{\"PatientName\":\"M").Concat(new byte[] { 0xDC }).Concat(Encoding.ASCII.GetBytes("LLER\"}}}")).ToArray();

        [Fact]
        public void Latin1BytesAreRefusedWithTheirOffsetButNotTheText()
        {
            var e = Assert.Throws<DocumentValidationException>(() => DocumentText.ParseBytes(Latin1PatientName(), "The file"));

            Assert.Equal("InvalidTextEncoding", e.ErrorId);
            Assert.Contains("UTF-8", e.Message);
            Assert.Contains("offset 37", e.Message);
            Assert.DoesNotContain("LLER", e.Message);
            Assert.Contains("Set-Content -Encoding utf8", e.RecommendedAction);
        }

        [Fact]
        public void Utf8WithOrWithoutBomAndUtf16WithBomAreRead()
        {
            const string json = "{\"Patient\":{\"DICOM\":{\"PatientName\":\"MÜLLER\"}}}";
            byte[] bom = new byte[] { 0xEF, 0xBB, 0xBF };
            foreach (byte[] bytes in new[]
            {
                Encoding.UTF8.GetBytes(json),
                bom.Concat(Encoding.UTF8.GetBytes(json)).ToArray(),
                Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(json)).ToArray(),
            })
            {
                Assert.Equal("MÜLLER", DocumentText.ParseBytes(bytes, "f")["Patient"]!["DICOM"]!["PatientName"]!.GetValue<string>());
            }
        }

        [Theory]
        [InlineData("{\"Patient\":{\"DICOM\":{\"PatientName\":\"A\\ud800B\"}}}")]
        [InlineData("{\"Patient\":{\"DICOM\":{\"PatientName\":\"\\udc00\"}}}")]
        [InlineData("{\"Patient\":{\"DICOM\":{\"\\ud800\":\"x\"}}}")]
        public void EscapedLoneSurrogatesAreRefused(string json)
        {
            var e = Assert.Throws<DocumentValidationException>(() => DocumentText.Parse(json, "-UpdatableAttributes"));

            Assert.Equal("InvalidTextEncoding", e.ErrorId);
            Assert.Contains("U+FFFD", e.Message);
        }

        [Fact]
        public void LoneSurrogateCharactersInTextOrValuesAreRefused()
        {
            Assert.Equal("InvalidTextEncoding", Assert.Throws<DocumentValidationException>(() => DocumentText.Parse("{\"a\":\"x\ud800\"}", "-UpdatableAttributes")).ErrorId);
            var value = new Hashtable { ["Study"] = new Hashtable { ["DICOM"] = new Hashtable { ["StudyDescription"] = "A\ud800B" } } };

            var e = Assert.Throws<DocumentValidationException>(() => DocumentValueConverter.ToJsonObject(value, "-UpdatableAttributes"));

            Assert.Equal("InvalidTextEncoding", e.ErrorId);
            Assert.Contains("StudyDescription", e.Message);
        }

        [Fact]
        public void PairedSurrogatesAreKept()
        {
            JsonObject doc = DocumentText.Parse("{\"a\":\"\\ud83d\\ude00 \U0001F600\"}", "x");

            Assert.Equal("\U0001F600 \U0001F600", doc["a"]!.GetValue<string>());
        }

        [Fact]
        public void ADuplicateMemberIsRefusedByName()
        {
            var e = Assert.Throws<DocumentValidationException>(() =>
                DocumentText.Parse("{\"Study\":{\"DICOM\":{\"StudyDescription\":\"A\",\"StudyDescription\":\"B\"}}}", "-UpdatableAttributes"));

            Assert.Equal("DuplicateJsonKey", e.ErrorId);
            Assert.Contains("StudyDescription", e.Message);
        }

        [Fact]
        public void TheSameNameInDifferentObjectsIsFine()
        {
            JsonObject doc = DocumentText.Parse("{\"Patient\":{\"DICOM\":{\"X\":1}},\"Study\":{\"DICOM\":{\"X\":[{\"X\":1},{\"X\":2}]}}}", "x");

            Assert.Equal(2, doc["Study"]!["DICOM"]!["X"]!.AsArray().Count);
        }

        [Fact]
        public void BrokenJsonIsInvalidJson()
        {
            Assert.Equal("InvalidJson", Assert.Throws<DocumentValidationException>(() => DocumentText.Parse("{\"a\":", "x")).ErrorId);
        }
    }
}
