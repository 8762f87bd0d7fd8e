using System.Text;

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
                        WriteObject(MetadataRows.Read(parsed.RootElement, DatastoreId, ImageSetId, version, seriesOnly: Series), enumerateCollection: true);
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
                        WriteObject(JsonToPSObject.MetadataObject(parsed.RootElement, DatastoreId, ImageSetId, version));
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
    }
}
