using System;
using System.Threading.Tasks;
using AhiTools.LocalService.Hosting;

namespace AhiTools.LocalService.Tests.Support
{
    /// <summary>The real service started in-process on a free port, with a signed client pointed at it.</summary>
    public sealed class TestService : IAsyncDisposable
    {
        private TestService(RunningLocalService service)
        {
            Service = service;
            Client = new AhiClient(service.BaseUri);
        }

        public RunningLocalService Service { get; }
        public AhiClient Client { get; }

        public static async Task<TestService> StartAsync(Action<ServiceOptions>? configure = null)
        {
            var options = new ServiceOptions { WorkflowDelayMs = 100 };
            configure?.Invoke(options);
            return new TestService(await LocalServiceHost.StartAsync(options));
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Service.DisposeAsync();
        }
    }
}
