using System.Collections.Generic;
using System.Linq;
using AhiTools.Commands;
using Xunit;

namespace AhiTools.Tests
{
    public class DefaultDatastorePositionsTests
    {
        private const string Default = "0123456789abcdef0123456789abcdef";
        private const string Image = "11111111111111111111111111111111";
        private const string Other = "22222222222222222222222222222222";

        private static KeyValuePair<string, object?> Bound(string name, object? value) => new(name, value);

        [Fact]
        public void ChainListsThePositionalParametersInOrder()
        {
            Assert.Equal(new[] { "DatastoreId", "ImageSetId", "VersionId" }, DefaultDatastorePositions.Chain(typeof(UndoImageSetMetadataCommand)));
            Assert.Equal(new[] { "DatastoreId", "SourceImageSetId", "DestinationImageSetId" }, DefaultDatastorePositions.Chain(typeof(CopyImageSetCommand)));
            Assert.Equal(new[] { "DatastoreId", "ImageSetId", "VersionId" }, DefaultDatastorePositions.Chain(typeof(GetImageSetVersionCommand)));
            Assert.Equal(new[] { "DatastoreId", "ImageSetId" }, DefaultDatastorePositions.Chain(typeof(RemoveImageSetCommand)));
        }

        [Fact]
        public void ChainIsReadOncePerCmdletAndCannotBeChanged()
        {
            IReadOnlyList<string> first = DefaultDatastorePositions.Chain(typeof(WaitImageSetCommand));

            Assert.Same(first, DefaultDatastorePositions.Chain(typeof(WaitImageSetCommand)));
            Assert.False(first is List<string>);
        }

        [Fact]
        public void AppliesOnlyWhenTheFirstPositionalIdIsNotTheDefaultDatastore()
        {
            Assert.True(DefaultDatastorePositions.Applies(Default, new[] { Bound("DatastoreId", Image) }));
            Assert.False(DefaultDatastorePositions.Applies(Default, new[] { Bound("DatastoreId", Default), Bound("ImageSetId", Image) }));
            Assert.False(DefaultDatastorePositions.Applies(null, new[] { Bound("DatastoreId", Image) }));
            Assert.False(DefaultDatastorePositions.Applies("not-an-id", new[] { Bound("DatastoreId", Image) }));
            Assert.False(DefaultDatastorePositions.Applies(Default, new[] { Bound("ImageSetId", Image) }));
            Assert.False(DefaultDatastorePositions.Applies(Default, new KeyValuePair<string, object?>[0]));
        }

        [Fact]
        public void ShiftMovesEveryPositionalArgumentOnePlace()
        {
            var chain = new[] { "DatastoreId", "ImageSetId", "VersionId" };
            var moved = DefaultDatastorePositions.Shift(chain, new[] { Bound("DatastoreId", Image), Bound("ImageSetId", "2") }, new string[0], out var unplaced);
            Assert.Equal(new[] { Bound("ImageSetId", Image), Bound("VersionId", "2") }, moved.ToArray());
            Assert.Empty(unplaced);
        }

        [Fact]
        public void ShiftSkipsParametersGivenByName()
        {
            var chain = new[] { "DatastoreId", "SourceImageSetId", "DestinationImageSetId" };
            var moved = DefaultDatastorePositions.Shift(chain, new[] { Bound("DatastoreId", Image) }, new[] { "DestinationImageSetId" }, out var unplaced);
            Assert.Equal(new[] { Bound("SourceImageSetId", Image) }, moved.ToArray());
            Assert.Empty(unplaced);
        }

        [Fact]
        public void ShiftReturnsWhatNoPositionTakes()
        {
            var chain = new[] { "DatastoreId", "ImageSetId" };
            var moved = DefaultDatastorePositions.Shift(chain, new[] { Bound("DatastoreId", Image), Bound("ImageSetId", Other) }, new string[0], out var unplaced);
            Assert.Equal(new[] { Bound("ImageSetId", Image) }, moved.ToArray());
            Assert.Equal(new object?[] { Other }, unplaced.ToArray());
        }

        [Fact]
        public void NextPositionIsOneLaterAfterTheShift()
        {
            var chain = new[] { "DatastoreId", "ImageSetId", "VersionId" };
            Assert.Equal("ImageSetId", DefaultDatastorePositions.NextPosition(chain, new string[0], 1, shifted: false));
            Assert.Equal("VersionId", DefaultDatastorePositions.NextPosition(chain, new string[0], 1, shifted: true));
            Assert.Null(DefaultDatastorePositions.NextPosition(chain, new string[0], 2, shifted: true));
        }
    }
}
