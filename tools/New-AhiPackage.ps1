# Packs a staged AhiTools module folder into AhiTools.<version>.nupkg, as Publish-PSResource would upload it.
# build.ps1 -Task Package runs it on out/AhiTools; the Pester packaging test runs it too, then installs the result.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DestinationPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$version = (Import-PowerShellDataFile (Join-Path $ModulePath 'AhiTools.psd1')).ModuleVersion
$package = Join-Path $DestinationPath "AhiTools.$version.nupkg"
New-Item -ItemType Directory -Path $DestinationPath -Force | Out-Null
Remove-Item $package -Force -ErrorAction SilentlyContinue
Compress-PSResource -Path $ModulePath -DestinationPath $DestinationPath
if (-not (Test-Path $package)) {
    throw "Compress-PSResource did not write $package."
}
Get-Item $package
