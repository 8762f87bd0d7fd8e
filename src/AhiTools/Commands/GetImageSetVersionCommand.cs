using System;
using System.Management.Automation;
using AhiTools.HealthImaging;

namespace AhiTools.Commands
{
    /// <summary>
    /// Lists the versions of image sets, newest first, writing each version as its page arrives.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AHIImageSetVersion", DefaultParameterSetName = AllSet, SupportsPaging = true)]
    [OutputType(typeof(ImageSetVersion))]
    public sealed class GetImageSetVersionCommand : AhiCmdletBase
    {
        private const string AllSet = "All";
        private const string VersionSet = "Version";
        private const string LatestSet = "Latest";
        private const int MaxPageSize = 50;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Datastore)]
        [ArgumentCompleter(typeof(AhiTools.Completion.DatastoreIdCompleter))]
        public string DatastoreId { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.ImageSet)]
        public string[] ImageSetId { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = VersionSet)]
        [ValidateHealthImagingId(HealthImagingIdKind.Version)]
        [ArgumentCompleter(typeof(AhiTools.Completion.VersionIdCompleter))]
        public string? VersionId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
        public SwitchParameter Latest { get; set; }

        protected override void BeginProcessing()
        {
            if (PagingParameters.IncludeTotalCount)
            {
                // ListImageSetVersions reports no total.
                WriteObject(PagingParameters.NewTotalCount(0, 0.0));
            }
        }

        protected override void ProcessRecord()
        {
            foreach (string imageSetId in ImageSetId)
            {
                try
                {
                    switch (ParameterSetName)
                    {
                        case VersionSet:
                            WriteOne(imageSetId, VersionId);
                            break;
                        case LatestSet:
                            WriteOne(imageSetId, null);
                            break;
                        default:
                            WriteAll(imageSetId);
                            break;
                    }
                }
                catch (PipelineStoppedException)
                {
                    throw;
                }
                catch (Exception e) when (e is HealthImagingServiceException || e is TimeoutException || e is System.Net.Http.HttpRequestException || e is System.IO.IOException)
                {
                    WriteItemError(e, imageSetId);
                }
            }
        }

        private void WriteOne(string imageSetId, string? versionId)
        {
            ImageSetProperties properties = Await(Client.GetImageSetAsync(DatastoreId, imageSetId, versionId, Stopping));
            WriteObject(OutputMapping.ToVersion(properties, DatastoreId));
        }

        // -Skip and -First apply to each image set's list: "the two newest versions of each".
        private void WriteAll(string imageSetId)
        {
            ulong toSkip = PagingParameters.Skip;
            ulong toWrite = PagingParameters.First;
            string? nextToken = null;
            do
            {
                if (toWrite == 0)
                {
                    return;
                }

                int pageSize = PageSizeFor(toSkip, toWrite);
                WriteVerbose($"ListImageSetVersions {imageSetId} (maxResults {pageSize}{(nextToken is null ? "" : ", next page")})");
                ImageSetVersionPage page = Await(Client.ListImageSetVersionsAsync(DatastoreId, imageSetId, pageSize, nextToken, Stopping));
                foreach (ImageSetProperties properties in page.Versions)
                {
                    if (toSkip > 0)
                    {
                        toSkip--;
                        continue;
                    }

                    if (toWrite == 0)
                    {
                        return;
                    }

                    WriteObject(OutputMapping.ToVersion(properties, DatastoreId));
                    toWrite--;
                }

                nextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(nextToken));
        }

        // Ask for no more than is still wanted, so -First 1 reads one small page.
        private static int PageSizeFor(ulong toSkip, ulong toWrite)
        {
            if (toSkip >= MaxPageSize || toWrite >= MaxPageSize)
            {
                return MaxPageSize;
            }

            return (int)Math.Min(MaxPageSize, toSkip + toWrite);
        }
    }
}
