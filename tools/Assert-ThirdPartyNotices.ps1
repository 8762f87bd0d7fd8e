# Fails unless THIRD-PARTY-NOTICES.txt lists every third-party assembly in the staged bin/ with exactly the package
# and version that the restore resolved (the project's packages.lock.json, which locked restores follow), and lists
# nothing that is no longer shipped. build.ps1 runs it on every build, so the notices cannot drift from the graph.
param(
    [Parameter(Mandatory)] [string] $BinPath,
    [Parameter(Mandatory)] [string] $NoticesPath,
    [Parameter(Mandatory)] [string] $LockFilePath,
    # The restore's assets file: which package each assembly came from.
    [Parameter(Mandatory)] [string] $AssetsPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$assets = Get-Content $AssetsPath -Raw | ConvertFrom-Json -AsHashtable
$lock = Get-Content $LockFilePath -Raw | ConvertFrom-Json -AsHashtable

# Assembly file name -> @{ Id; Version } as restored.
$resolvedByAssembly = @{}
foreach ($target in $assets.targets.Values) {
    foreach ($library in $target.GetEnumerator()) {
        if ($library.Value.type -ne 'package' -or -not $library.Value.ContainsKey('runtime')) { continue }
        $id, $version = $library.Key -split '/', 2
        foreach ($file in $library.Value.runtime.Keys) {
            $resolvedByAssembly[[IO.Path]::GetFileName($file)] = @{ Id = $id; Version = $version }
        }
    }
}

# Package id -> the versions locked, one per target framework that has it (netstandard2.0, and net10.0 for the
# precompiled builds in bin/net10.0/<rid>/): each must be the version restored.
$lockedVersions = @{}
foreach ($framework in $lock.dependencies.Values) {
    foreach ($package in $framework.GetEnumerator()) {
        if ($package.Value.ContainsKey('resolved')) { $lockedVersions[$package.Key] = @($lockedVersions[$package.Key]) + $package.Value.resolved | Where-Object { $_ } }
    }
}

# bin/<file> -> "<package> <version>" as the notices list them.
$notices = Get-Content $NoticesPath -Raw
$listed = @{}
foreach ($entry in [regex]::Matches($notices, '(?m)^bin/(?<file>\S+)\r?\n\s+Package:\s+(?<package>\S+) (?<version>\S+)\r?$')) {
    $listed[$entry.Groups['file'].Value] = @{ Id = $entry.Groups['package'].Value; Version = $entry.Groups['version'].Value }
}

$lockName = Split-Path $LockFilePath -Leaf
$problems = [Collections.Generic.List[string]]::new()
$shipped = Get-ChildItem $BinPath -Filter *.dll | Where-Object Name -notlike 'AhiTools*'
foreach ($dll in $shipped) {
    $resolved = $resolvedByAssembly[$dll.Name]
    if (-not $resolved) {
        $problems.Add("bin/$($dll.Name) comes from no package of the restore: find where it comes from, then list it with its package, version, licence and source.")
        continue
    }
    $package = "$($resolved.Id) $($resolved.Version)"
    $locked = @($lockedVersions[$resolved.Id]) | Where-Object { $_ -ne $resolved.Version } | Select-Object -First 1
    if (-not $lockedVersions[$resolved.Id] -or $locked) {
        $problems.Add("$($resolved.Id): $lockName locks $(if ($locked) { $locked } else { 'no version' }), the restore resolved $($resolved.Version). Restore in locked mode (build.ps1 does), or run ./build.ps1 -Task UpdateLockFiles after changing Directory.Packages.props.")
    }
    $entry = $listed[$dll.Name]
    if (-not $entry) {
        $problems.Add("bin/$($dll.Name) ($package) is not listed: add an entry with its package, version, licence and source.")
    }
    elseif ($entry.Id -ne $resolved.Id -or $entry.Version -ne $resolved.Version) {
        $problems.Add("bin/$($dll.Name): the notices list $($entry.Id) $($entry.Version), the build resolved $package. Pin $($resolved.Id) to $($entry.Version) in Directory.Packages.props and run ./build.ps1 -Task UpdateLockFiles, or update the entry (version, licence and copyright) to $($resolved.Version).")
    }
}
foreach ($file in $listed.Keys | Where-Object { $_ -notin $shipped.Name } | Sort-Object) {
    $problems.Add("bin/$file is listed but no longer shipped: remove its entry (and its licence text if nothing else uses it).")
}

if ($problems.Count) {
    throw "THIRD-PARTY-NOTICES.txt does not match what the build ships:`n- $($problems -join "`n- ")"
}
