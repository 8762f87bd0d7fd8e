using System;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;

namespace AhiTools.Shared
{
    /// <summary>
    /// The process-wide private load context for AhiTools and its AWSSDK assemblies, so that an AWSSDK.Core that
    /// another module (AWS.Tools) loaded first, at whatever version, does not break AhiTools, and the other way round.
    /// </summary>
    public sealed class AhiToolsLoadContext : AssemblyLoadContext
    {
        internal const string CoreAssemblyName = "AhiTools.Core";

        // FirstCallWarmUp.DisableVariable: set, nothing is loaded ahead of need either.
        internal const string NoWarmUpVariable = "AHITOOLS_NO_WARMUP";

        // Every call needs these. They are loaded by path when the context is made: .NET checks the name of each
        // assembly that Load returns with a culture-aware comparison, and the first such comparison in a session costs
        // about 15 ms (ICU's collation); an assembly the context has already loaded is found without Load.
        private static readonly string[] AssembliesEveryCallNeeds = { CoreAssemblyName, "AWSSDK.Core" };

        private static readonly object Gate = new();
        private static AhiToolsLoadContext? _instance;

        private readonly string _binPath;
        private readonly Assembly _sharedAssembly;

        /// <summary>
        /// Whether the latest <see cref="LoadModuleAssembly"/> found the context already made: that import is a
        /// re-import (or another copy of the module), and the loader cmdlet clears the stale module PowerShell kept.
        /// </summary>
        public static bool IsReimport { get; private set; }

        private AhiToolsLoadContext(string binPath)
            : base("AhiTools", isCollectible: false)
        {
            _binPath = binPath;
            _sharedAssembly = typeof(AhiToolsLoadContext).Assembly;
        }

        /// <summary>
        /// Loads the cmdlet assembly into the private context (created once per process), from the folder of binPath
        /// that <see cref="ModuleBinaries.Choose(string)"/> picks for this runtime and platform.
        /// </summary>
        public static Assembly LoadModuleAssembly(string binPath, string assemblyName)
        {
            AhiToolsLoadContext context;
            lock (Gate)
            {
                IsReimport = _instance != null;
                _instance ??= Create(ModuleBinaries.Choose(Path.GetFullPath(binPath)));
                context = _instance;
            }

            if (!IsReimport && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NoWarmUpVariable)))
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => LoadCollation(), null);
            }

            // By path the first time, for the reason AssembliesEveryCallNeeds gives; a re-import finds it loaded.
            string path = Path.Combine(context._binPath, assemblyName + ".dll");
            return !IsReimport && File.Exists(path)
                ? context.LoadFromAssemblyPath(path)
                : context.LoadFromAssemblyName(new AssemblyName(assemblyName));
        }

        private static AhiToolsLoadContext Create(string binPath)
        {
            var context = new AhiToolsLoadContext(binPath);
            foreach (string name in AssembliesEveryCallNeeds)
            {
                string path = Path.Combine(binPath, name + ".dll");
                if (File.Exists(path))
                {
                    context.LoadFromAssemblyPath(path);
                }
            }

            return context;
        }

        // PowerShell's format update, when the first cmdlet adds the views, compares names by the culture's rules; the
        // first such comparison loads ICU's collation (about 15 ms), done here on a pool thread instead.
        private static void LoadCollation() => CultureInfo.CurrentCulture.CompareInfo.GetHashCode("AhiTools", CompareOptions.IgnoreCase);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (AssemblyName.ReferenceMatchesDefinition(assemblyName, _sharedAssembly.GetName()))
            {
                return _sharedAssembly;
            }

            // PowerShell itself and the framework must be the host's, or the cmdlets would be invisible to it.
            if (IsHostOwned(assemblyName))
            {
                return null;
            }

            string candidate = Path.Combine(_binPath, assemblyName.Name + ".dll");
            if (!File.Exists(candidate))
            {
                return null;
            }

            if (IsModulePrivate(assemblyName))
            {
                return LoadFromAssemblyPath(candidate);
            }

            // A framework assembly the host already has at the same or a newer version is shared, not duplicated.
            Assembly? platform = FindInDefault(assemblyName.Name);
            if (platform != null && platform.GetName().Version >= AssemblyName.GetAssemblyName(candidate).Version)
            {
                return platform;
            }

            return LoadFromAssemblyPath(candidate);
        }

        private static bool IsHostOwned(AssemblyName assemblyName)
        {
            string name = assemblyName.Name ?? "";
            return name == "System.Management.Automation"
                || name == "netstandard"
                || name == "mscorlib"
                || name == "System.Runtime"
                || name == "System.Private.CoreLib";
        }

        // Always private: the cmdlet assembly, its core and everything from the AWS SDK, whatever the host has loaded.
        private static bool IsModulePrivate(AssemblyName assemblyName)
        {
            string name = assemblyName.Name ?? "";
            return name == "AhiTools" || name == "AhiTools.Core" || name.StartsWith("AWSSDK.", StringComparison.Ordinal);
        }

        private static Assembly? FindInDefault(string? name)
        {
            if (name is null)
            {
                return null;
            }

            try
            {
                return Default.LoadFromAssemblyName(new AssemblyName(name));
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (FileLoadException)
            {
                return null;
            }
        }
    }
}
