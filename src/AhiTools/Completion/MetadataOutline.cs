namespace AhiTools.Completion
{
    /// <summary>
    /// What completion needs of an image set's metadata: its series and instances with a few non-patient fields, and
    /// the names of its elements per level. Element values are not kept (they hold patient data).
    /// </summary>
    internal sealed class MetadataOutline
    {
        public List<SeriesEntry> Series { get; } = new List<SeriesEntry>();

        public List<InstanceEntry> Instances { get; } = new List<InstanceEntry>();

        /// <summary>Patient.&lt;Keyword&gt;, Study.&lt;Keyword&gt;, Series.&lt;UID&gt;.&lt;Keyword&gt; paths, as -RemoveAttribute takes them.</summary>
        public List<string> LevelElementPaths { get; } = new List<string>();

        /// <summary>Instance.&lt;SOPInstanceUID&gt;.&lt;Keyword&gt; paths.</summary>
        public List<string> InstanceElementPaths { get; } = new List<string>();

        /// <summary>The outline of the image set named on the line (its version too, when one is named), or null.</summary>
        public static MetadataOutline? For(CompletionConnection connection, string imageSetParameter, string? versionParameter)
        {
            string? datastoreId = connection.Text("DatastoreId");
            string? imageSetId = connection.Text(imageSetParameter);
            string? versionId = versionParameter is null ? null : connection.Text(versionParameter);
            if (!ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Datastore, datastoreId)
                || !ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.ImageSet, imageSetId)
                || (versionId != null && !ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Version, versionId)))
            {
                return null;
            }

            return connection.Fetch(
                $"GetImageSetMetadata\n{datastoreId}\n{imageSetId}\n{versionId}",
                (client, token) => LoadAsync(client, datastoreId!, imageSetId!, versionId, token));
        }

        private static async Task<MetadataOutline> LoadAsync(IHealthImagingClient client, string datastoreId, string imageSetId, string? versionId, CancellationToken token)
        {
            using (Stream stream = await client.GetImageSetMetadataAsync(datastoreId, imageSetId, versionId, token).ConfigureAwait(false))
            using (JsonDocument document = await JsonDocument.ParseAsync(stream, default, token).ConfigureAwait(false))
            {
                return Read(document.RootElement);
            }
        }

        internal static MetadataOutline Read(JsonElement root)
        {
            var outline = new MetadataOutline();
            if (root.ValueKind != JsonValueKind.Object)
            {
                return outline;
            }

            if (root.TryGetProperty(MetadataDocumentNames.Patient, out JsonElement patient))
            {
                outline.AddElements(patient, "Patient.", outline.LevelElementPaths);
            }

            if (!root.TryGetProperty(MetadataDocumentNames.Study, out JsonElement study) || study.ValueKind != JsonValueKind.Object)
            {
                return outline;
            }

            outline.AddElements(study, "Study.", outline.LevelElementPaths);
            if (!study.TryGetProperty(MetadataDocumentNames.Series, out JsonElement seriesMap) || seriesMap.ValueKind != JsonValueKind.Object)
            {
                return outline;
            }

            foreach (JsonProperty series in seriesMap.EnumerateObject())
            {
                int instanceCount = 0;
                if (series.Value.ValueKind == JsonValueKind.Object
                    && series.Value.TryGetProperty(MetadataDocumentNames.Instances, out JsonElement instanceMap)
                    && instanceMap.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty instance in instanceMap.EnumerateObject())
                    {
                        instanceCount++;
                        outline.Instances.Add(new InstanceEntry(instance.Name, series.Name, Dicom(instance.Value, "InstanceNumber")));
                        outline.AddElements(instance.Value, $"Instance.{instance.Name}.", outline.InstanceElementPaths);
                    }
                }

                outline.Series.Add(new SeriesEntry(series.Name, Dicom(series.Value, "Modality"), Dicom(series.Value, "SeriesNumber"), instanceCount));
                outline.AddElements(series.Value, $"Series.{series.Name}.", outline.LevelElementPaths);
            }

            return outline;
        }

        private void AddElements(JsonElement level, string pathPrefix, List<string> paths)
        {
            if (level.ValueKind != JsonValueKind.Object
                || !level.TryGetProperty(MetadataDocumentNames.Dicom, out JsonElement dicom)
                || dicom.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (JsonProperty element in dicom.EnumerateObject())
            {
                if (MetadataDocumentNames.IsElementName(element.Name) && !MetadataDocumentNames.IsNeverUpdatable(element.Name))
                {
                    paths.Add(pathPrefix + element.Name);
                }
            }
        }

        // Only short scalar values of non-patient elements (Modality, SeriesNumber, InstanceNumber) are read.
        private static string? Dicom(JsonElement level, string keyword)
        {
            if (level.ValueKind != JsonValueKind.Object
                || !level.TryGetProperty(MetadataDocumentNames.Dicom, out JsonElement dicom)
                || dicom.ValueKind != JsonValueKind.Object
                || !dicom.TryGetProperty(keyword, out JsonElement value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    string text = value.GetString() ?? "";
                    return text.Length <= 16 ? text : null;
                case JsonValueKind.Number:
                    return value.GetRawText();
                default:
                    return null;
            }
        }

        internal sealed class SeriesEntry(string uid, string? modality, string? number, int instanceCount)
        {
            public string Uid { get; } = uid;

            public string? Modality { get; } = modality;

            public string? Number { get; } = number;

            public int InstanceCount { get; } = instanceCount;

            public string Describe()
            {
                var parts = new List<string>();
                if (!string.IsNullOrEmpty(Modality))
                {
                    parts.Add(Modality!);
                }

                if (!string.IsNullOrEmpty(Number))
                {
                    parts.Add($"series number {Number}");
                }

                parts.Add(InstanceCount == 1 ? "1 instance" : $"{InstanceCount} instances");
                return string.Join(", ", parts);
            }
        }

        internal sealed class InstanceEntry(string uid, string seriesUid, string? number)
        {
            public string Uid { get; } = uid;

            public string SeriesUid { get; } = seriesUid;

            public string? Number { get; } = number;

            public string Describe() =>
                string.IsNullOrEmpty(Number) ? $"in series {SeriesUid}" : $"instance number {Number} in series {SeriesUid}";
        }
    }
}
