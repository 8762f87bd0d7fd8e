using System.Collections.Concurrent;

namespace AhiTools.Writing
{
    /// <summary>
    /// One item's write as it runs off the pipeline thread: the notes it leaves for the pipeline thread to write, what
    /// stopping it now would leave behind (a write on its way, or accepted and being waited for), and the LOCKED
    /// version it is waiting for (for progress). Written by the item's flow, read by the pipeline thread.
    /// </summary>
    internal sealed class WriteItemTracker
    {
        private readonly ConcurrentQueue<WriteNote> _notes = new();
        private volatile string? _stopNotice;
        private volatile WaitStatus? _waiting;

        public WriteItemTracker(CancellationToken cancellation) => Cancellation = cancellation;

        /// <summary>Ends with Ctrl+C, or when the item is dropped because an earlier item's error stops the pipeline.</summary>
        public CancellationToken Cancellation { get; }

        /// <summary>What to tell the user if the pipeline stopped now; null while nothing is on its way or accepted.</summary>
        public string? StopNotice => _stopNotice;

        /// <summary>The LOCKED version this item is waiting for, or null.</summary>
        public WaitStatus? Waiting => _waiting;

        public void Verbose(string text) => _notes.Enqueue(new WriteNote(false, text));

        public void Warning(string text) => _notes.Enqueue(new WriteNote(true, text));

        public bool TryTakeNote(out WriteNote note) => _notes.TryDequeue(out note!);

        /// <param name="write">What is sent, as in "the update of image set X in datastore Y".</param>
        /// <param name="howToCheck">How to tell afterwards whether the service carried it out.</param>
        public void Sending(string write, string howToCheck) =>
            _stopNotice = $"Stopped while {write} was being sent: the service may or may not have carried it out. {howToCheck}";

        public void Sent() => _stopNotice = null;

        /// <summary>The service accepted the write (version <paramref name="versionId"/>) and the item waits for its workflow.</summary>
        public void Accepted(string datastoreId, string imageSetId, string versionId, string activity) =>
            _stopNotice = $"Stopped while waiting ({activity}), but the write was already accepted: it made version {versionId} of image set {imageSetId} in datastore {datastoreId}, and the service goes on with it. See how it ends with Get-AHIImageSetVersion -DatastoreId {datastoreId} -ImageSetId {imageSetId} -VersionId {versionId}.";

        public void Settled() => _stopNotice = null;

        public void StillLocked(string activity, ImageSetVersionState locked, TimeSpan elapsed, TimeSpan timeout) =>
            _waiting = new WaitStatus(
                activity,
                $"Version {locked.VersionId} is {locked.ImageSetState} ({locked.WorkflowStatus}); {elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0} s",
                (int)Math.Max(0, (timeout - elapsed).TotalSeconds));

        public void Unlocked() => _waiting = null;
    }

    /// <summary>A verbose line or a warning an item left for the pipeline thread.</summary>
    internal sealed record WriteNote(bool IsWarning, string Text);

    /// <summary>What an item waiting for a LOCKED image set shows in progress.</summary>
    internal sealed record WaitStatus(string Activity, string Status, int SecondsRemaining);
}
