# Loads the AhiTools cmdlets. On PowerShell 7 they and their AWSSDK assemblies live in a private
# AssemblyLoadContext, so another module's AWSSDK.Core (loaded before or after) cannot break them.
# Windows PowerShell 5.1 has no load contexts: there we refuse to load beside an incompatible AWSSDK.Core.
# Only Microsoft.PowerShell.Core commands and .NET here: a command from another of PowerShell's modules (Join-Path,
# Select-Object) would make PowerShell import that module first, which costs more than all of the rest.
# PowerShell 7's common path makes five .NET calls and runs no loop: the first time a session runs an operation
# (a method call, a property, a loop, a comparison), PowerShell builds and compiles its binding, and the previous
# psm1's loops and checks cost more than loading the assemblies (bench/README.md, Start-up, fourth pass). What only a
# re-import, a second copy of the module or an old PowerShell needs runs in the catch block or behind IsReimport.

if ($PSEdition -eq 'Core') {
    try {
        $loadContext = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath("$PSScriptRoot/bin/AhiTools.Shared.dll").GetType('AhiTools.Shared.AhiToolsLoadContext')
        $reimport = $false
    }
    catch {
        # The load-context loader is built for .NET 8, which PowerShell 7.4 and later run on.
        if ([System.Environment]::Version.Major -lt 8) {
            throw [System.Management.Automation.ErrorRecord]::new(
                [System.PlatformNotSupportedException]::new("AhiTools needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this is PowerShell $($PSVersionTable.PSVersion). Install a current PowerShell 7 and import AhiTools there."),
                'PowerShellVersionNotSupported',
                [System.Management.Automation.ErrorCategory]::NotInstalled,
                $PSVersionTable.PSVersion)
        }
        # Another copy of the module loaded its loader first (the same name from another path): that one is used.
        $loader = foreach ($assembly in [System.AppDomain]::CurrentDomain.GetAssemblies()) {
            if ($assembly.FullName.StartsWith('AhiTools.Shared,')) { $assembly; break }
        }
        if (-not $loader) { throw }
        $loadContext = $loader.GetType('AhiTools.Shared.AhiToolsLoadContext')
        $reimport = $true
    }

    # From bin/net<N>.0/<rid>/ when the build precompiled for this runtime and platform, else from bin/.
    $cmdletAssembly = $loadContext::LoadModuleAssembly("$PSScriptRoot/bin", 'AhiTools')

    # PowerShell issue 20710: a re-import of an assembly-imported module exports nothing unless the stale one goes first.
    # Only a re-import can have one.
    if ($reimport -or $loadContext::IsReimport) {
        foreach ($module in Get-Module -All) {
            if ($module.ModuleType -eq 'Binary' -and $module.Path -eq $cmdletAssembly.Location) { Remove-Module -ModuleInfo $module -Force -ErrorAction SilentlyContinue }
        }
    }
}
else {
    $binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin')
    . ([System.IO.Path]::Combine($PSScriptRoot, 'AhiTools.DesktopCheck.ps1'))
    foreach ($assembly in [System.AppDomain]::CurrentDomain.GetAssemblies()) {
        if ($assembly.FullName.StartsWith('AWSSDK.Core,')) {
            Assert-AhiAwsSdkCoreCompatible -LoadedAssemblyPath $assembly.Location -ShippedAssemblyPath ([System.IO.Path]::Combine($binPath, 'AWSSDK.Core.dll'))
            break
        }
    }
    $cmdletAssembly = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($binPath, 'AhiTools.dll'))
}

Import-Module -Assembly $cmdletAssembly
