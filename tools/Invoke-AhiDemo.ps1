# The README's demo: the mission on the embedded local HealthImaging service, seeded with sample image sets.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ServiceDll,
    [Parameter(Mandatory)] [string] $SeedPath
)

$ErrorActionPreference = 'Stop'

function Step([string] $Text) { Write-Host "`n=== $Text" -ForegroundColor Cyan }
function Show([string] $Command) { Write-Host "PS> $Command" -ForegroundColor Yellow }

$logs = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-demo-" + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $logs | Out-Null
$stdout = Join-Path $logs 'stdout.txt'
Step "Starting the local HealthImaging service with $SeedPath"
$service = Start-Process dotnet -ArgumentList @($ServiceDll, '--port', '0', '--seed', $SeedPath) -PassThru -NoNewWindow `
    -RedirectStandardOutput $stdout -RedirectStandardError (Join-Path $logs 'stderr.txt')
try {
    $endpoint = $null
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not $endpoint -and [DateTime]::UtcNow -lt $deadline) {
        $line = Get-Content $stdout -ErrorAction SilentlyContinue | Where-Object { $_ -match 'listening on (http://\S+)' } | Select-Object -First 1
        if ($line -and $line -match 'listening on (http://\S+)') { $endpoint = $Matches[1] } else { Start-Sleep -Milliseconds 100 }
    }
    if (-not $endpoint) { throw 'The local service did not start.' }
    Write-Host "Listening on $endpoint"

    Import-Module $ModulePath
    # Point every AhiTools cmdlet at the local service, as a user would with their own defaults.
    $PSDefaultParameterValues['*-AHI*:EndpointUrl'] = $endpoint
    $PSDefaultParameterValues['*-AHI*:Region'] = 'us-east-1'
    $PSDefaultParameterValues['*-AHI*:AccessKey'] = 'AKIALOCALAHITOOLS000'
    $PSDefaultParameterValues['*-AHI*:SecretKey'] = 'ahitools-local-secret-key-0000000000000'

    $seed = Get-Content $SeedPath -Raw | ConvertFrom-Json
    $datastoreId = $seed.datastores[0].datastoreId
    $imageSetIds = @($seed.datastores[0].imageSets.imageSetId)

    Step 'Every version of the first sample image set'
    Show "Get-AHIImageSetVersion -DatastoreId $datastoreId -ImageSetId $($imageSetIds[0])"
    Get-AHIImageSetVersion -DatastoreId $datastoreId -ImageSetId $imageSetIds[0] | Format-Table | Out-Host

    Step 'The latest version of every sample image set, from the pipeline'
    Show '$imageSetIds | Get-AHIImageSetVersion -DatastoreId $datastoreId -Latest'
    $imageSetIds | Get-AHIImageSetVersion -DatastoreId $datastoreId -Latest | Format-Table | Out-Host

    $imageSet = $imageSetIds[0]
    $other = $imageSetIds[1]
    $before = (Get-AHIImageSetVersion -DatastoreId $datastoreId -ImageSetId $imageSet -Latest).VersionId

    Step 'Fix a patient name: -WhatIf first, nothing is sent'
    Show "Update-AHIImageSetMetadata $datastoreId $imageSet -Patient @{ PatientName = 'DOE^JANE^MARIE' } -WhatIf"
    Update-AHIImageSetMetadata $datastoreId $imageSet -Patient @{ PatientName = 'DOE^JANE^MARIE' } -WhatIf

    Step 'Then for real, waiting for the asynchronous workflow'
    Show "Update-AHIImageSetMetadata $datastoreId $imageSet -Patient @{ PatientName = 'DOE^JANE^MARIE' } -Wait"
    Update-AHIImageSetMetadata $datastoreId $imageSet -Patient @{ PatientName = 'DOE^JANE^MARIE' } -Wait | Format-Table | Out-Host
    Show '(Get-AHIImageSetMetadata $datastoreId $imageSet).Patient.DICOM.PatientName'
    (Get-AHIImageSetMetadata $datastoreId $imageSet).Patient.DICOM.PatientName | Out-Host

    $otherDocument = Get-AHIImageSetMetadata $datastoreId $other
    $seriesUid = @($otherDocument.Study.Series.PSObject.Properties.Name)[0]
    $sopUid = @($otherDocument.Study.Series.$seriesUid.Instances.PSObject.Properties.Name)[0]

    Step "Copy one instance of another patient's study into this image set: the service refuses it"
    Show "Copy-AHIImageSet $datastoreId -SourceImageSetId $other -DestinationImageSetId $imageSet -Instance @{ '$seriesUid' = '$sopUid' } -Wait"
    Copy-AHIImageSet $datastoreId -SourceImageSetId $other -DestinationImageSetId $imageSet -Instance @{ $seriesUid = $sopUid } -Wait -ErrorAction SilentlyContinue -ErrorVariable refused | Out-Null
    foreach ($record in $refused) { Write-Host "Error ($($record.FullyQualifiedErrorId)): $($record.Exception.Message)" -ForegroundColor Red }

    Step '-Force overrides the Patient/Study/Series consistency check; the version says Forced'
    Show "Copy-AHIImageSet $datastoreId -SourceImageSetId $other -DestinationImageSetId $imageSet -Instance @{ '$seriesUid' = '$sopUid' } -Force -Wait"
    Copy-AHIImageSet $datastoreId -SourceImageSetId $other -DestinationImageSetId $imageSet -Instance @{ $seriesUid = $sopUid } -Force -Wait | Format-Table | Out-Host
    Get-AHIImageSetVersion $datastoreId $imageSet -First 4 | Format-Table | Out-Host

    Step "Roll back: pipe version $before, from before the edits, into Undo-AHIImageSetMetadata"
    Show "Get-AHIImageSetVersion $datastoreId $imageSet | Where-Object VersionId -eq $before | Undo-AHIImageSetMetadata -Wait"
    Get-AHIImageSetVersion $datastoreId $imageSet | Where-Object VersionId -eq $before | Undo-AHIImageSetMetadata -Wait | Format-Table | Out-Host

    Step 'The metadata is back'
    $restored = Get-AHIImageSetMetadata $datastoreId $imageSet
    Show '(Get-AHIImageSetMetadata $datastoreId $imageSet).Patient.DICOM.PatientName'
    $restored.Patient.DICOM.PatientName | Out-Host
    $stillCopied = $restored.Study.Series.PSObject.Properties.Name -contains $seriesUid
    Write-Host "Copied series present after the revert: $stillCopied"
    $original = Get-AHIImageSetMetadata $datastoreId $imageSet -VersionId $before -AsJson
    if ((Get-AHIImageSetMetadata $datastoreId $imageSet -AsJson | ConvertFrom-Json | ConvertTo-Json -Depth 30 -Compress) -ne ($original | ConvertFrom-Json | ConvertTo-Json -Depth 30 -Compress)) {
        throw "The reverted document differs from version $before."
    }
    Write-Host "The latest document equals version $before." -ForegroundColor Green
}
finally {
    Step 'Stopping the local service'
    Stop-Process -Id $service.Id -Force -ErrorAction SilentlyContinue
}
