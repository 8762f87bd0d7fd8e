using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.HealthImaging;
using Amazon.Runtime;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>A service whose clock differs from this computer's: the client corrects by the Date header, resends once, keeps the offset.</summary>
    public class ClockSkewTests
    {
        private static readonly DateTimeOffset LocalNow = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        private const string Listing = "{\"imageSetPropertiesList\":[]}";

        /// <summary>Answers as AWS does: 403 "Signature expired"/"not yet current" beyond 5 minutes, always with a Date header (unless told not to).</summary>
        private static FakeTransport SkewedService(TimeSpan serviceAhead, bool sendDate = true)
        {
            DateTimeOffset serviceNow = LocalNow + serviceAhead;
            return new FakeTransport
            {
                Fallback = request =>
                {
                    var signedAt = DateTimeOffset.ParseExact(request.Headers.GetValues("X-Amz-Date").Single(), "yyyyMMdd'T'HHmmss'Z'",
                        CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    HttpResponseMessage response = (signedAt - serviceNow).Duration() <= TimeSpan.FromMinutes(5)
                        ? FakeTransport.Json(HttpStatusCode.OK, Listing)
                        : FakeTransport.Json(HttpStatusCode.Forbidden,
                            signedAt < serviceNow
                                ? "{\"message\":\"Signature expired: 20261204T120000Z is now earlier than 20261204T121500Z (20261204T122000Z - 5 min.)\"}"
                                : "{\"message\":\"Signature not yet current: 20261204T120000Z is still later than 20261204T115000Z (20261204T114500Z + 5 min.)\"}",
                            ("x-amzn-ErrorType", "InvalidSignatureException"));
                    if (sendDate) response.Headers.Date = serviceNow;
                    return response;
                },
            };
        }

        private static HealthImagingClient Client(FakeTransport transport, ServiceClockOffsets offsets) => new(
            new BasicAWSCredentials("AKIDEXAMPLE", "secret"), TestClients.LocalEndpoints, TestClients.FastRetries(), transport, () => LocalNow, offsets);

        private static DateTimeOffset SignedAt(CapturedRequest request) => DateTimeOffset.ParseExact(request.Headers["X-Amz-Date"], "yyyyMMdd'T'HHmmss'Z'",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        private static async Task<List<string>> ListWithNoticesAsync(HealthImagingClient client)
        {
            var notices = new List<string>();
            RetryNotices.Listener = notices.Add;
            try
            {
                await client.ListImageSetVersionsAsync(TestClients.DatastoreId, TestClients.ImageSetId, null, null, CancellationToken.None);
            }
            finally
            {
                RetryNotices.Listener = null;
            }

            return notices;
        }

        [Theory]
        [InlineData(20)]
        [InlineData(-20)]
        [InlineData(24 * 60)]
        public async Task A_refused_time_is_corrected_by_the_Date_header_and_sent_again_once(int serviceAheadMinutes)
        {
            var offsets = new ServiceClockOffsets();
            var transport = SkewedService(TimeSpan.FromMinutes(serviceAheadMinutes));
            using var client = Client(transport, offsets);

            List<string> notices = await ListWithNoticesAsync(client);

            Assert.Equal(2, transport.Requests.Count);
            Assert.Equal(LocalNow, SignedAt(transport.Requests[0]));
            Assert.Equal(LocalNow.AddMinutes(serviceAheadMinutes), SignedAt(transport.Requests[1]));
            Assert.Equal(TimeSpan.FromMinutes(serviceAheadMinutes), offsets.For(new Uri("http://127.0.0.1:9999/anything")));
            string notice = Assert.Single(notices);
            Assert.Contains("127.0.0.1:9999", notice);
            Assert.Contains(serviceAheadMinutes > 0 ? "ahead of this computer's clock" : "behind this computer's clock", notice);
        }

        [Fact]
        public async Task The_correction_is_kept_so_later_calls_are_signed_right_the_first_time()
        {
            var offsets = new ServiceClockOffsets();
            var transport = SkewedService(TimeSpan.FromMinutes(20));
            using (var first = Client(transport, offsets))
            {
                await ListWithNoticesAsync(first);
            }

            using var second = Client(transport, offsets);
            List<string> notices = await ListWithNoticesAsync(second);

            Assert.Equal(3, transport.Requests.Count);
            Assert.Equal(LocalNow.AddMinutes(20), SignedAt(transport.Requests[2]));
            Assert.Empty(notices);
        }

        [Fact]
        public async Task A_refusal_without_a_Date_header_is_ClockSkewNotCorrected_naming_the_clock()
        {
            var transport = SkewedService(TimeSpan.FromMinutes(20), sendDate: false);
            using var client = Client(transport, new ServiceClockOffsets());

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => ListWithNoticesAsync(client));

            Assert.Equal("ClockSkewNotCorrected", error.ErrorCode);
            Assert.Single(transport.Requests);
            Assert.Contains("this computer's clock reads 2026-12-04 12:00:00 UTC", error.Message);
            Assert.Contains("no Date header", error.Message);
            Assert.Contains("Signature expired", error.Message);
        }

        [Fact]
        public async Task A_time_refused_again_after_the_correction_is_ClockSkewNotCorrected_after_one_resend()
        {
            var transport = new FakeTransport();
            transport.Fallback = request =>
            {
                var response = FakeTransport.Json(HttpStatusCode.Forbidden, "{\"message\":\"Signature expired: now is later.\"}", ("x-amzn-ErrorType", "InvalidSignatureException"));
                // A clock that keeps running away: the corrected time is refused too.
                response.Headers.Date = LocalNow.AddHours(transport.Requests.Count);
                return response;
            };
            using var client = Client(transport, new ServiceClockOffsets());

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => ListWithNoticesAsync(client));

            Assert.Equal("ClockSkewNotCorrected", error.ErrorCode);
            Assert.Equal(2, transport.Requests.Count);
            Assert.Contains("again after AhiTools corrected its clock", error.Message);
            Assert.Contains("Set this computer's clock", error.Message);
        }

        [Fact]
        public async Task A_wrong_signature_is_not_taken_for_a_clock_and_is_not_sent_again()
        {
            var transport = new FakeTransport().ThenError(HttpStatusCode.Forbidden, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided.");
            using var client = Client(transport, new ServiceClockOffsets());

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => ListWithNoticesAsync(client));

            Assert.Equal("InvalidSignatureException", error.ErrorCode);
            Assert.Single(transport.Requests);
        }
    }
}
