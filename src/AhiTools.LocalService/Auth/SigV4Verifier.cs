using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace AhiTools.LocalService.Auth
{
    /// <summary>Verifies AWS Signature Version 4 (Authorization header form) against configured access keys.</summary>
    public sealed class SigV4Verifier(IReadOnlyDictionary<string, string> secretsByAccessKey, TimeSpan window, Func<DateTimeOffset>? clock = null)
    {
        public const string ServiceName = "medical-imaging";
        private const string Algorithm = "AWS4-HMAC-SHA256";

        private static readonly Regex AuthorizationPattern = new(
            @"^AWS4-HMAC-SHA256\s+Credential=(?<credential>[^,\s]+)\s*,\s*SignedHeaders=(?<headers>[^,\s]+)\s*,\s*Signature=(?<signature>[0-9a-fA-F]+)\s*$",
            RegexOptions.CultureInvariant);

        /// <summary>How far a request's X-Amz-Date may be from the service's clock, as AWS's services allow.</summary>
        public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

        private readonly Func<DateTimeOffset> _clock = clock ?? (() => DateTimeOffset.UtcNow);

        public SigV4Result Verify(SignedRequest request)
        {
            var authorization = request.Header("authorization");
            if (string.IsNullOrEmpty(authorization))
                return SigV4Result.Fail(SigV4Failure.Missing());
            var match = AuthorizationPattern.Match(authorization);
            if (!match.Success)
            {
                return SigV4Result.Fail(SigV4Failure.Incomplete(
                    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. The algorithm must be AWS4-HMAC-SHA256."));
            }

            var scopeParts = match.Groups["credential"].Value.Split('/');
            if (scopeParts.Length != 5 || scopeParts[4] != "aws4_request")
                return SigV4Result.Fail(SigV4Failure.Incomplete("Credential should be scoped to a valid region, service and aws4_request."));
            var (accessKey, scopeDate, region, service) = (scopeParts[0], scopeParts[1], scopeParts[2], scopeParts[3]);
            if (service != ServiceName)
                return SigV4Result.Fail(SigV4Failure.Invalid($"Credential should be scoped to correct service: '{ServiceName}'."));
            if (!secretsByAccessKey.TryGetValue(accessKey, out var secret))
                return SigV4Result.Fail(SigV4Failure.UnknownAccessKey());

            var amzDate = request.Header("x-amz-date");
            if (amzDate == null || !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
            {
                return SigV4Result.Fail(SigV4Failure.Incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header (X-Amz-Date as yyyyMMddTHHmmssZ)."));
            }

            if (!amzDate.StartsWith(scopeDate, StringComparison.Ordinal))
                return SigV4Result.Fail(SigV4Failure.Invalid($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate.Substring(0, Math.Min(8, amzDate.Length))}', from '{amzDate}'."));
            var now = _clock();
            if (signedAt < now - window)
                return SigV4Result.Fail(SigV4Failure.Expired(signedAt, now, window));
            if (signedAt > now + window)
                return SigV4Result.Fail(SigV4Failure.NotYetCurrent(signedAt, now, window));

            var signedHeaders = match.Groups["headers"].Value.Split(';');
            if (!signedHeaders.Contains("host"))
                return SigV4Result.Fail(SigV4Failure.Invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
            var canonicalHeaders = SigV4Canonicalizer.Headers(request, signedHeaders);
            if (canonicalHeaders == null)
                return SigV4Result.Fail(SigV4Failure.SignatureMismatch());

            var bodyHash = Hex(SHA256.HashData(request.Body));
            var declaredHash = request.Header("x-amz-content-sha256");
            var payloadHash = bodyHash;
            if (declaredHash != null)
            {
                var unsigned = declaredHash == "UNSIGNED-PAYLOAD";
                if (!unsigned && !string.Equals(declaredHash, bodyHash, StringComparison.OrdinalIgnoreCase))
                    return SigV4Result.Fail(SigV4Failure.Invalid("The provided 'x-amz-content-sha256' header does not match what was computed."));
                payloadHash = declaredHash;
            }

            var expected = match.Groups["signature"].Value.ToLowerInvariant();
            var signingKey = SigningKey(secret, scopeDate, region, service);
            var scope = $"{scopeDate}/{region}/{service}/aws4_request";
            var query = SigV4Canonicalizer.Query(request.RawQuery);
            foreach (var path in new[] { SigV4Canonicalizer.DoubleEncodedPath(request.RawPath), SigV4Canonicalizer.SingleEncodedPath(request.RawPath) })
            {
                var canonicalRequest = string.Join("\n", request.Method.ToUpperInvariant(), path, query, canonicalHeaders,
                    string.Join(";", signedHeaders), payloadHash);
                var stringToSign = string.Join("\n", Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
                var actual = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));
                if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(actual), Encoding.ASCII.GetBytes(expected)))
                    return SigV4Result.Ok(accessKey, region);
            }
            return SigV4Result.Fail(SigV4Failure.SignatureMismatch());
        }

        public static byte[] SigningKey(string secret, string date, string region, string service)
        {
            var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
            return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("aws4_request"));
        }

        private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
    }

    /// <summary>A verified request's access key and signing region, or why it failed.</summary>
    public sealed class SigV4Result
    {
        private SigV4Result() { }

        public bool Success => Failure is null;
        public string? AccessKey { get; private init; }
        public string? Region { get; private init; }
        public SigV4Failure? Failure { get; private init; }

        public static SigV4Result Ok(string accessKey, string region) => new() { AccessKey = accessKey, Region = region };
        public static SigV4Result Fail(SigV4Failure failure) => new() { Failure = failure };
    }
}
