using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using AhiTools.Writing;
using Xunit;

namespace AhiTools.Tests
{
    // The scheduler behind the write cmdlets' -ThrottleLimit: order per image set, overlap across image sets, and
    // what an error that stops the pipeline drops. The test plays the pipeline thread.
    public class WritingSchedulerTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private readonly ConcurrentQueue<string> _log = new();
        private readonly WriteScheduler _scheduler = new(
            new ImageSetWriter(new ScriptedWriteClient(), TimeSpan.FromMinutes(1), 4), () => { }, CancellationToken.None);

        [Fact]
        public void WritesToOneImageSetKeepTheirOrderAndNeverOverlapWhileOthersRunAtOnce()
        {
            var a1 = new GatedWrite("a1", _log, "d/a");
            var b1 = new GatedWrite("b1", _log, "d/b");
            var a2 = new GatedWrite("a2", _log, "d/a");
            _scheduler.Add(a1);
            _scheduler.Add(b1);
            _scheduler.Add(a2);

            Assert.Equal(2, _scheduler.InFlight);
            b1.ReleasePrepare();
            ScheduledWrite prepared = Next();
            Assert.Same(b1, prepared.Write);
            Assert.False(prepared.Done);
            _scheduler.Send(prepared);
            // The send runs on a pool thread: b1 must start sending while a1 is still held in its prepare.
            Assert.True(SpinWait.SpinUntil(() => _log.Contains("send b1"), Patience), "b1 was not sent while a1 was still being prepared");
            Assert.DoesNotContain("send a1", _log);
            a1.ReleasePrepare();
            ScheduledWrite a1Prepared = Next();
            Assert.Same(a1, a1Prepared.Write);
            _scheduler.Send(a1Prepared);
            a2.ReleasePrepare();

            Assert.DoesNotContain("prepare a2", _log);
            a1.ReleaseSend();
            ScheduledWrite a1Over = Next();
            Assert.True(a1Over.Done);
            Assert.Equal("a1", a1Over.Output!.ImageSet.ImageSetId);
            Assert.DoesNotContain("prepare a2", _log);

            _scheduler.Finish(a1Over);
            ScheduledWrite a2Prepared = Next();
            Assert.Same(a2, a2Prepared.Write);
            string[] log = _log.ToArray();
            Assert.True(Array.IndexOf(log, "send a1") < Array.IndexOf(log, "prepare a2"));
        }

        [Fact]
        public void AWriteToTwoImageSetsWaitsForEarlierWritesToEither()
        {
            var a = new GatedWrite("a", _log, "d/a");
            var b = new GatedWrite("b", _log, "d/b");
            var copy = new GatedWrite("copy", _log, "d/a", "d/b");
            _scheduler.Add(a);
            _scheduler.Add(b);
            _scheduler.Add(copy);
            a.ReleasePrepare();
            ScheduledWrite aPrepared = Next();
            _scheduler.Finish(aPrepared);

            Assert.DoesNotContain("prepare copy", _log);
            b.ReleasePrepare();
            _scheduler.Finish(Next());
            copy.ReleasePrepare();
            Assert.Same(copy, Next().Write);
        }

        [Fact]
        public void DroppingWritesNotStartedKeepsTheWritesInFlightAndStartsNothingNew()
        {
            var sent = new GatedWrite("sent", _log, "d/a");
            var preparing = new GatedWrite("preparing", _log, "d/b");
            var queued = new GatedWrite("queued", _log, "d/a");
            _scheduler.Add(sent);
            _scheduler.Add(preparing);
            _scheduler.Add(queued);
            sent.ReleasePrepare();
            _scheduler.Send(Next());

            _scheduler.DropNotStarted();

            Assert.Equal(2, _scheduler.Pending);
            Assert.Equal(new[] { "sent" }, _scheduler.Sending.Select(write => ((GatedWrite)write.Write).Name));
            sent.ReleaseSend();
            ScheduledWrite over = Next();
            Assert.Same(sent, over.Write);
            _scheduler.Finish(over);
            preparing.ReleasePrepare();
            ScheduledWrite prepared = Next();
            Assert.Same(preparing, prepared.Write);
            _scheduler.Finish(prepared);
            Assert.Equal(0, _scheduler.Pending);
            Assert.DoesNotContain("prepare queued", _log);
        }

        [Fact]
        public void AFailedPreparationComesBackOverWithItsFailure()
        {
            var failing = new FailingWrite();
            _scheduler.Add(failing);
            ScheduledWrite over = Next();
            Assert.True(over.Done);
            Assert.IsType<InvalidOperationException>(over.Failure);
        }

        private ScheduledWrite Next() => _scheduler.Next(Patience) ?? throw new TimeoutException("no write came back");

        private sealed class FailingWrite : ImageSetWrite
        {
            public override System.Collections.Generic.IReadOnlyCollection<string> ImageSets => new[] { "d/f" };

            public override object Target => "f";

            public override System.Threading.Tasks.Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item) =>
                throw new InvalidOperationException("refused");
        }
    }
}
