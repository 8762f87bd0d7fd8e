using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using Xunit;
using M = AhiTools.Tests.DocumentsTestMetadata;

namespace AhiTools.Tests
{
    // What Compare-AHIImageSetMetadata reports between two metadata documents.
    public class MetadataComparerTests
    {
        private static (ElementLevel Level, string? Series, string? Sop, string? Element, MetadataChangeKind Change, string? Old, string? New)[] Compare(Action<JsonObject> change)
        {
            var changed = JsonNode.Parse(M.Document)!.AsObject();
            change(changed);
            using var reference = JsonDocument.Parse(M.Document);
            using var difference = JsonDocument.Parse(changed.ToJsonString());
            return MetadataComparer.Compare(reference.RootElement, difference.RootElement)
                .Select(d => (d.Level, d.SeriesInstanceUid, d.SopInstanceUid, d.Element, d.Change, d.OldValue?.GetRawText(), d.NewValue?.GetRawText()))
                .ToArray();
        }

        private static JsonObject Dicom(JsonObject document, string path)
        {
            JsonNode node = document;
            foreach (string name in path.Split('/'))
            {
                node = node[name]!;
            }

            return node["DICOM"]!.AsObject();
        }

        private static string SeriesPath(string series) => $"Study/Series/{series}";

        private static string InstancePath(string series, string sop) => $"Study/Series/{series}/Instances/{sop}";

        [Fact]
        public void TheSameDocumentHasNoDifferences()
        {
            Assert.Empty(Compare(_ => { }));
        }

        [Fact]
        public void AChangedPatientElementIsModifiedWithBothValues()
        {
            var rows = Compare(d => Dicom(d, "Patient")["PatientName"] = "DOE^JANE");

            Assert.Equal(new[] { (ElementLevel.Patient, (string?)null, (string?)null, (string?)"PatientName", MetadataChangeKind.Modified, (string?)"\"DOE^JOHN\"", (string?)"\"DOE^JANE\"") }, rows);
        }

        [Fact]
        public void StudyElementsAddedAndRemovedCarryOnlyTheValueThatExists()
        {
            var rows = Compare(d =>
            {
                Dicom(d, "Study")["AccessionNumber"] = "ACC-9";
                Dicom(d, "Study").Remove("StudyComments");
            });

            Assert.Equal(2, rows.Length);
            Assert.Equal((ElementLevel.Study, (string?)null, (string?)null, (string?)"AccessionNumber", MetadataChangeKind.Added, (string?)null, (string?)"\"ACC-9\""), rows[0]);
            Assert.Equal((ElementLevel.Study, (string?)null, (string?)null, (string?)"StudyComments", MetadataChangeKind.Removed, (string?)"null", (string?)null), rows[1]);
        }

        [Fact]
        public void SeriesAndInstanceElementsNameTheirSeriesAndInstance()
        {
            var rows = Compare(d =>
            {
                Dicom(d, SeriesPath(M.SeriesA))["SeriesDescription"] = "CORONAL";
                Dicom(d, InstancePath(M.SeriesA, M.SopA1))["001910F9"] = "98";
            });

            Assert.Equal(2, rows.Length);
            Assert.Equal((ElementLevel.Series, (string?)M.SeriesA, (string?)null, (string?)"SeriesDescription", MetadataChangeKind.Modified, (string?)"\"AXIAL\"", (string?)"\"CORONAL\""), rows[0]);
            Assert.Equal((ElementLevel.Instance, (string?)M.SeriesA, (string?)M.SopA1, (string?)"001910F9", MetadataChangeKind.Modified, (string?)"\"97\"", (string?)"\"98\""), rows[1]);
        }

        [Fact]
        public void AWholeSeriesOrInstanceAddedOrRemovedIsOneRowWithoutElement()
        {
            const string newSop = "1.2.840.1.1.9";
            var rows = Compare(d =>
            {
                d["Study"]!["Series"]!.AsObject().Remove(M.SeriesB);
                d["Study"]!["Series"]![M.SeriesA]!["Instances"]![newSop] = JsonNode.Parse("{\"DICOM\":{\"SOPInstanceUID\":\"1.2.840.1.1.9\"}}");
            });

            Assert.Equal(2, rows.Length);
            Assert.Equal((ElementLevel.Instance, (string?)M.SeriesA, (string?)newSop, (string?)null, MetadataChangeKind.Added, (string?)null, (string?)null), rows[0]);
            Assert.Equal((ElementLevel.Series, (string?)M.SeriesB, (string?)null, (string?)null, MetadataChangeKind.Removed, (string?)null, (string?)null), rows[1]);
        }

        [Fact]
        public void ValuesCompareByMeaningAndOnlyDicomElementsCount()
        {
            var rows = Compare(d =>
            {
                Dicom(d, InstancePath(M.SeriesA, M.SopA2))["InstanceNumber"] = 1;
                d["Study"]!["Series"]![M.SeriesA]!["Instances"]![M.SopA2]!["ImageFrames"] = new JsonArray();
                d["Study"]!["Series"]![M.SeriesA]!["Instances"]![M.SopA1]!["DICOMVRs"] = new JsonObject();
                d["ImageSetID"] = "0".PadLeft(32, '0');
            });

            Assert.Equal(new[] { (ElementLevel.Instance, (string?)M.SeriesA, (string?)M.SopA2, (string?)"InstanceNumber", MetadataChangeKind.Added, (string?)null, (string?)"1") }, rows);
        }

        [Fact]
        public void NumbersEqualInValueAreUnchangedAndMultiValuesCompareInOrder()
        {
            const string reference = "{\"Patient\":{\"DICOM\":{\"PatientWeight\":70,\"OtherPatientIDs\":[\"A\",\"B\"]}}}";
            const string reordered = "{\"Patient\":{\"DICOM\":{\"PatientWeight\":70.0,\"OtherPatientIDs\":[\"B\",\"A\"]}}}";
            using var before = JsonDocument.Parse(reference);
            using var after = JsonDocument.Parse(reordered);

            var rows = MetadataComparer.Compare(before.RootElement, after.RootElement).ToArray();

            var row = Assert.Single(rows);
            Assert.Equal("OtherPatientIDs", row.Element);
            Assert.Equal(MetadataChangeKind.Modified, row.Change);
        }

        [Fact]
        public void ALevelMissingFromOneDocumentComparesAsEmpty()
        {
            using var before = JsonDocument.Parse("{\"Patient\":{\"DICOM\":{\"PatientID\":\"P-1\"}}}");
            using var after = JsonDocument.Parse("{}");

            var row = Assert.Single(MetadataComparer.Compare(before.RootElement, after.RootElement));

            Assert.Equal((ElementLevel.Patient, "PatientID", MetadataChangeKind.Removed), (row.Level, row.Element, row.Change));
        }
    }
}
