using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
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
            Assert.Equal(ErrorCategory.ObjectNotFound, ServiceErrorMapping.ToCategory(error));
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
            Assert.Equal(ErrorCategory.InvalidArgument, ServiceErrorMapping.ToCategory(error));
        }

        [Fact]
        public async Task BodyCodeMemberIsReadToo()
        {
            var transport = new FakeTransport().ThenJson(HttpStatusCode.Forbidden, "{\"code\":\"AccessDeniedException\",\"message\":\"no\"}");
            using var client = TestClients.Create(transport);
            var error = await Assert.ThrowsAsync<HealthImagingServiceException>(() => client.GetImageSetAsync(Ds, Is, null, CancellationToken.None));
            Assert.Equal("AccessDeniedException", error.ErrorCode);
            Assert.Equal(ErrorCategory.PermissionDenied, ServiceErrorMapping.ToCategory(error));
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
            Assert.Equal(ErrorCategory.ResourceBusy, ServiceErrorMapping.ToCategory(error));
        }

        [Theory]
        [InlineData("ResourceNotFoundException", 404, ErrorCategory.ObjectNotFound)]
        [InlineData("ConflictException", 409, ErrorCategory.ResourceBusy)]
        [InlineData("ValidationException", 400, ErrorCategory.InvalidArgument)]
        [InlineData("AccessDeniedException", 403, ErrorCategory.PermissionDenied)]
        [InlineData("ThrottlingException", 429, ErrorCategory.LimitsExceeded)]
        [InlineData("ServiceQuotaExceededException", 402, ErrorCategory.LimitsExceeded)]
        [InlineData("InternalServerException", 500, ErrorCategory.ConnectionError)]
        [InlineData("SomethingNew", 503, ErrorCategory.ConnectionError)]
        [InlineData("SomethingNew", 418, ErrorCategory.InvalidOperation)]
        [InlineData("SomethingNew", 404, ErrorCategory.ObjectNotFound)]
        public void CodesMapOntoErrorCategories(string code, int status, ErrorCategory expected)
        {
            var error = new HealthImagingServiceException(code, (HttpStatusCode)status, "r", "m");
            Assert.Equal(expected, ServiceErrorMapping.ToCategory(error));
            Assert.NotEqual(ErrorCategory.NotSpecified, ServiceErrorMapping.ToCategory(error));
        }

        [Fact]
        public void NetworkFailuresAndTimeoutsHaveCategoriesToo()
        {
            Assert.Equal(ErrorCategory.ConnectionError, ServiceErrorMapping.ToCategory(new HttpRequestException("refused")));
            Assert.Equal(ErrorCategory.ConnectionError, ServiceErrorMapping.ToCategory(new IOException("reset")));
            Assert.Equal(ErrorCategory.OperationTimeout, ServiceErrorMapping.ToCategory(new TimeoutException("slow")));
            Assert.Equal(ErrorCategory.ResourceBusy, ServiceErrorMapping.ToCategory((Exception)new HealthImagingServiceException("ConflictException", HttpStatusCode.Conflict, null, "m")));
        }
    }
}
