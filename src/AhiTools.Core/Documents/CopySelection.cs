using System.Collections;

namespace AhiTools.Documents
{
    /// <summary>The instances a subset copy names: the copiableAttributes document and what it amounts to.</summary>
    internal sealed class CopySelection
    {
        /// <summary>The most image frames one CopyImageSet may copy.</summary>
        public const int MaxFramesPerCopy = 1000;

        private CopySelection(JsonObject document, IReadOnlyDictionary<string, int> instancesPerSeries, int frameCount)
        {
            Document = document;
            InstancesPerSeries = instancesPerSeries;
            FrameCount = frameCount;
        }

        public JsonObject Document { get; }

        /// <summary>Series UID → number of instances selected in it, in document order.</summary>
        public IReadOnlyDictionary<string, int> InstancesPerSeries { get; }

        public int InstanceCount => InstancesPerSeries.Values.Sum();

        /// <summary>Frames of the selected instances, as the source metadata lists them (0 when unknown).</summary>
        public int FrameCount { get; }

        /// <summary>"3 instances in 2 series (1.2.3: 2, 1.2.4: 1)", UIDs only.</summary>
        public string Describe()
        {
            string counts = ChangeDescription.Join(InstancesPerSeries.Select(pair => $"{pair.Key}: {pair.Value}").ToList());
            string instances = InstanceCount == 1 ? "1 instance" : $"{InstanceCount} instances";
            string series = InstancesPerSeries.Count == 1 ? "1 series" : $"{InstancesPerSeries.Count} series";
            return $"{instances} in {series} ({counts})";
        }

        /// <summary>
        /// Builds the selection from whole series (expanded from the metadata), instances listed per series, and
        /// instances named by SOP Instance UID alone (their series looked up). Every UID must exist in the source.
        /// </summary>
        public static CopySelection FromUids(IReadOnlyList<string> wholeSeries, IDictionary? instancesBySeries, IReadOnlyList<string> sopInstanceUids, MetadataIndex metadata)
        {
            var selected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var order = new List<string>();

            void Add(string seriesUid, string sopUid)
            {
                if (!selected.TryGetValue(seriesUid, out List<string>? list))
                {
                    list = new List<string>();
                    selected[seriesUid] = list;
                    order.Add(seriesUid);
                }

                if (!list.Contains(sopUid))
                {
                    list.Add(sopUid);
                }
            }

            foreach (string raw in wholeSeries)
            {
                string seriesUid = raw.Trim();
                InstanceReference.RequireSeries(seriesUid, metadata, "-Series");
                foreach (string sop in metadata.InstancesOfSeries(seriesUid))
                {
                    Add(seriesUid, sop);
                }
            }

            IEnumerable? entries = DocumentValueConverter.AsMembers(instancesBySeries, out _);
            if (entries != null)
            {
                foreach (DictionaryEntry entry in entries)
                {
                    string seriesUid = ((string)entry.Key).Trim();
                    InstanceReference.RequireSeries(seriesUid, metadata, "-Instance");
                    foreach (string sop in ToStrings(entry.Value, $"-Instance '{seriesUid}'"))
                    {
                        ScopeOf($"{seriesUid}/{sop}", metadata, "-Instance");
                        Add(seriesUid, sop);
                    }
                }
            }

            foreach (string reference in sopInstanceUids)
            {
                ElementScope scope = ScopeOf(reference, metadata, "-SopInstanceUid");
                Add(scope.SeriesUid!, scope.SopInstanceUid!);
            }

            if (order.Count == 0)
            {
                throw new DocumentValidationException(
                    ErrorIds.NothingToCopy,
                    "The selection names no instance.",
                    "Name instances with -Instance, -SopInstanceUid or -Series, or leave them out to copy the whole image set.");
            }

            var seriesMap = new JsonObject();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            int frames = 0;
            foreach (string seriesUid in order)
            {
                var instances = new JsonObject();
                foreach (string sop in selected[seriesUid])
                {
                    instances[sop] = new JsonObject();
                    frames += metadata.FrameCount(seriesUid, sop);
                }

                seriesMap[seriesUid] = new JsonObject { [MetadataDocumentNames.Instances] = instances };
                counts[seriesUid] = selected[seriesUid].Count;
            }

            var document = new JsonObject
            {
                [MetadataDocumentNames.SchemaVersion] = "1.1",
                [MetadataDocumentNames.Study] = new JsonObject { [MetadataDocumentNames.Series] = seriesMap },
            };
            return Checked(new CopySelection(document, new OrderedCounts(order, counts), frames));
        }

