# Loads the AhiTools cmdlets. On PowerShell 7 they and their AWSSDK assemblies live in a private
# AssemblyLoadContext, so another module's AWSSDK.Core (loaded before or after) cannot break them.
# Windows PowerShell 5.1 has no load contexts: there we refuse to load beside an incompatible AWSSDK.Core.
# Only Microsoft.PowerShell.Core commands and .NET here: a command from another of PowerShell's modules (Join-Path,
# Select-Object) would make PowerShell import that module first, which costs more than all of the rest.

$binPath = [System.IO.Path]::Combine($PSScriptRoot, 'bin')

function Find-AhiLoadedAssembly([string] $Name) {
    foreach ($assembly in [System.AppDomain]::CurrentDomain.GetAssemblies()) {
        if ($assembly.FullName.StartsWith("$Name,")) { return $assembly }
    }
}

if ($PSEdition -eq 'Core') {
    # The load-context loader is built for .NET 8, which PowerShell 7.4 and later run on. (Plain integers and strings
    # here: each first-time conversion PowerShell works out, such as a version against [version], costs milliseconds.)
    if ([System.Environment]::Version.Major -lt 8) {
        throw [System.Management.Automation.ErrorRecord]::new(
            [System.PlatformNotSupportedException]::new("AhiTools needs PowerShell 7.4 or later (or Windows PowerShell 5.1); this is PowerShell $($PSVersionTable.PSVersion). Install a current PowerShell 7 and import AhiTools there."),
            'PowerShellVersionNotSupported',
            [System.Management.Automation.ErrorCategory]::NotInstalled,
            $PSVersionTable.PSVersion)
    }
    # A loader already in the session (a re-import, or another copy of the module) is used again.
    $loader = Find-AhiLoadedAssembly 'AhiTools.Shared'
    $loaderWasLoaded = $null -ne $loader
    if (-not $loader) {
        $loader = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath([System.IO.Path]::Combine($binPath, 'AhiTools.Shared.dll'))
    }
    $loadContext = $loader.GetType('AhiTools.Shared.AhiToolsLoadContext')
    # From bin/net<N>.0/<rid>/ when the build precompiled for this runtime and platform, else from bin/.
    $cmdletAssembly = $loadContext::LoadModuleAssembly($binPath, 'AhiTools')

    # PowerShell issue 20710: a re-import of an assembly-imported module exports nothing unless the stale one goes first.
    # Only a re-import can have one, and a first import in the session has not loaded the loader yet.
    if ($loaderWasLoaded) {
        foreach ($module in Get-Module -All) {
            if ($module.ModuleType -eq 'Binary' -and $module.Path -eq $cmdletAssembly.Location) { Remove-Module -ModuleInfo $module -Force -ErrorAction SilentlyContinue }
        }
    }
}
else {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'AhiTools.DesktopCheck.ps1'))
    $loadedCore = Find-AhiLoadedAssembly 'AWSSDK.Core'
    if ($loadedCore) {
        Assert-AhiAwsSdkCoreCompatible -LoadedAssemblyPath $loadedCore.Location -ShippedAssemblyPath ([System.IO.Path]::Combine($binPath, 'AWSSDK.Core.dll'))
    }
    $cmdletAssembly = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($binPath, 'AhiTools.dll'))
}

Import-Module -Assembly $cmdletAssembly
