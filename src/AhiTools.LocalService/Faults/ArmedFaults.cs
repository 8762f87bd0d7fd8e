using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

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
    }

    /// <summary>Faults armed through /_local for the next writes to given image sets (the route's imageSetId), in order.</summary>
    public sealed class ArmedFaults
    {
        private readonly Dictionary<string, Queue<ArmedFault>> _byImageSet = new(StringComparer.Ordinal);

        public void Arm(string imageSetId, ArmedFault fault, int times)
        {
            lock (_byImageSet)
            {
                if (!_byImageSet.TryGetValue(imageSetId, out var queue)) _byImageSet[imageSetId] = queue = new Queue<ArmedFault>();
                for (int i = 0; i < times; i++) queue.Enqueue(fault);
            }
        }

        public bool TryTake(string imageSetId, out ArmedFault fault)
        {
            lock (_byImageSet)
            {
                if (_byImageSet.TryGetValue(imageSetId, out var queue) && queue.Count > 0)
                {
                    fault = queue.Dequeue();
                    return true;
                }
            }

            fault = null!;
            return false;
        }
    }
}
