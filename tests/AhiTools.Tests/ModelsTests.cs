using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class ServiceExceptionTests
    {
        [Fact]
        public void CarriesCodeStatusAndRequestId()
        {
            var ex = new HealthImagingServiceException("ConflictException", System.Net.HttpStatusCode.Conflict, "req-1", "stale");
            Assert.Equal("ConflictException", ex.ErrorCode);
            Assert.Equal(409, (int)ex.StatusCode);
            Assert.Equal("req-1", ex.RequestId);
            Assert.Equal("stale", ex.Message);
        }
    }
}
