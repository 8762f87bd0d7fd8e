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

        /// <summary>Sends force=true: the copy completes even when Patient, Study or Series metadata disagree.</summary>
        [Parameter]
        [Alias("ForceCopy")]
        public SwitchParameter Force { get; set; }

        private readonly PipedRowCoalescer<ImageSetMetadataRow> _rows = new();

        protected override string ProgressActivity => "Copying image sets";

        protected override void ProcessRecord()
        {
            if (InputObject is null)
            {
                CopySource();
            }
            else
            {
                AddRow(InputObject);
            }
        }

        protected override void EndProcessing()
        {
            CopyRows(_rows.Finish());
            base.EndProcessing();
        }

        /// <summary>The source named by -SourceImageSetId (after the rows collected before it).</summary>
        private void CopySource()
        {
            CopyRows(_rows.Finish());
            Submit(SourceImageSetId, () => new CopyWrite(Options(DatastoreId, SourceImageSetId, ParameterSetName == SelectionSet, Series, SopInstanceUid)));
        }

        /// <summary>A series or instance row: collected with the rows of the same source before it, copied when the source changes.</summary>
        private void AddRow(ImageSetMetadataRow row)
        {
            if (ParameterSetName == DocumentSet)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    new ArgumentException("Series and instance rows select what is copied; they cannot be combined with -CopiableAttributes."),
                    ErrorIds.RowsWithCopiableAttributes,
                    ErrorKind.InvalidInput,
                    row));
            }

            CopyRows(_rows.Add(DatastoreId, SourceImageSetId, row));
        }

        // The rows collected for one source become one copy: their series and instances, with any named on the command line.
        private void CopyRows(PipedRowGroup<ImageSetMetadataRow>? rows)
        {
            if (rows is null)
            {
                return;
            }

            string[] series = (Series ?? Array.Empty<string>())
                .Concat(rows.Items.OfType<ImageSetSeries>().Select(row => row.SeriesInstanceUID))
                .Distinct(StringComparer.Ordinal).ToArray();
            string[] instances = (SopInstanceUid ?? Array.Empty<string>())
                .Concat(rows.Items.OfType<ImageSetInstance>().Select(row => row.SOPInstanceUID))
                .Distinct(StringComparer.Ordinal).ToArray();
            Submit(rows.ImageSetId, () => new CopyWrite(Options(rows.DatastoreId, rows.ImageSetId, true, series, instances)));
        }

        /// <summary>This copy's parameters, taken now: later pipeline items bind other values.</summary>
        private CopyWriteOptions Options(string datastoreId, string sourceImageSetId, bool selectsInstances, string[]? series, string[]? instances) => new()
        {
            DatastoreId = datastoreId,
            SourceImageSetId = sourceImageSetId,
            SourceVersionGuard = SourceVersionId,
            DestinationImageSetId = DestinationImageSetId,
            DestinationVersionGuard = DestinationVersionId,
            SelectsInstances = selectsInstances,
            Series = series ?? Array.Empty<string>(),
            Instance = selectsInstances ? PowerShellValues.ToPlainMap(Instance) : null,
            SopInstanceUids = instances ?? Array.Empty<string>(),
            CopiableDocument = ParameterSetName == DocumentSet ? ReadDocumentParameter(CopiableAttributes!, nameof(CopiableAttributes)) : null,
            PromoteToPrimary = PromoteToPrimary,
            Force = Force,
            Wait = Wait,
        };
    }
}
