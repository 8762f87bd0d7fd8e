# Loads the AhiTools cmdlets. On PowerShell 7 they and their AWSSDK assemblies live in a private
# AssemblyLoadContext, so another module's AWSSDK.Core (loaded before or after) cannot break them.
# Windows PowerShell 5.1 has no load contexts: there we refuse to load beside an incompatible AWSSDK.Core.

$binPath = Join-Path $PSScriptRoot 'bin'
$cmdletAssemblyPath = Join-Path $binPath 'AhiTools.dll'

if ($PSVersionTable.PSEdition -eq 'Core') {
    $loaderPath = Join-Path $binPath 'AhiTools.Shared.dll'
    $loader = [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -eq 'AhiTools.Shared' } |
        Select-Object -First 1
    if (-not $loader) {
        $loader = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath($loaderPath)
    }
    $loadContext = $loader.GetType('AhiTools.Shared.AhiToolsLoadContext')
    $cmdletAssembly = $loadContext::LoadModuleAssembly($binPath, 'AhiTools')

    # PowerShell issue 20710: a re-import of an assembly-imported module exports nothing unless the stale one goes first.
    Get-Module -All | Where-Object { $_.ModuleType -eq 'Binary' -and $_.Path -eq $cmdletAssemblyPath } |
        Remove-Module -Force -ErrorAction SilentlyContinue
}
else {
    . (Join-Path $PSScriptRoot 'AhiTools.DesktopCheck.ps1')
    $loadedCore = [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } |
        Select-Object -First 1
    if ($loadedCore) {
        Assert-AhiAwsSdkCoreCompatible -LoadedAssemblyPath $loadedCore.Location -ShippedAssemblyPath (Join-Path $binPath 'AWSSDK.Core.dll')
    }
    $cmdletAssembly = [System.Reflection.Assembly]::LoadFrom($cmdletAssemblyPath)
}

Import-Module -Assembly $cmdletAssembly
