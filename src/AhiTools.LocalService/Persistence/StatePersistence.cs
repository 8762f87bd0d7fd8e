namespace AhiTools.LocalService.Persistence
{
    /// <summary>
    /// Optional persistence to a data directory: loads state.json at start, then saves after changes (debounced, written to a
    /// temporary file and moved into place) and once more when the service stops.
    /// </summary>
    public sealed class StatePersistence : IAsyncDisposable
    {
        private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);
        private readonly ServiceState _state;
        private readonly string _path;
        private readonly SemaphoreSlim _changed = new(0);
        private readonly CancellationTokenSource _stopping = new();
        private readonly object _writeLock = new();
        private Task? _loop;
        private int _dirty;

        public StatePersistence(ServiceState state, string directory)
        {
            _state = state;
            Directory.CreateDirectory(directory);
            _path = Path.Combine(directory, StateFile.FileName);
        }

        /// <summary>Loads the saved state if there is one; true when it did.</summary>
        public bool TryLoad()
        {
            if (!File.Exists(_path)) return false;
            try
            {
                lock (_state.Gate) StateFile.Load(_state, File.ReadAllBytes(_path));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException || e is InvalidOperationException || e is InvalidCastException)
            {
                throw new FormatException($"The saved state {_path} cannot be read: {e.Message}", e);
            }
            return true;
        }

        public void Start()
        {
            _state.Changed += OnChanged;
            _loop = Task.Run(SaveLoopAsync);
        }

        private void OnChanged()
        {
            if (Interlocked.Exchange(ref _dirty, 1) == 0) _changed.Release();
        }

        private async Task SaveLoopAsync()
        {
            var token = _stopping.Token;
            try
            {
                while (true)
                {
                    await _changed.WaitAsync(token);
                    await Task.Delay(Debounce, token);
                    SaveNow();
                }
            }
            catch (OperationCanceledException) { }
        }

        public void SaveNow()
        {
            lock (_writeLock)
            {
                Interlocked.Exchange(ref _dirty, 0);
                StateFile.StateCapture capture;
                lock (_state.Gate) capture = StateFile.Capture(_state);
                var temporary = _path + ".tmp";
                using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                    capture.WriteTo(file);
                File.Move(temporary, _path, overwrite: true);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _state.Changed -= OnChanged;
            _stopping.Cancel();
            if (_loop != null) await _loop;
            SaveNow();
            _stopping.Dispose();
        }
    }
}
