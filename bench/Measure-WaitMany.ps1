<#
.SYNOPSIS
Measures waiting for many updates: Update-AHIImageSetMetadata -Wait item by item, against updates sent without
-Wait and piped into Wait-AHIImageSet.
.DESCRIPTION
Target: Wait-AHIImageSet polls every image set at once, so waiting for N writes takes about one workflow's time
instead of N of them, and the first finished image set is written long before the last. The local service keeps
each write LOCKED for -WorkflowDelayMs. Reports both timings and the time to the first result of the second.
.EXAMPLE
dotnet pwsh ./bench/Measure-WaitMany.ps1 -ImageSetCount 20 -WorkflowDelayMs 2000
#>
param([int] $ImageSetCount = 20, [int] $WorkflowDelayMs = 2000)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$service = Start-BenchService -ArgumentList '--workflow-delay-ms', $WorkflowDelayMs
try {
    $ids = foreach ($n in 1..(2 * $ImageSetCount)) {
        (Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' `
            -Body '{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientID":"B"}},"Study":{"DICOM":{"StudyInstanceUID":"2.25.1","StudyDescription":"A"},"Series":{}}}').imageSetId
    }
    $idFile = [IO.Path]::GetTempFileName()
    Set-Content $idFile $ids
    $result = Invoke-BenchChild @"
`$c = @{ EndpointUrl = '$($service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = @(Get-Content '$idFile')
`$oneByOne = `$ids[0..($ImageSetCount - 1)]; `$together = `$ids[$ImageSetCount..(2 * $ImageSetCount - 1)]
`$watch = [Diagnostics.Stopwatch]::StartNew()
`$oneByOne | Update-AHIImageSetMetadata -DatastoreId '$($service.DatastoreId)' -Study @{ StudyDescription = 'B' } -Wait -Confirm:`$false @c | Out-Null
`$sequential = `$watch.Elapsed.TotalSeconds
`$watch.Restart(); `$first = `$null; `$count = 0
`$together | Update-AHIImageSetMetadata -DatastoreId '$($service.DatastoreId)' -Study @{ StudyDescription = 'B' } -Confirm:`$false @c | Wait-AHIImageSet @c |
    ForEach-Object { if (-not `$first) { `$first = `$watch.Elapsed.TotalSeconds }; `$count++ }
@{ Sequential = `$sequential; Together = `$watch.Elapsed.TotalSeconds; First = `$first; Finished = `$count } | ConvertTo-Json -Compress
"@
    Remove-Item $idFile -ErrorAction SilentlyContinue
    [pscustomobject]@{
        ImageSets               = $ImageSetCount
        WorkflowSeconds         = $WorkflowDelayMs / 1000
        UpdateWaitEachSeconds   = [math]::Round($result.Sequential, 2)
        PipedToWaitSeconds      = [math]::Round($result.Together, 2)
        FirstFinishedSeconds    = [math]::Round($result.First, 2)
        Finished                = $result.Finished
    }
}
finally {
    Stop-BenchService $service
}
