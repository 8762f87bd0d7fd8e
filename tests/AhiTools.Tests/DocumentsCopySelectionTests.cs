using System.Collections;
using AhiTools.Documents;
using Xunit;
using static AhiTools.Tests.DocumentsTestMetadata;

namespace AhiTools.Tests
{
    public class DocumentsCopySelectionTests
    {
        [Fact]
        public void InstancesPerSeriesBecomeTheCopiableDocument()
        {
            using var metadata = MetadataIndex.Parse(Document);

            var selection = CopySelection.FromUids(new string[0], new Hashtable { [SeriesA] = new object[] { SopA1, SopA2 } }, new string[0], metadata);

            Assert.Equal(
                "{\"SchemaVersion\":\"1.1\",\"Study\":{\"Series\":{\"1.2.840.1.1\":{\"Instances\":{\"1.2.840.1.1.1\":{},\"1.2.840.1.1.2\":{}}}}}}",
                DocumentSerializer.ToCopiableAttributes(selection.Document));
            Assert.Equal(2, selection.InstanceCount);
            Assert.Equal(3, selection.FrameCount);
        }

        [Fact]
        public void WholeSeriesExpandsFromTheMetadataAndSopUidsFindTheirSeries()
        {
            using var metadata = MetadataIndex.Parse(Document);

            var selection = CopySelection.FromUids(new[] { SeriesB }, null, new[] { SopA2 }, metadata);

            Assert.Equal(
                "{\"SchemaVersion\":\"1.1\",\"Study\":{\"Series\":{\"1.2.840.1.2\":{\"Instances\":{\"1.2.840.1.2.1\":{}}},\"1.2.840.1.1\":{\"Instances\":{\"1.2.840.1.1.2\":{}}}}}}",
                DocumentSerializer.ToCopiableAttributes(selection.Document));
            Assert.Equal("2 instances in 2 series (1.2.840.1.2: 1, 1.2.840.1.1: 1)", selection.Describe());
        }

        [Fact]
        public void SameInstanceNamedTwiceIsCopiedOnce()
        {
            using var metadata = MetadataIndex.Parse(Document);

            var selection = CopySelection.FromUids(new[] { SeriesA }, new Hashtable { [SeriesA] = SopA1 }, new[] { SopA1 }, metadata);

            Assert.Equal(2, selection.InstanceCount);
        }

        [Fact]
        public void UnknownSeriesIsRefused()
        {
            using var metadata = MetadataIndex.Parse(Document);

            var e = Assert.Throws<DocumentValidationException>(() => CopySelection.FromUids(new[] { "1.9.9" }, null, new string[0], metadata));

            Assert.Equal("SeriesNotFound", e.ErrorId);
        }

        [Fact]
        public void InstanceListedUnderTheWrongSeriesIsRefused()
        {
            using var metadata = MetadataIndex.Parse(Document);

            var e = Assert.Throws<DocumentValidationException>(() => CopySelection.FromUids(new string[0], new Hashtable { [SeriesB] = SopA1 }, new string[0], metadata));

            Assert.Equal("InstanceNotFound", e.ErrorId);
            Assert.Contains(SopA1, e.Message);
        }

        [Fact]
        public void RawDocumentShapeIsChecked()
        {
            var ok = DocumentInput.Parse("{\"SchemaVersion\":1.1,\"Study\":{\"Series\":{\"1.2.840.1.1\":{\"Instances\":{\"1.2.840.1.1.1\":{}}}}}}", "test");
            Assert.Equal(1, CopySelection.FromDocument(ok, null).InstanceCount);

            var bad = DocumentInput.Parse("{\"Study\":{\"Series\":{\"1.2.840.1.1\":{\"DICOM\":{}}}}}", "test");
            Assert.Equal("InvalidDocument", Assert.Throws<DocumentValidationException>(() => CopySelection.FromDocument(bad, null)).ErrorId);
        }

        [Fact]
        public void MoreThanAThousandFramesIsRefused()
        {
            var sb = new System.Text.StringBuilder("{\"Study\":{\"Series\":{\"1.2\":{\"Instances\":{\"1.2.3\":{\"ImageFrames\":[");
            for (int i = 0; i < 1001; i++)
            {
                sb.Append(i == 0 ? "{}" : ",{}");
            }

            sb.Append("]}}}}}}");
            using var metadata = MetadataIndex.Parse(sb.ToString());

            var e = Assert.Throws<DocumentValidationException>(() => CopySelection.FromUids(new[] { "1.2" }, null, new string[0], metadata));

            Assert.Equal("TooManyFrames", e.ErrorId);
        }
    }
}
