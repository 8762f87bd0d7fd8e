#Requires -Version 7.2
<#
.SYNOPSIS
Builds, stages, tests and demonstrates AhiTools.

.EXAMPLE
dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Package    # out/packages/AhiTools.<version>.nupkg

.EXAMPLE
dotnet pwsh ./build.ps1 -Task UpdateLockFiles    # after changing a version in Directory.Packages.props or tools/TestTools.proj

.EXAMPLE
dotnet pwsh ./build.ps1 -Task Clean    # removes what the build wrote: out/ (or AHITOOLS_OUT) and the Node suites' node_modules
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package', 'UpdateLockFiles', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
# AHITOOLS_OUT lets two builds of one checkout run side by side (CI and the README use out/).
$Out = if ($env:AHITOOLS_OUT) { $env:AHITOOLS_OUT } else { Join-Path $Root 'out' }
$Staged = Join-Path $Out 'AhiTools'
$ServiceOut = Join-Path $Out 'LocalService'
$Packages = Join-Path $Out 'packages'
# Intermediate files under the output folder too, so that a build never shares obj/ with another one.
$Artifacts = Join-Path $Out 'artifacts'
$TestToolsProject = Join-Path $Root 'tools/TestTools.proj'
# The test tools' versions are written once, in tools/TestTools.proj.
$TestToolVersions = ([xml](Get-Content $TestToolsProject -Raw)).Project.PropertyGroup
$PesterVersion = $TestToolVersions.PesterVersion
$OlderAwsSdkCoreVersion = $TestToolVersions.OlderAwsSdkCoreVersion

# The platforms whose PowerShell 7 gets the module precompiled (bin/net10.0/<rid>/), written once in Directory.Build.props.
$ReadyToRunRuntimes = @(([xml](Get-Content (Join-Path $Root 'Directory.Build.props') -Raw)).SelectSingleNode('/Project/PropertyGroup/AhiToolsReadyToRunRuntimes').InnerText -split ';' | Where-Object { $_ })
$ReadyToRunFramework = 'net10.0'

# Assemblies the staged module cannot work without: the build fails when one is missing.
$ExpectedAssemblies = @(
    'AhiTools.dll'
    'AhiTools.Core.dll'
    'AhiTools.Shared.dll'
    'AWSSDK.Core.dll'
    'AWSSDK.SecurityToken.dll'
    'AWSSDK.SSO.dll'
    'AWSSDK.SSOOIDC.dll'
    'System.Text.Json.dll'
)

# Bounds for the steps that can hang, so that a hang fails its step (or is tried again) well within CI's limit. A test
# run here takes a few minutes and an npm ci seconds.
$TestRunDeadline = [TimeSpan]::FromMinutes(25)
$NodeTestTimeout = [TimeSpan]::FromMinutes(5)
$NpmCiDeadline = [TimeSpan]::FromMinutes(4)
$NpmFetchTimeout = [TimeSpan]::FromMinutes(1)

function Invoke-WithDeadline {
    & (Join-Path $Root 'tools/Invoke-ProcessWithDeadline.ps1') @args
}

# A plain function (no param block) so that dotnet's own switches such as -o pass through untouched.
function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE"
    }
}

# The pwsh this script runs in, started again as a fresh process.
function Get-PwshCommand {
    $dll = Join-Path $PSHOME 'pwsh.dll'
    if ((Test-Path $dll) -and [Environment]::ProcessPath -like '*dotnet*') {
        return @([Environment]::ProcessPath, $dll)
    }
    return @([Environment]::ProcessPath)
}

# Locked mode: exactly the versions in each project's packages.lock.json, or a failure that names the package.
function Restore-Packages {
    Invoke-Dotnet restore (Join-Path $Root 'AhiTools.sln') --locked-mode --artifacts-path $Artifacts --nologo -v quiet
}

