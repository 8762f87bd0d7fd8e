using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using AhiTools.Documents;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Reads an image set's DICOM metadata document (decompressed), as objects, as JSON text, or into a file.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AHIImageSetMetadata", DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { ObjectSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { JsonSet })]
    [OutputType(typeof(ImageSetMetadataFile), ParameterSetName = new[] { FileSet })]
    [OutputType(typeof(ImageSetSeries), ParameterSetName = new[] { SeriesSet })]
    [OutputType(typeof(ImageSetInstance), ParameterSetName = new[] { InstanceSet })]
    public sealed class GetImageSetMetadataCommand : DatastoreScopedCmdletBase
    {
        private const string ObjectSet = "Object";
        private const string JsonSet = "Json";
        private const string FileSet = "File";
        private const string SeriesSet = "Series";
        private const string InstanceSet = "Instance";
        private const string MetadataTypeName = "AhiTools.ImageSetMetadata";
        private const int CopyBufferSize = 81920;

        /// <summary>Mandatory in effect: DatastoreScopedCmdletBase refuses a call without it (see ImageSetParameter).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string ImageSetId { get; set; } = "";

        protected override string? ImageSetParameter => nameof(ImageSetId);


        /// <summary>A version object piped in reads that version's document; none reads the latest.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? VersionId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = JsonSet)]
        public SwitchParameter AsJson { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = FileSet)]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; } = "";

        /// <summary>One row per series: UID, number, modality, description, instance count.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SeriesSet)]
        public SwitchParameter Series { get; set; }

        /// <summary>One row per instance: SOP Instance UID, its series, number, modality, description.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InstanceSet)]
        public SwitchParameter Instance { get; set; }

        protected override void ProcessRecord() => RunItem(ImageSetId, Read);

        private void Read()
        {
            // The version is resolved first and then read by number, so that the output names the version it shows.
            string? versionId = VersionId;
            if (versionId is null && ParameterSetName != JsonSet)
            {
                versionId = Await(Client.GetImageSetAsync(DatastoreId, ImageSetId, null, Stopping)).VersionId;
            }

            using Stream document = Await(Client.GetImageSetMetadataAsync(DatastoreId, ImageSetId, versionId, Stopping));
            long version = versionId is null ? 0 : VersionNumber.Parse(versionId);
            switch (ParameterSetName)
            {
                case FileSet:
                    WriteObject(SaveTo(document, version));
                    break;
                case SeriesSet:
                case InstanceSet:
                    using (JsonDocument parsed = Await(JsonDocument.ParseAsync(document, default, Stopping)))
                    {
                        WriteRows(parsed.RootElement, version);
                    }

                    break;
                case JsonSet:
                    using (var text = new MemoryStream())
                    {
                        Await(document.CopyToAsync(text, CopyBufferSize, Stopping));
                        WriteObject(Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length));
                    }

                    break;
                default:
                    using (JsonDocument parsed = Await(JsonDocument.ParseAsync(document, default, Stopping)))
                    {
                        WriteObject(ToMetadataObject(parsed.RootElement, version));
                    }

                    break;
            }
        }

        // Streams into the file as the document arrives; Ctrl+C or a failure leaves no partial file behind.
        private ImageSetMetadataFile SaveTo(Stream document, long version)
        {
            string path = GetUnresolvedProviderPathFromPSPath(OutFile);
            try
            {
                using (FileStream file = File.Create(path))
                {
                    Await(document.CopyToAsync(file, CopyBufferSize, Stopping));
                }
            }
            catch
            {
                File.Delete(path);
                throw;
            }

            return new ImageSetMetadataFile
            {
                DatastoreId = DatastoreId,
                ImageSetId = ImageSetId,
                VersionId = version,
                Path = path,
                Length = new FileInfo(path).Length,
            };
        }

        // The document as ConvertFrom-Json would give it, led by DatastoreId, ImageSetId and VersionId (the document's
        // own DatastoreID and ImageSetID are the same names to PowerShell), typed for the default view.
        private PSObject ToMetadataObject(JsonElement root, long version)
        {
            var result = new PSObject();
            result.Properties.Add(new PSNoteProperty("DatastoreId", DatastoreId));
            result.Properties.Add(new PSNoteProperty("ImageSetId", ImageSetId));
            result.Properties.Add(new PSNoteProperty("VersionId", version));
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    if (result.Properties[property.Name] is null)
                    {
                        result.Properties.Add(new PSNoteProperty(property.Name, JsonToPSObject.Convert(property.Value)));
                    }
                }
            }

            result.TypeNames.Insert(0, MetadataTypeName);
            return result;
        }

        // Series in the document's order, instances in their series' order; the API promises no order, so neither do the rows.
        private void WriteRows(JsonElement root, long version)
        {
            if (!TryGetObject(root, MetadataDocumentNames.Study, out JsonElement study)
                || !TryGetObject(study, MetadataDocumentNames.Series, out JsonElement seriesMap))
            {
                return;
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
                if (Series)
                {
                    WriteObject(new ImageSetSeries
                    {
                        DatastoreId = DatastoreId,
                        ImageSetId = ImageSetId,
                        VersionId = version,
                        SeriesInstanceUID = series.Name,
                        SeriesNumber = seriesNumber,
                        Modality = modality,
                        SeriesDescription = description,
                        InstanceCount = instances.Count,
                    });
                    continue;
                }

                foreach (JsonProperty instance in instances)
                {
                    TryGetObject(instance.Value, MetadataDocumentNames.Dicom, out JsonElement instanceDicom);
                    WriteObject(new ImageSetInstance
                    {
                        DatastoreId = DatastoreId,
                        ImageSetId = ImageSetId,
                        VersionId = version,
                        SeriesInstanceUID = series.Name,
                        SOPInstanceUID = instance.Name,
                        InstanceNumber = Number(instanceDicom, "InstanceNumber"),
                        SeriesNumber = seriesNumber,
                        Modality = modality,
                        SeriesDescription = description,
                        SOPClassUID = Text(instanceDicom, "SOPClassUID"),
                        InstanceCount = instances.Count,
                    });
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
