namespace AhiTools.Commands
{
    /// <summary>
    /// What changed in an image set's DICOM metadata between two versions, one row per element, series or instance.
    /// Without versions: what the latest version changed relative to the one before it.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "AHIImageSetMetadata")]
    [OutputType(typeof(ImageSetMetadataDifference))]
    public sealed class CompareImageSetMetadataCommand : DatastoreScopedCmdletBase
    {
        /// <summary>Mandatory in effect: DatastoreScopedCmdletBase refuses a call without it (see ImageSetParameter).</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        [ArgumentCompleter(typeof(AhiTools.Completion.ImageSetIdCompleter))]
        public string ImageSetId { get; set; } = "";

        protected override string? ImageSetParameter => nameof(ImageSetId);


        /// <summary>The version compared against (the "before"); by default the version just before -DifferenceVersionId.</summary>
        [Parameter]
        [Alias("FromVersionId")]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? ReferenceVersionId { get; set; }

        /// <summary>The version whose changes are shown (the "after"); by default the latest. A piped version binds here.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ToVersionId", "VersionId")]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? DifferenceVersionId { get; set; }

        protected override void ProcessRecord() => RunItem(ImageSetId, CompareVersions);

        private void CompareVersions()
        {
            string difference = DifferenceVersionId ?? LatestVersionId();
            string? reference = ReferenceVersionId ?? VersionBefore(difference);
            if (reference is null)
            {
                ReportNothingBefore(difference);
                return;
            }

            WriteVerbose($"Comparing the metadata of image set {ImageSetId} version {reference} (reference) with version {difference}.");
            Compare(reference, difference);
        }

        private void Compare(string reference, string difference)
        {
            Task<JsonDocument> referenceDocument = LoadAsync(reference);
            Task<JsonDocument> differenceDocument = LoadAsync(difference);
            try
            {
                Await(Task.WhenAll(referenceDocument, differenceDocument));
                long referenceNumber = VersionNumber.Parse(reference);
                long differenceNumber = VersionNumber.Parse(difference);
                int changes = 0;
                foreach (MetadataDifference change in MetadataComparer.Compare(referenceDocument.Result.RootElement, differenceDocument.Result.RootElement))
                {
                    WriteObject(ToOutput(change, referenceNumber, differenceNumber));
                    changes++;
                }

                WriteVerbose($"Image set {ImageSetId}: {changes} difference(s) between version {reference} and version {difference}.");
            }
            finally
            {
                DisposeLoaded(referenceDocument);
                DisposeLoaded(differenceDocument);
            }
        }

        private async Task<JsonDocument> LoadAsync(string versionId)
        {
            using (Stream metadata = await Client.GetImageSetMetadataAsync(DatastoreId, ImageSetId, versionId, Stopping).ConfigureAwait(false))
            {
                return await JsonDocument.ParseAsync(metadata, default, Stopping).ConfigureAwait(false);
            }
        }

        private static void DisposeLoaded(Task<JsonDocument> load)
        {
            if (load.Status == TaskStatus.RanToCompletion)
            {
                load.Result.Dispose();
            }
            else
            {
                // A load still running after Ctrl+C or a failure of the other one: dispose what it gives, if anything.
                load.ContinueWith(t => t.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
            }
        }

        private string LatestVersionId()
        {
            ImageSetVersionState latest = Await(Client.GetImageSetAsync(DatastoreId, ImageSetId, null, Stopping));
            if (HealthImaging.WorkflowStatus.IsLocked(latest))
            {
                WriteWarning($"Image set {ImageSetId} is LOCKED ({latest.WorkflowStatus}): version {latest.VersionId} may not be complete yet. Wait for it with Wait-AHIImageSet before comparing.");
            }

            return latest.VersionId;
        }

        /// <summary>Version IDs count up by one with each write, so the version before N is N-1; version 1 has none.</summary>
        internal static string? VersionBefore(string versionId)
        {
            if (!long.TryParse(versionId, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number <= 1)
            {
                return null;
            }

            return (number - 1).ToString(CultureInfo.InvariantCulture);
        }

        // Piping every version in compares each with the one before it; the first version has nothing before it.
        private void ReportNothingBefore(string difference)
        {
            if (MyInvocation.ExpectingInput && DifferenceVersionId != null)
            {
                WriteVerbose($"Image set {ImageSetId} version {difference} is its first version: nothing before it to compare with.");
                return;
            }

            string message = $"Image set {ImageSetId} version {difference} is its first version: there is no earlier version to compare it with.";
            WriteError(ErrorRecords.Create(
                new ItemNotFoundException(message),
                ErrorIds.NoEarlierVersion,
                ErrorKind.NotFound,
                ImageSetId,
                "Give the version to compare with in -ReferenceVersionId, or list the versions with Get-AHIImageSetVersion."));
        }

        private ImageSetMetadataDifference ToOutput(MetadataDifference change, long reference, long difference) => new()
        {
            DatastoreId = DatastoreId,
            ImageSetId = ImageSetId,
            VersionId = difference,
            ReferenceVersionId = reference,
            DifferenceVersionId = difference,
            Level = change.Level.ToString(),
            SeriesInstanceUID = change.SeriesInstanceUid,
            SOPInstanceUID = change.SopInstanceUid,
            Element = change.Element,
            Change = change.Change.ToString(),
            OldValue = change.OldValue is JsonElement before ? JsonToPSObject.Convert(before) : null,
            NewValue = change.NewValue is JsonElement after ? JsonToPSObject.Convert(after) : null,
        };
    }
}
