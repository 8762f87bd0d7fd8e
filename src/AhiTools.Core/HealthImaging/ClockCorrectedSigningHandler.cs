using Amazon;
using Amazon.Runtime.Signing;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Signs each request with AWSSDK.Core's SigV4SigningHandler, dated by this computer's clock plus the offset learnt
    /// for the endpoint (<see cref="ServiceClockOffsets"/>). SigV4SigningHandler takes its signing time only from its
    /// parameters, so a handler is made per request; it is never disposed, as that would dispose the shared transport.
    /// </summary>
    internal sealed class ClockCorrectedSigningHandler : DelegatingHandler
    {
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

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var parameters = new AWSSigV4Parameters
            {
                Credentials = _credentials,
                Region = _region,
                Service = _service,
                SignPayload = true,
                SignedAt = (_clock() + _offsets.For(request.RequestUri!)).UtcDateTime,
            };
            var signer = new SigV4SigningHandler(parameters, InnerHandler);
            var invoker = new HttpMessageInvoker(signer, disposeHandler: false);
            return invoker.SendAsync(request, cancellationToken);
        }
    }
}
