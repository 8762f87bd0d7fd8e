using System.Collections.Concurrent;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// How far each endpoint's clock is from this computer's, learnt from the Date header of an answer that refused a
    /// request's time. Kept for the session (the module's lifetime), per endpoint, as AWS's SDKs keep their correction,
    /// and used by <see cref="ClockCorrectedSigningHandler"/> to date every request that follows.
    /// </summary>
    internal sealed class ServiceClockOffsets
    {
        public static ServiceClockOffsets Shared { get; } = new ServiceClockOffsets();

        private readonly ConcurrentDictionary<string, TimeSpan> _offsets = new(StringComparer.OrdinalIgnoreCase);

        public TimeSpan For(Uri requestUri) => _offsets.TryGetValue(Key(requestUri), out TimeSpan offset) ? offset : TimeSpan.Zero;

        public void Set(Uri requestUri, TimeSpan offset) => _offsets[Key(requestUri)] = offset;

        private static string Key(Uri uri) => uri.GetLeftPart(UriPartial.Authority);
    }
}
