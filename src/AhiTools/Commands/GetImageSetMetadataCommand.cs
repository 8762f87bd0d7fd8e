using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Reads an image set's DICOM metadata document (decompressed), as objects, as JSON text, or into a file.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AHIImageSetMetadata", DefaultParameterSetName = ObjectSet)]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { ObjectSet })]
    [OutputType(typeof(string), ParameterSetName = new[] { JsonSet })]
    [OutputType(typeof(FileInfo), ParameterSetName = new[] { FileSet })]
    public sealed class GetImageSetMetadataCommand : DatastoreScopedCmdletBase
    {
        private const string ObjectSet = "Object";
        private const string JsonSet = "Json";
        private const string FileSet = "File";
        private const int CopyBufferSize = 81920;

        /// <summary>Mandatory in effect: DatastoreScopedCmdletBase refuses a call without it (see ImageSetParameter).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string ImageSetId { get; set; } = "";

        protected override string? ImageSetParameter => nameof(ImageSetId);

        protected override void TakeImageSetFromDatastorePosition(string imageSetId) => ImageSetId = imageSetId;

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

        protected override void ProcessRecord()
        {
            try
            {
                using Stream document = Await(Client.GetImageSetMetadataAsync(DatastoreId, ImageSetId, VersionId, Stopping));
                switch (ParameterSetName)
                {
                    case FileSet:
                        WriteObject(SaveTo(document));
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
                            WriteObject(JsonToPSObject.Convert(parsed.RootElement));
                        }

                        break;
                }
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (Exception e) when (e is HealthImagingServiceException || e is IOException || e is JsonException || e is System.Net.Http.HttpRequestException || e is TimeoutException)
            {
                WriteItemError(e, ImageSetId);
            }
        }

        // Streams into the file as the document arrives; Ctrl+C or a failure leaves no partial file behind.
        private FileInfo SaveTo(Stream document)
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

            return new FileInfo(path);
        }
    }
}
