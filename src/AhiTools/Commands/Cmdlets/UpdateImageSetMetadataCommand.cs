namespace AhiTools.Commands
{
    /// <summary>
    /// Updates an image set's metadata from PowerShell data: level hashtables, series and instance updates keyed by UID,
    /// removals, private tags with their VR, or raw documents. Each update makes a new version.
    /// </summary>
    [Cmdlet(VerbsData.Update, "AHIImageSetMetadata", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImageSet))]
    public sealed class UpdateImageSetMetadataCommand : ExistingImageSetWriteCmdletBase
    {
        [Parameter]
        public IDictionary? Patient { get; set; }

        [Parameter]
        public IDictionary? Study { get; set; }

        [Parameter]
        public IDictionary? Series { get; set; }

        [Parameter]
        public IDictionary? Instance { get; set; }

        [Parameter]
        public IDictionary? PrivateTag { get; set; }

        /// <summary>The instances -PrivateTag is set on.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AhiTools.Completion.SopInstanceUidCompleter))]
        public string[]? SopInstanceUid { get; set; }

        // By property name only so that a script block can name each row's element, series or instance
        // (-RemoveSeries { $_.SeriesInstanceUID }); no AhiTools object has a property of these names.
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AhiTools.Completion.AttributePathCompleter))]
        public string[]? RemoveAttribute { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AhiTools.Completion.SeriesUidCompleter))]
        public string[]? RemoveSeries { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(AhiTools.Completion.SopInstanceUidCompleter))]
        public string[]? RemoveInstance { get; set; }

        [Parameter]
        [ValidateNotNull]
        public object? UpdatableAttributes { get; set; }

        [Parameter]
        [ValidateNotNull]
        public object? RemovableAttributes { get; set; }

        /// <summary>Sends force=true: UIDs, StudyID, instance private tags, removing series or instances.</summary>
        [Parameter]
        [Alias("ForceUpdate")]
        public SwitchParameter Force { get; set; }

        protected override string ProgressActivity => "Updating image sets";

        /// <summary>
        /// Series or instance rows from Get-AHIImageSetMetadata -Series or -Instance (they give -DatastoreId and
        /// -ImageSetId by property name): consecutive rows of one image set make one update with all their changes.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public ImageSetMetadataRow? InputObject { get; set; }

        private readonly PipedRowCoalescer<MetadataUpdateSpecification> _rows = new();

        protected override void ProcessRecord()
        {
            if (InputObject is null)
            {
                SubmitEach();
            }
            else
            {
                AddRow(InputObject);
            }
        }

        /// <summary>A series or instance row: its change joins those of the rows of the same image set before it.</summary>
        private void AddRow(ImageSetMetadataRow row)
        {
            MetadataUpdateSpecification? change = null;
            if (TryItemStep(row.ImageSetId, () => change = RowChanges.For(row, BuildSpecification())))
            {
                SubmitRows(_rows.Add(DatastoreId, row.ImageSetId, change!));
            }
        }

        protected override void EndProcessing()
        {
            SubmitRows(_rows.Finish());
            base.EndProcessing();
        }

        private void SubmitRows(PipedRowGroup<MetadataUpdateSpecification>? rows)
        {
            if (rows != null)
            {
                Submit(rows.ImageSetId, () => new MetadataUpdateWrite(rows.DatastoreId, rows.ImageSetId, MetadataUpdateMerge.Merge(rows.Items), LatestVersionId, Force, Wait));
            }
        }

        private protected override ImageSetWrite CreateWrite(string imageSetId) =>
            new MetadataUpdateWrite(DatastoreId, imageSetId, BuildSpecification(), LatestVersionId, Force, Wait);

        private MetadataUpdateSpecification BuildSpecification() => new()
        {
            Patient = PowerShellValues.ToPlainMap(Patient),
            Study = PowerShellValues.ToPlainMap(Study),
            Series = PowerShellValues.ToPlainMap(Series),
            Instance = PowerShellValues.ToPlainMap(Instance),
            PrivateTag = PowerShellValues.ToPlainMap(PrivateTag),
            PrivateTagInstances = SopInstanceUid ?? Array.Empty<string>(),
            RemoveAttribute = RemoveAttribute ?? Array.Empty<string>(),
            RemoveSeries = RemoveSeries ?? Array.Empty<string>(),
            RemoveInstance = RemoveInstance ?? Array.Empty<string>(),
            UpdatableAttributes = UpdatableAttributes is null ? null : ReadDocumentParameter(UpdatableAttributes, nameof(UpdatableAttributes)),
            RemovableAttributes = RemovableAttributes is null ? null : ReadDocumentParameter(RemovableAttributes, nameof(RemovableAttributes)),
        };
    }
}
