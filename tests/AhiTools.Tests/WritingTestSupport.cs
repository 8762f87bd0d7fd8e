using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using AhiTools.Writing;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>
    /// A write whose preparing and sending each wait for the test to release them, and which logs when they start
    /// and end: the scheduler's order and overlap can be read from the log without any timing.
    /// </summary>
    internal sealed class GatedWrite : ImageSetWrite
    {
        private readonly ConcurrentQueue<string> _log;
        private readonly TaskCompletionSource<bool> _prepareGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _sendGate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public GatedWrite(string name, ConcurrentQueue<string> log, params string[] imageSets)
        {
            Name = name;
            _log = log;
            ImageSets = imageSets;
        }

        public string Name { get; }

        public override IReadOnlyCollection<string> ImageSets { get; }

        public override object Target => Name;

        public void ReleasePrepare() => _prepareGate.TrySetResult(true);

        public void ReleaseSend() => _sendGate.TrySetResult(true);

        public override async Task<WritePlan?> PrepareAsync(ImageSetWriter writer, WriteItemTracker item)
        {
            _log.Enqueue($"prepare {Name}");
            await _prepareGate.Task.WaitAsync(item.Cancellation);
            return new WritePlan(Name, "write", async () =>
            {
                _log.Enqueue($"send {Name}");
                await _sendGate.Task.WaitAsync(item.Cancellation);
                return new ImageSetWriteResult { ImageSet = new ImageSetVersionState { ImageSetId = Name } };
            });
        }
    }

    /// <summary>A client for the writer: GetImageSet answers from a script per image set; UpdateImageSetMetadata from a queue of outcomes.</summary>
    internal sealed class ScriptedWriteClient : IHealthImagingClient
    {
        public ConcurrentDictionary<string, string> LatestVersions { get; } = new ConcurrentDictionary<string, string>();

        public ConcurrentQueue<Func<UpdateImageSetMetadataRequest, Task<ImageSetWriteResult>>> UpdateAnswers { get; } =
            new ConcurrentQueue<Func<UpdateImageSetMetadataRequest, Task<ImageSetWriteResult>>>();

        public List<string> SentVersions { get; } = new List<string>();

        public Task<ImageSetVersionState> GetImageSetAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken) =>
            Task.FromResult(new ImageSetVersionState
            {
                DatastoreId = datastoreId,
                ImageSetId = imageSetId,
                VersionId = versionId ?? LatestVersions.GetOrAdd(imageSetId, "1"),
                ImageSetState = "ACTIVE",
                WorkflowStatus = "UPDATED",
            });

        public Task<ImageSetWriteResult> UpdateImageSetMetadataAsync(UpdateImageSetMetadataRequest request, CancellationToken cancellationToken)
        {
            lock (SentVersions)
            {
                SentVersions.Add(request.LatestVersionId);
            }

            Assert.True(UpdateAnswers.TryDequeue(out var answer), "an update nobody expected was sent");
            return answer!(request);
        }

        public static Task<ImageSetWriteResult> Accepted(UpdateImageSetMetadataRequest request) =>
            Task.FromResult(new ImageSetWriteResult
            {
                ImageSet = new ImageSetVersionState
                {
                    DatastoreId = request.DatastoreId,
                    ImageSetId = request.ImageSetId,
                    VersionId = (long.Parse(request.LatestVersionId) + 1).ToString(),
                    ImageSetState = "LOCKED",
                    WorkflowStatus = "UPDATING",
                },
            });

        public static Task<ImageSetWriteResult> Conflict(UpdateImageSetMetadataRequest request) =>
            Task.FromException<ImageSetWriteResult>(new HealthImagingServiceException("ConflictException", System.Net.HttpStatusCode.Conflict, null, "newer version"));

        public Task<ImageSetVersionPage> ListImageSetVersionsAsync(string datastoreId, string imageSetId, int? maxResults, string? nextToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Stream> GetImageSetMetadataAsync(string datastoreId, string imageSetId, string? versionId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ImageSetWriteResult> CopyImageSetAsync(CopyImageSetRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SearchImageSetsPage> SearchImageSetsAsync(string datastoreId, string? searchCriteriaJson, int? maxResults, string? nextToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ImageSetWriteResult> DeleteImageSetAsync(string datastoreId, string imageSetId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DatastoreProperties> GetDatastoreAsync(string datastoreId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DatastorePage> ListDatastoresAsync(string? datastoreStatus, int? maxResults, string? nextToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