function Update-LockFiles {
    Invoke-Dotnet restore (Join-Path $Root 'AhiTools.sln') --force-evaluate '-p:RestoreLockedMode=false' --artifacts-path $Artifacts --nologo
    Invoke-Dotnet restore $TestToolsProject --force-evaluate '-p:RestoreLockedMode=false' --packages $Packages --nologo
    # Not in the solution (CI never restores it): the precompiled PowerShell that bench/Measure-Startup.ps1 starts.
    Invoke-Dotnet restore (Join-Path $Root 'bench/PwshHost/PwshHost.csproj') --force-evaluate '-p:RestoreLockedMode=false' --artifacts-path $Artifacts --nologo
    Write-Host 'Lock files updated: review them with git diff, and THIRD-PARTY-NOTICES.txt if a shipped package changed.'
}

# Versions that must agree although different files hold them: the PowerShell that runs the tests (the dotnet tool)
# and AhiToolsPowerShellVersion (the PowerShell SDK of the xunit tests; the PowerShell the cmdlets are precompiled against).
function Assert-PinnedVersionsAgree {
    $tool = (Get-Content (Join-Path $Root '.config/dotnet-tools.json') -Raw | ConvertFrom-Json).tools.powershell.version
    $sdk = ([xml](Get-Content (Join-Path $Root 'Directory.Packages.props') -Raw)).SelectSingleNode('/Project/PropertyGroup/AhiToolsPowerShellVersion').InnerText
    if ($tool -ne $sdk) {
        throw "PowerShell $tool is the tool in .config/dotnet-tools.json but AhiToolsPowerShellVersion is $sdk in Directory.Packages.props: make them equal, then run ./build.ps1 -Task UpdateLockFiles."
    }
}

