namespace AhiTools.Completion
{
    /// <summary>Completes -Region from the AWS Regions where HealthImaging is offered (a fixed list: nothing is sent).</summary>
    internal sealed class RegionCompleter : IArgumentCompleter
    {
        // The Regions of "AWS HealthImaging endpoints and quotas" in the AWS General Reference,
        // https://docs.aws.amazon.com/general/latest/gr/healthimaging.html (Europe (London) is listed there since 2025).
        internal static readonly IReadOnlyList<(string Code, string Name)> HealthImagingRegions = new[]
        {
            ("us-east-1", "US East (N. Virginia)"),
            ("us-west-2", "US West (Oregon)"),
            ("eu-west-1", "Europe (Ireland)"),
            ("eu-west-2", "Europe (London)"),
            ("ap-southeast-2", "Asia Pacific (Sydney)"),
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string prefix = CompletionText.Prefix(wordToComplete);
            return HealthImagingRegions
                .Where(region => region.Code.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(region => CompletionText.Result(region.Code, $"{region.Name}: AWS HealthImaging"))
                .ToList();
        }
    }
}
