<#
.SYNOPSIS
Measures what AhiTools adds to a fresh pwsh: Import-Module, the first call, and tab completion's first answer.
.DESCRIPTION
Target: Import-Module plus the first call (Get-AHIImageSetVersion <datastore> <image set>, against the local
service) costs at most 250 ms over a bare `pwsh -NoProfile -c exit`, and so does completion's first answer for
-DatastoreId, -ImageSetId and -VersionId in a fresh session whose connection comes from $PSDefaultParameterValues
(as Start-AHILocalService -SetDefaults leaves it). PowerShell's own first completion in a fresh session (TabExpansion2
for a core cmdlet's enum parameter, no module, the same $PSDefaultParameterValues set first) is measured too:
OverFirstCompletionMs is what the module adds to it. One more completion starts without the import, as a user's first
Tab in a new session usually does: PowerShell finds the command on PSModulePath and loads the module itself. Three
more attribute the first-call warm-up (started by the first command or completion that calls HealthImaging):
completion -DatastoreId without it, and the completion of a parameter's name (nothing remote), with and without it.

Two PowerShells (-Pwsh): "precompiled", bench/PwshHost (PowerShell of the same version, published ReadyToRun, as an
installed pwsh is; the first run publishes it into $AHITOOLS_OUT/PwshHost), and "tool", the dotnet tool of
.config/dotnet-tools.json, whose own code is JIT-compiled at every start and so counts PowerShell's code paths that the
module triggers (format loading, Import-Module, completion) against the module. What a user sees is the precompiled one.

Every scenario is a whole process, started by the same launcher as that PowerShell's bare pwsh. The scenarios of every
PowerShell are run in turns, -Runs rounds, each round in a rotated order; a scenario's cost is the median over the
rounds of (its wall time minus the same PowerShell's bare wall time in the same round). Four more completion processes
time, inside themselves, the wait at the prompt of a fresh session (InSessionMs): from before the import, when they have
one, to the first answer, without the process's own start and exit (the exit writes PowerShell's startup profile, which
grows with the code a session ran). They are scenarios of their own because the timing costs the whole process: a fresh
session's first .NET method call from script costs PowerShell about 50 ms. On Linux and macOS each
scenario has a PowerShell cache folder of its own, so the JIT profile a run starts from is its own scenario's. On Linux
the same is given for CPU time (user + system, every thread of the child): on a busy machine it moves far less than
wall time, and it tells work saved from work moved to another core (the warm-up). After the table, a summary reads
issue 14's budget from it: import plus the first call over a bare start; completion's first answer as the wait at the
prompt of a fresh session and as what the module adds to PowerShell's own first completion; and, beside them,
completion over a bare start, which also charges PowerShell's own first completion.

