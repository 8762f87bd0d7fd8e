using System;
using AhiTools.HealthImaging;

namespace AhiTools.Connection
{
    /// <summary>
    /// Resolves credentials, region and endpoint as AWS.Tools does and hands out one client per
    /// credentials/region/endpoint for the whole process, so connections are pooled across cmdlet calls.
    /// </summary>
    public static class HealthImagingClientProvider
    {
        /// <exception cref="ConnectionConfigurationException">No region or no credentials could be found.</exception>
        public static IHealthImagingClient GetClient(ConnectionParameters parameters)
        {
            throw new NotImplementedException();
        }
    }
}
