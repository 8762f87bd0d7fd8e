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
    public sealed class FaultInjector
    {
        private readonly ServiceOptions _options;
        private readonly Random _random;

        public FaultInjector(ServiceOptions options)
        {
            _options = options;
            _random = options.FaultSeed is { } seed ? new Random(seed) : new Random();
        }

        public bool Enabled => _options.FaultRate > 0 || _options.FaultLatencyMs > 0 || _options.FaultLostResponseRate > 0;

        public FaultDecision Decide(bool isWrite)
        {
            double failRoll, kindRoll, lostRoll;
            lock (_random)
            {
                failRoll = _random.NextDouble();
                kindRoll = _random.NextDouble();
                lostRoll = _random.NextDouble();
            }
            var decision = new FaultDecision { LatencyMs = _options.FaultLatencyMs };
            if (failRoll < _options.FaultRate) decision.FailWithStatus = kindRoll < 0.5 ? 500 : 503;
            else if (isWrite && lostRoll < _options.FaultLostResponseRate) decision.LoseResponse = true;
            return decision;
        }
    }
}
