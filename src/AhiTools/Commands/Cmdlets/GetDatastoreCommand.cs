namespace AhiTools.Commands
{
    /// <summary>
    /// Lists datastores (paged, each written as its page arrives), or reads the ones named by -DatastoreId.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AHIDatastore", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Datastore))]
    public sealed class GetDatastoreCommand : HealthImagingCmdletBase
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        private protected override FirstRequest FirstRequest => ParameterSetName == IdSet ? FirstRequest.GetDatastore : FirstRequest.ListDatastores;

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Datastore)]
        [ArgumentCompleter(typeof(AhiTools.Completion.DatastoreIdCompleter))]
        public string[] DatastoreId { get; set; } = Array.Empty<string>();

        /// <summary>Only datastores whose name matches (wildcards allowed); compared here, not by the service.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [SupportsWildcards]
        [Alias("DatastoreName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Only datastores in this status; the service filters.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("CREATING", "CREATE_FAILED", "ACTIVE", "DELETING", "DELETED", IgnoreCase = true)]
        public string? Status { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            if (ParameterSetName == ListSet)
            {
                PagedListing.WriteUnknownTotal(this, PagingParameters);
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ListSet)
            {
                RunItem(null, WriteAll);
            }
            else
            {
                RunEach(DatastoreId, WriteOne);
            }
        }

        private void WriteOne(string datastoreId) => WriteObject(Datastore.From(Await(Client.GetDatastoreAsync(datastoreId, Stopping))));

        private void WriteAll()
        {
            string? status = Status?.ToUpperInvariant();
            WildcardPattern? name = Name is null ? null : WildcardPattern.Get(Name, WildcardOptions.IgnoreCase);
            bool found = false;
            WritePages(
                "ListDatastores",
                (pageSize, nextToken) =>
                {
                    DatastorePage page = Await(Client.ListDatastoresAsync(status, pageSize, nextToken, Stopping));
                    return new ListingPage<DatastoreProperties>(page.Datastores, page.NextToken);
                },
                properties =>
                {
                    found = true;
                    WriteObject(Datastore.From(properties));
                },
                name is null ? (Func<DatastoreProperties, bool>?)null : properties => name.IsMatch(properties.DatastoreName),
                status is null ? "" : ", status " + status);

            // As Get-Process -Name does: an exact name that matches nothing is an error, a wildcard is not.
            if (!found && Name != null && !WildcardPattern.ContainsWildcardCharacters(Name) && PagingParameters.Skip == 0)
            {
                WriteError(ErrorRecords.Create(
                    new ItemNotFoundException($"No datastore{(status is null ? "" : " in status " + status)} is named '{Name}'. Get-AHIDatastore without -Name lists them all."),
                    ErrorIds.DatastoreNameNotFound,
                    ErrorKind.NotFound,
                    Name));
            }
        }
    }
}