function Invoke-Build {
    $publish = Join-Path $Out 'publish'
    Remove-Item $Staged, $publish -Recurse -Force -ErrorAction SilentlyContinue

    Assert-PinnedVersionsAgree
    Restore-Packages
    Invoke-Dotnet publish (Join-Path $Root 'src/AhiTools/AhiTools.csproj') -c $Configuration -f netstandard2.0 -o (Join-Path $publish 'AhiTools') --artifacts-path $Artifacts --no-restore --nologo -v quiet
    foreach ($rid in $ReadyToRunRuntimes) {
        Invoke-Dotnet publish (Join-Path $Root 'src/AhiTools/AhiTools.csproj') -c $Configuration -f $ReadyToRunFramework -r $rid -o (Join-Path $publish "AhiTools-$rid") --artifacts-path $Artifacts --no-restore --nologo -v quiet
    }
    Invoke-Dotnet publish (Join-Path $Root 'src/AhiTools.Shared/AhiTools.Shared.csproj') -c $Configuration -o (Join-Path $publish 'Shared') --artifacts-path $Artifacts --no-restore --nologo -v quiet
    Invoke-Dotnet publish (Join-Path $Root 'src/AhiTools.LocalService/AhiTools.LocalService.csproj') -c $Configuration -o $ServiceOut --artifacts-path $Artifacts --no-restore --nologo -v quiet

    $bin = Join-Path $Staged 'bin'
    New-Item -ItemType Directory -Path $bin -Force | Out-Null
    Copy-Item (Join-Path $Root 'AhiTools.psd1') $Staged
    Copy-Item (Join-Path $Root 'module/*') $Staged -Recurse
    Copy-Item (Join-Path $Root 'LICENSE'), (Join-Path $Root 'THIRD-PARTY-NOTICES.txt') $Staged
    Copy-LocalServiceIntoModule
    # PowerShell's own assembly must come from the host, never from the module folder.
    Get-ChildItem (Join-Path $publish 'AhiTools') -Filter *.dll |
        Where-Object Name -ne 'System.Management.Automation.dll' |
        Copy-Item -Destination $bin
    Copy-Item (Join-Path $publish 'Shared/AhiTools.Shared.dll') $bin
    Copy-ReadyToRunBuilds -PublishPath $publish -BinPath $bin

    $missing = $ExpectedAssemblies | Where-Object { -not (Test-Path (Join-Path $bin $_)) }
    if ($missing) {
        throw "The staged module is missing: $($missing -join ', ')"
    }
    & (Join-Path $Root 'tools/Assert-ThirdPartyNotices.ps1') -BinPath $bin -NoticesPath (Join-Path $Root 'THIRD-PARTY-NOTICES.txt') `
        -LockFilePath (Join-Path $Root 'src/AhiTools/packages.lock.json') -AssetsPath (Join-Path $Artifacts 'obj/AhiTools/project.assets.json')

    Restore-TestTools
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -File (Join-Path $Root 'tools/New-AhiHelp.ps1') -ModulePath $Staged -DocsPath (Join-Path $Root 'docs')
    if ($LASTEXITCODE -ne 0) {
        throw 'Generating cmdlet help failed.'
    }
    Write-Host "Staged $Staged"
}

# bin/net10.0/<rid>/: the module and its dependencies precompiled for PowerShell 7.6 on that platform (the loader in
# AhiTools.Shared picks the folder). They come from the same locked packages as bin/, so the notices that list bin/
# cover them: a third-party assembly that bin/ does not have fails the build.
function Copy-ReadyToRunBuilds([string] $PublishPath, [string] $BinPath) {
    $portable = @(Get-ChildItem $BinPath -Filter *.dll | ForEach-Object Name)
    foreach ($rid in $ReadyToRunRuntimes) {
        $target = Join-Path $BinPath "$ReadyToRunFramework/$rid"
        New-Item -ItemType Directory -Path $target -Force | Out-Null
        Get-ChildItem (Join-Path $PublishPath "AhiTools-$rid") -Filter *.dll |
            Where-Object Name -ne 'System.Management.Automation.dll' |
            Copy-Item -Destination $target
        $unlisted = Get-ChildItem $target -Filter *.dll | Where-Object { $_.Name -notlike 'AhiTools*' -and $_.Name -notin $portable }
        if ($unlisted) {
            throw "bin/$ReadyToRunFramework/$rid ships $($unlisted.Name -join ', '), which bin/ does not: add it to THIRD-PARTY-NOTICES.txt and to this check."
        }
    }
}

# The local service travels inside the module (AhiTools/LocalService) so that Start-AHILocalService works in an
# installed module. Run with `dotnet`, so the platform-specific app host, symbols and IIS file stay behind.
function Copy-LocalServiceIntoModule {
    $target = Join-Path $Staged 'LocalService'
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    Get-ChildItem $ServiceOut -File | Where-Object { $_.Extension -in '.dll', '.json' } | Copy-Item -Destination $target
    Copy-Item (Join-Path $ServiceOut 'samples') $target -Recurse
    # THIRD-PARTY-NOTICES.txt says the service ships no third-party assembly: keep it true.
    $thirdParty = Get-ChildItem $target -Filter *.dll | Where-Object Name -notlike 'AhiTools*'
    if ($thirdParty) {
        throw "The local service now ships $($thirdParty.Name -join ', '): list them in THIRD-PARTY-NOTICES.txt and check them here."
    }
}

function Restore-TestTools {
    if ((Test-Path (Join-Path $Packages "pester/$PesterVersion/tools/Pester.psd1")) -and
        (Test-Path (Join-Path $Packages "awssdk.core/$OlderAwsSdkCoreVersion"))) {
        return
    }
    Invoke-Dotnet restore $TestToolsProject --locked-mode --packages $Packages --nologo -v quiet
}

function Get-TrxCounts([string] $Directory) {
    $passed = 0; $failed = 0
    foreach ($file in Get-ChildItem $Directory -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content $file.FullName -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-XunitSuite([string] $Project, [string] $Name) {
    $results = Join-Path $Out "TestResults/$Name"
    Remove-Item $results -Recurse -Force -ErrorAction SilentlyContinue
    $run = Invoke-WithDeadline -Deadline $TestRunDeadline -FilePath dotnet -ArgumentList @('test', (Join-Path $Root $Project), '-c', $Configuration,
        '--artifacts-path', $Artifacts, '--no-restore', '--nologo', '--logger', 'trx', '--logger', 'console;verbosity=minimal', '--results-directory', $results)
    $exit = $run.ExitCode
    $counts = Get-TrxCounts $results
    if ($exit -ne 0 -and $counts.Failed -eq 0) {
        # The build or the runner failed before any result was written: count the suite as failed.
        $counts.Failed = 1
    }
    Write-Host "$Name`: $($counts.Passed) passed, $($counts.Failed) failed"
    $counts
}

