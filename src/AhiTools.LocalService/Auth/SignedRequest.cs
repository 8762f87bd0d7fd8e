namespace AhiTools.LocalService.Auth
{
    /// <summary>The parts of an HTTP request that SigV4 covers, as they arrived on the wire.</summary>
    public sealed class SignedRequest
    {
        public string Method { get; set; } = "GET";

        /// <summary>The path exactly as sent (still percent-encoded), without the query.</summary>
        public string RawPath { get; set; } = "/";

        /// <summary>The query exactly as sent, without the leading '?'.</summary>
        public string RawQuery { get; set; } = "";

        /// <summary>Header values by lower-case name.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; set; } = new Dictionary<string, IReadOnlyList<string>>();

        public byte[] Body { get; set; } = System.Array.Empty<byte>();

        public string? Header(string lowerCaseName)
            => Headers.TryGetValue(lowerCaseName, out var values) && values.Count > 0 ? string.Join(",", values) : null;
    }
}
