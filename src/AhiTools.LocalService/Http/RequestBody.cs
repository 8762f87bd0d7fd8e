namespace AhiTools.LocalService.Http
{
    /// <summary>Reads the request body once into memory and caches it, so the signature check and the handler share it.</summary>
    public static class RequestBody
    {
        private const string ItemKey = "AhiTools.RequestBody";

        public static async Task<byte[]> ReadAsync(HttpContext context)
        {
            if (context.Items.TryGetValue(ItemKey, out var cached) && cached is byte[] bytes) return bytes;
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            bytes = buffer.ToArray();
            context.Items[ItemKey] = bytes;
            return bytes;
        }
    }
}
