namespace AhiTools.LocalService.Errors
{
    /// <summary>Writes the rest-json error shape: status, header x-amzn-ErrorType and body {"message": "..."}.</summary>
    public static class ErrorResponseWriter
    {
        public static async Task WriteAsync(HttpContext context, ServiceException error)
        {
            var response = context.Response;
            response.StatusCode = error.StatusCode;
            response.Headers["x-amzn-ErrorType"] = error.ErrorType;
            response.ContentType = "application/json";
            using var buffer = new System.IO.MemoryStream();
            // Quotes and apostrophes as AWS writes them ("requires 'Credential' parameter"), not as \u0027.
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                writer.WriteString("message", error.Message);
                writer.WriteEndObject();
            }
            response.ContentLength = buffer.Length;
            await response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
        }
    }
}
