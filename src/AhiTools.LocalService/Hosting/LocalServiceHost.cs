using System.Net;
using AhiTools.LocalService.Auth;
using AhiTools.LocalService.Endpoints;
using AhiTools.LocalService.Faults;
using AhiTools.LocalService.Persistence;
using AhiTools.LocalService.Quotas;
using AhiTools.LocalService.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AhiTools.LocalService.Hosting
{
    /// <summary>Builds and starts the local HealthImaging service on 127.0.0.1 (used by Program and by tests in-process).</summary>
    public static class LocalServiceHost
    {
        public static async Task<RunningLocalService> StartAsync(ServiceOptions options, CancellationToken cancellationToken = default)
        {
            var state = new ServiceState();
            var workflow = new WriteWorkflow(state, options);
            var persistence = options.DataDirectory == null ? null : new StatePersistence(state, options.DataDirectory);
            var restored = persistence?.TryLoad() ?? false;
            if (restored)
            {
                // Writes that were still LOCKED when the service stopped finish now.
                lock (state.Gate) workflow.CompleteAllPending();
            }
            else if (options.SeedFile != null)
            {
                SeedLoader.LoadFile(state, options.SeedFile, options.DefaultRegion);
            }
            persistence?.Start();
            persistence?.SaveNow();

            var quotas = new OperationQuotas(options);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(LocalServiceHost).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, options.Port);
                kestrel.Limits.MaxRequestBodySize = 200L * 1024 * 1024;
            });
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(state);
            builder.Services.AddSingleton(workflow);
            builder.Services.AddSingleton(quotas);
            builder.Services.AddSingleton(new FaultInjector(options));
            builder.Services.AddSingleton(new ArmedFaults());
            // The machine's real clock, not options.TimeProvider: request times are signed by real clocks.
            var clock = new ServiceClock(TimeSpan.FromSeconds(options.ClockSkewSeconds));
            builder.Services.AddSingleton(clock);
            builder.Services.AddSingleton(new SigV4Verifier(options.EffectiveCredentials(), SigV4Verifier.DefaultWindow, () => clock.Now));

            var app = builder.Build();
            app.UseMiddleware<DateHeaderMiddleware>();
            app.UseMiddleware<ErrorHandlingMiddleware>();
            app.UseRouting();
            app.UseMiddleware<SigV4Middleware>();
            app.UseMiddleware<QuotaMiddleware>();
            app.UseMiddleware<FaultMiddleware>();
            LocalRoutes.Map(app);
            DatastoreEndpoints.Map(app);
            ImageSetReadEndpoints.Map(app);
            SearchImageSetsEndpoint.Map(app);
            UpdateImageSetMetadataEndpoint.Map(app);
            CopyImageSetEndpoint.Map(app);
            DeleteImageSetEndpoint.Map(app);
            // Unknown paths and known paths with the wrong method (the fallback also wins over a 405).
            app.MapFallback(context => throw new ServiceException("UnknownOperationException", 404,
                $"No HealthImaging operation matches {context.Request.Method} {context.Request.Path}."));

            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var port = new Uri(address).Port;
            return new RunningLocalService(app, new Uri($"http://127.0.0.1:{port}/"), state, async () =>
            {
                workflow.Dispose();
                if (persistence != null) await persistence.DisposeAsync();
            });
        }
    }
}
