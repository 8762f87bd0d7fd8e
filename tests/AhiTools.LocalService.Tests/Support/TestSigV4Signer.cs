using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace AhiTools.LocalService.Tests.Support
{
    /// <summary>
    /// A small SigV4 signer written for the tests, independent of the service's verifier, signing the way AWS's
    /// SDKs do for non-S3 services (canonical URI = the encoded path encoded once more per segment).
    /// </summary>
    public sealed class TestSigV4Signer
    {
        private readonly string _accessKey;
        private readonly string _secret;
        private readonly string _region;
        private readonly string _service;

        public TestSigV4Signer(string accessKey, string secret, string region = "us-east-1", string service = "medical-imaging")
        {
            _accessKey = accessKey;
            _secret = secret;
            _region = region;
            _service = service;
        }

        public string? SessionToken { get; set; }
        public bool SendContentSha256Header { get; set; }

        /// <summary>Sign the decoded path encoded once, instead of the SDKs' double encoding.</summary>
        public bool SingleEncodePath { get; set; }

        public void Sign(HttpRequestMessage request, byte[] body, DateTimeOffset? at = null)
        {
            var now = (at ?? DateTimeOffset.UtcNow).UtcDateTime;
            var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'");
            var date = now.ToString("yyyyMMdd");
            var uri = request.RequestUri!;
            var host = request.Headers.Host ?? uri.Authority;
            request.Headers.Host = host;
            request.Headers.Remove("X-Amz-Date");
            request.Headers.Add("X-Amz-Date", amzDate);
            var payloadHash = Hex(SHA256.HashData(body));
            var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["host"] = host,
                ["x-amz-date"] = amzDate,
            };
            if (SendContentSha256Header)
            {
                request.Headers.Add("x-amz-content-sha256", payloadHash);
                headers["x-amz-content-sha256"] = payloadHash;
            }
            if (SessionToken != null)
            {
                request.Headers.Add("X-Amz-Security-Token", SessionToken);
                headers["x-amz-security-token"] = SessionToken;
            }
            var canonicalUri = "/" + string.Join("/", uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(segment => Encode(SingleEncodePath ? Uri.UnescapeDataString(segment) : segment)));
            var canonicalQuery = string.Join("&", uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
                .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Key + "=" + p.Value));
            var signedHeaders = string.Join(";", headers.Keys);
            var canonicalRequest = string.Join("\n", request.Method.Method, canonicalUri, canonicalQuery,
                string.Concat(headers.Select(h => h.Key + ":" + h.Value.Trim() + "\n")), signedHeaders, payloadHash);
            var scope = $"{date}/{_region}/{_service}/aws4_request";
            var stringToSign = string.Join("\n", "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
            var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + _secret), date);
            key = Hmac(key, _region);
            key = Hmac(key, _service);
            key = Hmac(key, "aws4_request");
            var signature = Hex(Hmac(key, stringToSign));
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential={_accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        }

        private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

        private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

        private static string Encode(string value)
        {
            var builder = new StringBuilder();
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~') builder.Append(c);
                else builder.Append('%').Append(b.ToString("X2"));
            }
            return builder.ToString();
        }
    }
}
