using System.IO;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace AhiTools.Shared
{
    /// <summary>
    /// AhiTools.psm1's loader step on PowerShell 7: loads the cmdlet assembly into the private load context and writes
    /// it for <c>Import-Module -Assembly</c>. The module imports it, never exports it.
    /// </summary>
    /// <remarks>
    /// A cmdlet rather than .NET calls in the psm1: the first .NET member a session calls from a script makes PowerShell
    /// build and compile its dynamic binding (about 25 ms, then a few more for each further member), and nothing else in
    /// an import and first call needs that (bench/README.md, Start-up).
    /// </remarks>
    [Cmdlet(VerbsData.Initialize, "AhiToolsLoadContext")]
    [OutputType(typeof(Assembly))]
    public sealed class InitializeAhiToolsLoadContextCommand : PSCmdlet
    {
        private const string CmdletAssemblyName = "AhiTools";

        /// <summary>The module's folder: bin/ and AhiTools.Loading.ps1 are found from it.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string ModuleRoot { get; set; } = "";

        protected override void EndProcessing()
        {
            Assembly cmdletAssembly = AhiToolsLoadContext.LoadModuleAssembly(Path.Combine(ModuleRoot, "bin"), CmdletAssemblyName);
            if (AhiToolsLoadContext.IsReimport)
            {
                InvokeCommand.InvokeScript(
                    "param($LoadingScript, $CmdletAssembly) . $LoadingScript; Remove-AhiStaleModule $CmdletAssembly",
                    true,
                    PipelineResultTypes.None,
                    null,
                    Path.Combine(ModuleRoot, "AhiTools.Loading.ps1"),
                    cmdletAssembly);
            }

            WriteObject(cmdletAssembly);
        }
    }
}
