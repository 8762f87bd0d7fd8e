using Amazon;
using Amazon.Runtime.Signing;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Signs each request with AWSSDK.Core's SigV4 signer (<see cref="AWSSigV4Signer"/>, which AWSSDK.Core's
    /// SigV4SigningHandler also calls), dated by this computer's clock plus the offset learnt for the endpoint
    /// (<see cref="ServiceClockOffsets"/>). The signer is called here rather than through a SigV4SigningHandler made per
    /// request (its signing time comes only from its parameters): that handler's layers of awaits and its buffering of
    /// the body are compiled at run time in every session's first request.
    /// </summary>
    internal sealed class ClockCorrectedSigningHandler : DelegatingHandler
    {
        private const string SecurityTokenHeader = "x-amz-security-token";

        private readonly AWSCredentials _credentials;
        private readonly RegionEndpoint _region;
        private readonly string _service;
        private readonly ServiceClockOffsets _offsets;
        private readonly Func<DateTimeOffset> _clock;

        public ClockCorrectedSigningHandler(AWSCredentials credentials, RegionEndpoint region, string service, ServiceClockOffsets offsets,
            Func<DateTimeOffset> clock, HttpMessageHandler transport)
            : base(transport)
        {
            _credentials = credentials;
            _region = region;
            _service = service;
            _offsets = offsets;
            _clock = clock;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var parameters = new AWSSigV4Parameters
            {
                Credentials = _credentials,
                Region = _region,
                Service = _service,
                SignPayload = true,
                SignedAt = (_clock() + _offsets.For(request.RequestUri!)).UtcDateTime,
            };

            // A token from an earlier signing of this message would be signed as a header the caller set.
            request.Headers.Remove(SecurityTokenHeader);
            var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri };
            CopyHeaders(request, signing.Headers);
            if (request.Content is not null)
            {
                // The requests' bodies are small JSON documents held in memory (ByteArrayContent), readable again on a resend.
                signing.Content = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }

            AWSSigningResult signature = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);
            foreach (KeyValuePair<string, string> header in signature.Headers)
            {
                // TryGetValues, unlike Remove, answers false for a name that belongs to requests only (Authorization).
                if (request.Content is not null && request.Content.Headers.TryGetValues(header.Key, out _))
                {
                    request.Content.Headers.Remove(header.Key);
                }

                request.Headers.Remove(header.Key);
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // Every header the message carries is signed, as SigV4SigningHandler signs them: several values joined by ", ".
        private static void CopyHeaders(HttpRequestMessage request, IDictionary<string, string> headers)
        {
            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Headers)
            {
                headers[header.Key] = Join(header.Value);
            }

            if (request.Content is null)
            {
                return;
            }

            foreach (KeyValuePair<string, IEnumerable<string>> header in request.Content.Headers)
            {
                string value = Join(header.Value);
                headers[header.Key] = headers.TryGetValue(header.Key, out string? existing) ? existing + "," + value : value;
            }
        }

        private static string Join(IEnumerable<string> values)
        {
            var trimmed = new List<string>();
            foreach (string value in values)
            {
                trimmed.Add(value?.Trim() ?? "");
            }

            return trimmed.Count == 1 ? trimmed[0] : string.Join(", ", trimmed);
        }
    }
}
