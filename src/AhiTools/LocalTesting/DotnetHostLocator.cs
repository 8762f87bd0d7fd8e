using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AhiTools.LocalTesting
{
    /// <summary>Finds the dotnet host that runs the bundled local service (it needs the ASP.NET Core runtime).</summary>
    internal static class DotnetHostLocator
    {
        private static string ExecutableName => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";

        /// <summary>The dotnet host, or null: DOTNET_HOST_PATH, this process when it is dotnet, DOTNET_ROOT, PATH, the usual install folders.</summary>
        public static string? Find()
        {
            foreach (string? candidate in Candidates())
            {
                if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }

        private static System.Collections.Generic.IEnumerable<string?> Candidates()
        {
            yield return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");

            string? self = CurrentProcessPath();
            if (self != null && string.Equals(Path.GetFileName(self), ExecutableName, StringComparison.OrdinalIgnoreCase))
            {
                yield return self;
            }

            string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (!string.IsNullOrEmpty(root))
            {
                yield return Path.Combine(root, ExecutableName);
            }

            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            {
                if (folder.Length > 0)
                {
                    yield return Path.Combine(folder.Trim('"'), ExecutableName);
                }
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ProgramFiles), "dotnet", ExecutableName);
            }
            else
            {
                yield return "/usr/local/share/dotnet/dotnet";
                yield return "/usr/share/dotnet/dotnet";
                yield return "/usr/lib/dotnet/dotnet";
            }
        }

        private static string? CurrentProcessPath()
        {
            try
            {
                using (var current = Process.GetCurrentProcess())
                {
                    return current.MainModule?.FileName;
                }
            }
            catch (Exception e) when (e is InvalidOperationException || e is System.ComponentModel.Win32Exception || e is NotSupportedException)
            {
                return null;
            }
        }
    }
}
