namespace AhiTools.Documents
{
    internal enum ElementLevel
    {
        Patient,
        Study,
        Series,
        Instance,
    }

    /// <summary>Where in the metadata hierarchy an element lives: a level, and the series and instance UIDs it needs.</summary>
    internal sealed class ElementScope
    {
        private ElementScope(ElementLevel level, string? seriesUid, string? sopInstanceUid)
        {
            Level = level;
            SeriesUid = seriesUid;
            SopInstanceUid = sopInstanceUid;
        }

        public static ElementScope Patient { get; } = new ElementScope(ElementLevel.Patient, null, null);

        public static ElementScope Study { get; } = new ElementScope(ElementLevel.Study, null, null);

        public ElementLevel Level { get; }

        public string? SeriesUid { get; }

        public string? SopInstanceUid { get; }

        public static ElementScope ForSeries(string seriesUid) => new(ElementLevel.Series, seriesUid, null);

        public static ElementScope ForInstance(string seriesUid, string sopInstanceUid) => new(ElementLevel.Instance, seriesUid, sopInstanceUid);

        public override string ToString() => Level switch
        {
            ElementLevel.Series => $"Series {SeriesUid}",
            ElementLevel.Instance => $"Instance {SopInstanceUid}",
            _ => Level.ToString(),
        };
    }
}
