<#
.SYNOPSIS
Bulk writes at the service's quota: the module and AWS's JavaScript v3 client doing the same job side by side.
.DESCRIPTION
For each scenario the same job runs twice, each time against a FRESH local service started with the same options:
(a) the module, `$ids | Update-AHIImageSetMetadata` (or Copy-AHIImageSet -Series, Remove-AHIImageSet), with
-ThrottleLimit when the cmdlet has it; (b) AWS's JavaScript v3 client (bench/bulk-writes-js.mjs: a pool of -Writers
writers, retryMode 'adaptive', 6 attempts as the module's default, GetImageSet then the write per image set; a
remove is DeleteImageSet alone).

For each run it prints the time, the share of the quota (the quota's floor, (image sets - burst) / rate, over the
time taken: the burst is served at once, the rest at the rate), errors, the calls the service throttled (its
GET /_local/quotas counts them) against all calls it received, and whether every image set got exactly one new
version (a copy: one new image set each; a remove: each DELETED).

Scenarios (-Scenario):
  Update100  200 image sets, UpdateImageSetMetadata 10 TPS burst 40 (--quota-preset aws), 100 ms per request
  Update50   the same at 50 ms per request
  Update2024 12 image sets at 0.25 TPS burst 1 (--quota-preset aws-2024), 100 ms per request
  Copy       12 image sets, one series each copied into a new image set, CopyImageSet at its preset (0.25 TPS burst 1)
  Remove     12 image sets deleted, DeleteImageSet at its preset (0.25 TPS burst 1)
-ModuleRetryModes runs the module once per retry mode (AWS_RETRY_MODE), to show the limiter's own effect.
-Pwsh Precompiled runs the module's job in bench/PwshHost (PowerShell precompiled, as an installed pwsh is) instead of
the dotnet tool, whose PowerShell JIT-compiles itself at every start.

