namespace AhiTools.Commands
{
    /// <summary>The series and instance rows of a metadata document (Get-AHIImageSetMetadata -Series and -Instance).</summary>
    internal static class MetadataRows
    {
        // Series in the document's order, instances in their series' order; the API promises no order, so neither do the rows.
        public static IEnumerable<ImageSetMetadataRow> Read(JsonElement root, string datastoreId, string imageSetId, long version, bool seriesOnly)
        {
            if (!TryGetObject(root, MetadataDocumentNames.Study, out JsonElement study)
                || !TryGetObject(study, MetadataDocumentNames.Series, out JsonElement seriesMap))
            {
                yield break;
            }

            foreach (JsonProperty series in seriesMap.EnumerateObject())
            {
                TryGetObject(series.Value, MetadataDocumentNames.Dicom, out JsonElement seriesDicom);
                var instances = new List<JsonProperty>();
                if (TryGetObject(series.Value, MetadataDocumentNames.Instances, out JsonElement instanceMap))
                {
                    instances.AddRange(instanceMap.EnumerateObject());
                }

                long? seriesNumber = Number(seriesDicom, "SeriesNumber");
                string? modality = Text(seriesDicom, "Modality");
                string? description = Text(seriesDicom, "SeriesDescription");
                if (seriesOnly)
                {
                    yield return new ImageSetSeries
                    {
                        DatastoreId = datastoreId,
                        ImageSetId = imageSetId,
                        VersionId = version,
                        SeriesInstanceUID = series.Name,
                        SeriesNumber = seriesNumber,
                        Modality = modality,
                        SeriesDescription = description,
                        InstanceCount = instances.Count,
                    };
                    continue;
                }

                foreach (JsonProperty instance in instances)
                {
                    TryGetObject(instance.Value, MetadataDocumentNames.Dicom, out JsonElement instanceDicom);
                    yield return new ImageSetInstance
                    {
                        DatastoreId = datastoreId,
                        ImageSetId = imageSetId,
                        VersionId = version,
                        SeriesInstanceUID = series.Name,
                        SOPInstanceUID = instance.Name,
                        InstanceNumber = Number(instanceDicom, "InstanceNumber"),
                        SeriesNumber = seriesNumber,
                        Modality = modality,
                        SeriesDescription = description,
                        SOPClassUID = Text(instanceDicom, "SOPClassUID"),
                        InstanceCount = instances.Count,
                    };
                }
            }
        }

        private static bool TryGetObject(JsonElement parent, string name, out JsonElement value)
        {
            value = default;
            return parent.ValueKind == JsonValueKind.Object
                && parent.TryGetProperty(name, out value)
                && value.ValueKind == JsonValueKind.Object;
        }

        // DICOM JSON values may be single values or one-element arrays; IS and US numbers may come as text.
        private static JsonElement? Value(JsonElement dicom, string name)
        {
            if (dicom.ValueKind != JsonValueKind.Object || !dicom.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Array)
            {
                return value.GetArrayLength() > 0 ? value[0] : (JsonElement?)null;
            }

            return value;
        }

        private static string? Text(JsonElement dicom, string name)
        {
            JsonElement? value = Value(dicom, name);
            return value?.ValueKind switch
            {
                JsonValueKind.String => value.Value.GetString(),
                JsonValueKind.Number => value.Value.GetRawText(),
                _ => null,
            };
        }

        private static long? Number(JsonElement dicom, string name)
        {
            JsonElement? value = Value(dicom, name);
            if (value?.ValueKind == JsonValueKind.Number && value.Value.TryGetInt64(out long number))
            {
                return number;
            }

            return long.TryParse(Text(dicom, name)?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) ? parsed : (long?)null;
        }
    }
}
