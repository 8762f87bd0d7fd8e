namespace AhiTools.HealthImaging
{
    /// <summary>
    /// Where each operation's limiter starts: AWS's newest published HealthImaging throttling table (TPS, burst).
    /// The limiter adapts from there, so an account with other quotas is learned, not configured.
    /// </summary>
    internal static class PublishedRates
    {
        private static readonly Dictionary<string, (double Rate, double Burst)> Rates = new()
        {
            ["UpdateImageSetMetadata"] = (10, 40),
            // The part of the newest table read while writing this gives no value for these two: the older table's.
            ["CopyImageSet"] = (0.25, 1),
            ["DeleteImageSet"] = (0.25, 1),
            ["GetImageSet"] = (25, 50),
            ["ListImageSetVersions"] = (25, 50),
            ["SearchImageSets"] = (25, 50),
            ["GetImageSetMetadata"] = (50, 100),
            ["CreateDatastore"] = (0.085, 1),
            ["DeleteDatastore"] = (0.085, 1),
            ["GetDatastore"] = (10, 20),
            ["ListDatastores"] = (5, 10),
        };

        public static (double Rate, double Burst) For(string operation)
        {
            return Rates.TryGetValue(operation, out var rates) ? rates : (10, 20);
        }
    }
}
