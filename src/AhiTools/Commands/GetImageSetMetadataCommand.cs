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
    public sealed class GetImageSetMetadataCommand : AhiCmdletBase
    {
        private const string ObjectSet = "Object";
        private const string JsonSet = "Json";
        private const string FileSet = "File";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Datastore)]
        [ArgumentCompleter(typeof(AhiTools.Completion.DatastoreIdCompleter))]
        public string DatastoreId { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        public string ImageSetId { get; set; } = "";

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
                        using (var reader = new StreamReader(document, Encoding.UTF8))
                        {
                            WriteObject(reader.ReadToEnd());
                        }

                        break;
                    default:
                        using (JsonDocument parsed = JsonDocument.Parse(document))
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

        private FileInfo SaveTo(Stream document)
        {
            string path = GetUnresolvedProviderPathFromPSPath(OutFile);
            using (FileStream file = File.Create(path))
            {
                document.CopyTo(file);
            }

            return new FileInfo(path);
        }
    }
}
