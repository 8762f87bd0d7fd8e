<#
.SYNOPSIS
Measures Get-AHIImageSetVersion over many image sets in one pipeline.
.DESCRIPTION
Target: one client (one pooled connection set) serves the whole pipeline, and versions are written as their
pages arrive, so listing scales with the number of requests, not with connection set-up. Reports image sets
and versions per second for -ImageSetCount image sets of -VersionsPerImageSet versions each, and the time to
the first version written.
.EXAMPLE
dotnet pwsh ./bench/Measure-BulkVersionListing.ps1 -ImageSetCount 300 -VersionsPerImageSet 3
#>
param([int] $ImageSetCount = 300, [int] $VersionsPerImageSet = 3)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$service = Start-BenchService
try {
    $ids = foreach ($n in 1..$ImageSetCount) {
        $created = Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' `
            -Body '{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientID":"B"}},"Study":{"DICOM":{"StudyInstanceUID":"2.25.1"},"Series":{}}}'
        for ($v = 1; $v -lt $VersionsPerImageSet; $v++) {
            Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSet/$($created.imageSetId)/versions" -ContentType 'application/json' -Body '{}' | Out-Null
        }
        $created.imageSetId
    }
    $idFile = [IO.Path]::GetTempFileName()
    Set-Content $idFile $ids
    $result = Invoke-BenchChild @"
`$c = @{ EndpointUrl = '$($service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = Get-Content '$idFile'
Get-AHIImageSetVersion '$($service.DatastoreId)' `$ids[0] @c | Out-Null
`$watch = [Diagnostics.Stopwatch]::StartNew(); `$first = `$null; `$count = 0
`$ids | Get-AHIImageSetVersion -DatastoreId '$($service.DatastoreId)' @c | ForEach-Object { if (-not `$first) { `$first = `$watch.Elapsed.TotalMilliseconds }; `$count++ }
`$watch.Stop()
@{ Seconds = `$watch.Elapsed.TotalSeconds; Versions = `$count; FirstMs = `$first } | ConvertTo-Json -Compress
"@
    Remove-Item $idFile -ErrorAction SilentlyContinue
    [pscustomobject]@{
        ImageSets          = $ImageSetCount
        Versions           = $result.Versions
        Seconds            = [math]::Round($result.Seconds, 2)
        ImageSetsPerSecond = [math]::Round($ImageSetCount / $result.Seconds, 1)
        VersionsPerSecond  = [math]::Round($result.Versions / $result.Seconds, 1)
        FirstVersionMs     = [math]::Round($result.FirstMs, 1)
    }
}
finally {
    Stop-BenchService $service
}
