namespace AhiTools.LocalService.Endpoints
{
    public static class EndpointConventions
    {
        /// <summary>Names the HealthImaging operation a route serves (for quotas and faults).</summary>
        public static RouteHandlerBuilder Operation(this RouteHandlerBuilder builder, string name, bool isWrite = false)
            => builder.WithMetadata(new OperationMetadata(name, isWrite));

        public static string SigningRegion(HttpContext context, string fallback)
            => context.Items.TryGetValue(Auth.SigV4Middleware.RegionItemKey, out var region) && region is string text ? text : fallback;
    }
}
