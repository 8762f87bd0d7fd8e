#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// What the compiler needs for records and init accessors; netstandard2.0 lacks it (net5.0 and later have it). The
    /// module sees this one through InternalsVisibleTo.
    /// </summary>
    internal static class IsExternalInit
    {
    }
}
#endif
