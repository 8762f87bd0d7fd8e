using System;
using System.IO;
using System.Management.Automation;

namespace AhiTools.Loading
{
    /// <summary>Runs when the cmdlet assembly is imported. On PowerShell 7 the load context already isolates us.</summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new object();
        private static bool _registered;

        public void OnImport()
        {
            if (!DesktopAssemblyResolver.IsNetFramework)
            {
                return;
            }

            lock (Gate)
            {
                if (_registered)
                {
                    return;
                }

                string binPath = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
                AppDomain.CurrentDomain.AssemblyResolve += new DesktopAssemblyResolver(binPath).Resolve;
                _registered = true;
            }
        }
    }
}
