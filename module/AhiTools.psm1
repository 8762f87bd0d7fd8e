# Loads the AhiTools cmdlets. On PowerShell 7 they and their AWSSDK assemblies live in a private
# AssemblyLoadContext, so another module's AWSSDK.Core (loaded before or after) cannot break them.
# Windows PowerShell 5.1 has no load contexts: there we refuse to load beside an incompatible AWSSDK.Core.
# Only Microsoft.PowerShell.Core commands and .NET here: a command from another of PowerShell's modules (Join-Path,
# Select-Object) would make PowerShell import that module first, which costs more than all of the rest.
# The common case, a first import on PowerShell 7.4 or later, is the try block and two tests: the first time a session
# runs an operation (a method call, a property, a loop), PowerShell builds and compiles its binding, and its first
# string comparison loads ICU's collation; checks here cost more than loading the assemblies (bench/README.md,
# Start-up). Windows PowerShell, an older PowerShell 7, a second copy of the module and a re-import are handled by
# AhiTools.Loading.ps1, read only then.

try {
    $loadContext = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath("$PSScriptRoot/bin/AhiTools.Shared.dll").GetType('AhiTools.Shared.AhiToolsLoadContext')
    $loadError = $null
}
catch {
    $loadContext = $null
    $loadError = $_
}

if ($loadContext) {
    $cmdletAssembly = $loadContext::LoadModuleAssembly("$PSScriptRoot/bin", 'AhiTools')
    if ($loadContext::IsReimport) {
        . "$PSScriptRoot/AhiTools.Loading.ps1"
        Remove-AhiStaleModule $cmdletAssembly
    }
}
else {
    . "$PSScriptRoot/AhiTools.Loading.ps1"
    $cmdletAssembly = Get-AhiCmdletAssembly $loadError
}

Import-Module -Assembly $cmdletAssembly
