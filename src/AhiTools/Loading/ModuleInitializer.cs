namespace AhiTools.Loading
{
    /// <summary>
    /// Runs when the cmdlet assembly is imported: on Windows PowerShell it resolves the module's dependencies (on
    /// PowerShell 7 the load context already does). The output views are added when the session first runs one of the
    /// cmdlets (<see cref="SessionFormats"/>), and the first call's code is compiled ahead of it when a cmdlet that calls
    /// HealthImaging begins (FirstCallWarmUp, PowerShell 7), not here.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        private static readonly object Gate = new();
        private static bool _registered;

        public void OnImport()
        {
            if (DesktopAssemblyResolver.IsNetFramework)
            {
                RegisterDesktopResolver();
            }
        }

        private static void RegisterDesktopResolver()
        {
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
