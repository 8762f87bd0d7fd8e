namespace AhiTools.LocalService.Faults
{
    /// <summary>What to do to one request. Every request draws the same three numbers, so a seed replays the same faults.</summary>
    public sealed class FaultDecision
    {
        public int LatencyMs;
        public int? FailWithStatus;
        public bool LoseResponse;
    }

    /// <summary>Seeded fault injection: a share of requests fail 500/503, added latency, and lost responses for writes.</summary>
    public sealed class FaultInjector(ServiceOptions options)
    {
        private readonly Random _random = options.FaultSeed is { } seed ? new Random(seed) : new Random();

        public bool Enabled => options.FaultRate > 0 || options.FaultLatencyMs > 0 || options.FaultLostResponseRate > 0;

        public FaultDecision Decide(bool isWrite)
        {
            double failRoll, kindRoll, lostRoll;
            lock (_random)
            {
                failRoll = _random.NextDouble();
                kindRoll = _random.NextDouble();
                lostRoll = _random.NextDouble();
            }
            var decision = new FaultDecision { LatencyMs = options.FaultLatencyMs };
            if (failRoll < options.FaultRate) decision.FailWithStatus = kindRoll < 0.5 ? 500 : 503;
            else if (isWrite && lostRoll < options.FaultLostResponseRate) decision.LoseResponse = true;
            return decision;
        }
    }
}
