namespace AhiTools.LocalService.Http
{
    /// <summary>Opaque nextToken values: an offset bound to the listing it came from.</summary>
    public static class PageToken
    {
        public static string Create(string listing, int offset)
            => Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{listing}|{offset}"));

        /// <summary>The offset encoded in <paramref name="token"/>, 0 when there is none.</summary>
        public static int Read(string? token, string listing)
        {
            if (token == null) return 0;
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
                if (parts.Length == 3 && parts[0] == "v1" && parts[1] == listing && int.TryParse(parts[2], out var offset) && offset >= 0)
                    return offset;
            }
            catch (FormatException) { }
            throw ServiceException.Validation("The nextToken is not valid for this request.");
        }
    }
}
