namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Every attempt of a call failed to connect to the endpoint, so nothing was sent. An HttpRequestException, so
    /// that whatever handles network failures handles this one too.
    /// </summary>
    internal sealed class EndpointUnreachableException(string endpoint, int attempts, TimeSpan elapsed, string failure, Exception inner)
        : HttpRequestException(
            $"HealthImaging at {endpoint} could not be reached: {failure} on {Attempts(attempts)} over {elapsed.TotalSeconds:0.0} s. "
            + "Nothing was sent, so nothing was changed.",
            inner)
    {
        /// <summary>Scheme, host and port only.</summary>
        public string Endpoint { get; } = endpoint;

        public int AttemptCount { get; } = attempts;

        public TimeSpan Elapsed { get; } = elapsed;

        public const string RecommendedAction =
            "Check the endpoint (-EndpointUrl, AWS_ENDPOINT_URL_MEDICAL_IMAGING, AWS_ENDPOINT_URL or the profile's endpoint_url) and -Region, "
            + "that the service is running and that the network (proxy, firewall, VPN, DNS) lets you through. "
            + "AWS_MAX_ATTEMPTS or the profile's max_attempts sets how many attempts are made.";

        private static string Attempts(int attempts) => attempts == 1 ? "the only attempt" : $"all {attempts} attempts";
    }
}