function Invoke-PesterSuite {
    $summary = Join-Path $Out 'TestResults/pester-summary.json'
    Remove-Item $summary -Force -ErrorAction SilentlyContinue
    $pwsh = Get-PwshCommand
    # A fresh pwsh: the staged module is imported there, as a user would.
    $env:AHITOOLS_OUT = $Out
    $run = Invoke-WithDeadline -Deadline $TestRunDeadline -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @(
            '-NoProfile', '-File', (Join-Path $Root 'tests/pester/Invoke-AhiPester.ps1'),
            '-PesterPath', (Join-Path $Packages "pester/$PesterVersion/tools/Pester.psd1"), '-SummaryPath', $summary))
    if ($run.TimedOut -or -not (Test-Path $summary)) {
        Write-Host 'Pester: the run ended before writing its summary'
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $result = Get-Content $summary -Raw | ConvertFrom-Json
    Write-Host "Pester: $($result.Passed) passed, $($result.Failed) failed"
    [pscustomobject]@{ Passed = [int]$result.Passed; Failed = [int]$result.Failed }
}

# node --test in a folder after npm ci, counted from its TAP summary. npm ci fetches from the registry, so a failed or
# stalled install is tried again; a test that hangs fails by node's own per-test timeout, which names it.
function Invoke-NodeTestSuite([string] $Folder, [string] $Name) {
    $install = Invoke-WithDeadline -Deadline $NpmCiDeadline -Attempts 3 -WorkingDirectory $Folder -FilePath npm -ArgumentList @(
        'ci', '--no-audit', '--no-fund', '--loglevel=error', "--fetch-timeout=$([int] $NpmFetchTimeout.TotalMilliseconds)")
    if ($install.ExitCode -ne 0) {
        Write-Host "$Name`: npm ci failed"
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $tap = Join-Path $Out "TestResults/$Name.tap"
    New-Item -ItemType Directory -Path (Split-Path $tap) -Force | Out-Null
    Remove-Item $tap -Force -ErrorAction SilentlyContinue
    $run = Invoke-WithDeadline -Deadline $TestRunDeadline -WorkingDirectory $Folder -FilePath node -ArgumentList @(
        '--test', "--test-timeout=$([int] $NodeTestTimeout.TotalMilliseconds)",
        '--test-reporter=tap', '--test-reporter-destination=stdout', '--test-reporter=tap', "--test-reporter-destination=$tap")
    $passed = 0; $failed = 0
    foreach ($line in Get-Content $tap -ErrorAction SilentlyContinue) {
        if ($line -match '^# pass (\d+)$') { $passed = [int]$Matches[1] }
        if ($line -match '^# fail (\d+)$') { $failed = [int]$Matches[1] }
    }
    if ($run.ExitCode -ne 0 -and $failed -eq 0) { $failed = 1 }
    Write-Host "$Name`: $passed passed, $failed failed"
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-ConformanceSuite {
    $suite = Join-Path $Root 'tests/conformance'
    if (-not (Test-Path (Join-Path $suite 'package.json'))) {
        return [pscustomobject]@{ Passed = 0; Failed = 0 }
    }
    $env:AHITOOLS_LOCALSERVICE_DLL = Join-Path $ServiceOut 'AhiTools.LocalService.dll'
    Invoke-NodeTestSuite $suite 'Conformance'
}

# The checked-in DICOM rules table is what tools/dicom-keywords generates from the dictionary.
function Invoke-DicomRulesCheck {
    Invoke-NodeTestSuite (Join-Path $Root 'tools/dicom-keywords') 'DICOM rules table'
}

# The C# house rules in .editorconfig (whitespace and code style at severity warning), checked by the SDK's own
# dotnet format before any test so that a break fails fast. It reads the projects restored by Restore-Packages: the
# two variables put their obj/ in the artifacts folder, as --artifacts-path does for the other dotnet commands.
function Assert-Formatted {
    $env:UseArtifactsOutput = 'true'
    $env:ArtifactsPath = $Artifacts
    try {
        & dotnet format (Join-Path $Root 'AhiTools.sln') --verify-no-changes --no-restore --severity warn
        $exit = $LASTEXITCODE
    }
    finally {
        Remove-Item Env:UseArtifactsOutput, Env:ArtifactsPath -ErrorAction SilentlyContinue
    }
    if ($exit -ne 0) {
        throw "Some C# files break the house rules in .editorconfig (listed above): run 'dotnet format AhiTools.sln', review the diff and commit it."
    }
    Write-Host 'dotnet format: every C# file follows .editorconfig'
}

function Invoke-Test {
    Assert-PinnedVersionsAgree
    Restore-Packages
    Assert-Formatted
    Invoke-Build
    $suites = @(
        Invoke-XunitSuite 'tests/AhiTools.Tests/AhiTools.Tests.csproj' 'xunit-module'
        Invoke-XunitSuite 'tests/AhiTools.LocalService.Tests/AhiTools.LocalService.Tests.csproj' 'xunit-localservice'
        Invoke-ConformanceSuite
        Invoke-DicomRulesCheck
        Invoke-PesterSuite
    )
    $passed = ($suites | Measure-Object Passed -Sum).Sum
    $failed = ($suites | Measure-Object Failed -Sum).Sum
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) {
        exit 1
    }
}

# Removes only what the build writes: its folders in the output folder (AHITOOLS_OUT may name a folder that holds other
# things, which stay) and the Node suites' node_modules; then the output folder itself if that left it empty.
function Invoke-Clean {
    $written = @($Staged, $ServiceOut, $Packages, $Artifacts, (Join-Path $Out 'publish'), (Join-Path $Out 'TestResults'),
        (Join-Path $Root 'tests/conformance/node_modules'), (Join-Path $Root 'tools/dicom-keywords/node_modules'))
    foreach ($path in $written | Where-Object { Test-Path $_ }) {
        Remove-Item $path -Recurse -Force
        Write-Host "Removed $path"
    }
    if ((Test-Path $Out) -and -not (Get-ChildItem $Out -Force)) {
        Remove-Item $Out -Force
        Write-Host "Removed $Out"
    }
}

# A .nupkg of the staged module, as Publish-PSResource would upload it; installable from a local repository.
function Invoke-Package {
    Invoke-Build
    $package = & (Join-Path $Root 'tools/New-AhiPackage.ps1') -ModulePath $Staged -DestinationPath $Packages
    Write-Host "Packaged $($package.FullName)"
}

function Invoke-Demo {
    Invoke-Build
    $pwsh = Get-PwshCommand
    & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -File (Join-Path $Root 'tools/Invoke-AhiDemo.ps1') -ModulePath (Join-Path $Staged 'AhiTools.psd1') -ServiceDll (Join-Path $ServiceOut 'AhiTools.LocalService.dll') -SeedPath (Join-Path $Root 'src/AhiTools.LocalService/samples/seed.json')
    if ($LASTEXITCODE -ne 0) {
        exit $LASTEXITCODE
    }
}

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Package' { Invoke-Package }
        'UpdateLockFiles' { Update-LockFiles }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
