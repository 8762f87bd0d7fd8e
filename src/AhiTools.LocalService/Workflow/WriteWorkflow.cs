namespace AhiTools.LocalService.Workflow
{
    /// <summary>
    /// The asynchronous half of Copy, Update and Delete: a write is accepted LOCKED with a pending outcome, and after the
    /// configured delay the outcome is revealed (ACTIVE or DELETED with the final workflow status).
    /// </summary>
    public sealed class WriteWorkflow(ServiceState state, ServiceOptions options) : IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public DateTimeOffset DueAt(DateTimeOffset acceptedAt) => acceptedAt.AddMilliseconds(options.WorkflowDelayMs);

        /// <summary>Counts a Copy/Update against the per-datastore concurrency quota (402 beyond it). Call under the gate.</summary>
        public void ReserveWriteSlot(DatastoreRecord datastore)
        {
            if (datastore.WritesInFlight >= options.MaxConcurrentWritesPerDatastore)
            {
                throw ServiceException.QuotaExceeded(
                    $"Too many concurrent CopyImageSet/UpdateImageSetMetadata requests for datastore {datastore.Id} (limit {options.MaxConcurrentWritesPerDatastore}).");
            }

            datastore.WritesInFlight++;
        }

        /// <summary>Finishes the pending version after the delay. Call after releasing the gate.</summary>
        public void Schedule(string datastoreId, string imageSetId, string versionId)
        {
            var token = _stopping.Token;
            // The delay starts now, on the configured clock, before the caller answers the request.
            var delay = Task.Delay(TimeSpan.FromMilliseconds(options.WorkflowDelayMs), options.TimeProvider, token);
            _ = Task.Run(async () =>
            {
                try { await delay; }
                catch (OperationCanceledException) { return; }
                Complete(datastoreId, imageSetId, versionId);
            });
        }

        public void Complete(string datastoreId, string imageSetId, string versionId)
        {
            lock (state.Gate)
            {
                if (!state.Datastores.TryGetValue(datastoreId, out var datastore)) return;
                if (!datastore.ImageSets.TryGetValue(imageSetId, out var imageSet)) return;
                var version = imageSet.Find(versionId);
                if (version?.Pending is not { } pending) return;
                Reveal(datastore, imageSet, version, pending, ServiceState.Now());
                state.MarkChanged();
            }
        }

        /// <summary>
        /// Finishes now, as if its delay had run out, every pending write of the image set: its own pending versions and a
        /// copy's destination when it is the copy's source. For tests that must see LOCKED and then the outcome. Returns
        /// how many writes it finished.
        /// </summary>
        public int Settle(string datastoreId, string imageSetId)
        {
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                state.RequireImageSet(datastore, imageSetId);
                var now = ServiceState.Now();
                var settled = 0;
                foreach (var imageSet in datastore.OrderedImageSets())
                {
                    foreach (var version in imageSet.Versions)
                    {
                        if (version.Pending is not { } pending) continue;
                        if (imageSet.Id != imageSetId && pending.SourceImageSetId != imageSetId) continue;
                        Reveal(datastore, imageSet, version, pending, now);
                        settled++;
                    }
                }
                if (settled > 0) state.MarkChanged();
                return settled;
            }
        }

        /// <summary>Finishes every pending write at once (state loaded after a restart). Call under the gate.</summary>
        public void CompleteAllPending()
        {
            var now = ServiceState.Now();
            foreach (var datastore in state.Datastores.Values)
            {
                foreach (var imageSet in datastore.ImageSets.Values)
                {
                    foreach (var version in imageSet.Versions)
                    {
                        if (version.Pending is { } pending) Reveal(datastore, imageSet, version, pending, now);
                    }
                }
                datastore.WritesInFlight = 0;
            }
        }

        private static void Reveal(DatastoreRecord datastore, ImageSetRecord imageSet, ImageSetVersionRecord version, PendingOutcome pending, DateTimeOffset now)
        {
            version.Pending = null;
            version.Document = pending.Document;
            version.WorkflowStatus = pending.FinalWorkflowStatus;
            version.Message = pending.Message;
            version.Forced = pending.Forced;
            version.UpdatedAt = now;
            if (pending.FinalState == ImageSetStates.Deleted)
            {
                foreach (var each in imageSet.Versions)
                {
                    each.State = ImageSetStates.Deleted;
                    each.DeletedAt = now;
                }
            }
            else
            {
                version.State = pending.FinalState;
            }
            if (pending.HoldsWriteSlot && datastore.WritesInFlight > 0) datastore.WritesInFlight--;
            if (pending.SourceImageSetId != null && datastore.ImageSets.TryGetValue(pending.SourceImageSetId, out var source)
                && source.ReadOnlyLock is { } sourceLock)
            {
                source.Latest.State = sourceLock.PreviousState;
                source.Latest.WorkflowStatus = sourceLock.PreviousWorkflowStatus;
                source.ReadOnlyLock = null;
            }
            datastore.UpdatedAt = now;
        }

        public void Dispose()
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }
}
