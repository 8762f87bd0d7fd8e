<#
.SYNOPSIS
Measures Get-AHIImageSetMetadata -OutFile on a large metadata document: time and the memory it adds.
.DESCRIPTION
Target: the metadata is streamed (gunzipped as it arrives and written to the file), so reading a document of
tens of megabytes adds far less memory than the document's size. The script reads a synthetic document of
-TargetMegabytes through the local service in a fresh pwsh, and reports elapsed time and the growth of the
process's peak working set over the same session's baseline (module imported, one small call made).
.EXAMPLE
dotnet pwsh ./bench/Measure-MetadataStreaming.ps1 -TargetMegabytes 50
#>
param([int] $TargetMegabytes = 50)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$service = Start-BenchService
try {
    $generated = Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/generate" -ContentType 'application/json' `
        -Body (@{ patients = 1; seriesPerStudy = 4; instancesPerSeries = 1; seed = 7; targetBytes = $TargetMegabytes * 1MB } | ConvertTo-Json)
    $small = Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/generate" -ContentType 'application/json' `
        -Body '{"patients":1,"seriesPerStudy":1,"instancesPerSeries":1,"seed":8}'
    $big = $generated.imageSetIds[0]
    $file = [IO.Path]::GetTempFileName()
    $result = Invoke-BenchChild @"
`$c = @{ EndpointUrl = '$($service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
Get-AHIImageSetMetadata '$($service.DatastoreId)' '$($small.imageSetIds[0])' -OutFile '$file' @c | Out-Null
[GC]::Collect()
`$p = Get-Process -Id `$PID; `$p.Refresh(); `$baseline = `$p.PeakWorkingSet64
`$watch = [Diagnostics.Stopwatch]::StartNew()
Get-AHIImageSetMetadata '$($service.DatastoreId)' '$big' -OutFile '$file' @c | Out-Null
`$watch.Stop(); `$p.Refresh()
@{ Seconds = `$watch.Elapsed.TotalSeconds; DocumentBytes = (Get-Item '$file').Length; BaselinePeak = `$baseline; Peak = `$p.PeakWorkingSet64 } | ConvertTo-Json -Compress
"@
    Remove-Item $file -ErrorAction SilentlyContinue
    $added = $result.Peak - $result.BaselinePeak
    [pscustomobject]@{
        DocumentMB        = [math]::Round($result.DocumentBytes / 1MB, 1)
        Seconds           = [math]::Round($result.Seconds, 2)
        MBPerSecond       = [math]::Round($result.DocumentBytes / 1MB / $result.Seconds, 1)
        PeakAddedMB       = [math]::Round($added / 1MB, 1)
        PeakAddedOfDocPct = [math]::Round(100 * $added / $result.DocumentBytes, 1)
    }
}
finally {
    Stop-BenchService $service
}
