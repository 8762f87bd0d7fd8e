namespace AhiTools.LocalService.Quotas
{
    /// <summary>Answers 429 ThrottlingException when an operation's token bucket is empty. /_local routes carry no operation and pass.</summary>
    public sealed class QuotaMiddleware(RequestDelegate next, OperationQuotas quotas)
    {
        public Task InvokeAsync(HttpContext context)
        {
            var operation = context.GetEndpoint()?.Metadata.GetMetadata<OperationMetadata>();
            if (operation != null && !quotas.TryAcquire(operation.Name))
                throw ServiceException.Throttling("Rate exceeded");
            return next(context);
        }
    }
}
