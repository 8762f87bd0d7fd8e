using System.Net.Http;

namespace AhiTools.Commands
{
    /// <summary>
    /// The one answer to "is this failure one item's?" for every cmdlet: such a failure becomes that item's
    /// non-terminating error and the pipeline goes on; anything else (a stopped pipeline, Ctrl+C, a bug) ends it.
    /// </summary>
    internal static class ItemFailures
    {
        public static bool IsItemFailure(Exception e) =>
            !(e is PipelineStoppedException || e is OperationCanceledException)
            && (e is AhiException
                || e is HealthImagingServiceException
                || e is WriteOutcomeUnknownException
                || e is TimeoutException
                || e is HttpRequestException
                || e is IOException
                || IsMalformedAnswer(e));

        /// <summary>
        /// An answer from the service the module cannot read: not JSON, not the JSON expected, a corrupt gzip body, a
        /// field missing or of the wrong form. The cmdlets parse only what the service sends (documents the user gives
        /// are read by the core, which refuses them with its own errors), so these are always the answer's fault.
        /// </summary>
        public static bool IsMalformedAnswer(Exception e) => e is JsonException || e is InvalidDataException;
    }
}
