using System;

namespace AhiTools.Commands
{
    /// <summary>Failures of one read that end that pipeline item (a non-terminating error) and let the others go on.</summary>
    internal static class ReadFailures
    {
        public static bool IsItemFailure(Exception e) =>
            e is HealthImaging.HealthImagingServiceException
            || e is TimeoutException
            || e is System.Net.Http.HttpRequestException
            || e is System.IO.IOException
            || e is System.IO.InvalidDataException;
    }
}
