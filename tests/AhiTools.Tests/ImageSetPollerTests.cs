using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Commands;
using AhiTools.Errors;
using AhiTools.HealthImaging;
using AhiTools.Writing;
using Xunit;

namespace AhiTools.Tests
{
    // Wait-AHIImageSet's polling of many image sets at once, and how it reads a finished workflow.
    public class ImageSetPollerTests
    {
        [Fact]
        public async Task PollsManyImageSetsAtOnceWithinTheRequestLimit()
        {
            // Answers are held until the test releases them, so the limit is reached for sure (not when the timing allows).
            var client = new ScriptedClient(locksBeforeActive: 2, answerDelay: TimeSpan.Zero, holdAnswers: true);
            var poller = new ImageSetPoller(client.GetImageSetAsync, maxRequestsInFlight: 3);

            Task<ImageSetVersionState[]> polling = Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
                poller.PollUntilUnlockedAsync("d", $"set{i}", null, TimeSpan.FromMinutes(5), CancellationToken.None)));
            await client.WaitUntilInFlightAsync(3);
            client.ReleaseAnswers();
            ImageSetVersionState[] finished = await polling;

            Assert.All(finished, p => Assert.Equal("ACTIVE", p.ImageSetState));
            Assert.Equal(30, client.Calls);
            Assert.Equal(3, client.MostInFlight);
        }

        [Fact]
        public async Task AnImageSetStillLockedAfterTheTimeoutIsWaitTimedOutWithTheLockedVersionAsTarget()
        {
            var client = new ScriptedClient(locksBeforeActive: int.MaxValue, answerDelay: TimeSpan.Zero);
            var poller = new ImageSetPoller(client.GetImageSetAsync, maxRequestsInFlight: 2);

            var failure = await Assert.ThrowsAsync<ImageSetStateException>(() =>
                poller.PollUntilUnlockedAsync("d", "slow", "7", TimeSpan.FromMilliseconds(300), CancellationToken.None));

            Assert.Equal("WaitTimedOut", failure.ErrorId);
            Assert.Equal(ErrorKind.Timeout, failure.Kind);
            var target = Assert.IsType<ImageSetVersionState>(failure.Target);
            Assert.Equal("slow", target.ImageSetId);
            Assert.Equal("7", target.VersionId);
            Assert.Equal("d", target.DatastoreId);
        }

        [Fact]
        public async Task CancellationStopsThePolling()
        {
            var client = new ScriptedClient(locksBeforeActive: int.MaxValue, answerDelay: TimeSpan.Zero);
            var poller = new ImageSetPoller(client.GetImageSetAsync, maxRequestsInFlight: 1);
            using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                poller.PollUntilUnlockedAsync("d", "i", null, TimeSpan.FromMinutes(5), stopping.Token));
        }

        [Theory]
        [InlineData("UPDATE_FAILED", "UpdateFailed")]
        [InlineData("COPY_FAILED", "CopyFailed")]
        [InlineData("IMPORT_FAILED", "ImportFailed")]
        public void AFailedWorkflowIsAnInvalidDataErrorNamedAfterIt(string status, string errorId)
        {
            var version = new ImageSetVersionState { ImageSetId = "i", VersionId = "3", ImageSetState = "ACTIVE", WorkflowStatus = status, Message = "refused" };

            ImageSetStateException failure = WorkflowFailure.Of(version)!;

            Assert.Equal(errorId, failure.ErrorId);
            Assert.Equal(ErrorKind.WorkflowFailed, failure.Kind);
            Assert.Contains("refused", failure.Message);
            Assert.Equal("3", Assert.IsType<ImageSetVersionState>(failure.Target).VersionId);
        }

        [Fact]
        public void AFinishedWorkflowIsNoFailureAndADeletedImageSetIsImageSetDeleted()
        {
            Assert.Null(WorkflowFailure.Of(new ImageSetVersionState { ImageSetId = "i", VersionId = "2", ImageSetState = "ACTIVE", WorkflowStatus = "UPDATED" }));
            Assert.Equal("ImageSetDeleted", WorkflowFailure.Of(new ImageSetVersionState { ImageSetId = "i", VersionId = "4", ImageSetState = "DELETED", WorkflowStatus = "DELETED" })!.ErrorId);
        }

        /// <summary>Answers GetImageSet LOCKED a number of times per image set, then ACTIVE; counts requests in flight.</summary>
        private sealed class ScriptedClient
        {
            private readonly int _locksBeforeActive;
            private readonly TimeSpan _answerDelay;
            private readonly ConcurrentDictionary<string, int> _polls = new();
            private int _inFlight;
            private int _mostInFlight;
            private int _calls;

            private readonly TaskCompletionSource<bool> _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public ScriptedClient(int locksBeforeActive, TimeSpan answerDelay, bool holdAnswers = false)
            {
                _locksBeforeActive = locksBeforeActive;
                _answerDelay = answerDelay;
                if (!holdAnswers)
                {
                    _released.SetResult(true);
                }
            }

            public void ReleaseAnswers() => _released.TrySetResult(true);

            /// <summary>Polls (up to a generous deadline) until at least <paramref name="count"/> requests are in flight.</summary>
            public async Task WaitUntilInFlightAsync(int count)
            {
                DateTime deadline = DateTime.UtcNow.AddSeconds(30);
                while (Volatile.Read(ref _inFlight) < count)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"only {Volatile.Read(ref _inFlight)} requests in flight");
                    await Task.Delay(5);
                }
            }

            public int Calls => _calls;

            public int MostInFlight => _mostInFlight;

            public async Task<ImageSetVersionState> GetImageSetAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _calls);
                int now = Interlocked.Increment(ref _inFlight);
                InterlockedMax(ref _mostInFlight, now);
                try
                {
                    await _released.Task.WaitAsync(cancellationToken);
                    await Task.Delay(_answerDelay, cancellationToken);
                    int polls = _polls.AddOrUpdate(imageSetId, 1, (_, n) => n + 1);
                    bool locked = polls <= _locksBeforeActive;
                    return new ImageSetVersionState
                    {
                        DatastoreId = datastoreId,
                        ImageSetId = imageSetId,
                        VersionId = versionId ?? "2",
                        ImageSetState = locked ? "LOCKED" : "ACTIVE",
                        WorkflowStatus = locked ? "UPDATING" : "UPDATED",
                    };
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }

            private static void InterlockedMax(ref int target, int value)
            {
                int seen;
                while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
                {
                }
            }
        }
    }
}
