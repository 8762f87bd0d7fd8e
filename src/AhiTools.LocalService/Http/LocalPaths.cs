namespace AhiTools.LocalService.Http
{
    /// <summary>The unsigned, quota- and fault-free routes under /_local.</summary>
    public static class LocalPaths
    {
        public static readonly PathString Prefix = new("/_local");

        public static bool IsLocal(PathString path) => path.StartsWithSegments(Prefix);
    }
}
