using Microsoft.Extensions.Logging;

namespace AhiTools.LocalService.Errors
{
    /// <summary>Outermost middleware: gives every response a request id and turns exceptions into AWS-shaped errors.</summary>
    public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
    {

        public async Task InvokeAsync(HttpContext context)
        {
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            ServiceException? error;
            try
            {
                await next(context);
                return;
            }
            catch (ServiceException e) { error = e; }
            catch (MetadataRuleViolation e) { error = ServiceException.Validation(e.Message); }
            catch (JsonException) { error = ServiceException.Validation("The request body is not valid JSON of the expected shape."); }
            catch (BadHttpRequestException e) { error = ServiceException.Validation(e.Message); }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                logger.LogError(e, "Unhandled error in {Path}", context.Request.Path.Value);
                error = ServiceException.Internal("Internal server error.");
            }
            if (context.Response.HasStarted) { context.Abort(); return; }
            context.Response.Clear();
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await ErrorResponseWriter.WriteAsync(context, error);
        }
    }
}
