namespace AhiTools.LocalService.Auth
{
    /// <summary>Builds the SigV4 canonical request pieces (URI, query, headers) from the request as received.</summary>
    public static class SigV4Canonicalizer
    {
        /// <summary>
        /// The canonical URI the AWS signers compute for non-S3 services: the (already encoded) path, with empty and dot
        /// segments normalized, percent-encoded once more per segment ("double encoding").
        /// </summary>
        public static string DoubleEncodedPath(string rawPath) => EncodeSegments(NormalizeSegments(rawPath), rawPath, s => UriEncode(s));

        /// <summary>The single-encoding variant: segments decoded, then encoded once (what some signers send).</summary>
        public static string SingleEncodedPath(string rawPath) => EncodeSegments(NormalizeSegments(rawPath), rawPath, s => UriEncode(Uri.UnescapeDataString(s)));

        private static List<string> NormalizeSegments(string rawPath)
        {
            var segments = new List<string>();
            foreach (var segment in rawPath.Split('/'))
            {
                if (segment.Length == 0 || segment == ".") continue;
                if (segment == "..") { if (segments.Count > 0) segments.RemoveAt(segments.Count - 1); continue; }
                segments.Add(segment);
            }
            return segments;
        }

        private static string EncodeSegments(List<string> segments, string rawPath, Func<string, string> encode)
        {
            var builder = new StringBuilder("/");
            builder.Append(string.Join("/", segments.Select(encode)));
            if (segments.Count > 0 && rawPath.EndsWith("/", StringComparison.Ordinal)) builder.Append('/');
            return builder.ToString();
        }

        public static string Query(string rawQuery)
        {
            if (string.IsNullOrEmpty(rawQuery)) return "";
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var part in rawQuery.Split('&'))
            {
                if (part.Length == 0) continue;
                var equals = part.IndexOf('=');
                var name = equals < 0 ? part : part.Substring(0, equals);
                var value = equals < 0 ? "" : part.Substring(equals + 1);
                pairs.Add(new KeyValuePair<string, string>(UriEncode(Uri.UnescapeDataString(name)), UriEncode(Uri.UnescapeDataString(value))));
            }
            return string.Join("&", pairs
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Key + "=" + p.Value));
        }

        /// <summary>Canonical header block (each "name:value\n") for the signed header names, or null if one is missing.</summary>
        public static string? Headers(SignedRequest request, IReadOnlyList<string> signedHeaders)
        {
            var builder = new StringBuilder();
            foreach (var name in signedHeaders)
            {
                if (!request.Headers.TryGetValue(name, out var values) || values.Count == 0) return null;
                builder.Append(name).Append(':').Append(string.Join(",", values.Select(TrimAll))).Append('\n');
            }
            return builder.ToString();
        }

        private static string TrimAll(string value)
        {
            var builder = new StringBuilder(value.Length);
            var lastWasSpace = false;
            foreach (var c in value.Trim())
            {
                var isSpace = c == ' ' || c == '\t';
                if (isSpace && lastWasSpace) continue;
                builder.Append(isSpace ? ' ' : c);
                lastWasSpace = isSpace;
            }
            return builder.ToString();
        }

        /// <summary>AWS UriEncode: unreserved characters A-Z a-z 0-9 - _ . ~ kept, everything else %XX (upper-case hex) of its UTF-8 bytes.</summary>
        public static string UriEncode(string value)
        {
            var builder = new StringBuilder(value.Length);
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~')
                    builder.Append(c);
                else
                    builder.Append('%').Append(b.ToString("X2"));
            }
            return builder.ToString();
        }
    }
}
