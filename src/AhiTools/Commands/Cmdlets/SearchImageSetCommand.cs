namespace AhiTools.Commands
{
    /// <summary>
    /// Finds image sets with SearchImageSets by patient ID, accession number, study or series UID, or date ranges,
    /// writing each image set as its page arrives.
    /// </summary>
    [Cmdlet(VerbsCommon.Search, "AHIImageSet", SupportsPaging = true)]
    [OutputType(typeof(ImageSetSummary))]
    public sealed class SearchImageSetCommand : HealthImagingCmdletBase
    {
        private protected override FirstRequest FirstRequest => FirstRequest.SearchImageSets;

        private string _criteriaJson = "{}";
        private string _criteriaDescription = "";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Datastore)]
        [ArgumentCompleter(typeof(AhiTools.Completion.DatastoreIdCompleter))]
        public string DatastoreId { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PatientId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccessionNumber { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StudyId { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StudyInstanceUID { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SeriesInstanceUID { get; set; }

        [Parameter]
        [SearchDate(Instant = true)]
        public DateTime? CreatedAfter { get; set; }

        [Parameter]
        [SearchDate(Instant = true)]
        public DateTime? CreatedBefore { get; set; }

        [Parameter]
        [SearchDate(Instant = true)]
        public DateTime? UpdatedAfter { get; set; }

        [Parameter]
        [SearchDate(Instant = true)]
        public DateTime? UpdatedBefore { get; set; }

        /// <summary>The earliest DICOM study date, included (only the date counts; 20240301, 2024-03-01 or a [datetime]).</summary>
        [Parameter]
        [SearchDate]
        public DateTime? StudyDateFrom { get; set; }

        /// <summary>The latest DICOM study date, included (only the date counts).</summary>
        [Parameter]
        [SearchDate]
        public DateTime? StudyDateTo { get; set; }

        [Parameter]
        public bool IsPrimary { get; set; }

        [Parameter]
        [ValidateSet("UpdatedAt", "CreatedAt", "StudyDateAndTime", IgnoreCase = true)]
        public string? SortBy { get; set; }

        [Parameter]
        [ValidateSet("Ascending", "Descending", IgnoreCase = true)]
        public string? SortOrder { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            (_criteriaJson, _criteriaDescription) = BuildCriteria();
            PagedListing.WriteUnknownTotal(this, PagingParameters);
        }

        // -Skip and -First apply to each datastore's results.
        protected override void ProcessRecord() => RunItem(DatastoreId, WriteFound);

        /// <summary>The search's JSON body and how verbose text describes it; criteria that contradict each other end the command.</summary>
        private (string Json, string Description) BuildCriteria()
        {
            var criteria = new ImageSetSearchCriteria
            {
                PatientId = PatientId,
                AccessionNumber = AccessionNumber,
                StudyId = StudyId,
                StudyInstanceUid = StudyInstanceUID,
                SeriesInstanceUid = SeriesInstanceUID,
                CreatedAfter = CreatedAfter,
                CreatedBefore = CreatedBefore,
                UpdatedAfter = UpdatedAfter,
                UpdatedBefore = UpdatedBefore,
                StudyDateFrom = StudyDateFrom,
                StudyDateTo = StudyDateTo,
                IsPrimary = MyInvocation.BoundParameters.ContainsKey(nameof(IsPrimary)) ? IsPrimary : (bool?)null,
                SortBy = SortBy,
                SortOrder = SortOrder,
            };

            try
            {
                return criteria.Build(DateTimeOffset.UtcNow);
            }
            catch (DocumentValidationException e)
            {
                ThrowTerminating(e, null);
                throw; // unreachable: ThrowTerminatingError always throws
            }
        }

        private void WriteFound()
        {
            WritePages(
                $"SearchImageSets in datastore {DatastoreId}: {_criteriaDescription}",
                (pageSize, nextToken) =>
                {
                    SearchImageSetsPage page = Await(Client.SearchImageSetsAsync(DatastoreId, _criteriaJson, pageSize, nextToken, Stopping));
                    return new ListingPage<ImageSetSearchHit>(page.ImageSets, page.NextToken);
                },
                hit => WriteObject(OutputMapping.ToSummary(hit)));
        }
    }
}
