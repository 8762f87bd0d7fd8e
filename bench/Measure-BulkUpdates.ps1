<#
.SYNOPSIS
Measures a bulk metadata fix under HealthImaging's write quota: every image set of a pipeline updated, none lost.
.DESCRIPTION
Target: UpdateImageSetMetadata is limited to 0.25 requests per second (burst 1) per account. A pipeline of many
updates must pace itself on ThrottlingException (backoff with jitter) and finish every item, at close to the
quota's rate, with no error. The local service runs with AWS's published rates (--quota-preset aws) times
-QuotaScale; the script pipes -ImageSetCount image sets into Update-AHIImageSetMetadata and reports the time,
the achieved rate against the quota, the errors, and whether every image set got exactly one new version.
.EXAMPLE
dotnet pwsh ./bench/Measure-BulkUpdates.ps1 -ImageSetCount 12 -QuotaScale 1
#>
param([int] $ImageSetCount = 12, [double] $QuotaScale = 1)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$service = Start-BenchService @('--quota-preset', 'aws', '--quota-scale', "$QuotaScale", '--workflow-delay-ms', '100')
try {
    $ids = foreach ($n in 1..$ImageSetCount) {
        (Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' `
            -Body '{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientName":"DOE^J","PatientID":"B"}},"Study":{"DICOM":{"StudyInstanceUID":"2.25.1","StudyDescription":"OLD"},"Series":{}}}').imageSetId
    }
    $idFile = [IO.Path]::GetTempFileName()
    Set-Content $idFile $ids
    $result = Invoke-BenchChild @"
`$c = @{ EndpointUrl = '$($service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = Get-Content '$idFile'
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$written = @(`$ids | Update-AHIImageSetMetadata -DatastoreId '$($service.DatastoreId)' -Study @{ StudyDescription = 'CHEST CT' } -ErrorAction SilentlyContinue -ErrorVariable failures @c)
`$watch.Stop()
`$versions = @(`$ids | Get-AHIImageSetVersion -DatastoreId '$($service.DatastoreId)' -Latest @c)
@{ Seconds = `$watch.Elapsed.TotalSeconds; Written = `$written.Count; Errors = `$failures.Count; AtVersionTwo = @(`$versions | Where-Object VersionId -eq '2').Count } | ConvertTo-Json -Compress
"@
    Remove-Item $idFile -ErrorAction SilentlyContinue
    $quotaTps = 0.25 * $QuotaScale
    # The bucket's burst (1 × scale, at least 1) lets that many through at once; the rest wait for tokens.
    $burst = [math]::Max(1, [math]::Floor($QuotaScale))
    $floorSeconds = [math]::Max(0, $ImageSetCount - $burst) / $quotaTps
    [pscustomobject]@{
        ImageSets          = $ImageSetCount
        QuotaTps           = $quotaTps
        Seconds            = [math]::Round($result.Seconds, 1)
        QuotaFloorSeconds  = [math]::Round($floorSeconds, 1)
        AchievedOfQuotaPct = [math]::Round(100 * $floorSeconds / $result.Seconds, 1)
        Written            = $result.Written
        Errors             = $result.Errors
        EachOneNewVersion  = ($result.AtVersionTwo -eq $ImageSetCount)
    }
}
finally {
    Stop-BenchService $service
}
