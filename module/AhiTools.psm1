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
    $loadedCore = [AppDomain]::CurrentDomain.GetAssemblies() |
        Where-Object { $_.GetName().Name -eq 'AWSSDK.Core' } |
        Select-Object -First 1
    if ($loadedCore) {
        $shipped = [System.Reflection.AssemblyName]::GetAssemblyName((Join-Path $binPath 'AWSSDK.Core.dll'))
        $loadedVersion = [System.Diagnostics.FileVersionInfo]::GetVersionInfo($loadedCore.Location).FileVersion
        $shippedVersion = [System.Diagnostics.FileVersionInfo]::GetVersionInfo((Join-Path $binPath 'AWSSDK.Core.dll')).FileVersion
        if ($loadedCore.GetName().Version -ne $shipped.Version -or [version]$loadedVersion -lt [version]$shippedVersion) {
            $message = "AhiTools needs AWSSDK.Core $shippedVersion, but this Windows PowerShell session already loaded " +
                "AWSSDK.Core $loadedVersion (from $($loadedCore.Location)), and Windows PowerShell cannot load two versions side by side. " +
                "Start a new session and import AhiTools before any AWS.Tools or AWSPowerShell module, or use PowerShell 7, where AhiTools loads beside any AWSSDK version."
            $record = [System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new($message),
                'IncompatibleAwsSdkCoreLoaded',
                [System.Management.Automation.ErrorCategory]::ResourceUnavailable,
                $loadedCore.Location)
            throw $record
        }
    }
    $cmdletAssembly = [System.Reflection.Assembly]::LoadFrom($cmdletAssemblyPath)
}

Import-Module -Assembly $cmdletAssembly
