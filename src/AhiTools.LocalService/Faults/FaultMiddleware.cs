using Microsoft.Extensions.Hosting;

namespace AhiTools.LocalService.Faults
{
    /// <summary>
    /// Applies faults armed through /_local (first) and <see cref="FaultInjector"/> decisions to HealthImaging
    /// operations (never to /_local routes).
    /// </summary>
    public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, ArmedFaults armedFaults, ServiceState state,
        IHostApplicationLifetime lifetime, ServiceOptions options)
    {

        public async Task InvokeAsync(HttpContext context)
        {
            var operation = context.GetEndpoint()?.Metadata.GetMetadata<OperationMetadata>();
            if (operation == null) { await next(context); return; }

            if (PathImageSetId(context) is string imageSetId && armedFaults.TryTake(imageSetId, operation.Name, operation.IsWrite, out var armed))
            {
                await ApplyArmedAsync(context, (string)context.Request.RouteValues["datastoreId"]!, imageSetId, armed);
                return;
            }

            if (!faults.Enabled) { await next(context); return; }

            var decision = faults.Decide(operation.IsWrite);
            if (decision.LatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(decision.LatencyMs), options.TimeProvider, context.RequestAborted);
            if (decision.FailWithStatus == 500) throw ServiceException.Internal("Injected fault: internal server error.");
            if (decision.FailWithStatus == 503) throw ServiceException.Unavailable("Injected fault: service unavailable.");
            if (!decision.LoseResponse) { await next(context); return; }
            await LoseResponseAsync(context);
        }

        /// <summary>Waits; false when the client went away meanwhile (the request is then not handled at all).</summary>
        private async Task<bool> HoldAsync(int delayMs, System.Threading.CancellationToken aborted)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs), options.TimeProvider, aborted);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        /// <summary>The image set the write's path names: the image set written, or the source of a copy.</summary>
        private static string? PathImageSetId(HttpContext context) =>
            (context.Request.RouteValues["imageSetId"] ?? context.Request.RouteValues["sourceImageSetId"]) as string;

        private async Task ApplyArmedAsync(HttpContext context, string datastoreId, string imageSetId, ArmedFault armed)
        {
            if (armed.OtherWriterUpdate != null) ApplyOtherWriter(datastoreId, armed.OtherWriterImageSetId ?? imageSetId, armed.OtherWriterUpdate);
            switch (armed.Action)
            {
                case ArmedFaultAction.LoseResponse:
                    await LoseResponseAsync(context);
                    break;
                case ArmedFaultAction.LoseResponseAndStop:
                    await LoseResponseAsync(context);
                    lifetime.StopApplication();
                    break;
                case ArmedFaultAction.DropRequest:
                    context.Abort();
                    break;
                case ArmedFaultAction.Fail500:
                    throw ServiceException.Internal("Armed fault: internal server error.");
                case ArmedFaultAction.Hold:
                    if (await HoldAsync(armed.DelayMs, context.RequestAborted)) await next(context);
                    break;
                case ArmedFaultAction.CorruptBody:
                    await CorruptBodyAsync(context);
                    break;
                default:
                    await next(context);
                    break;
            }
        }

        /// <summary>Another client's update, settled at once, as if it had won the race for the next version.</summary>
        private void ApplyOtherWriter(string datastoreId, string imageSetId, System.Text.Json.Nodes.JsonObject updatable)
        {
            lock (state.Gate)
            {
                var datastore = state.RequireDatastore(datastoreId);
                var imageSet = state.RequireImageSet(datastore, imageSetId);
                var updated = MetadataUpdater.Apply(imageSet.Latest.Document.ToJsonObject(), updatable, null, force: false);
                state.AppendSettledVersion(datastore, imageSet, updated, ImageSetStates.Updated, null, forced: false);
                state.MarkChanged();
            }
        }

        /// <summary>
        /// Handled, but the body answered is not what the headers say: bytes that are neither gzip nor JSON, under the
        /// answer's own status, Content-Type and Content-Encoding.
        /// </summary>
        private async Task CorruptBodyAsync(HttpContext context)
        {
            var original = context.Response.Body;
            context.Response.Body = Stream.Null;
            try { await next(context); }
            finally { context.Response.Body = original; }
            // The gzip magic, then no valid gzip header; and no JSON either.
            byte[] corrupt = [0x1f, 0x8b, .. System.Text.Encoding.ASCII.GetBytes(" corrupt: neither gzip nor JSON {")];
            context.Response.ContentLength = corrupt.Length;
            await context.Response.Body.WriteAsync(corrupt, context.RequestAborted);
        }

        /// <summary>Applied but the response was lost: run the operation, discard what it writes, drop the connection.</summary>
        private async Task LoseResponseAsync(HttpContext context)
        {
            var original = context.Response.Body;
            context.Response.Body = Stream.Null;
            try { await next(context); }
            catch (ServiceException) { }
            finally { context.Response.Body = original; }
            context.Abort();
        }
    }
}