        /// <summary>Checks a raw copiableAttributes document's shape; with the metadata, that its instances exist.</summary>
        public static CopySelection FromDocument(JsonObject copiable, MetadataIndex? metadata)
        {
            const string where = "-CopiableAttributes";
            var order = new List<string>();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            int frames = 0;
            foreach (KeyValuePair<string, JsonNode?> member in copiable)
            {
                if (member.Key == MetadataDocumentNames.SchemaVersion)
                {
                    continue;
                }

                if (member.Key != MetadataDocumentNames.Study || !(member.Value is JsonObject study))
                {
                    throw Shape($"{where} has a member '{member.Key}'; expected SchemaVersion and Study.");
                }

                foreach (KeyValuePair<string, JsonNode?> studyMember in study)
                {
                    if (studyMember.Key != MetadataDocumentNames.Series || !(studyMember.Value is JsonObject seriesMap))
                    {
                        throw Shape($"{where}: Study has a member '{studyMember.Key}'; expected Series.");
                    }

                    foreach (KeyValuePair<string, JsonNode?> series in seriesMap)
                    {
                        InstanceReference.RequireSeries(series.Key, metadata, where);
                        if (!(series.Value is JsonObject seriesObject) || !(seriesObject[MetadataDocumentNames.Instances] is JsonObject instances) || seriesObject.Count != 1)
                        {
                            throw Shape($"{where}: series {series.Key} must hold only Instances, an object keyed by SOP Instance UID.");
                        }

                        foreach (KeyValuePair<string, JsonNode?> instance in instances)
                        {
                            InstanceReference.RequireUid(instance.Key, "SOP instance", where);
                            if (metadata != null)
                            {
                                ScopeOf($"{series.Key}/{instance.Key}", metadata, where);
                                frames += metadata.FrameCount(series.Key, instance.Key);
                            }
                        }

                        order.Add(series.Key);
                        counts[series.Key] = instances.Count;
                    }
                }
            }

            if (order.Count == 0)
            {
                throw Shape($"{where} names no series.");
            }

            return Checked(new CopySelection(copiable, new OrderedCounts(order, counts), frames));
        }

        private static CopySelection Checked(CopySelection selection)
        {
            if (selection.FrameCount > MaxFramesPerCopy)
            {
                throw new DocumentValidationException(
                    ErrorIds.TooManyFrames,
                    $"The selection has {selection.FrameCount} image frames; one copy takes at most {MaxFramesPerCopy}.",
                    "Copy the instances in several calls.");
            }

            return selection;
        }

        private static ElementScope ScopeOf(string reference, MetadataIndex metadata, string where) =>
            InstanceReference.Resolve(reference, metadata, where);

        private static IEnumerable<string> ToStrings(object? value, string where)
        {
            object? unwrapped = value;
            if (unwrapped is string single)
            {
                yield return single.Trim();
                yield break;
            }

            if (unwrapped is IEnumerable many && !(unwrapped is IDictionary))
            {
                foreach (object? item in many)
                {
                    yield return (Convert.ToString(item, CultureInfo.InvariantCulture) ?? "").Trim();
                }

                yield break;
            }

            throw new DocumentValidationException(
                ErrorIds.InvalidDocument,
                $"{where} must be a SOP Instance UID or a list of them, as @{{ '<SeriesInstanceUID>' = '<SOP1>', '<SOP2>' }}.");
        }

        private static DocumentValidationException Shape(string message) =>
            new(
                ErrorIds.InvalidDocument,
                message,
                "A copiable attributes document has the shape { \"SchemaVersion\": \"1.1\", \"Study\": { \"Series\": { \"<SeriesInstanceUID>\": { \"Instances\": { \"<SOPInstanceUID>\": {} } } } } }.");

        /// <summary>Counts keyed by series, enumerated in the order the series were named.</summary>
        private sealed class OrderedCounts : IReadOnlyDictionary<string, int>
        {
            private readonly IReadOnlyList<string> _order;
            private readonly Dictionary<string, int> _counts;

            public OrderedCounts(IReadOnlyList<string> order, Dictionary<string, int> counts)
            {
                _order = order;
                _counts = counts;
            }

            public int Count => _order.Count;

            public IEnumerable<string> Keys => _order;

            public IEnumerable<int> Values => _order.Select(key => _counts[key]);

            public int this[string key] => _counts[key];

            public bool ContainsKey(string key) => _counts.ContainsKey(key);

            public bool TryGetValue(string key, out int value) => _counts.TryGetValue(key, out value);

            public IEnumerator<KeyValuePair<string, int>> GetEnumerator() =>
                _order.Select(key => new KeyValuePair<string, int>(key, _counts[key])).GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
