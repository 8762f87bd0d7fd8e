namespace AhiTools.LocalService.Http
{
    /// <summary>
    /// Dates every answer, errors included, by the service's clock (RFC 9110 5.6.7, as AWS's services send it): the
    /// header AWS's SDKs read to correct a client's clock after a "Signature expired" answer.
    /// </summary>
    public sealed class DateHeaderMiddleware(RequestDelegate next, ServiceClock clock)
    {
        public Task InvokeAsync(HttpContext context)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = clock.Now.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            });
            return next(context);
        }
    }
}
