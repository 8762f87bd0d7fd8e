namespace AhiTools.LocalService.Faults
{
    /// <summary>What an armed fault does to the write request it meets.</summary>
    public enum ArmedFaultAction
    {
        /// <summary>Handle the request normally (useful with another writer's version made just before it).</summary>
        Apply,

        /// <summary>Carry the write out, then drop the connection with no response.</summary>
        LoseResponse,

        /// <summary>Carry the write out, drop the connection, then shut the service down: the client finds it unreachable.</summary>
        LoseResponseAndStop,

        /// <summary>Drop the connection without carrying the write out.</summary>
        DropRequest,

        /// <summary>Answer 500 InternalServerException without carrying the write out.</summary>
        Fail500,

        /// <summary>Keep the request waiting for <see cref="ArmedFault.DelayMs"/>, then handle it normally; a client that gives up meanwhile changes nothing.</summary>
        Hold,

        /// <summary>
        /// Handle the request normally, then answer a body that is not what its headers say (a gzip answer gets a
        /// corrupt gzip stream, a JSON answer text that is not JSON): a malformed answer. Usually armed for a read
        /// with <see cref="ArmedFault.Operation"/>.
        /// </summary>
        CorruptBody,
    }

    /// <summary>
    /// One scripted fault for the next write to an image set: optionally another writer's update applied just before
    /// the request is handled (to another image set when <see cref="OtherWriterImageSetId"/> says so), then <see cref="Action"/>.
    /// </summary>
    public sealed class ArmedFault
    {
        public ArmedFaultAction Action { get; set; }

        /// <summary>updatableAttributes of another writer's update, made an ACTIVE/UPDATED version before the request.</summary>
        public JsonObject? OtherWriterUpdate { get; set; }

        public string? OtherWriterImageSetId { get; set; }

        /// <summary>How long <see cref="ArmedFaultAction.Hold"/> keeps the request waiting.</summary>
        public int DelayMs { get; set; }

        /// <summary>The operation (such as GetImageSetMetadata, a read too) the fault waits for; null: the next write.</summary>
        public string? Operation { get; set; }

        /// <summary>Whether the fault is for this request: its operation when it names one, else any write.</summary>
        public bool Meets(string operation, bool isWrite) => Operation is null ? isWrite : string.Equals(Operation, operation, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Faults armed through /_local for the next requests to given image sets (the route's imageSetId), in order: each
    /// taken by the first request it meets (<see cref="ArmedFault.Meets"/>).
    /// </summary>
    public sealed class ArmedFaults
    {
        private readonly Dictionary<string, List<ArmedFault>> _byImageSet = new(StringComparer.Ordinal);

        public void Arm(string imageSetId, ArmedFault fault, int times)
        {
            lock (_byImageSet)
            {
                if (!_byImageSet.TryGetValue(imageSetId, out var queue)) _byImageSet[imageSetId] = queue = new List<ArmedFault>();
                for (int i = 0; i < times; i++) queue.Add(fault);
            }
        }

        public bool TryTake(string imageSetId, string operation, bool isWrite, out ArmedFault fault)
        {
            lock (_byImageSet)
            {
                int index = _byImageSet.TryGetValue(imageSetId, out var queue) ? queue.FindIndex(armed => armed.Meets(operation, isWrite)) : -1;
                if (index >= 0)
                {
                    fault = queue![index];
                    queue.RemoveAt(index);
                    return true;
                }
            }

            fault = null!;
            return false;
        }
    }
}
