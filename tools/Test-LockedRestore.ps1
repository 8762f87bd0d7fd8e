<#
.SYNOPSIS
Proves that a restore takes exactly the locked versions when a feed also offers older versions that satisfy the
ranges in the dependency graph, as a new user's feed (or a cache) can.

.DESCRIPTION
Copies one project with the repository's restore inputs (Directory.*.props, global.json, the manifest and the
project's packages.lock.json) to a temporary folder, and restores it with empty NuGet caches against nuget.org plus a
local folder feed that holds the given older versions. Two restores:
- Locked: as build.ps1 restores (locked mode). Every package must resolve to its version in packages.lock.json.
- Unpinned (the control): without lock file and transitive pins, as main restored before they existed. It takes the
  feed's older versions wherever a pin sits above what the graph asks for.
Writes one object with both results; the Pester suite runs it and checks them.

.EXAMPLE
dotnet pwsh ./tools/Test-LockedRestore.ps1 -OlderPackage Microsoft.Bcl.AsyncInterfaces/8.0.0
#>
[CmdletBinding()]
param(
    [string] $Project = 'src/AhiTools/AhiTools.csproj',
    # id/version pairs the local feed offers besides nuget.org.
    [string[]] $OlderPackage = @('Microsoft.Bcl.AsyncInterfaces/8.0.0'),
    [string] $WorkPath = (Join-Path ([IO.Path]::GetTempPath()) ("ahitools-locked-restore-" + [guid]::NewGuid().ToString('n')))
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Add-Type -AssemblyName System.IO.Compression

$root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$projectFolder = Split-Path (Join-Path $root $Project)
$projectFile = Split-Path $Project -Leaf

# A package that has only its manifest: enough for a restore to choose it.
function New-FeedPackage([string] $Feed, [string] $Id, [string] $Version) {
    $path = Join-Path $Feed "$Id.$Version.nupkg".ToLowerInvariant()
    $zip = [IO.Compression.ZipFile]::Open($path, [IO.Compression.ZipArchiveMode]::Create)
    try {
        $writer = [IO.StreamWriter]::new($zip.CreateEntry("$Id.nuspec").Open())
        $writer.Write(@"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>$Id</id>
    <version>$Version</version>
    <authors>AhiTools tests</authors>
    <description>An older version that a feed offers.</description>
  </metadata>
</package>
"@)
        $writer.Dispose()
    }
    finally {
        $zip.Dispose()
    }
}

function Copy-RestoreInputs([string] $Destination, [switch] $WithoutLockFile) {
    New-Item -ItemType Directory -Path $Destination -Force | Out-Null
    foreach ($file in 'Directory.Build.props', 'Directory.Packages.props', 'global.json', 'AhiTools.psd1') {
        Copy-Item (Join-Path $root $file) $Destination
    }
    $target = Join-Path $Destination (Split-Path $Project)
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Copy-Item (Join-Path $projectFolder $projectFile) $target
    if (-not $WithoutLockFile) {
        Copy-Item (Join-Path $projectFolder 'packages.lock.json') $target
    }
    # The projects it references (the module references its core), each at its own relative place.
    foreach ($reference in @(([xml](Get-Content (Join-Path $projectFolder $projectFile) -Raw)).SelectNodes('//ProjectReference/@Include') | ForEach-Object Value)) {
        $referenced = [IO.Path]::GetFullPath((Join-Path $projectFolder $reference))
        $referencedTarget = Join-Path $Destination ([IO.Path]::GetRelativePath($root, (Split-Path $referenced)))
        New-Item -ItemType Directory -Path $referencedTarget -Force | Out-Null
        Copy-Item $referenced $referencedTarget
        if (-not $WithoutLockFile) {
            Copy-Item (Join-Path (Split-Path $referenced) 'packages.lock.json') $referencedTarget
        }
    }
    Set-Content -Path (Join-Path $Destination 'nuget.config') -Value @"
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="older" value="$Feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <fallbackPackageFolders><clear /></fallbackPackageFolders>
  <packageSourceMapping>
    <clear />
    <packageSource key="older"><package pattern="*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
"@
    Join-Path $target $projectFile
}

# Restores with caches of its own; returns the exit code, the output and package id -> resolved version.
function Invoke-Restore([string] $ProjectPath, [string] $Caches, [string[]] $Arguments) {
    $saved = @{}
    foreach ($name in 'NUGET_PACKAGES', 'NUGET_HTTP_CACHE_PATH', 'NUGET_PLUGINS_CACHE_PATH') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }
    try {
        $env:NUGET_PACKAGES = Join-Path $Caches 'packages'
        $env:NUGET_HTTP_CACHE_PATH = Join-Path $Caches 'http-cache'
        $env:NUGET_PLUGINS_CACHE_PATH = Join-Path $Caches 'plugins-cache'
        $output = & dotnet restore $ProjectPath --nologo @Arguments 2>&1 | ForEach-Object { "$_" }
        $exit = $LASTEXITCODE
    }
    finally {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    $resolved = @{}
    $assets = Join-Path (Split-Path $ProjectPath) 'obj/project.assets.json'
    if ($exit -eq 0 -and (Test-Path $assets)) {
        foreach ($library in (Get-Content $assets -Raw | ConvertFrom-Json -AsHashtable).libraries.GetEnumerator()) {
            if ($library.Value.type -ne 'package') { continue }
            $id, $version = $library.Key -split '/', 2
            $resolved[$id] = $version
        }
    }
    [pscustomobject]@{ ExitCode = $exit; Output = $output; Resolved = $resolved }
}

$Feed = Join-Path $WorkPath 'feed'
New-Item -ItemType Directory -Path $Feed -Force | Out-Null
foreach ($package in $OlderPackage) {
    $id, $version = $package -split '/', 2
    New-FeedPackage -Feed $Feed -Id $id -Version $version
}

$locked = @{}
foreach ($framework in (Get-Content (Join-Path $projectFolder 'packages.lock.json') -Raw | ConvertFrom-Json -AsHashtable).dependencies.Values) {
    foreach ($package in $framework.GetEnumerator()) {
        if ($package.Value.ContainsKey('resolved')) { $locked[$package.Key] = $package.Value.resolved }
    }
}

try {
    $lockedProject = Copy-RestoreInputs (Join-Path $WorkPath 'locked')
    $lockedRestore = Invoke-Restore $lockedProject (Join-Path $WorkPath 'caches-locked') @('--locked-mode')

    $unpinnedProject = Copy-RestoreInputs (Join-Path $WorkPath 'unpinned') -WithoutLockFile
    $unpinnedRestore = Invoke-Restore $unpinnedProject (Join-Path $WorkPath 'caches-unpinned') @(
        '-p:RestorePackagesWithLockFile=false', '-p:RestoreLockedMode=false', '-p:CentralPackageTransitivePinningEnabled=false',
        '-p:WarningsAsErrors=NU0000')

    $drift = @(foreach ($id in $locked.Keys | Sort-Object) {
            if ($lockedRestore.Resolved[$id] -ne $locked[$id]) {
                "$id locked $($locked[$id]), resolved $(if ($lockedRestore.Resolved[$id]) { $lockedRestore.Resolved[$id] } else { 'nothing' })"
            }
        })
    [pscustomobject]@{
        OlderPackages        = $OlderPackage
        Locked               = $locked
        LockedExitCode       = $lockedRestore.ExitCode
        LockedResolved       = $lockedRestore.Resolved
        LockedOutput         = $lockedRestore.Output
        Drift                = $drift
        UnpinnedExitCode     = $unpinnedRestore.ExitCode
        UnpinnedResolved     = $unpinnedRestore.Resolved
        UnpinnedOutput       = $unpinnedRestore.Output
    }
}
finally {
    Remove-Item $WorkPath -Recurse -Force -ErrorAction SilentlyContinue
}
