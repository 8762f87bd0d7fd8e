# The less common ways AhiTools.psm1 loads the cmdlets, dot-sourced only when it needs them.

# PowerShell issue 20710: a re-import of an assembly-imported module exports nothing unless the stale one goes first.
function Remove-AhiStaleModule([System.Reflection.Assembly] $CmdletAssembly) {
    foreach ($module in Get-Module -All) {
        if ($module.ModuleType -eq 'Binary' -and $module.Path -eq $CmdletAssembly.Location) {
            Remove-Module -ModuleInfo $module -Force -ErrorAction SilentlyContinue
        }
    }
}

# When the load-context loader could not be loaded: Windows PowerShell, a PowerShell 7 older than 7.4, or a second
# copy of the module (the same loader from another path cannot load beside the first one's; that one is used).
function Get-AhiCmdletAssembly([System.Management.Automation.ErrorRecord] $LoadError) {
    if ($PSEdition -eq 'Desktop') {
        $binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin')
        . ([System.IO.Path]::Combine($PSScriptRoot, 'AhiTools.DesktopCheck.ps1'))
        foreach ($assembly in [System.AppDomain]::CurrentDomain.GetAssemblies()) {
            if ($assembly.FullName.StartsWith('AWSSDK.Core,')) {
                Assert-AhiAwsSdkCoreCompatible -LoadedAssemblyPath $assembly.Location -ShippedAssemblyPath ([System.IO.Path]::Combine($binPath, 'AWSSDK.Core.dll'))
                break
            }
        }
        return [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($binPath, 'AhiTools.dll'))
    }

    # The load-context loader is built for .NET 8, which PowerShell 7.4 and later run on.
    if ([System.Environment]::Version.Major -lt 8) {
        throw [System.Management.Automation.ErrorRecord]::new(
            [System.PlatformNotSupportedException]::new("AhiTools needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this is PowerShell $($PSVersionTable.PSVersion). Install a current PowerShell 7 and import AhiTools there."),
            'PowerShellVersionNotSupported',
            [System.Management.Automation.ErrorCategory]::NotInstalled,
            $PSVersionTable.PSVersion)
    }

    $loader = foreach ($assembly in [System.AppDomain]::CurrentDomain.GetAssemblies()) {
        if ($assembly.FullName.StartsWith('AhiTools.Shared,')) { $assembly; break }
    }
    if (-not $loader) { throw $LoadError }
    $loadContext = $loader.GetType('AhiTools.Shared.AhiToolsLoadContext')
    $cmdletAssembly = $loadContext::LoadModuleAssembly([System.IO.Path]::Combine($PSScriptRoot, 'bin'), 'AhiTools')
    Remove-AhiStaleModule $cmdletAssembly
    $cmdletAssembly
}
