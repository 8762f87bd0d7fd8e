namespace AhiTools.Documents
{
    /// <summary>
    /// The hierarchy of an image set's metadata document (series, their instances, element values) for resolving what
    /// users name by UID. Values are kept in the parsed document and never logged.
    /// </summary>
    internal sealed class MetadataIndex : IDisposable
    {
        private readonly JsonDocument _document;
        private readonly Dictionary<string, string> _seriesOfInstance = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _instancesOfSeries = new(StringComparer.Ordinal);

        private MetadataIndex(JsonDocument document)
        {
            _document = document;
            if (TryGetSeriesMap(out JsonElement seriesMap))
            {
                foreach (JsonProperty series in seriesMap.EnumerateObject())
                {
                    var instances = new List<string>();
                    _instancesOfSeries[series.Name] = instances;
                    if (series.Value.ValueKind == JsonValueKind.Object
                        && series.Value.TryGetProperty(MetadataDocumentNames.Instances, out JsonElement instanceMap)
                        && instanceMap.ValueKind == JsonValueKind.Object)
                    {
                        foreach (JsonProperty instance in instanceMap.EnumerateObject())
                        {
                            instances.Add(instance.Name);
                            _seriesOfInstance[instance.Name] = series.Name;
                        }
                    }
                }
            }
        }

        public IEnumerable<string> SeriesUids => _instancesOfSeries.Keys;

        public IEnumerable<string> InstanceUids => _seriesOfInstance.Keys;

        public static MetadataIndex Load(Stream metadata) => new(JsonDocument.Parse(metadata));

        public static async System.Threading.Tasks.Task<MetadataIndex> LoadAsync(Stream metadata, System.Threading.CancellationToken cancellationToken) =>
            new(await JsonDocument.ParseAsync(metadata, default, cancellationToken).ConfigureAwait(false));

        public static MetadataIndex Parse(string metadataJson) => new(JsonDocument.Parse(metadataJson));

        public bool HasSeries(string seriesUid) => _instancesOfSeries.ContainsKey(seriesUid);

        public string? SeriesOfInstance(string sopInstanceUid) =>
            _seriesOfInstance.TryGetValue(sopInstanceUid, out string? series) ? series : null;

        public IReadOnlyList<string> InstancesOfSeries(string seriesUid) =>
            _instancesOfSeries.TryGetValue(seriesUid, out List<string>? instances) ? instances : (IReadOnlyList<string>)Array.Empty<string>();

        public bool HasInstance(string seriesUid, string sopInstanceUid) =>
            _seriesOfInstance.TryGetValue(sopInstanceUid, out string? series) && series == seriesUid;

        /// <summary>The element's current value (JSON null for an empty element); false when the element is absent.</summary>
        public bool TryGetElement(ElementScope scope, string name, out JsonNode? value)
        {
            value = null;
            if (!TryGetLevel(scope, out JsonElement level)
                || !level.TryGetProperty(MetadataDocumentNames.Dicom, out JsonElement dicom)
                || dicom.ValueKind != JsonValueKind.Object
                || !dicom.TryGetProperty(name, out JsonElement element))
            {
                return false;
            }

            value = JsonNode.Parse(element.GetRawText());
            return true;
        }

        /// <summary>The number of image frames of one instance, 0 when it has none listed.</summary>
        public int FrameCount(string seriesUid, string sopInstanceUid)
        {
            if (TryGetLevel(ElementScope.ForInstance(seriesUid, sopInstanceUid), out JsonElement instance)
                && instance.TryGetProperty(MetadataDocumentNames.ImageFrames, out JsonElement frames)
                && frames.ValueKind == JsonValueKind.Array)
            {
                return frames.GetArrayLength();
            }

            return 0;
        }

        public void Dispose() => _document.Dispose();

        private bool TryGetSeriesMap(out JsonElement seriesMap)
        {
            seriesMap = default;
            JsonElement root = _document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty(MetadataDocumentNames.Study, out JsonElement study)
                && study.ValueKind == JsonValueKind.Object
                && study.TryGetProperty(MetadataDocumentNames.Series, out seriesMap)
                && seriesMap.ValueKind == JsonValueKind.Object;
        }

        private bool TryGetLevel(ElementScope scope, out JsonElement level)
        {
            level = default;
            JsonElement root = _document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            switch (scope.Level)
            {
                case ElementLevel.Patient:
                    return root.TryGetProperty(MetadataDocumentNames.Patient, out level);
                case ElementLevel.Study:
                    return root.TryGetProperty(MetadataDocumentNames.Study, out level);
            }

            if (!TryGetSeriesMap(out JsonElement seriesMap) || !seriesMap.TryGetProperty(scope.SeriesUid!, out JsonElement series))
            {
                return false;
            }

            if (scope.Level == ElementLevel.Series)
            {
                level = series;
                return true;
            }

            return series.ValueKind == JsonValueKind.Object
                && series.TryGetProperty(MetadataDocumentNames.Instances, out JsonElement instances)
                && instances.ValueKind == JsonValueKind.Object
                && instances.TryGetProperty(scope.SopInstanceUid!, out level);
        }
    }
}
