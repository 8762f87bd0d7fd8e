using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Errors;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class ClientErrorTests
    {
        private const string Ds = TestClients.DatastoreId;
        private const string Is = TestClients.ImageSetId;

        [Fact]
        public async Task ErrorTypeHeaderGivesTheCodeWithoutItsSuffix()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.NotFound, "{\"message\":\"Image set not found\"}",
                ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.medicalimaging/"),
                ("x-amzn-RequestId", "abc-123"));
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.GetImageSetAsync(Ds, Is, null, CancellationToken.None));

            Assert.Equal("ResourceNotFoundException", error.ErrorCode);
            Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
            Assert.Equal("abc-123", error.RequestId);
            Assert.Equal("Image set not found", error.Message);
            Assert.Equal(ErrorKind.NotFound, ServiceErrorMapping.ToKind(error));
            Assert.Single(transport.Requests);
        }

        [Fact]
        public async Task BodyTypeGivesTheCodeWhenTheHeaderIsMissing()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.BadRequest,
                "{\"__type\":\"com.amazonaws.medicalimaging#ValidationException\",\"Message\":\"bad version\"}");
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.GetImageSetAsync(Ds, Is, "x", CancellationToken.None));

            Assert.Equal("ValidationException", error.ErrorCode);
            Assert.Equal("bad version", error.Message);
            Assert.Null(error.RequestId);
            Assert.Equal(ErrorKind.InvalidInput, ServiceErrorMapping.ToKind(error));
        }

        [Fact]
        public async Task BodyCodeMemberIsReadToo()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.Forbidden, "{\"code\":\"AccessDeniedException\",\"message\":\"no\"}");
            using var client = TestClients.Create(transport);
            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.GetImageSetAsync(Ds, Is, null, CancellationToken.None));
            Assert.Equal("AccessDeniedException", error.ErrorCode);
            Assert.Equal(ErrorKind.AccessDenied, ServiceErrorMapping.ToKind(error));
        }

        [Fact]
        public async Task StatusGivesTheCodeWhenNothingElseDoesAndANonJsonBodyIsTolerated()
        {
            var transport = new FakeTransport().Then((request, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Conflict)
            {
                Content = new StringContent("<html>conflict</html>", Encoding.UTF8, "text/html"),
            }));
            using var client = TestClients.Create(transport);

            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.GetImageSetAsync(Ds, Is, null, CancellationToken.None));

            Assert.Equal("ConflictException", error.ErrorCode);
            Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
            Assert.Contains("409", error.Message);
            Assert.Equal(ErrorKind.Busy, ServiceErrorMapping.ToKind(error));
        }

        [Theory]
        [InlineData("ResourceNotFoundException", 404, nameof(ErrorKind.NotFound))]
        [InlineData("ConflictException", 409, nameof(ErrorKind.Busy))]
        [InlineData("ValidationException", 400, nameof(ErrorKind.InvalidInput))]
        [InlineData("AccessDeniedException", 403, nameof(ErrorKind.AccessDenied))]
        [InlineData("ThrottlingException", 429, nameof(ErrorKind.Throttled))]
        [InlineData("ServiceQuotaExceededException", 402, nameof(ErrorKind.Throttled))]
        [InlineData("InternalServerException", 500, nameof(ErrorKind.Connection))]
        [InlineData("SomethingNew", 503, nameof(ErrorKind.Connection))]
        [InlineData("SomethingNew", 418, nameof(ErrorKind.Failed))]
        [InlineData("SomethingNew", 404, nameof(ErrorKind.NotFound))]
        public void CodesMapOntoErrorKinds(string code, int status, string expected)
        {
            var error = new HealthImagingServiceException(code, (HttpStatusCode)status, "r", "m");
            Assert.Equal(expected, ServiceErrorMapping.ToKind(error).ToString());
        }
    }
}
