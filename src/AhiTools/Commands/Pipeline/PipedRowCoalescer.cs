namespace AhiTools.Commands
{
    /// <summary>Consecutive pipeline items of one image set, to be written as one change.</summary>
    internal sealed class PipedRowGroup<TItem>(string datastoreId, string imageSetId, IReadOnlyList<TItem> items)
    {
        public string DatastoreId { get; } = datastoreId;

        public string ImageSetId { get; } = imageSetId;

        public IReadOnlyList<TItem> Items { get; } = items;
    }

    /// <summary>
    /// Gathers pipeline items (series or instance rows, as each was bound) into groups of consecutive items of one
    /// image set: a group is handed back when an item of another image set arrives, and the last at the end of input.
    /// Items are never reordered, so image sets that come back later in the pipeline make a new group.
    /// </summary>
    internal sealed class PipedRowCoalescer<TItem>
    {
        private readonly List<TItem> _items = new();
        private string _datastoreId = "";
        private string _imageSetId = "";

        /// <summary>Adds an item; returns the group it ends (the previous image set's), or null.</summary>
        public PipedRowGroup<TItem>? Add(string datastoreId, string imageSetId, TItem item)
        {
            PipedRowGroup<TItem>? finished = null;
            if (_items.Count > 0 && !(string.Equals(datastoreId, _datastoreId, StringComparison.Ordinal) && string.Equals(imageSetId, _imageSetId, StringComparison.Ordinal)))
            {
                finished = Finish();
            }

            _datastoreId = datastoreId;
            _imageSetId = imageSetId;
            _items.Add(item);
            return finished;
        }

        /// <summary>The group gathered so far, or null when there is none; call at the end of input.</summary>
        public PipedRowGroup<TItem>? Finish()
        {
            if (_items.Count == 0)
            {
                return null;
            }

            var group = new PipedRowGroup<TItem>(_datastoreId, _imageSetId, _items.ToArray());
            _items.Clear();
            return group;
        }
    }
}
