namespace AhiTools.LocalService.Http
{
    /// <summary>
    /// The service's own clock: this machine's, moved by --clock-skew-seconds. SigV4 checks request times against it and
    /// every answer's Date header tells it, so a test can make any client's clock wrong by that much.
    /// </summary>
    public sealed class ServiceClock(TimeSpan skew, Func<DateTimeOffset>? machineClock = null)
    {
        private readonly Func<DateTimeOffset> _machineClock = machineClock ?? (() => DateTimeOffset.UtcNow);

        public TimeSpan Skew { get; } = skew;

        public DateTimeOffset Now => _machineClock() + Skew;
    }
}
