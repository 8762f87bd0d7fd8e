using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Completion;
using AhiTools.Connection;
using AhiTools.Errors;
using AhiTools.HealthImaging;
using AhiTools.Writing;

namespace AhiTools.Commands
{
    /// <summary>
    /// The AWS.Tools.Common connection parameters, the client they resolve to, cancellation on Ctrl+C, and the
    /// mapping of service failures onto error records, shared by every AhiTools cmdlet.
    /// </summary>
    public abstract class AhiCmdletBase : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new();
        private IHealthImagingClient? _client;
        private readonly ConcurrentQueue<string> _retryNotices = new();
        private readonly AutoResetEvent _retryNoticeArrived = new(false);

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
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

        // Shadows Cmdlet.Stopping (a bool) on purpose: inside AhiTools cmdlets "Stopping" is the token to pass on.
        protected new CancellationToken Stopping => _stopping.Token;

        /// <summary>
        /// The client for this call's credentials, region and endpoint, resolved once per cmdlet invocation. Every
        /// use routes the retry notices of the call it starts to this cmdlet (the client is shared process-wide).
        /// </summary>
        private protected IHealthImagingClient Client
        {
            get
            {
                RetryNotices.Listener = QueueRetryNotice;
                return _client ??= ResolveClient();
            }
        }

        // The source is never disposed: it has no timer to release, and Ctrl+C may arrive on another thread at any
        // moment, even after EndProcessing.
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Waits for the task on the pipeline thread; Ctrl+C surfaces as a stopped pipeline.</summary>
        protected T Await<T>(Task<T> task)
        {
            WriteRetryNoticesUntilDone(task);
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Await(Task task)
        {
            WriteRetryNoticesUntilDone(task);
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>Routes the retry notices of calls started in the current flow (such as one write of many) to this cmdlet.</summary>
        protected void ListenToRetryNotices() => RetryNotices.Listener = QueueRetryNotice;

        private void QueueRetryNotice(string notice)
        {
            _retryNotices.Enqueue(notice);
            _retryNoticeArrived.Set();
        }

        /// <summary>Retries happen on pool threads; their verbose lines are written here, on the pipeline thread, as they come.</summary>
        private void WriteRetryNoticesUntilDone(Task task)
        {
            var handles = new[] { ((IAsyncResult)task).AsyncWaitHandle, _retryNoticeArrived };
            while (!task.IsCompleted)
            {
                WaitHandle.WaitAny(handles);
                WriteQueuedRetryNotices();
            }

            // A notice queued just before the task completed is written too.
            WriteQueuedRetryNotices();
        }

        /// <summary>Writes the retry notices queued so far; for cmdlets that return to the pipeline while calls are still running.</summary>
        protected void WriteQueuedRetryNotices()
        {
            while (_retryNotices.TryDequeue(out string? notice))
            {
                WriteVerbose(notice);
            }
        }

        /// <summary>A non-terminating error for one pipeline item, with an ErrorId that names what went wrong.</summary>
        protected void WriteItemError(Exception exception, object? target)
        {
            WriteError(ToErrorRecord(exception, target));
        }

        protected static ErrorRecord ToErrorRecord(Exception exception, object? target) => ErrorRecords.From(exception, target);

        private IHealthImagingClient ResolveClient()
        {
            var parameters = new ConnectionParameters
            {
                Region = Region,
                ProfileName = ProfileName,
                ProfileLocation = ProfileLocation,
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                Credential = PowerShellValues.ToCredential(Credential),
                EndpointUrl = EndpointUrl,
                StoredCredentials = PowerShellValues.ToCredential(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
                StoredRegion = PowerShellValues.Unwrap(SessionState.PSVariable.GetValue("StoredAWSRegion")),
            };

            try
            {
                ResolvedConnection connection = HealthImagingClientProvider.ResolveConnection(parameters);
                WriteVerbose(connection.Describe());
                return HealthImagingClientProvider.GetClient(connection);
            }
            catch (ConnectionConfigurationException e)
            {
                ThrowTerminatingError(ToErrorRecord(e, null));
                throw; // unreachable: ThrowTerminatingError always throws
            }
        }
    }
}
