using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Copies an image set, or instances of it named by UID, into a new image set or into an existing one (which gets
    /// a new version). Writes the destination, with the source reachable through its Source property.
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "AHIImageSet", DefaultParameterSetName = WholeSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImageSet))]
    public sealed class CopyImageSetCommand : ImageSetWriteCmdletBase
    {
        private const string WholeSet = "WholeImageSet";
        private const string SelectionSet = "Selection";
        private const string DocumentSet = "CopiableAttributes";

        /// <summary>Mandatory in effect: DatastoreScopedCmdletBase refuses a call without it (see ImageSetParameter).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ImageSetId")]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string SourceImageSetId { get; set; } = "";

        protected override string? ImageSetParameter => nameof(SourceImageSetId);


        /// <summary>Optimistic-concurrency guard on the source.</summary>
        [Parameter]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? SourceVersionId { get; set; }

        /// <summary>The image set to copy into; without it the copy makes a new image set.</summary>
        [Parameter(Position = 2)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string? DestinationImageSetId { get; set; }

        /// <summary>Optimistic-concurrency guard on the destination.</summary>
        [Parameter]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? DestinationVersionId { get; set; }

        /// <summary>Whole series to copy, by Series Instance UID.</summary>
        [Parameter(ParameterSetName = SelectionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AhiTools.Completion.SeriesUidCompleter))]
        public string[]? Series { get; set; }

        /// <summary>Instances to copy, per series: @{ '&lt;SeriesInstanceUID&gt;' = '&lt;SOP1&gt;', '&lt;SOP2&gt;' }.</summary>
        [Parameter(ParameterSetName = SelectionSet)]
        [ValidateNotNullOrEmpty]
        public IDictionary? Instance { get; set; }

        /// <summary>Instances to copy by SOP Instance UID alone; their series are found in the source's metadata.</summary>
        [Parameter(ParameterSetName = SelectionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AhiTools.Completion.SopInstanceUidCompleter))]
        public string[]? SopInstanceUid { get; set; }

        /// <summary>A raw copiableAttributes document: JSON text, a hashtable or object, a FileInfo, or a file path.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DocumentSet)]
        [ValidateNotNull]
        public object? CopiableAttributes { get; set; }

        /// <summary>
        /// Series or instance rows from Get-AHIImageSetMetadata -Series or -Instance: consecutive rows of one image set
        /// select their series and instances for one copy (the rows give -DatastoreId and the source by property name).
        /// </summary>
        // In every parameter set: PowerShell binds piped objects for the default (whole image set) set first.
        [Parameter(ValueFromPipeline = true)]
        public ImageSetMetadataRow? InputObject { get; set; }

        [Parameter]
        public SwitchParameter PromoteToPrimary { get; set; }

        private readonly List<ImageSetMetadataRow> _rows = new List<ImageSetMetadataRow>();
        private string _rowsDatastoreId = "";
        private string _rowsImageSetId = "";
        private bool _copyingRows;

        /// <summary>Sends force=true: the copy completes even when Patient, Study or Series metadata disagree.</summary>
        [Parameter]
        [Alias("ForceCopy")]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            if (InputObject is null)
            {
                CopyRows();
                ProcessItem(SourceImageSetId, CopyOne);
                return;
            }

            if (ParameterSetName == DocumentSet)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ArgumentException("Series and instance rows select what is copied; they cannot be combined with -CopiableAttributes."),
                    "RowsWithCopiableAttributes",
                    ErrorCategory.InvalidArgument,
                    InputObject));
            }

            if (_rows.Count > 0 && (_rowsDatastoreId != DatastoreId || _rowsImageSetId != SourceImageSetId))
            {
                CopyRows();
            }

            _rowsDatastoreId = DatastoreId;
            _rowsImageSetId = SourceImageSetId;
            _rows.Add(InputObject);
        }

        protected override void EndProcessing()
        {
            CopyRows();
            base.EndProcessing();
        }

        // The rows collected for one source become one copy: their series and instances, with any named on the command line.
        private void CopyRows()
        {
            if (_rows.Count == 0)
            {
                return;
            }

            string[]? series = Series;
            string[]? instances = SopInstanceUid;
            string datastoreId = DatastoreId;
            string source = SourceImageSetId;
            try
            {
                Series = (series ?? Array.Empty<string>())
                    .Concat(_rows.OfType<ImageSetSeries>().Select(row => row.SeriesInstanceUID))
                    .Distinct(StringComparer.Ordinal).ToArray();
                SopInstanceUid = (instances ?? Array.Empty<string>())
                    .Concat(_rows.OfType<ImageSetInstance>().Select(row => row.SOPInstanceUID))
                    .Distinct(StringComparer.Ordinal).ToArray();
                Series = Series.Length == 0 ? null : Series;
                SopInstanceUid = SopInstanceUid.Length == 0 ? null : SopInstanceUid;
                DatastoreId = _rowsDatastoreId;
                SourceImageSetId = _rowsImageSetId;
                _rows.Clear();
                _copyingRows = true;
                ProcessItem(SourceImageSetId, CopyOne);
            }
            finally
            {
                _copyingRows = false;
                Series = series;
                SopInstanceUid = instances;
                DatastoreId = datastoreId;
                SourceImageSetId = source;
            }
        }

        private void CopyOne()
        {
            if (DestinationImageSetId == SourceImageSetId)
            {
                throw new ImageSetWriteException(
                    "SameImageSet",
                    ErrorCategory.InvalidArgument,
                    $"The source and the destination are both image set {SourceImageSetId}. Nothing was sent.",
                    "Name another -DestinationImageSetId, or leave it out to copy into a new image set.");
            }

            if (DestinationVersionId != null && DestinationImageSetId is null)
            {
                throw new ImageSetWriteException(
                    "DestinationVersionWithoutDestination",
                    ErrorCategory.InvalidArgument,
                    "-DestinationVersionId was given without -DestinationImageSetId. Nothing was sent.");
            }

            // A raw document is read and its shape checked before any request; its UIDs are checked against the source later.
            JsonObject? copiableDocument = null;
            if (ParameterSetName == DocumentSet)
            {
                copiableDocument = ReadDocumentParameter(CopiableAttributes!, nameof(CopiableAttributes));
                CopySelection.FromDocument(copiableDocument, null);
            }

            ImageSetProperties source = ResolveWritable(DatastoreId, SourceImageSetId, SourceVersionId, nameof(SourceVersionId));
            ImageSetProperties? destination = DestinationImageSetId is null
                ? null
                : ResolveWritable(DatastoreId, DestinationImageSetId, DestinationVersionId, nameof(DestinationVersionId));
            CopySelection? selection = BuildSelection(source.VersionId, copiableDocument);
            // Serialised before confirmation, so that -WhatIf also meets the size limit.
            string? copiableAttributes = selection is null ? null : DocumentSerializer.ToCopiableAttributes(selection.Document);

            string target = $"Image set {SourceImageSetId} in datastore {DatastoreId} (version {source.VersionId})";
            string what = selection is null ? "all instances" : selection.Describe();
            string into = destination is null ? "a new image set" : $"image set {destination.ImageSetId} (version {destination.VersionId})";
            string options = (PromoteToPrimary ? ", promoting it to primary" : "") + (Force ? ", with -Force" : "");
            string action = $"Copy {what} into {into}{options}";
            WriteVerbose($"{target}: {action}.");
            if (!ShouldProcess(target, action))
            {
                return;
            }

            var request = new CopyImageSetRequest
            {
                DatastoreId = DatastoreId,
                SourceImageSetId = SourceImageSetId,
                SourceLatestVersionId = source.VersionId,
                CopiableAttributes = copiableAttributes,
                DestinationImageSetId = destination?.ImageSetId,
                DestinationLatestVersionId = destination?.VersionId,
                Force = Force,
                PromoteToPrimary = PromoteToPrimary,
            };
            bool pinned = SourceVersionId != null || DestinationVersionId != null;
            CopyImageSetResult result = SendResolvingConflicts(pinned, () => SendCopyTellingStop(request), () =>
            {
                request.SourceLatestVersionId = ResolveWritable(DatastoreId, SourceImageSetId, null, nameof(SourceVersionId)).VersionId;
                if (DestinationImageSetId != null)
                {
                    request.DestinationLatestVersionId = ResolveWritable(DatastoreId, DestinationImageSetId, null, nameof(DestinationVersionId)).VersionId;
                }
            });

            string destinationId = result.Destination.ImageSetId;
            ReportRecovery(result.RecoveredAfterLostResponse, result.Destination.LatestVersionId);
            WriteVerbose($"Copy accepted: image set {destinationId} version {result.Destination.LatestVersionId} is {result.Destination.ImageSetState} ({result.Destination.WorkflowStatus}).");

            ImageSetProperties? finished = WaitForWorkflow(DatastoreId, destinationId, result.Destination.LatestVersionId, $"Copying image set {SourceImageSetId} into {destinationId}");
            if (finished is null)
            {
                ImageSet accepted = WriteResults.FromCopied(result.Destination, DatastoreId, Force);
                accepted.Source = WriteResults.FromCopied(result.Source, DatastoreId, false);
                WriteObject(accepted);
                return;
            }

            ImageSet written = OutputMapping.ToImageSet(finished, DatastoreId);
            written.Source = OutputMapping.ToImageSet(WaitForLatest(DatastoreId, SourceImageSetId, $"Waiting for image set {SourceImageSetId} to unlock"), DatastoreId);
            if (VersionResolver.IsFailed(finished))
            {
                throw WorkflowFailed("CopyFailed", $"The copy from image set {SourceImageSetId}", finished, DatastoreId, CopyFailureAdvice(finished));
            }

            WriteObject(written);
        }

        private CopyImageSetResult SendCopyTellingStop(CopyImageSetRequest request)
        {
            string howToCheck = request.DestinationImageSetId is null
                ? $"If Search-AHIImageSet -DatastoreId {request.DatastoreId} -CreatedAfter '{DateTime.UtcNow.AddMinutes(-1):o}' finds a new image set of that study, it did; otherwise nothing changed."
                : NewVersionCheck(request.DatastoreId, request.DestinationImageSetId, request.DestinationLatestVersionId!);
            string into = request.DestinationImageSetId is null ? "a new image set" : $"image set {request.DestinationImageSetId}";
            return SendTellingStop(
                () => Await(Client.CopyImageSetAsync(request, Stopping)),
                $"the copy from image set {request.SourceImageSetId} into {into} in datastore {request.DatastoreId}",
                howToCheck);
        }

        private CopySelection? BuildSelection(string sourceVersionId, JsonObject? copiableDocument)
        {
            switch (_copyingRows ? SelectionSet : ParameterSetName)
            {
                case SelectionSet:
                    using (MetadataIndex metadata = LoadMetadata(DatastoreId, SourceImageSetId, sourceVersionId))
                    {
                        return CopySelection.FromUids(Series ?? Array.Empty<string>(), Instance, SopInstanceUid ?? Array.Empty<string>(), metadata);
                    }

                case DocumentSet:
                    using (MetadataIndex metadata = LoadMetadata(DatastoreId, SourceImageSetId, sourceVersionId))
                    {
                        return CopySelection.FromDocument(copiableDocument!, metadata);
                    }

                default:
                    return null;
            }
        }

        private static string CopyFailureAdvice(ImageSetProperties failed)
        {
            string message = failed.Message ?? "";
            if (message.IndexOf("match", StringComparison.OrdinalIgnoreCase) >= 0 || message.IndexOf("consisten", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return "The source and the destination disagree on Patient, Study or Series metadata. Run again with -Force to copy anyway: the destination keeps its own Patient, Study and Series metadata and the new version is marked Forced.";
            }

            return $"The destination keeps the metadata it had before version {failed.VersionId}. Read the message, correct the request, and run again.";
        }
    }
}
