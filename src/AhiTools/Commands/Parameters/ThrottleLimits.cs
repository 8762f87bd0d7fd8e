namespace AhiTools.Commands
{
    /// <summary>The one default of -ThrottleLimit for the write cmdlets and Wait-AHIImageSet (see bench/README.md for how it was chosen).</summary>
    internal static class ThrottleLimits
    {
        public const int Default = 8;
    }
}
