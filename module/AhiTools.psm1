# Loads the cmdlets. On PowerShell 7 they and their AWSSDK assemblies live in a private AssemblyLoadContext, so another
# module's AWSSDK.Core (loaded before or after) cannot break them. Windows PowerShell 5.1 has no load contexts: there we
# refuse to load beside an incompatible AWSSDK.Core.
# Commands only, no .NET member calls or operators: the first of those in a session makes PowerShell build and compile
# its dynamic binding, which costs more than loading the assemblies (bench/README.md, Start-up). Only
# Microsoft.PowerShell.Core commands: one from another of PowerShell's modules (Join-Path, Select-Object) would make
# PowerShell import that module first. Windows PowerShell, a PowerShell 7 older than 7.4 and a second copy of the module
# are handled by AhiTools.Loading.ps1, read only then.

if ($IsCoreCLR) {
    try {
        # The load-context loader, a binary module of one cmdlet that this module does not export. No variable here:
        # assigning a command's output makes PowerShell compile a dynamic binding (it copies mutable values).
        Import-Module "$PSScriptRoot/bin/AhiTools.Shared.dll" -ErrorAction Stop
        Import-Module -Assembly (Initialize-AhiToolsLoadContext $PSScriptRoot)
    }
    catch {
        . "$PSScriptRoot/AhiTools.Loading.ps1"
        Import-Module -Assembly (Get-AhiCmdletAssembly $_)
    }
}
else {
    . "$PSScriptRoot/AhiTools.Loading.ps1"
    Import-Module -Assembly (Get-AhiCmdletAssembly $null)
}
