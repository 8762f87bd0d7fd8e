using Microsoft.PowerShell;

namespace AhiTools.Bench.PwshHost
{
    /// <summary>pwsh's own entry point (ManagedPSEntry in PowerShell's src/powershell), nothing else.</summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            return UnmanagedPSEntry.Start(args, args.Length);
        }
    }
}
