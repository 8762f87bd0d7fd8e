using System.Collections.Concurrent;

namespace AhiTools.Writing
{
    /// <summary>
    /// Runs pipeline items' writes with several in flight. A write starts as soon as every earlier write that shares
    /// an image set with it is over, so writes to one image set keep their input order and never overlap. Preparing
    /// and sending run off the pipeline thread; between them, and when each write is over, the item comes back through
    /// <see cref="Next"/> so that the pipeline thread asks ShouldProcess and writes the outcome. Every member is
    /// called from the pipeline thread only.
    /// </summary>
    internal sealed class WriteScheduler
    {
        private readonly ImageSetWriter _writer;
        private readonly Action _enterItemFlow;
        private readonly CancellationToken _stopping;
        private readonly List<ScheduledWrite> _pending = new();
        private readonly BlockingCollection<ScheduledWrite> _returned = new();
        private int _nextSequence;

        /// <param name="enterItemFlow">Run at the start of each item's flow (off the pipeline thread): to listen to its retries.</param>
        public WriteScheduler(ImageSetWriter writer, Action enterItemFlow, CancellationToken stopping)
        {
            _writer = writer;
            _enterItemFlow = enterItemFlow;
            _stopping = stopping;
        }

        /// <summary>Writes added and not yet over (queued, preparing, awaiting confirmation or sending).</summary>
        public int Pending => _pending.Count;

        /// <summary>Writes started and not yet over.</summary>
        public int InFlight => _pending.Count(write => write.Stage != WriteStage.Queued);

        /// <summary>Writes sent (or being sent) and not yet over: what stopping now would leave behind.</summary>
        public IEnumerable<ScheduledWrite> Sending => _pending.Where(write => write.Stage == WriteStage.Sending);

        public IEnumerable<ScheduledWrite> Started => _pending.Where(write => write.Stage != WriteStage.Queued);

        public ScheduledWrite Add(ImageSetWrite write)
        {
            var scheduled = new ScheduledWrite(write, _nextSequence++, CancellationTokenSource.CreateLinkedTokenSource(_stopping));
            _pending.Add(scheduled);
            StartWritesWhoseTurnItIs();
            return scheduled;
        }

        /// <summary>
        /// The next write that came back (prepared, or over), or null when none did within <paramref name="timeout"/>.
        /// </summary>
        /// <exception cref="OperationCanceledException">On Ctrl+C.</exception>
        public ScheduledWrite? Next(TimeSpan timeout)
        {
            while (_returned.TryTake(out ScheduledWrite? write, (int)timeout.TotalMilliseconds, _stopping))
            {
                // A write dropped while it was being prepared comes back too; it is over already.
                if (write.Stage == WriteStage.Over)
                {
                    continue;
                }

                if (!write.Done)
                {
                    write.Stage = WriteStage.Prepared;
                }

                return write;
            }

            return null;
        }

        /// <summary>Sends a prepared write that ShouldProcess allowed.</summary>
        public void Send(ScheduledWrite write)
        {
            write.Stage = WriteStage.Sending;
            Run(write, async () => write.Output = await write.Plan!.SendAsync().ConfigureAwait(false), isOver: () => true);
        }

        /// <summary>The pipeline thread is done with the write (its outcome written, or it was not sent): the next may start.</summary>
        public void Finish(ScheduledWrite write)
        {
            write.Stage = WriteStage.Over;
            _pending.Remove(write);
            StartWritesWhoseTurnItIs();
        }

        /// <summary>Drops every write not started yet: nothing new starts; writes already started go on to their end.</summary>
        public void DropNotStarted()
        {
            foreach (ScheduledWrite write in _pending.Where(write => write.Stage == WriteStage.Queued).ToList())
            {
                write.Stage = WriteStage.Over;
                write.Cancel();
                _pending.Remove(write);
            }
        }

        private void StartWritesWhoseTurnItIs()
        {
            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (ScheduledWrite write in _pending)
            {
                if (write.Stage == WriteStage.Queued && !write.Write.ImageSets.Any(taken.Contains))
                {
                    Prepare(write);
                }

                taken.UnionWith(write.Write.ImageSets);
            }
        }

        private void Prepare(ScheduledWrite write)
        {
            write.Stage = WriteStage.Preparing;
            Run(write, async () => write.Plan = await write.Write.PrepareAsync(_writer, write.Tracker).ConfigureAwait(false), isOver: () => write.Plan is null);
        }

        /// <param name="isOver">Whether the write is over once the work succeeded (a failure always ends it).</param>
        private void Run(ScheduledWrite write, Func<Task> work, Func<bool> isOver)
        {
            Task.Run(async () =>
            {
                _enterItemFlow();
                try
                {
                    await work().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    write.Failure = e;
                }

                write.Done = write.Failure != null || isOver();

                _returned.Add(write);
            });
        }
    }

    internal enum WriteStage
    {
        Queued,
        Preparing,
        Prepared,
        Sending,
        Over,
    }

    /// <summary>One write in the scheduler, with what became of it.</summary>
    internal sealed class ScheduledWrite
    {
        private readonly CancellationTokenSource _cancellation;

        public ScheduledWrite(ImageSetWrite write, int sequence, CancellationTokenSource cancellation)
        {
            Write = write;
            Sequence = sequence;
            _cancellation = cancellation;
            Tracker = new WriteItemTracker(cancellation.Token);
        }

        public ImageSetWrite Write { get; }

        /// <summary>Its place in the input, from 0.</summary>
        public int Sequence { get; }

        public WriteItemTracker Tracker { get; }

        /// <summary>Set and read by the pipeline thread only.</summary>
        public WriteStage Stage { get; set; }

        // Set by the item's flow before it comes back through the scheduler's queue, which publishes them.
        public WritePlan? Plan { get; set; }

        /// <summary>Its flow is over: <see cref="Output"/> or <see cref="Failure"/> tells how (neither: nothing to send).</summary>
        public bool Done { get; set; }

        public ImageSetWriteResult? Output { get; set; }

        public Exception? Failure { get; set; }

        public void Cancel() => _cancellation.Cancel();
    }
}