Needs a build (dotnet pwsh ./build.ps1 -Task Build) and `npm ci` in tests/conformance (else -SkipJavaScript).
.EXAMPLE
dotnet pwsh ./bench/Measure-BulkUpdates.ps1
.EXAMPLE
dotnet pwsh ./bench/Measure-BulkUpdates.ps1 -Scenario Update100 -Pwsh Precompiled
.EXAMPLE
dotnet pwsh ./bench/Measure-BulkUpdates.ps1 -Scenario Update2024 -ModuleRetryModes adaptive, standard -SkipJavaScript
#>
param(
    [ValidateSet('Update100', 'Update50', 'Update2024', 'Copy', 'Remove')]
    [string[]] $Scenario = @('Update100', 'Update50', 'Update2024', 'Copy', 'Remove'),
    [int] $ImageSetCount = 200,
    [int] $SlowImageSetCount = 12,
    [int] $Writers = 8,
    [int] $ThrottleLimit = 8,
    [ValidateSet('adaptive', 'standard', 'legacy')]
    [string[]] $ModuleRetryModes = @('adaptive'),
    # Which PowerShell runs the module's job: the dotnet tool (not precompiled) or bench/PwshHost, the same PowerShell
    # published ReadyToRun as an installed pwsh is (published into $AHITOOLS_OUT/PwshHost on first use).
    [ValidateSet('Tool', 'Precompiled')]
    [string] $Pwsh = 'Tool',
    [switch] $SkipJavaScript
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')
$ModulePwsh = if ($Pwsh -eq 'Precompiled') { @(Get-BenchPrecompiledPwsh) } else { @(Get-BenchCurrentPwsh) }

$SeriesUid = '2.25.4242'
$Scenarios = @{
    Update100  = @{ Job = 'update'; Preset = 'aws'; LatencyMs = 100; Count = $ImageSetCount; Operation = 'UpdateImageSetMetadata'; Rate = 10; Burst = 40 }
    Update50   = @{ Job = 'update'; Preset = 'aws'; LatencyMs = 50; Count = $ImageSetCount; Operation = 'UpdateImageSetMetadata'; Rate = 10; Burst = 40 }
    Update2024 = @{ Job = 'update'; Preset = 'aws-2024'; LatencyMs = 100; Count = $SlowImageSetCount; Operation = 'UpdateImageSetMetadata'; Rate = 0.25; Burst = 1 }
    Copy       = @{ Job = 'copy'; Preset = 'aws'; LatencyMs = 100; Count = $SlowImageSetCount; Operation = 'CopyImageSet'; Rate = 0.25; Burst = 1 }
    Remove     = @{ Job = 'remove'; Preset = 'aws'; LatencyMs = 100; Count = $SlowImageSetCount; Operation = 'DeleteImageSet'; Rate = 0.25; Burst = 1 }
}

function New-BenchImageSets($Service, [int] $Count) {
    $document = @{
        SchemaVersion = '1.1'
        Patient = @{ DICOM = @{ PatientName = 'DOE^J'; PatientID = 'B' } }
        Study = @{
            DICOM = @{ StudyInstanceUID = '2.25.1'; StudyDescription = 'OLD' }
            Series = @{
                $SeriesUid = @{
                    DICOM = @{ SeriesInstanceUID = $SeriesUid; Modality = 'CT' }
                    Instances = @{ '2.25.4243' = @{ DICOM = @{ SOPInstanceUID = '2.25.4243' }; ImageFrames = @(@{ ID = '0123456789abcdef0123456789abcdef'; FrameSizeInBytes = 1024 }) } }
                }
            }
        }
    } | ConvertTo-Json -Depth 10 -Compress
    foreach ($n in 1..$Count) {
        (Invoke-RestMethod -Method Post "$($Service.Endpoint)/_local/datastore/$($Service.DatastoreId)/imageSets" -ContentType 'application/json' -Body $document).imageSetId
    }
}

function Invoke-ModuleJob($Service, $Settings, [string] $IdFile, [string] $RetryMode) {
    $d = $Service.DatastoreId
    $command = switch ($Settings.Job) {
        'update' { "`$ids | Update-AHIImageSetMetadata -DatastoreId '$d' -Study @{ StudyDescription = 'CHEST CT' } @limit @c" }
        'copy' { "`$ids | Copy-AHIImageSet -DatastoreId '$d' -Series '$SeriesUid' @limit @c" }
        'remove' { "`$ids | Remove-AHIImageSet -DatastoreId '$d' -Confirm:`$false @limit @c" }
    }
    $cmdlet = @{ update = 'Update-AHIImageSetMetadata'; copy = 'Copy-AHIImageSet'; remove = 'Remove-AHIImageSet' }[$Settings.Job]
    Invoke-BenchChild @"
`$env:AWS_RETRY_MODE = '$RetryMode'
`$c = @{ EndpointUrl = '$($Service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = @(Get-Content '$IdFile')
# -ThrottleLimit only where the cmdlet has it, so the script measures the module before and after it came.
`$limit = if ((Get-Command $cmdlet).Parameters.ContainsKey('ThrottleLimit')) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$written = @($command -ErrorAction SilentlyContinue -ErrorVariable failures)
`$watch.Stop()
@{ seconds = `$watch.Elapsed.TotalSeconds; written = `$written.Count; errors = `$failures.Count; firstError = "`$(`$failures | Select-Object -First 1)"; throttleLimit = [bool]`$limit.Count } | ConvertTo-Json -Compress
"@ -Pwsh $ModulePwsh
}

function Invoke-JavaScriptJob($Service, $Settings, [string] $IdFile) {
    $copiable = @{ SchemaVersion = '1.1'; Study = @{ Series = @{ $SeriesUid = @{ Instances = @{ '2.25.4243' = @{} } } } } } | ConvertTo-Json -Depth 10 -Compress
    $jobFile = [IO.Path]::GetTempFileName()
    @{ endpoint = $Service.Endpoint; datastoreId = $Service.DatastoreId; job = $Settings.Job; idsFile = $IdFile; writers = $Writers; copiableAttributes = $copiable } |
        ConvertTo-Json -Compress | Set-Content $jobFile
    try {
        $lines = @(& node (Join-Path $PSScriptRoot 'bulk-writes-js.mjs') $jobFile)
        if ($LASTEXITCODE -ne 0) { throw "The JavaScript job failed: $($lines -join "`n")" }
        ($lines | Select-Object -Last 1) | ConvertFrom-Json
    }
    finally {
        Remove-Item $jobFile -ErrorAction SilentlyContinue
    }
}

# What the job left behind, read through the module (and /_local for the image sets a copy made).
function Test-BulkOutcome($Service, $Settings, [string] $IdFile, [int] $Before) {
    $d = $Service.DatastoreId
    if ($Settings.Job -eq 'copy') {
        $after = @((Invoke-RestMethod "$($Service.Endpoint)/_local/datastore/$d/imageSets").imageSetIds).Count
        return ($after - $Before) -eq $Settings.Count
    }
    $expected = if ($Settings.Job -eq 'update') { "`$_.VersionId -eq '2'" } else { "`$_.State -eq 'DELETED'" }
    $outcome = Invoke-BenchChild @"
`$c = @{ EndpointUrl = '$($Service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = @(Get-Content '$IdFile')
Start-Sleep -Milliseconds 500   # the last writes leave LOCKED (--workflow-delay-ms 100)
`$latest = @(`$ids | Get-AHIImageSetVersion -DatastoreId '$d' -Latest @c)
@{ matching = @(`$latest | Where-Object { $expected }).Count } | ConvertTo-Json -Compress
"@
    return $outcome.matching -eq $Settings.Count
}

function Measure-Run([string] $Name, $Settings, [string] $Client, [string] $RetryMode) {
    $service = Start-BenchService @('--quota-preset', $Settings.Preset, '--fault-latency-ms', "$($Settings.LatencyMs)", '--workflow-delay-ms', '100')
    $idFile = [IO.Path]::GetTempFileName()
    try {
        $ids = @(New-BenchImageSets $service $Settings.Count)
        Set-Content $idFile $ids
        $before = @((Invoke-RestMethod "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets").imageSetIds).Count
        $result = if ($Client -eq 'module') { Invoke-ModuleJob $service $Settings $idFile $RetryMode } else { Invoke-JavaScriptJob $service $Settings $idFile }
        $quotas = Invoke-RestMethod "$($service.Endpoint)/_local/quotas"
        $exactlyOne = Test-BulkOutcome $service $Settings $idFile $before
        $floorSeconds = [math]::Max(0, $Settings.Count - $Settings.Burst) / $Settings.Rate
        $writeRequests = [int]($quotas.requests.($Settings.Operation))
        $writeThrottled = [int]($quotas.throttled.($Settings.Operation))
        [pscustomobject]@{
            Scenario          = $Name
            Client            = if ($Client -eq 'module') { "module ($RetryMode$(if ($result.throttleLimit) { ", -ThrottleLimit $ThrottleLimit" })$(if ($Pwsh -eq 'Precompiled') { ', precompiled pwsh' }))" } else { "JS v3 ($Writers writers, adaptive)" }
            ImageSets         = $Settings.Count
            Quota             = "$($Settings.Rate) TPS burst $($Settings.Burst)"
            LatencyMs         = $Settings.LatencyMs
            Seconds           = [math]::Round($result.seconds, 1)
            QuotaFloorSeconds = [math]::Round($floorSeconds, 1)
            ShareOfQuotaPct   = if ($floorSeconds -gt 0) { [math]::Round(100 * $floorSeconds / $result.seconds, 1) } else { $null }
            Errors            = $result.errors
            Throttled         = "$($quotas.throttledTotal) of $($quotas.requestTotal) calls ($([math]::Round(100 * $quotas.throttledTotal / [math]::Max(1, $quotas.requestTotal), 1)) %); writes $writeThrottled of $writeRequests"
            ExactlyOneEach    = $exactlyOne
            FirstError        = $result.firstError
        }
    }
    finally {
        Remove-Item $idFile -ErrorAction SilentlyContinue
        Stop-BenchService $service
    }
}

foreach ($name in $Scenario) {
    $settings = $Scenarios[$name]
    foreach ($mode in $ModuleRetryModes) { Measure-Run $name $settings 'module' $mode }
    if (-not $SkipJavaScript) { Measure-Run $name $settings 'js' '' }
}