Then, unless -SkipBreakdown, the breakdown: fresh processes (-BreakdownRuns of each, medians) report each phase's
wall time, JIT time and methods compiled (System.Runtime.JitInfo) and the assemblies loaded. One kind imports the
module as a user does; the other repeats the psm1's steps and the first call's steps one at a time, so that the cost
can be attributed (load-context loader, cmdlet assembly, format data, Import-Module -Assembly; connection resolution,
client construction, JSON, the first HTTP exchange with signing, and the cmdlet and its output). Three more time
completion's first answer from the Tab, as a user waits for it in a fresh session: with the module imported, with the
module auto-loaded by that Tab, and PowerShell's own first completion without the module.
.EXAMPLE
dotnet pwsh ./bench/Measure-Startup.ps1
.EXAMPLE
dotnet pwsh ./bench/Measure-Startup.ps1 -Runs 20 -BreakdownRuns 5
.EXAMPLE
dotnet pwsh ./bench/Measure-Startup.ps1 -SkipBreakdown -BaselineManifest /tmp/before/out/AhiTools/AhiTools.psd1
.EXAMPLE
dotnet pwsh ./bench/Measure-Startup.ps1 -Pwsh Precompiled
#>
param(
    [int] $Runs = 10,
    [int] $BreakdownRuns = 3,
    [switch] $SkipBreakdown,
    # Another staged AhiTools.psd1 (an earlier build) measured in the same rounds, for a before/after at equal load.
    [string] $BaselineManifest,
    # Which PowerShell starts the processes: bench/PwshHost (precompiled, as installed), the dotnet tool, or both.
    [ValidateSet('Both', 'Precompiled', 'Tool')]
    [string] $Pwsh = 'Both'
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $middle = [math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

$hosts = [ordered]@{}
if ($Pwsh -in 'Both', 'Precompiled') { $hosts['precompiled'] = @(Get-BenchPrecompiledPwsh) }
if ($Pwsh -in 'Both', 'Tool') { $hosts['tool'] = @(Get-BenchCurrentPwsh) }

# CPU time (user + system) of this process's finished children, in ms, on Linux; null elsewhere. Less sensitive than
# wall time to other work on a shared machine, it shows whether a change saved work or only moved it.
$clockTicksPerSecond = if ($IsLinux) { [double](& getconf CLK_TCK) } else { 0 }
function Get-ChildrenCpuMs {
    if (-not $clockTicksPerSecond) { return $null }
    # /proc/self/stat after the command name: field 16 (cutime) and 17 (cstime) of the whole line are 13 and 14 here.
    $fields = ((Get-Content /proc/self/stat -Raw) -replace '^.*\) ', '') -split ' '
    ([double]$fields[13] + [double]$fields[14]) * 1000 / $clockTicksPerSecond
}

# CacheHome (Linux and macOS): the child's XDG_CACHE_HOME. PowerShell keeps there the methods its last run compiled
# (StartupProfileData-NonInteractive) and compiles them ahead at the next start; with one folder per scenario, every
# run replays its own scenario's previous run, as a runbook that runs the same script does, rather than whichever
# scenario the rotation ran before it (which moved a run by 40-100 ms).
function Invoke-Timed([string[]] $Launcher, [string] $Command, [string] $CacheHome) {
    [string[]] $prefix = @($Launcher | Select-Object -Skip 1)
    $savedCacheHome = $env:XDG_CACHE_HOME
    if ($CacheHome -and -not $IsWindows) { $env:XDG_CACHE_HOME = $CacheHome }
    $cpuBefore = Get-ChildrenCpuMs
    $watch = [Diagnostics.Stopwatch]::StartNew()
    try {
        $output = & $Launcher[0] @prefix -NoProfile -NonInteractive -c $Command 2>&1
    }
    finally {
        $watch.Stop()
        $env:XDG_CACHE_HOME = $savedCacheHome
    }
    $cpuAfter = Get-ChildrenCpuMs
    if ($LASTEXITCODE -ne 0) { throw "The child failed (exit $LASTEXITCODE): $Command`n$($output -join "`n")" }
    # The wait that a -TimedInside completion timed inside the process.
    $inSession = @($output | ForEach-Object { if ("$_" -match '^in-session-ms ([0-9.Ee+-]+)$') { [double]::Parse($Matches[1], [Globalization.CultureInfo]::InvariantCulture) } })
    [pscustomobject]@{
        WallMs      = $watch.Elapsed.TotalMilliseconds
        CpuMs       = if ($null -ne $cpuAfter) { $cpuAfter - $cpuBefore }
        InSessionMs = if ($inSession) { $inSession[0] }
    }
}

# Issue 14's budget, 250 ms, read from the table: import plus the first call as a whole process over a bare start; and
# completion's first answer both as the wait at the prompt of a fresh session (timed inside) and as what the module
# adds to PowerShell's own first completion, whole processes. Completion over a bare start is shown beside them: it
# also charges PowerShell's own first completion (its process costs about 100 ms over a bare start, with no module).
function Get-BudgetSummary([string] $HostName, [object[]] $Rows, [string] $FirstCompletion) {
    # A scenario renamed in the table must not read as 0 ms, "within 250 ms".
    function Get-Row([string] $Scenario) {
        $row = $Rows | Where-Object Scenario -eq $Scenario
        if (-not $row) { throw "The summary reads the scenario '$Scenario', which the table does not have." }
        $row
    }
    function Format-Verdict([double[]] $Values) { if (@($Values | Where-Object { $_ -gt 250 }).Count) { 'over 250 ms' } else { 'within 250 ms' } }
    $firstCall = (Get-Row 'Import-Module + first call').OverBareMs
    $completions = [ordered]@{ '-DatastoreId' = 'completion -DatastoreId (defaults)'; '-ImageSetId' = 'completion -ImageSetId (defaults)'
        '-VersionId' = 'completion -VersionId (defaults)'; '-DatastoreId auto-loaded' = 'completion -DatastoreId, module auto-loaded (defaults)' }
    $timedInside = [ordered]@{ '-DatastoreId' = 'timed inside: import, completion -DatastoreId'; '-VersionId' = 'timed inside: import, completion -VersionId'
        '-DatastoreId auto-loaded' = 'timed inside: completion -DatastoreId, module auto-loaded' }
    $overFirst = @($completions.Keys | ForEach-Object { [double](Get-Row $completions[$_]).OverFirstCompletionMs })
    $overBare = @($completions.Keys | ForEach-Object { [double](Get-Row $completions[$_]).OverBareMs })
    $inSession = @($timedInside.Keys | ForEach-Object { [double](Get-Row $timedInside[$_]).InSessionMs })
    $list = { param($Names, $Values) (@(for ($i = 0; $i -lt $Values.Count; $i++) { "$(@($Names)[$i]) $($Values[$i])" }) -join ', ') + ' ms' }
    "Issue 14's budget, $HostName pwsh:"
    "  import + first call, whole process over a bare start: $firstCall ms, $(Format-Verdict $firstCall)"
    "  completion's first answer, the wait at the prompt of a fresh session (timed inside, the import included): $(& $list $timedInside.Keys $inSession), $(Format-Verdict $inSession)"
    "  completion's first answer, what the module adds to PowerShell's own first completion (whole processes): $(& $list $completions.Keys $overFirst), $(Format-Verdict $overFirst)"
    "  completion's first answer, whole process over a bare start: $(& $list $completions.Keys $overBare); PowerShell's own first completion alone: $((Get-Row $FirstCompletion).OverBareMs) ms"
    ''
}

$service = Start-BenchService
$savedEnvironment = @{}
$cacheRoot = Join-Path ([IO.Path]::GetTempPath()) "ahitools-startup-$PID"
try {
    $created = Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' `
        -Body '{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientID":"B"}},"Study":{"DICOM":{"StudyInstanceUID":"2.25.1"},"Series":{}}}'
    Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSet/$($created.imageSetId)/versions" -ContentType 'application/json' -Body '{}' | Out-Null
    $datastoreId = $service.DatastoreId
    $imageSetId = $created.imageSetId
    $accessKey = 'AKIALOCALAHITOOLS000'
    $secretKey = 'ahitools-local-secret-key-0000000000000'

    # The first call finds its connection as a runbook would: in the environment.
    $connectionEnvironment = @{
        AWS_ACCESS_KEY_ID                = $accessKey
        AWS_SECRET_ACCESS_KEY            = $secretKey
        AWS_REGION                       = 'us-east-1'
        AWS_ENDPOINT_URL_MEDICAL_IMAGING = $service.Endpoint
    }
    foreach ($name in $connectionEnvironment.Keys) {
        $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $connectionEnvironment[$name])
    }

    $import = "Import-Module '$ModuleManifest'"
    # As Start-AHILocalService -SetDefaults leaves the session (no connection in the environment is used).
    $defaults = "`$env:AWS_ACCESS_KEY_ID = `$env:AWS_SECRET_ACCESS_KEY = `$env:AWS_REGION = `$env:AWS_ENDPOINT_URL_MEDICAL_IMAGING = `$null; " +
        "`$PSDefaultParameterValues['*-AHI*:EndpointUrl'] = '$($service.Endpoint)'; `$PSDefaultParameterValues['*-AHI*:AccessKey'] = '$accessKey'; " +
        "`$PSDefaultParameterValues['*-AHI*:SecretKey'] = '$secretKey'; `$PSDefaultParameterValues['*-AHI*:Region'] = 'us-east-1'"
    function New-CompletionCommand([string] $Line, [string] $Expected, [switch] $WithoutModule, [switch] $TimedInside) {
        # Fails the run (exit 3) unless the first answer holds the expected ID: a silent completer would look fast.
        # The reference sets up the session as the completion scenarios do: only the module differs between them.
        $command = $(if ($WithoutModule) { "$defaults; " } else { "$import; $defaults; " }) + "`$r = TabExpansion2 -inputScript '$Line' -cursorColumn $($Line.Length); "
        $check = "if (-not (`$r.CompletionMatches.CompletionText -contains '$Expected')) { exit 3 }"
        if (-not $TimedInside) { return $command + $check }
        # -TimedInside: the wait at the prompt of a fresh session, from before the import (when there is one) to the
        # answer, timed inside the process. The first timestamp is taken once PowerShell has bound its call; the check
        # and the output come after the second. Only in scenarios of their own: a fresh session's first .NET method
        # call from script costs PowerShell 50 ms of the whole process, which would distort the others.
        "`$inSessionStart = [Diagnostics.Stopwatch]::GetTimestamp(); $command" +
        "`$inSessionEnd = [Diagnostics.Stopwatch]::GetTimestamp(); $check; " +
        "[Console]::Out.WriteLine('in-session-ms ' + ((`$inSessionEnd - `$inSessionStart) * 1000.0 / [Diagnostics.Stopwatch]::Frequency))"
    }
    # A user's first Tab in a new session usually imports nothing first: PowerShell finds the command on PSModulePath and
    # loads the module itself. The staged module's folder (named AhiTools) goes first on the path, as a user's own
    # installation is.
    $autoload = "`$env:PSModulePath = `"$(Split-Path (Split-Path $ModuleManifest))$([IO.Path]::PathSeparator)`$env:PSModulePath`""
    # That search reads PowerShell's module analysis cache, which a session writes only if it lives for a while: a
    # short child never finds one, and without it PowerShell waits 75 ms (three reads of the missing file, 25 ms apart)
    # before its first auto-load. Every machine where pwsh has been used has the file, so the untimed runs write it,
    # with PowerShell's own serializer (an internal method, through reflection; bench-only).
    $writeAnalysisCache = "`$null = Get-Command Get-AHIImageSetVersion; `$cacheType = [psobject].Assembly.GetType('System.Management.Automation.AnalysisCacheData'); " +
        "`$data = [psobject].Assembly.GetType('System.Management.Automation.AnalysisCache').GetField('s_cacheData', [Reflection.BindingFlags]'NonPublic, Static').GetValue(`$null); " +
        "`$cacheType.GetMethod('Serialize', [Reflection.BindingFlags]'NonPublic, Instance').Invoke(`$data, @(`$cacheType.GetField('s_cacheStoreLocation', [Reflection.BindingFlags]'NonPublic, Static').GetValue(`$null)))"
    $firstCompletionName = 'completion: PowerShell''s own first answer'
    $scenarios = [ordered]@{
        'pwsh -NoProfile -c exit'            = 'exit'
        'Import-Module'                      = $import
        'Import-Module + first call'         = "$import; Get-AHIImageSetVersion $datastoreId $imageSetId | Out-Null"
        # The same without the warm-up that the first call starts on another core (AHITOOLS_NO_WARMUP), to attribute it.
        'Import-Module + first call, no warm-up' = "`$env:AHITOOLS_NO_WARMUP = '1'; $import; Get-AHIImageSetVersion $datastoreId $imageSetId | Out-Null"
        # PowerShell's own first answer in a fresh session (an enum's values for a core cmdlet, no module loaded): what
        # any first completion costs before a completer runs, the reference of the next column.
        $firstCompletionName                 = New-CompletionCommand 'Get-Command -CommandType ' 'Cmdlet' -WithoutModule
        'completion -DatastoreId (defaults)' = New-CompletionCommand 'Get-AHIImageSetVersion -DatastoreId ' $datastoreId
        'completion -ImageSetId (defaults)'  = New-CompletionCommand "Get-AHIImageSetVersion -DatastoreId $datastoreId -ImageSetId " $imageSetId
        'completion -VersionId (defaults)'   = New-CompletionCommand "Get-AHIImageSetVersion -DatastoreId $datastoreId -ImageSetId $imageSetId -VersionId " '1'
        'completion -DatastoreId, module auto-loaded (defaults)' = "$autoload; " + (New-CompletionCommand 'Get-AHIImageSetVersion -DatastoreId ' $datastoreId -WithoutModule)
        # What the warm-up costs and gives a first completion: the same without it, and a completion that calls nothing
        # remote (a parameter's name), which should start no warm-up (one started at import competed with PowerShell's
        # own completion for the cores: the tenth pass in bench/README.md).
        'completion -DatastoreId, no warm-up (defaults)' = "`$env:AHITOOLS_NO_WARMUP = '1'; " + (New-CompletionCommand 'Get-AHIImageSetVersion -DatastoreId ' $datastoreId)
        'completion of a parameter name'     = New-CompletionCommand 'Get-AHIImageSetVersion -Datas' '-DatastoreId'
        'completion of a parameter name, no warm-up' = "`$env:AHITOOLS_NO_WARMUP = '1'; " + (New-CompletionCommand 'Get-AHIImageSetVersion -Datas' '-DatastoreId')
        # The wait at the prompt, timed inside the process (InSessionMs); their whole processes pay for the timing.
        'timed inside: PowerShell''s own first answer' = New-CompletionCommand 'Get-Command -CommandType ' 'Cmdlet' -WithoutModule -TimedInside
        'timed inside: import, completion -DatastoreId' = New-CompletionCommand 'Get-AHIImageSetVersion -DatastoreId ' $datastoreId -TimedInside
        'timed inside: import, completion -VersionId' = New-CompletionCommand "Get-AHIImageSetVersion -DatastoreId $datastoreId -ImageSetId $imageSetId -VersionId " '1' -TimedInside
        'timed inside: completion -DatastoreId, module auto-loaded' = "$autoload; " + (New-CompletionCommand 'Get-AHIImageSetVersion -DatastoreId ' $datastoreId -WithoutModule -TimedInside)
    }
    # Run once, untimed, before a scenario's warm-up runs.
    $autoloadPreparation = "$autoload; $writeAnalysisCache"
    $preparations = @{
        'completion -DatastoreId, module auto-loaded (defaults)'   = $autoloadPreparation
        'timed inside: completion -DatastoreId, module auto-loaded' = $autoloadPreparation
    }
    if ($BaselineManifest) {
        $scenarios['baseline: Import-Module'] = "Import-Module '$BaselineManifest'"
        $scenarios['baseline: Import-Module + first call'] = "Import-Module '$BaselineManifest'; Get-AHIImageSetVersion $datastoreId $imageSetId | Out-Null"
    }
    $bareName = @($scenarios.Keys)[0]
    # Every (PowerShell, scenario) pair, all in the same rotated rounds.
    $pairs = @(foreach ($hostName in $hosts.Keys) { foreach ($name in $scenarios.Keys) {
                [pscustomobject]@{ Pwsh = $hostName; Scenario = $name; CacheHome = Join-Path $cacheRoot "$hostName-$(@($scenarios.Keys).IndexOf($name))" } } })

    # Two untimed runs of each warm the disk cache and leave each its own scenario's JIT profile to start from.
    foreach ($run in $pairs) {
        if ($preparations[$run.Scenario]) { Invoke-Timed $hosts[$run.Pwsh] $preparations[$run.Scenario] $run.CacheHome | Out-Null }
        1..2 | ForEach-Object { Invoke-Timed $hosts[$run.Pwsh] $scenarios[$run.Scenario] $run.CacheHome | Out-Null }
    }
    $timings = @{}
    foreach ($run in $pairs) { $timings["$($run.Pwsh)|$($run.Scenario)"] = [Collections.Generic.List[object]]::new() }
    $loadBefore = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3
    for ($round = 0; $round -lt $Runs; $round++) {
        for ($k = 0; $k -lt $pairs.Count; $k++) {
            $run = $pairs[($k + $round) % $pairs.Count]
            $timings["$($run.Pwsh)|$($run.Scenario)"].Add((Invoke-Timed $hosts[$run.Pwsh] $scenarios[$run.Scenario] $run.CacheHome))
        }
    }
    $loadAfter = (Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3

    $startup = foreach ($run in $pairs) {
        $samples = $timings["$($run.Pwsh)|$($run.Scenario)"]
        $bare = $timings["$($run.Pwsh)|$bareName"]
        $paired = for ($round = 0; $round -lt $Runs; $round++) { $samples[$round].WallMs - $bare[$round].WallMs }
        $pairedCpu = if ($null -ne $bare[0].CpuMs) { for ($round = 0; $round -lt $Runs; $round++) { $samples[$round].CpuMs - $bare[$round].CpuMs } }
        $overBare = Get-Median $paired
        $inSession = if ($null -ne $samples[0].InSessionMs) { Get-Median $samples.InSessionMs }
        [pscustomobject]@{
            Pwsh         = $run.Pwsh
            Scenario     = $run.Scenario
            MedianWallMs = [math]::Round((Get-Median $samples.WallMs), 0)
            OverBareMs   = if ($run.Scenario -eq $bareName) { '' } else { [math]::Round($overBare, 0) }
            Within250Ms  = if ($run.Scenario -eq $bareName) { '' } elseif ($overBare -le 250) { 'yes' } else { 'no' }
            # Medians of CPU time (all threads of the child) and of its difference from the bare start's.
            MedianCpuMs  = if ($pairedCpu) { [math]::Round((Get-Median $samples.CpuMs), 0) } else { '' }
            CpuOverBareMs = if ($pairedCpu -and $run.Scenario -ne $bareName) { [math]::Round((Get-Median $pairedCpu), 0) } else { '' }
            # Completion only: over PowerShell's own first answer in the same rounds, what the module adds to it.
            OverFirstCompletionMs = if ($run.Scenario -like 'completion*' -and $run.Scenario -ne $firstCompletionName) {
                $first = $timings["$($run.Pwsh)|$firstCompletionName"]
                [math]::Round((Get-Median $(for ($round = 0; $round -lt $Runs; $round++) { $samples[$round].WallMs - $first[$round].WallMs })), 0)
            } else { '' }
            # Timed inside only: from before the import (if any) to the first answer, the wait at the prompt of a fresh
            # session, without the process's own start and exit.
            InSessionMs   = if ($null -ne $inSession) { [math]::Round($inSession, 0) } else { '' }
            InSessionWithin250Ms = if ($null -eq $inSession) { '' } elseif ($inSession -le 250) { 'yes' } else { 'no' }
        }
    }
    "Whole processes, median of $Runs paired rounds (load average before $loadBefore, after $loadAfter):"
    foreach ($hostName in $hosts.Keys) { "  $hostName pwsh: $($hosts[$hostName] -join ' ')" }
    $startup | Format-Table -AutoSize | Out-String -Width 300
    foreach ($hostName in $hosts.Keys) { Get-BudgetSummary $hostName @($startup | Where-Object Pwsh -eq $hostName) $firstCompletionName }

    if ($SkipBreakdown) { return }

    # Phase marks: wall, JIT time and methods compiled, assemblies loaded since the previous mark.
    $markHelpers = @'
$ErrorActionPreference = 'Stop'
$script:marks = [Collections.Generic.List[object]]::new()
$script:knownAssemblies = [Collections.Generic.HashSet[string]]::new()
function Get-LoadedAssemblyNames { [AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name } }
function Reset-Mark {
    foreach ($n in Get-LoadedAssemblyNames) { [void]$script:knownAssemblies.Add($n) }
    $script:jitMs = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds
    $script:jitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false)
    $script:watch = [Diagnostics.Stopwatch]::StartNew()
}
function Add-Mark([string] $Phase) {
    $elapsed = $script:watch.Elapsed.TotalMilliseconds
    $jitMs = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds - $script:jitMs
    $jitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false) - $script:jitMethods
    $new = @(Get-LoadedAssemblyNames | Where-Object { $script:knownAssemblies.Add($_) })
    $script:marks.Add([ordered]@{ Phase = $Phase; WallMs = $elapsed; JitMs = $jitMs; JitMethods = $jitMethods; Assemblies = $new })
    Reset-Mark
}
# The helpers compile their own code once before anything is measured.
Reset-Mark; Add-Mark 'warm-up'; Reset-Mark; Add-Mark 'warm-up'; $script:marks.Clear()
$hostMs = ([DateTime]::Now - [Diagnostics.Process]::GetCurrentProcess().StartTime).TotalMilliseconds
$script:marks.Add([ordered]@{ Phase = 'host: process start to the first script line'; WallMs = $hostMs; JitMs = [System.Runtime.JitInfo]::GetCompilationTime($false).TotalMilliseconds; JitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount($false); Assemblies = @(Get-LoadedAssemblyNames) })
Reset-Mark
'@
    $asUser = $markHelpers + "`n" + @"
Import-Module '$ModuleManifest'
Add-Mark 'Import-Module (manifest, psm1, loader, cmdlets)'
Get-AHIImageSetVersion $datastoreId $imageSetId | Out-Null
Add-Mark 'first call: Get-AHIImageSetVersion (everything; the views added and the warm-up started as it begins)'
Get-AHIImageSetVersion $datastoreId $imageSetId | Out-Null
Add-Mark 'second call'
`$script:marks | ConvertTo-Json -Compress -Depth 4
"@
    $bin = Join-Path (Split-Path $ModuleManifest) 'bin'
    # Without the warm-up, which would otherwise compile on another core some of what each step is timed for.
    $stepByStep = $markHelpers + "`n" + @"
`$env:AHITOOLS_NO_WARMUP = '1'
Import-Module '$bin/AhiTools.Shared.dll' -ErrorAction Stop
Add-Mark 'psm1: import the load-context loader (a binary module of one cmdlet)'
`$assembly = Initialize-AhiToolsLoadContext '$(Split-Path $ModuleManifest)'
Add-Mark 'psm1: load AhiTools.dll into its load context'
`$assembly.GetType('AhiTools.Loading.SessionFormats')::AddTo([runspace]::DefaultRunspace)
Add-Mark 'format data (the views, which the first cmdlet adds as it begins)'
Import-Module -Assembly `$assembly
Add-Mark 'Import-Module -Assembly (cmdlet discovery)'
# The client, connection and JSON code is in AhiTools.Core, beside AhiTools.dll in the same load context.
`$core = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).LoadFromAssemblyName([Reflection.AssemblyName]'AhiTools.Core')
`$t = `$core.GetType('AhiTools.Connection.HealthImagingClientProvider')
`$p = [Activator]::CreateInstance(`$core.GetType('AhiTools.Connection.ConnectionParameters'))
`$connection = `$t::ResolveConnection(`$p)
Add-Mark 'first call: credentials, region, endpoint, max attempts'
`$client = `$t::GetClient(`$connection)
Add-Mark 'first call: client (HTTP handler, signer, retry pipeline)'
`$parser = `$core.GetType('AhiTools.HealthImaging.HealthImagingResponseParser')
`$body = [Text.Encoding]::UTF8.GetBytes('{"imageSetPropertiesList":[{"imageSetId":"$imageSetId","versionId":"1","imageSetState":"ACTIVE","ImageSetWorkflowStatus":"CREATED","createdAt":1.7E9,"updatedAt":1.7E9}]}')
`$null = `$parser::ParseListImageSetVersions(`$body, '$datastoreId', '$imageSetId')
Add-Mark 'first call: JSON (first parse of a response)'
`$list = `$core.GetType('AhiTools.HealthImaging.IHealthImagingClient').GetMethod('ListImageSetVersionsAsync')
`$null = `$list.Invoke(`$client, @('$datastoreId', '$imageSetId', [Nullable[int]]50, `$null, [Threading.CancellationToken]::None)).GetAwaiter().GetResult()
Add-Mark 'first call: first HTTP exchange (connect, sign, send, read)'
Get-AHIImageSetVersion $datastoreId $imageSetId | Out-Null
Add-Mark 'first call: the cmdlet (binding, validation, output) on a warm client'
`$script:marks | ConvertTo-Json -Compress -Depth 4
"@

    # What a user waits for after pressing Tab in a fresh session: the first answer, timed inside the process (the
    # whole-process scenarios above also count the process's own start and exit). The answer is checked after its mark,
    # so that the check's member access is not timed.
    $tabDatastore = 'Get-AHIImageSetVersion -DatastoreId '
    $tabVersion = "Get-AHIImageSetVersion -DatastoreId $datastoreId -ImageSetId $imageSetId -VersionId "
    $tabOwn = 'Get-Command -CommandType '
    $check = { param($Expected) "if (-not (`$r.CompletionMatches.CompletionText -contains '$Expected')) { throw 'The first answer lacks $Expected.' }" }
    $completionImported = $markHelpers + "`n" + @"
$import
Add-Mark 'Import-Module'
$defaults
Add-Mark '`$PSDefaultParameterValues set, as Start-AHILocalService -SetDefaults leaves them'
`$r = TabExpansion2 -inputScript '$tabDatastore' -cursorColumn $($tabDatastore.Length)
Add-Mark 'completion -DatastoreId: from Tab to the first answer'
$(& $check $datastoreId)
`$r = TabExpansion2 -inputScript '$tabVersion' -cursorColumn $($tabVersion.Length)
Add-Mark 'completion -VersionId next (another request, on the same client)'
$(& $check '1')
`$script:marks | ConvertTo-Json -Compress -Depth 4
"@
    $completionAutoloaded = $markHelpers + "`n" + @"
$autoload
$defaults
Add-Mark 'PSModulePath and `$PSDefaultParameterValues set'
`$r = TabExpansion2 -inputScript '$tabDatastore' -cursorColumn $($tabDatastore.Length)
Add-Mark 'completion -DatastoreId, the module auto-loaded: from Tab to the first answer (the import included)'
$(& $check $datastoreId)
`$script:marks | ConvertTo-Json -Compress -Depth 4
"@
    $completionOwn = $markHelpers + "`n" + @"
$defaults
Add-Mark '`$PSDefaultParameterValues set'
`$r = TabExpansion2 -inputScript '$tabOwn' -cursorColumn $($tabOwn.Length)
Add-Mark 'PowerShell''s own first completion (no module): from Tab to the first answer'
$(& $check 'Cmdlet')
`$script:marks | ConvertTo-Json -Compress -Depth 4
"@
    $kinds = @(
        @{ Name = 'as a user imports'; Script = $asUser }
        @{ Name = 'step by step'; Script = $stepByStep }
        @{ Name = 'first completion, the module imported'; Script = $completionImported }
        @{ Name = 'first completion, the module auto-loaded by Tab'; Script = $completionAutoloaded; Preparation = "$autoloadPreparation; '[]'" }
        @{ Name = 'first completion, PowerShell''s own'; Script = $completionOwn }
    )

    foreach ($hostName in $hosts.Keys) {
        foreach ($kind in $kinds) {
            # As in the timed rounds: a PowerShell cache folder per kind, and an untimed run that leaves it its own JIT
            # profile to start from.
            $savedCacheHome = $env:XDG_CACHE_HOME
            if (-not $IsWindows) { $env:XDG_CACHE_HOME = Join-Path $cacheRoot "$hostName-breakdown-$($kinds.IndexOf($kind))" }
            $samples = [Collections.Generic.List[object]]::new()
            try {
                if ($kind.Preparation) { Invoke-BenchChild $kind.Preparation -Pwsh $hosts[$hostName] | Out-Null }
                Invoke-BenchChild $kind.Script -Pwsh $hosts[$hostName] | Out-Null
                for ($n = 0; $n -lt $BreakdownRuns; $n++) { $samples.Add(@(Invoke-BenchChild $kind.Script -Pwsh $hosts[$hostName])) }
            }
            finally {
                $env:XDG_CACHE_HOME = $savedCacheHome
            }
            $phases = $samples[0].Phase
            "Breakdown, $hostName pwsh, $($kind.Name) (median of $BreakdownRuns fresh processes, load average $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)):"
            $rows = for ($i = 0; $i -lt $phases.Count; $i++) {
                [pscustomobject]@{
                    Phase      = $phases[$i]
                    WallMs     = [math]::Round((Get-Median ($samples | ForEach-Object { $_[$i].WallMs })), 1)
                    JitMs      = [math]::Round((Get-Median ($samples | ForEach-Object { $_[$i].JitMs })), 1)
                    JitMethods = Get-Median ($samples | ForEach-Object { $_[$i].JitMethods })
                    Assemblies = if ($i -eq 0) { "$(@($samples[0][$i].Assemblies).Count) (the host's)" } else { @($samples[0][$i].Assemblies) -join ', ' }
                }
            }
            $rows | Format-Table -AutoSize -Wrap | Out-String -Width 250
        }
    }
}
finally {
    foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
    Remove-Item -LiteralPath $cacheRoot -Recurse -Force -ErrorAction SilentlyContinue
    Stop-BenchService $service
}
