<#
.SYNOPSIS
How many items in flight a bulk update needs to reach the write quota when every request crosses a slow network.
.DESCRIPTION
Target: the default -ThrottleLimit of the write cmdlets. The local service throttles at AWS's published rates times
-QuotaScale and adds -LatencyMs to every request. For each -ThrottleLimit value the script pipes -ImageSetCount new
image sets into Update-AHIImageSetMetadata (without -Wait, as a runbook that pipes into Wait-AHIImageSet does) in a
fresh pwsh, and reports the time, the rate against UpdateImageSetMetadata's quota, the errors, and whether every
image set got exactly one new version.
.EXAMPLE
dotnet pwsh ./bench/Measure-ThrottleLimit.ps1 -ImageSetCount 200 -QuotaScale 40 -LatencyMs 100 -ThrottleLimit 1, 4, 8, 16
#>
param([int] $ImageSetCount = 200, [double] $QuotaScale = 40, [int] $LatencyMs = 100, [int[]] $ThrottleLimit = @(1, 4, 8, 16))

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

foreach ($limit in $ThrottleLimit) {
    $service = Start-BenchService @('--quota-preset', 'aws', '--quota-scale', "$QuotaScale", '--fault-latency-ms', "$LatencyMs", '--workflow-delay-ms', '100')
    try {
        $ids = foreach ($n in 1..$ImageSetCount) {
            (Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' `
                -Body '{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientName":"DOE^J","PatientID":"B"}},"Study":{"DICOM":{"StudyInstanceUID":"2.25.1","StudyDescription":"OLD"},"Series":{}}}').imageSetId
        }
        $idFile = [IO.Path]::GetTempFileName()
        Set-Content $idFile $ids
        $result = Invoke-BenchChild @"
`$ProgressPreference = 'SilentlyContinue'
`$c = @{ EndpointUrl = '$($service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = Get-Content '$idFile'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$written = @(`$ids | Update-AHIImageSetMetadata -DatastoreId '$($service.DatastoreId)' -Study @{ StudyDescription = 'CHEST CT' } -ThrottleLimit $limit -ErrorAction SilentlyContinue -ErrorVariable failures @c)
`$watch.Stop()
`$versions = @(`$ids | Get-AHIImageSetVersion -DatastoreId '$($service.DatastoreId)' -Latest @c)
@{ Seconds = `$watch.Elapsed.TotalSeconds; Written = `$written.Count; Errors = `$failures.Count; AtVersionTwo = @(`$versions | Where-Object VersionId -eq '2').Count } | ConvertTo-Json -Compress
"@
        Remove-Item $idFile -ErrorAction SilentlyContinue
        $quotaTps = 0.25 * $QuotaScale
        $burst = [math]::Max(1, [math]::Floor($QuotaScale))
        $floorSeconds = [math]::Max(0, $ImageSetCount - $burst) / $quotaTps
        [pscustomobject]@{
            ThrottleLimit = $limit
            ImageSets     = $ImageSetCount
            LatencyMs     = $LatencyMs
            QuotaTps      = $quotaTps
            Seconds       = [math]::Round($result.Seconds, 1)
            ShareOfQuota  = '{0:0}%' -f (100 * [math]::Min(1.0, $floorSeconds / $result.Seconds))
            Written       = $result.Written
            Errors        = $result.Errors
            OneNewVersion = $result.AtVersionTwo -eq $ImageSetCount
        }
    }
    finally {
        Stop-BenchService $service
    }
}
