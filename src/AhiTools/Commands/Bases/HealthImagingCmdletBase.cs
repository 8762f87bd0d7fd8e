using AhiTools.Completion;

namespace AhiTools.Commands
{
    /// <summary>
    /// A cmdlet that calls HealthImaging: the AWS.Tools.Common connection parameters and the client they resolve to.
    /// </summary>
    public abstract class HealthImagingCmdletBase : AhiCmdletBase
    {
        /// <summary>The most items ListDatastores, ListImageSetVersions and SearchImageSets return in one page.</summary>
        private const int MaxPageSize = 50;

        private IHealthImagingClient? _client;
        private Task<(ResolvedConnection Connection, IHealthImagingClient Client)>? _clientResolution;

        /// <summary>The request this cmdlet sends first: the session's first-call warm-up reads an answer of it.</summary>
        private protected virtual FirstRequest FirstRequest => FirstRequest.GetImageSet;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [Alias(ConnectionParameterReader.StoredCredentialsAlias, ConnectionParameterReader.AwsProfileNameAlias)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter]
        [Alias(ConnectionParameterReader.AwsProfilesLocationAlias, ConnectionParameterReader.ProfilesLocationAlias)]
        [ValidateNotNullOrEmpty]
        public string? ProfileLocation { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SecretKey { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        /// <summary>A credentials object from Get-AWSCredential (any AWSSDK.Core version) or a PSCredential.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        protected override void BeginProcessing()
        {
#if NET
            // Before the views are added and the connection resolves, so that the request's code compiles meanwhile.
            FirstCallWarmUp.Start(FirstRequest);
#endif
            base.BeginProcessing();
        }

        /// <summary>
        /// The client for this call's credentials, region and endpoint, resolved once per cmdlet invocation. Every
        /// use routes the retry notices of the call it starts to this cmdlet (the client is shared process-wide).
        /// </summary>
        private protected IHealthImagingClient Client
        {
            get
            {
                ListenToRetryNotices();
                return _client ??= ResolveClient();
            }
        }

        /// <summary>
        /// Writes a paged listing, each item as its page arrives, with -Skip and -First applied (see
        /// <see cref="PagedListing"/>); verbose text names each request: "request (maxResults N, detail, next page)".
        /// </summary>
        /// <param name="readPage">Reads one page: (page size, next token) → page, on the pipeline thread.</param>
        private protected void WritePages<T>(string request, Func<int, string?, ListingPage<T>> readPage, Action<T> write, Func<T, bool>? keep = null, string detail = "")
        {
            PagedListing.Stream(
                PagingParameters,
                MaxPageSize,
                (pageSize, nextToken) =>
                {
                    WriteVerbose($"{request} (maxResults {pageSize}{detail}{(nextToken is null ? "" : ", next page")})");
                    return readPage(pageSize, nextToken);
                },
                write,
                keep);
        }

        /// <summary>
        /// Starts resolving the connection and building its client off the pipeline thread, so that a bulk write's
        /// first item is checked and built meanwhile; <see cref="Client"/> then takes the result (and reports a failure
        /// as it would have). The parameters and session variables are read here, on the pipeline thread.
        /// </summary>
        private protected void ResolveClientInBackground()
        {
            if (_client is null && _clientResolution is null)
            {
                ConnectionParameters parameters = ReadConnectionParameters();
                _clientResolution = Task.Run(() => Connect(parameters));
            }
        }

        private IHealthImagingClient ResolveClient()
        {
            try
            {
                var (connection, client) = _clientResolution?.GetAwaiter().GetResult() ?? Connect(ReadConnectionParameters());
                WriteVerbose(connection.Describe());
                return client;
            }
            catch (ConnectionConfigurationException e)
            {
                ThrowTerminating(e, null);
                throw; // unreachable: ThrowTerminatingError always throws
            }
        }

        private static (ResolvedConnection Connection, IHealthImagingClient Client) Connect(ConnectionParameters parameters)
        {
            ResolvedConnection connection = HealthImagingClientProvider.ResolveConnection(parameters);
            return (connection, HealthImagingClientProvider.GetClient(connection));
        }

        private ConnectionParameters ReadConnectionParameters() => ConnectionParameterReader.Read(
            (name, _) => GetType().GetProperty(name)?.GetValue(this),
            name => SessionState.PSVariable.GetValue(name));
    }
}
