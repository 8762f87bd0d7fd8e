namespace AhiTools.LocalService.Quotas
{
    /// <summary>Answers 429 ThrottlingException when an operation's token bucket is empty. /_local routes carry no operation and pass.</summary>
    public sealed class QuotaMiddleware
    {
        private readonly RequestDelegate _next;
        private readonly OperationQuotas _quotas;

        public QuotaMiddleware(RequestDelegate next, OperationQuotas quotas)
        {
            _next = next;
            _quotas = quotas;
        }

        public Task InvokeAsync(HttpContext context)
        {
            var operation = context.GetEndpoint()?.Metadata.GetMetadata<OperationMetadata>();
            if (operation != null && !_quotas.TryAcquire(operation.Name))
                throw ServiceException.Throttling("Rate exceeded");
            return _next(context);
        }
    }
}
