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

    $story = Join-Path $PSScriptRoot 'Invoke-AhiDemoStory.ps1'
    if (Test-Path $story) {
        & $story -DatastoreId $datastoreId -ImageSetIds $imageSetIds
    }
}
finally {
    Step 'Stopping the local service'
    Stop-Process -Id $service.Id -Force -ErrorAction SilentlyContinue
}
