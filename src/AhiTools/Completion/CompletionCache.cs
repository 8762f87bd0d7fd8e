namespace AhiTools.Completion
{
    /// <summary>
    /// What completers fetched, kept briefly per connection (the key starts with the connection's cache key), so that
    /// pressing Tab again, or completing the next parameter of the same image set, sends nothing. Failures are not kept.
    /// </summary>
    internal sealed class CompletionCache
    {
        public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(30);
        private const int MaxEntries = 200;

        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private readonly Func<DateTime> _clock;
        private readonly TimeSpan _lifetime;

        public CompletionCache(TimeSpan lifetime, Func<DateTime> clock)
        {
            _lifetime = lifetime;
            _clock = clock;
        }

        public static CompletionCache Shared { get; } = new CompletionCache(DefaultLifetime, () => DateTime.UtcNow);

        /// <summary>The value kept for the key, or what fetch returns (kept when not null).</summary>
        public T? GetOrFetch<T>(string key, Func<T?> fetch)
            where T : class
        {
            DateTime now = _clock();
            if (_entries.TryGetValue(key, out Entry? entry) && entry.Expires > now && entry.Value is T kept)
            {
                return kept;
            }

            T? value = fetch();
            if (value != null)
            {
                if (_entries.Count >= MaxEntries)
                {
                    RemoveExpired(now);
                }

                _entries[key] = new Entry(value, _clock() + _lifetime);
            }

            return value;
        }

        public void Clear() => _entries.Clear();

        private void RemoveExpired(DateTime now)
        {
            foreach (var pair in _entries)
            {
                if (pair.Value.Expires <= now)
                {
                    _entries.TryRemove(pair.Key, out _);
                }
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
        }

        private sealed class Entry(object value, DateTime expires)
        {
            public object Value { get; } = value;

            public DateTime Expires { get; } = expires;
        }
    }
}
