using System.Management.Automation.Runspaces;
using AhiTools.Loading;

namespace AhiTools.Commands
{
    /// <summary>
    /// What every AhiTools cmdlet shares: cancellation on Ctrl+C, waiting for tasks on the pipeline thread, and the
    /// one item loop (<see cref="RunItem(object, Action)"/>) that turns one item's failure into its error record.
    /// </summary>
    public abstract class AhiCmdletBase : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new();
        private readonly ConcurrentQueue<string> _retryNotices = new();
        private readonly AutoResetEvent _retryNoticeArrived = new(false);

        /// <summary>Adds the output views to the session the first time one of its AhiTools cmdlets begins.</summary>
        protected override void BeginProcessing() => SessionFormats.AddTo(Runspace.DefaultRunspace);

        // Shadows Cmdlet.Stopping (a bool) on purpose: inside AhiTools cmdlets "Stopping" is the token to pass on.
        protected new CancellationToken Stopping => _stopping.Token;

        // The source is never disposed: it has no timer to release, and Ctrl+C may arrive on another thread at any
        // moment, even after EndProcessing.
        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>
        /// The one item loop: runs one item's work; a failure of that item (<see cref="ItemFailures"/>) becomes its
        /// non-terminating error with the item as target, and the pipeline goes on. Ctrl+C stops the pipeline.
        /// </summary>
        /// <returns>Whether the work finished without a failure of the item.</returns>
        private protected bool RunItem(object? target, Action work) => RunItem(target, work, WriteItemError);

        /// <summary>The one item loop over several items of one pipeline input: each item's failure is its own error.</summary>
        private protected void RunEach<T>(IEnumerable<T> items, Action<T> work)
        {
            foreach (T item in items)
            {
                RunItem(item, () => work(item));
            }
        }

        /// <summary>As <see cref="RunItem(object, Action)"/>, with the item's failure handed to <paramref name="reportFailure"/>.</summary>
        private protected bool RunItem(object? target, Action work, Action<Exception, object?> reportFailure)
        {
            try
            {
                work();
                return true;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (ItemFailures.IsItemFailure(e))
            {
                reportFailure(e, target);
                return false;
            }
        }

        /// <summary>A failure that ends the command: its record from the one factory, with the target given.</summary>
        private protected void ThrowTerminating(Exception failure, object? target) => ThrowTerminatingError(ErrorRecords.From(failure, target));

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

        /// <summary>Writes the retry notices queued so far; for cmdlets that return to the pipeline while calls are still running.</summary>
        protected void WriteQueuedRetryNotices()
        {
            while (_retryNotices.TryDequeue(out string? notice))
            {
                WriteVerbose(notice);
            }
        }

        /// <summary>A non-terminating error for one pipeline item, with an ErrorId that names what went wrong.</summary>
        private protected void WriteItemError(Exception exception, object? target) => WriteError(ErrorRecords.From(exception, target));

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
    }
}
