using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using AhiTools.Commands;
using AhiTools.Connection;
using AhiTools.Documents;
using AhiTools.Errors;
using AhiTools.HealthImaging;
using AhiTools.LocalTesting;
using AhiTools.Writing;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>The one mapping from failures to PowerShell error records: ErrorId, category, target and advice.</summary>
    public class ErrorRecordsTests
    {
        [Fact]
        public void EveryErrorKindHasARealCategory()
        {
            foreach (ErrorKind kind in Enum.GetValues(typeof(ErrorKind)))
            {
                Assert.NotEqual(ErrorCategory.NotSpecified, ErrorRecords.ToCategory(kind));
            }
        }

        [Theory]
        [InlineData("ResourceNotFoundException", 404, ErrorCategory.ObjectNotFound)]
        [InlineData("ConflictException", 409, ErrorCategory.ResourceBusy)]
        [InlineData("ValidationException", 400, ErrorCategory.InvalidArgument)]
        [InlineData("AccessDeniedException", 403, ErrorCategory.PermissionDenied)]
        [InlineData("ThrottlingException", 429, ErrorCategory.LimitsExceeded)]
        [InlineData("InternalServerException", 500, ErrorCategory.ConnectionError)]
        [InlineData("SomethingNew", 418, ErrorCategory.InvalidOperation)]
        public void ServiceErrorsKeepTheirCodeAsErrorId(string code, int status, ErrorCategory expected)
        {
            ErrorRecord record = ErrorRecords.From(new HealthImagingServiceException(code, (HttpStatusCode)status, "req-1", "m"), "target");

            Assert.Equal(code, record.FullyQualifiedErrorId);
            Assert.Equal(expected, record.CategoryInfo.Category);
            Assert.Equal("target", record.TargetObject);
            Assert.Contains("req-1", record.ErrorDetails.Message);
        }

        [Fact]
        public void NetworkFailuresAndTimeoutsHaveCategoriesToo()
        {
            ErrorRecord http = ErrorRecords.From(new HttpRequestException("refused"), null);
            Assert.Equal("HttpRequestException", http.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, http.CategoryInfo.Category);

            Assert.Equal(ErrorCategory.ConnectionError, ErrorRecords.From(new IOException("reset"), null).CategoryInfo.Category);

            ErrorRecord timeout = ErrorRecords.From(new TimeoutException("slow"), null);
            Assert.Equal(ErrorIds.OperationTimedOut, timeout.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, timeout.CategoryInfo.Category);
        }

        [Fact]
        public void TheCoresErrorsGiveTheirIdKindAdviceAndTarget()
        {
            var stale = new ImageSetWriteException(ErrorIds.StaleVersion, ErrorKind.Stale, "changed", "read it again", "version 3");
            ErrorRecord record = ErrorRecords.From(stale, "item");
            Assert.Equal("StaleVersion", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
            Assert.Equal("version 3", record.TargetObject);
            Assert.Equal("read it again", record.ErrorDetails.RecommendedAction);

            ErrorRecord input = ErrorRecords.From(new DocumentValidationException(ErrorIds.InvalidUid, "bad uid"), "item");
            Assert.Equal(ErrorCategory.InvalidArgument, input.CategoryInfo.Category);
            Assert.Equal("item", input.TargetObject);

            Assert.Equal(ErrorCategory.AuthenticationError, ErrorRecords.From(new ConnectionConfigurationException(ErrorIds.NoCredentials, "none"), null).CategoryInfo.Category);
            Assert.Equal(ErrorCategory.ObjectNotFound, ErrorRecords.From(new ConnectionConfigurationException(ErrorIds.ProfileNotFound, "none"), null).CategoryInfo.Category);
            Assert.Equal(ErrorCategory.InvalidArgument, ErrorRecords.From(new ConnectionConfigurationException(ErrorIds.NoRegion, "none"), null).CategoryInfo.Category);
            Assert.Equal(ErrorCategory.NotInstalled, ErrorRecords.From(new LocalServiceException(ErrorIds.DotnetNotFound, ErrorKind.NotInstalled, "no dotnet"), null).CategoryInfo.Category);
        }

        [Fact]
        public void EveryMalformedAnswerIsOneErrorIdOfInvalidData()
        {
            Exception[] malformed =
            {
                new System.Text.Json.JsonException("bad"),
                new InvalidDataException("The archive entry was compressed using an unsupported compression method."),
            };
            foreach (Exception answer in malformed)
            {
                ErrorRecord record = ErrorRecords.From(answer, "item");
                Assert.Equal(ErrorIds.InvalidDataException, record.FullyQualifiedErrorId);
                Assert.Equal(ErrorCategory.InvalidData, record.CategoryInfo.Category);
                Assert.Equal("item", record.TargetObject);
                Assert.True(ItemFailures.IsItemFailure(answer));
            }
        }

        [Fact]
        public void AStoppedPipelineAndCancellationAreNeverOneItemsFailure()
        {
            Assert.False(ItemFailures.IsItemFailure(new PipelineStoppedException()));
            Assert.False(ItemFailures.IsItemFailure(new OperationCanceledException()));
            Assert.False(ItemFailures.IsItemFailure(new InvalidOperationException("a bug")));
        }
    }
}
