using Microsoft.AspNetCore.Http.Features;

namespace AhiTools.LocalService.Auth
{
    /// <summary>Rejects every non-/_local request whose SigV4 signature does not verify (403, with AWS's code for the failure).</summary>
    public sealed class SigV4Middleware(RequestDelegate next, SigV4Verifier verifier)
    {
        public const string RegionItemKey = "AhiTools.SigningRegion";

        public async Task InvokeAsync(HttpContext context)
        {
            if (LocalPaths.IsLocal(context.Request.Path)) { await next(context); return; }

            var body = await RequestBody.ReadAsync(context);
            var rawTarget = OriginForm(context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString());
            var questionMark = rawTarget.IndexOf('?');
            var headers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var header in context.Request.Headers)
                headers[header.Key.ToLowerInvariant()] = header.Value.Where(v => v != null).Select(v => v!).ToList();
            var request = new SignedRequest
            {
                Method = context.Request.Method,
                RawPath = questionMark < 0 ? rawTarget : rawTarget.Substring(0, questionMark),
                RawQuery = questionMark < 0 ? "" : rawTarget.Substring(questionMark + 1),
                Headers = headers,
                Body = body,
            };
            var result = verifier.Verify(request);
            if (!result.Success) throw ServiceException.Authentication(result.Failure!);
            context.Items[RegionItemKey] = result.Region;
            await next(context);
        }

        /// <summary>
        /// The path and query of a request target. A client that sends through an HTTP proxy writes the absolute form
        /// ("http://host:port/datastore?x=1", RFC 9112 3.2.2) and signs the path and query alone, as for any request.
        /// </summary>
        internal static string OriginForm(string rawTarget)
        {
            var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0 || rawTarget.StartsWith("/", StringComparison.Ordinal)) return rawTarget;
            var pathStart = rawTarget.IndexOfAny(new[] { '/', '?' }, scheme + 3);
            if (pathStart < 0) return "/";
            return rawTarget[pathStart] == '?' ? "/" + rawTarget.Substring(pathStart) : rawTarget.Substring(pathStart);
        }
    }
}
