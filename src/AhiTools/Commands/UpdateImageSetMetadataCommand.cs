using System;
using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using AhiTools.HealthImaging;

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

        /// <summary>
        /// Series or instance rows from Get-AHIImageSetMetadata -Series or -Instance (they give -DatastoreId and
        /// -ImageSetId by property name): consecutive rows of one image set make one update with all their changes.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public ImageSetMetadataRow? InputObject { get; set; }

        private readonly PipedRowCoalescer<MetadataUpdateSpecification> _rows = new PipedRowCoalescer<MetadataUpdateSpecification>();

        protected override void ProcessRecord()
        {
            if (InputObject is null)
            {
                base.ProcessRecord();
                return;
            }

            ImageSetMetadataRow row = InputObject;
            MetadataUpdateSpecification? change = null;
            ProcessItem(row.ImageSetId, () => change = RowChanges.For(row, BuildSpecification()));
            if (change != null)
            {
                WriteRows(_rows.Add(DatastoreId, row.ImageSetId, change));
            }
        }

        protected override void EndProcessing()
        {
            WriteRows(_rows.Finish());
            base.EndProcessing();
        }

        private void WriteRows(PipedRowGroup<MetadataUpdateSpecification>? rows)
        {
            if (rows != null)
            {
                ProcessItem(rows.ImageSetId, () => Write(rows.DatastoreId, rows.ImageSetId, MetadataUpdateMerge.Merge(rows.Items)));
            }
        }

        protected override void WriteOne(string imageSetId) => Write(DatastoreId, imageSetId, BuildSpecification());

        private void Write(string datastoreId, string imageSetId, MetadataUpdateSpecification specification)
        {
            // Changes that need no metadata are built and checked before any request, so bad input sends nothing at all.
            if (specification.NeedsMetadata)
            {
                MetadataUpdateBuilder.RequireNoSetAndRemove(specification);
            }

            MetadataUpdateDocuments? documents = specification.NeedsMetadata ? null : Checked(MetadataUpdateBuilder.Build(specification, null));
            ImageSetProperties latest = ResolveWritable(datastoreId, imageSetId, LatestVersionId, nameof(LatestVersionId));
            documents ??= BuildFromMetadata(specification, datastoreId, imageSetId, latest.VersionId);
            byte[]? updatable = Serialize(documents.Updatable, AttributesDocumentKind.Updatable);
            byte[]? removable = Serialize(documents.Removable, AttributesDocumentKind.Removable);
            string changes = DocumentSummary.Describe(documents.Updatable, documents.Removable);

            string target = $"Image set {imageSetId} in datastore {datastoreId} (latest version {latest.VersionId})";
            string action = $"Update metadata{(Force ? " with -Force" : "")}: {changes}";
            WriteVerbose($"{target}: {changes}.");
            if (!ShouldProcess(target, action))
            {
                return;
            }

            var request = new UpdateImageSetMetadataRequest
            {
                DatastoreId = datastoreId,
                ImageSetId = imageSetId,
                LatestVersionId = latest.VersionId,
                UpdatableAttributes = updatable,
                RemovableAttributes = removable,
                Force = Force,
            };
            UpdateImageSetMetadataResult result = SendUpdate(request, versionPinned: LatestVersionId != null);
            WriteVerbose($"Image set {imageSetId}: version {result.LatestVersionId} is {result.ImageSetState} ({result.WorkflowStatus}).");

            ImageSetProperties? finished = WaitForWorkflow(datastoreId, imageSetId, result.LatestVersionId, $"Updating image set {imageSetId}");
            if (finished is null)
            {
                WriteObject(WriteResults.FromUpdate(result, datastoreId, imageSetId, latest.ImageSetArn, Force));
                return;
            }

            if (VersionResolver.IsFailed(finished))
            {
                throw WorkflowFailed(
                    "UpdateFailed",
                    "The update",
                    finished,
                    datastoreId,
                    $"The image set keeps the metadata of version {latest.VersionId}. Read the message, correct the change, and run again.");
            }

            WriteObject(OutputMapping.ToImageSet(finished, DatastoreId));
        }

        private MetadataUpdateSpecification BuildSpecification() => new MetadataUpdateSpecification
        {
            Patient = Patient,
            Study = Study,
            Series = Series,
            Instance = Instance,
            PrivateTag = PrivateTag,
            PrivateTagInstances = SopInstanceUid ?? Array.Empty<string>(),
            RemoveAttribute = RemoveAttribute ?? Array.Empty<string>(),
            RemoveSeries = RemoveSeries ?? Array.Empty<string>(),
            RemoveInstance = RemoveInstance ?? Array.Empty<string>(),
            UpdatableAttributes = UpdatableAttributes is null ? null : ReadDocumentParameter(UpdatableAttributes, nameof(UpdatableAttributes)),
            RemovableAttributes = RemovableAttributes is null ? null : ReadDocumentParameter(RemovableAttributes, nameof(RemovableAttributes)),
        };

        private MetadataUpdateDocuments BuildFromMetadata(MetadataUpdateSpecification specification, string datastoreId, string imageSetId, string versionId)
        {
            using (MetadataIndex metadata = LoadMetadata(datastoreId, imageSetId, versionId))
            {
                return Checked(MetadataUpdateBuilder.Build(specification, metadata));
            }
        }

        /// <summary>Shape, element and size checks of both documents (the size check serializes them once more later).</summary>
        private MetadataUpdateDocuments Checked(MetadataUpdateDocuments documents)
        {
            if (documents.Updatable != null)
            {
                MetadataUpdateValidator.Validate(documents.Updatable, AttributesDocumentKind.Updatable, Force);
                DocumentSerializer.ToAttributesBlob(documents.Updatable, AttributesDocumentKind.Updatable);
            }

            if (documents.Removable != null)
            {
                MetadataUpdateValidator.Validate(documents.Removable, AttributesDocumentKind.Removable, Force);
                DocumentSerializer.ToAttributesBlob(documents.Removable, AttributesDocumentKind.Removable);
            }

            MetadataUpdateBuilder.RequireChanges(documents);
            MetadataUpdateBuilder.RequireNoSetAndRemove(documents);
            return documents;
        }

        private byte[]? Serialize(JsonObject? document, AttributesDocumentKind kind)
        {
            if (document is null)
            {
                return null;
            }

            byte[] blob = DocumentSerializer.ToAttributesBlob(document, kind);
            if (DocumentSerializer.ExceedsDefaultQuota(blob.Length))
            {
                WriteWarning($"The {kind.ToString().ToLowerInvariant()} attributes document is {blob.Length} bytes, above HealthImaging's default quota of 10 KB per update request; the service refuses it unless your account's quota was raised.");
            }

            return blob;
        }
    }
}
