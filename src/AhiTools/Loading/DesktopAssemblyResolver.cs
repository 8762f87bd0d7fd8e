using System.Reflection;

namespace AhiTools.Loading
{
    /// <summary>
    /// Windows PowerShell 5.1 has no binding redirects for modules: System.Text.Json and the AWS SDK ask for
    /// System.Memory, System.Buffers and friends at versions other than the ones shipped. This resolves any request
    /// for an assembly that the module ships to the shipped file, whatever version was asked for.
    /// </summary>
    internal sealed class DesktopAssemblyResolver
    {
        private readonly string _binPath;

        public DesktopAssemblyResolver(string binPath)
        {
            _binPath = binPath;
        }

        public static bool IsNetFramework =>
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        /// <summary>The shipped file for a requested assembly name, or null when the module does not ship it.</summary>
        public string? FindShippedAssembly(string requestedName)
        {
            string simpleName = new AssemblyName(requestedName).Name ?? "";
            if (simpleName.Length == 0 || simpleName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                return null;
            }

            string candidate = Path.Combine(_binPath, simpleName + ".dll");
            return File.Exists(candidate) ? candidate : null;
        }

        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? path = FindShippedAssembly(args.Name);
            return path is null ? null : Assembly.LoadFrom(path);
        }
    }
}
