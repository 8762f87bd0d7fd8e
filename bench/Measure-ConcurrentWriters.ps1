<#
.SYNOPSIS
Two concurrent writers against a faulty service: every reported success must be true and no edit silently erased.
.DESCRIPTION
Target: writes never claim or erase another writer's version. The local service answers a share of all operations
with 500/503 (-FaultRate) and carries out a share of the remaining writes but drops their connection before the
response (-LostResponseRate). Two fresh pwsh processes update the same -ImageSetCount image sets at the same time,
in the same order, with -Wait, each in one pipeline with up to -ThrottleLimit image sets in flight: writer A sets the
study's StudyDescription, writer B the patient's PatientName, so both edits can coexist (-WriterCount 1 runs writer A
alone). Afterwards the script checks, for every success either writer reported, that the version it reported holds
that writer's change (the success is true, not another writer's version claimed) and that the image set's final
metadata still holds it (no edit silently erased); that every image set got exactly one outcome from each writer
(none lost, none reported twice); and that no image set has more versions than the writes reported applied or
unknown (none doubled). It counts the errors each writer reported by ErrorId (a reported failure is not silent).
.EXAMPLE
dotnet pwsh ./bench/Measure-ConcurrentWriters.ps1 -ImageSetCount 200 -FaultRate 0.1 -LostResponseRate 0.2 -Seed 7 -ThrottleLimit 8
#>
param([int] $ImageSetCount = 200, [double] $FaultRate = 0.1, [double] $LostResponseRate = 0.2, [int] $Seed = 7, [int] $ThrottleLimit = 8,
    [ValidateRange(1, 2)] [int] $WriterCount = 2)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$service = Start-BenchService @('--fault-rate', "$FaultRate", '--fault-lost-response-rate', "$LostResponseRate", '--fault-seed', "$Seed", '--workflow-delay-ms', '50')
