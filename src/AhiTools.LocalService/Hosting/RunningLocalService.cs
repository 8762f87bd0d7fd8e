using Microsoft.Extensions.Hosting;

namespace AhiTools.LocalService.Hosting
{
    /// <summary>A started service: where it listens, its state, and how to stop it.</summary>
    public sealed class RunningLocalService : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Func<Task> _beforeStop;

        internal RunningLocalService(WebApplication app, Uri baseUri, ServiceState state, Func<Task> beforeStop)
        {
            _app = app;
            BaseUri = baseUri;
            State = state;
            _beforeStop = beforeStop;
        }

        /// <summary>http://127.0.0.1:&lt;port&gt;/</summary>
        public Uri BaseUri { get; }
        public int Port => BaseUri.Port;
        public ServiceState State { get; }

        public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _beforeStop();
            await _app.DisposeAsync();
        }
    }
}
