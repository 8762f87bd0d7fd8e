using System.IO;
using System.Threading.Tasks;
using AhiTools.LocalService.Errors;
using AhiTools.LocalService.Http;
using Microsoft.AspNetCore.Http;

namespace AhiTools.LocalService.Faults
{
    /// <summary>Applies <see cref="FaultInjector"/> decisions to HealthImaging operations (never to /_local routes).</summary>
    public sealed class FaultMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly FaultInjector _faults;

        public FaultMiddleware(RequestDelegate next, FaultInjector faults)
        {
            _next = next;
            _faults = faults;
        }

        public async Task InvokeAsync(HttpContext context)
        {
            var operation = context.GetEndpoint()?.Metadata.GetMetadata<OperationMetadata>();
            if (operation == null || !_faults.Enabled) { await _next(context); return; }

            var decision = _faults.Decide(operation.IsWrite);
            if (decision.LatencyMs > 0) await Task.Delay(decision.LatencyMs, context.RequestAborted);
            if (decision.FailWithStatus == 500) throw ServiceException.Internal("Injected fault: internal server error.");
            if (decision.FailWithStatus == 503) throw ServiceException.Unavailable("Injected fault: service unavailable.");
            if (!decision.LoseResponse) { await _next(context); return; }

            // Applied but the response was lost: run the operation, discard what it writes, drop the connection.
            var original = context.Response.Body;
            context.Response.Body = Stream.Null;
            try { await _next(context); }
            catch (ServiceException) { }
            finally { context.Response.Body = original; }
            context.Abort();
        }
    }
}