$work = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-writers-" + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory $work | Out-Null
try {
    $targets = foreach ($n in 1..$ImageSetCount) {
        $series = "2.25.$Seed$n"
        $document = '{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientName":"DOE^J","PatientID":"B' + $n + '"}},"Study":{"DICOM":{"StudyInstanceUID":"2.25.1' + $n +
            '","StudyDescription":"OLD"},"Series":{"' + $series + '":{"DICOM":{"SeriesInstanceUID":"' + $series + '","Modality":"CT","SeriesDescription":"OLD"},"Instances":{"' + $series +
            '.1":{"DICOM":{"SOPInstanceUID":"' + $series + '.1","InstanceNumber":1}}}}}}}'
        $created = Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' -Body $document
        [pscustomobject]@{ ImageSetId = $created.imageSetId; Series = $series }
    }
    $targetFile = Join-Path $work 'targets.json'
    $targets | ConvertTo-Json -Compress | Set-Content $targetFile

    $writers = [ordered]@{
        A = "@{ Study = @{ StudyDescription = 'WRITER A' } }"
        B = "@{ Patient = @{ PatientName = 'WRITER^B' } }"
    }
    if ($WriterCount -eq 1) { $writers.Remove('B') }
    $exe = [Environment]::ProcessPath
    [string[]] $prefix = if ($exe -like '*dotnet*') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $processes = foreach ($name in $writers.Keys) {
        $script = Join-Path $work "writer-$name.ps1"
        Set-Content $script @"
`$c = @{ EndpointUrl = '$($service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = @((Get-Content '$targetFile' -Raw | ConvertFrom-Json).ImageSetId)
`$change = $($writers[$name])
`$written = @(`$ids | Update-AHIImageSetMetadata -DatastoreId '$($service.DatastoreId)' -Wait -ThrottleLimit $ThrottleLimit @change @c -ErrorVariable failures -ErrorAction SilentlyContinue)
`$results = @(
    `$written | ForEach-Object { [pscustomobject]@{ ImageSetId = `$_.ImageSetId; VersionId = `$_.VersionId; ErrorId = `$null } }
    `$failures | ForEach-Object { [pscustomobject]@{ ImageSetId = "`$(`$_.TargetObject)"; VersionId = `$null; ErrorId = (`$_.FullyQualifiedErrorId -split ',')[0] } }
)
`$results | ConvertTo-Json -Compress | Set-Content '$(Join-Path $work "result-$name.json")'
"@
        Start-Process -FilePath $exe -ArgumentList ($prefix + @('-NoProfile', '-NonInteractive', '-File', $script)) -PassThru -NoNewWindow
    }
    $processes | ForEach-Object { $_.WaitForExit() }
    $watch.Stop()

    Import-Module $ModuleManifest
    $c = @{ EndpointUrl = $service.Endpoint; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
    $seriesOf = @{}; $targets | ForEach-Object { $seriesOf[$_.ImageSetId] = $_.Series }
    $holds = @{
        A = { param($metadata, $id) $metadata.Study.DICOM.StudyDescription -eq 'WRITER A' }
        B = { param($metadata, $id) $metadata.Patient.DICOM.PatientName -eq 'WRITER^B' }
    }
    $final = @{}
    foreach ($t in $targets) { $final[$t.ImageSetId] = Get-AHIImageSetMetadata -DatastoreId $service.DatastoreId -ImageSetId $t.ImageSetId @c }

    $successes = 0; $falseClaims = 0; $erased = 0; $errors = @{}; $lost = 0; $reportedTwice = 0; $doubled = 0
    $mayHaveApplied = @{}; $targets | ForEach-Object { $mayHaveApplied[$_.ImageSetId] = 0 }
    foreach ($name in $writers.Keys) {
        $outcomes = @(Get-Content (Join-Path $work "result-$name.json") -Raw | ConvertFrom-Json)
        foreach ($t in $targets) {
            $count = @($outcomes | Where-Object ImageSetId -eq $t.ImageSetId).Count
            if ($count -eq 0) { $lost++ } elseif ($count -gt 1) { $reportedTwice++ }
        }
        foreach ($r in $outcomes) {
            if ($r.VersionId -or $r.ErrorId -eq 'WriteOutcomeUnknown') { $mayHaveApplied[$r.ImageSetId]++ }
            if (-not $r.VersionId) { $errors["$name $($r.ErrorId)"] = 1 + [int]$errors["$name $($r.ErrorId)"]; continue }
            $successes++
            $claimed = Get-AHIImageSetMetadata -DatastoreId $service.DatastoreId -ImageSetId $r.ImageSetId -VersionId $r.VersionId @c
            if (-not (& $holds[$name] $claimed $r.ImageSetId)) { $falseClaims++ }
            if (-not (& $holds[$name] $final[$r.ImageSetId] $r.ImageSetId)) { $erased++ }
        }
    }

    foreach ($t in $targets) {
        $versions = @(Get-AHIImageSetVersion -DatastoreId $service.DatastoreId -ImageSetId $t.ImageSetId @c).Count
        if ($versions - 1 -gt $mayHaveApplied[$t.ImageSetId]) { $doubled++ }
    }

    [pscustomobject]@{
        ImageSets           = $ImageSetCount
        Writers             = $WriterCount
        ThrottleLimit       = $ThrottleLimit
        FaultRate           = $FaultRate
        LostResponseRate    = $LostResponseRate
        Seed                = $Seed
        Seconds             = [math]::Round($watch.Elapsed.TotalSeconds, 1)
        ReportedSuccesses   = $successes
        FalseSuccesses      = $falseClaims
        SilentlyErasedEdits = $erased
        LostOutcomes        = $lost
        ReportedTwice       = $reportedTwice
        DoubledWrites       = $doubled
        ReportedErrors      = (($errors.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join '; ')
    }
}
finally {
    Stop-BenchService $service
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
