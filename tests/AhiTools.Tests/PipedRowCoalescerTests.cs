using System.Collections;
using System.Linq;
using AhiTools.Commands;
using AhiTools.Documents;
using Xunit;

namespace AhiTools.Tests
{
    public class PipedRowCoalescerTests
    {
        [Fact]
        public void ConsecutiveRowsOfOneImageSetMakeOneGroup()
        {
            var rows = new PipedRowCoalescer<string>();
            Assert.Null(rows.Add("d", "a", "1"));
            Assert.Null(rows.Add("d", "a", "2"));
            Assert.Null(rows.Add("d", "a", "3"));
            var group = rows.Finish();
            Assert.NotNull(group);
            Assert.Equal("a", group!.ImageSetId);
            Assert.Equal(new[] { "1", "2", "3" }, group.Items);
            Assert.Null(rows.Finish());
        }

        [Fact]
        public void AnotherImageSetOrDatastoreEndsTheGroup()
        {
            var rows = new PipedRowCoalescer<string>();
            rows.Add("d", "a", "1");
            var first = rows.Add("d", "b", "2");
            Assert.Equal(("d", "a"), (first!.DatastoreId, first.ImageSetId));
            var second = rows.Add("e", "b", "3");
            Assert.Equal(new[] { "2" }, second!.Items);
            var third = rows.Add("e", "a", "4");
            Assert.Equal(("e", "b"), (third!.DatastoreId, third.ImageSetId));
            Assert.Equal(new[] { "4" }, rows.Finish()!.Items);
        }
    }

    public class MetadataUpdateMergeTests
    {
        [Fact]
        public void RowChangesMergeIntoOne()
        {
            var shared = new Hashtable { ["StudyDescription"] = "X" };
            var merged = MetadataUpdateMerge.Merge(new[]
            {
                new MetadataUpdateSpecification { Study = shared, Series = new Hashtable { ["1.2.1"] = new Hashtable { ["SeriesDescription"] = "A" } }, RemoveSeries = new[] { "1.2.3" } },
                new MetadataUpdateSpecification { Study = shared, Series = new Hashtable { ["1.2.2"] = new Hashtable { ["SeriesDescription"] = "B" } }, RemoveSeries = new[] { "1.2.3", "1.2.4" } },
            });

            Assert.Equal("X", merged.Study!["StudyDescription"]);
            Assert.Equal(new[] { "1.2.1", "1.2.2" }, merged.Series!.Keys.Cast<string>().OrderBy(key => key));
            Assert.Equal(new[] { "1.2.3", "1.2.4" }, merged.RemoveSeries);
        }

        [Fact]
        public void OneElementWithTwoValuesIsRefused()
        {
            var error = Assert.Throws<DocumentValidationException>(() => MetadataUpdateMerge.Merge(new[]
            {
                new MetadataUpdateSpecification { Series = new Hashtable { ["1.2.1"] = new Hashtable { ["SeriesDescription"] = "A" } } },
                new MetadataUpdateSpecification { Series = new Hashtable { ["1.2.1"] = new Hashtable { ["SeriesDescription"] = "B" } } },
            }));
            Assert.Equal("ConflictingRowChanges", error.ErrorId);
            Assert.DoesNotContain("\"A\"", error.Message);
        }

        [Fact]
        public void EqualValuesBuiltPerRowAreOneValue()
        {
            var merged = MetadataUpdateMerge.Merge(new[]
            {
                new MetadataUpdateSpecification { Series = new Hashtable { ["1.2.1"] = new Hashtable { ["SeriesDescription"] = new Hashtable { ["Value"] = "A", ["VR"] = "LO" } } } },
                new MetadataUpdateSpecification { Series = new Hashtable { ["1.2.1"] = new Hashtable { ["SeriesDescription"] = new Hashtable { ["Value"] = "A", ["VR"] = "LO" } } } },
            });
            Assert.Single(merged.Series!.Keys);
        }
    }
}
