using System;
using System.IO;
using System.Runtime.InteropServices;

namespace AhiTools.Shared
{
    /// <summary>
    /// Which folder's AhiTools.dll PowerShell 7 loads: bin/net&lt;N&gt;.0/&lt;rid&gt;/ holds builds precompiled
    /// (ReadyToRun) for .NET N on one platform; the highest N not above the running .NET wins, else the portable
    /// netstandard2.0 build in bin/ itself (what Windows PowerShell 5.1 always loads).
    /// </summary>
    public static class ModuleBinaries
    {
        /// <summary>The folder for this process's runtime and platform.</summary>
        public static string Choose(string binPath)
        {
            return Choose(binPath, Environment.Version.Major, CurrentRuntimeIdentifier());
        }

        public static string Choose(string binPath, int runtimeMajorVersion, string? runtimeIdentifier)
        {
            if (binPath is null) throw new ArgumentNullException(nameof(binPath));
            if (string.IsNullOrEmpty(runtimeIdentifier))
            {
                return binPath;
            }

            for (int major = runtimeMajorVersion; major >= 8; major--)
            {
                string candidate = Path.Combine(binPath, $"net{major}.0", runtimeIdentifier!);
                if (File.Exists(Path.Combine(candidate, "AhiTools.dll")))
                {
                    return candidate;
                }
            }

            return binPath;
        }

        /// <summary>win-x64, linux-arm64, osx-arm64 and so on; null on a platform no build is made for.</summary>
        public static string? CurrentRuntimeIdentifier()
        {
            string? os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
                : null;
            string? architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                Architecture.X86 => "x86",
                Architecture.Arm => "arm",
                _ => null,
            };
            return os is null || architecture is null ? null : os + "-" + architecture;
        }
    }
}
