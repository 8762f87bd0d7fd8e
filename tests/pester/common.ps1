# Shared by every Pester file: the staged module, the local HealthImaging service, and test data.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:OutPath = if ($env:AHITOOLS_OUT) { $env:AHITOOLS_OUT } else { Join-Path $RepoRoot 'out' }
$script:ModuleManifest = Join-Path $OutPath 'AhiTools/AhiTools.psd1'
$script:ServiceDll = Join-Path $OutPath 'LocalService/AhiTools.LocalService.dll'
# Test tool versions are written once, in tools/TestTools.proj (build.ps1 restores them into out/packages).
$script:TestToolVersions = ([xml](Get-Content (Join-Path $RepoRoot 'tools/TestTools.proj') -Raw)).Project.PropertyGroup
$script:LocalAccessKey = 'AKIALOCALAHITOOLS000'
$script:LocalSecretKey = 'ahitools-local-secret-key-0000000000000'

. (Join-Path $PSScriptRoot 'ShouldBeAhiError.ps1')

function Start-AhiTestService {
    <# Starts the local service on a free port and makes a fresh datastore in it. #>
    param([string[]] $ArgumentList = @())

    $logs = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-service-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $logs | Out-Null
    $stdout = Join-Path $logs 'stdout.txt'
    $arguments = @($ServiceDll, '--port', '0') + $ArgumentList
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru -NoNewWindow `
        -RedirectStandardOutput $stdout -RedirectStandardError (Join-Path $logs 'stderr.txt')

    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    $endpoint = $null
    while (-not $endpoint) {
        if ($process.HasExited) {
            throw "The local service exited with code $($process.ExitCode): $(Get-Content (Join-Path $logs 'stderr.txt') -Raw)"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            throw 'The local service did not print its listening line within 60 seconds.'
        }
        $line = Get-Content $stdout -ErrorAction SilentlyContinue | Where-Object { $_ -match 'listening on (http://\S+)' } | Select-Object -First 1
        if ($line -and $line -match 'listening on (http://\S+)') {
            $endpoint = $Matches[1].TrimEnd('/')
        }
        else {
            Start-Sleep -Milliseconds 100
        }
    }

    $datastore = Invoke-RestMethod -Method Post -Uri "$endpoint/_local/datastores" -ContentType 'application/json' `
        -Body (@{ datastoreName = 'pester' } | ConvertTo-Json)
    [pscustomobject]@{
        Endpoint    = $endpoint
        Port        = ([uri]$endpoint).Port
        Process     = $process
        LogFolder   = $logs
        AccessKey   = $LocalAccessKey
        SecretKey   = $LocalSecretKey
        DatastoreId = $datastore.datastoreId
    }
}

function Start-AhiTestSession {
    <# What most test files need first: the staged module imported, a local service, its connection and datastore. #>
    param([string[]] $ArgumentList = @())
    Import-Module $ModuleManifest -Force -Global
    $service = Start-AhiTestService -ArgumentList $ArgumentList
    return $service, (Get-AhiTestConnection $service), $service.DatastoreId
}

function Stop-AhiTestService {
    param([Parameter(Mandatory)] $Service)
    if ($Service -and -not $Service.Process.HasExited) {
        Stop-Process -Id $Service.Process.Id -Force -ErrorAction SilentlyContinue
        $Service.Process.WaitForExit(10000) | Out-Null
    }
    if ($Service -and $Service.Process.HasExited -and $Service.LogFolder) {
        Remove-Item $Service.LogFolder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Get-AhiTestConnection {
    <# Parameters to splat into any AhiTools cmdlet so it talks to the given local service. #>
    param([Parameter(Mandatory)] $Service)
    @{
        EndpointUrl = $Service.Endpoint
        AccessKey   = $Service.AccessKey
        SecretKey   = $Service.SecretKey
        Region      = 'us-east-1'
    }
}

function New-AhiTestUid {
    $digits = -join (1..30 | ForEach-Object { Get-Random -Minimum 0 -Maximum 10 })
    "2.25.1$digits"
}

function New-AhiTestDocument {
    <# A small realistic study document: Patient, Study, Series, Instances with the elements real image sets carry. #>
    param(
        [string] $PatientName = 'DOE^JANE',
        [string] $PatientId = 'PID-0001',
        [string] $StudyInstanceUid = (New-AhiTestUid),
        [string] $StudyDescription = 'CT CHEST',
        [string[]] $SeriesInstanceUid,
        [int] $SeriesCount = 1,
        [int] $InstancesPerSeries = 2
    )

    if (-not $SeriesInstanceUid) {
        $SeriesInstanceUid = 1..$SeriesCount | ForEach-Object { New-AhiTestUid }
    }
    $series = [ordered]@{}
    $seriesNumber = 0
    foreach ($seriesUid in $SeriesInstanceUid) {
        $seriesNumber++
        $instances = [ordered]@{}
        foreach ($instanceNumber in 1..$InstancesPerSeries) {
            $sop = New-AhiTestUid
            $instances[$sop] = [ordered]@{
                DICOM                   = [ordered]@{
                    SOPInstanceUID = $sop
                    SOPClassUID    = '1.2.840.10008.5.1.4.1.1.2'
                    InstanceNumber = $instanceNumber
                    Rows           = 512
                    Columns        = 512
                }
                DICOMVRs                = [ordered]@{}
                StoredTransferSyntaxUID = '1.2.840.10008.1.2.1'
                ImageFrames             = @(
                    [ordered]@{
                        ID               = ([guid]::NewGuid().ToString('n'))
                        FrameSizeInBytes = 524288
                        PixelDataChecksumFromBaseToFullResolution = @(@{ Width = 512; Height = 512; Checksum = 1234567 })
                    }
                )
            }
        }
        $series[$seriesUid] = [ordered]@{
            DICOM     = [ordered]@{
                SeriesInstanceUID = $seriesUid
                SeriesNumber      = $seriesNumber
                Modality          = 'CT'
                SeriesDescription = "AXIAL $seriesNumber"
            }
            Instances = $instances
        }
    }

    [ordered]@{
        SchemaVersion = '1.1'
        Patient       = [ordered]@{
            DICOM = [ordered]@{
                PatientName      = $PatientName
                PatientID        = $PatientId
                PatientBirthDate = '19700101'
                PatientSex       = 'F'
            }
        }
        Study         = [ordered]@{
            DICOM  = [ordered]@{
                StudyInstanceUID = $StudyInstanceUid
                StudyDate        = '20240115'
                StudyTime        = '101500'
                AccessionNumber  = 'ACC-0001'
                StudyDescription = $StudyDescription
                StudyID          = '1'
            }
            Series = $series
        }
    }
}

function New-AhiTestImageSet {
    <# Creates an image set from a document through the service's local route; returns its ID. #>
    param(
        [Parameter(Mandatory)] $Service,
        $Document = (New-AhiTestDocument),
        [int] $AdditionalVersions = 0
    )

    $body = if ($Document -is [string]) { $Document } else { $Document | ConvertTo-Json -Depth 20 }
    $created = Invoke-RestMethod -Method Post -Uri "$($Service.Endpoint)/_local/datastore/$($Service.DatastoreId)/imageSets" `
        -ContentType 'application/json' -Body $body
    for ($i = 0; $i -lt $AdditionalVersions; $i++) {
        Invoke-RestMethod -Method Post -Uri "$($Service.Endpoint)/_local/datastore/$($Service.DatastoreId)/imageSet/$($created.imageSetId)/versions" `
            -ContentType 'application/json' -Body '{}' | Out-Null
    }
    $created.imageSetId
}

function Get-AhiTestMetadata {
    <# The image set's metadata document, as the service stores it, through the module's own cmdlet. #>
    param(
        [Parameter(Mandatory)] $Service,
        [Parameter(Mandatory)] [string] $ImageSetId,
        [string] $VersionId
    )
    $connection = Get-AhiTestConnection $Service
    if ($VersionId) { $connection.VersionId = $VersionId }
    Get-AHIImageSetMetadata -DatastoreId $Service.DatastoreId -ImageSetId $ImageSetId @connection
}

function Get-AhiTestMetadataJson {
    <# The Patient and Study parts of one version's metadata as compact JSON, to compare versions. #>
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [string] $ImageSetId, [string] $VersionId)
    $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $ImageSetId -VersionId $VersionId
    @{ Patient = $metadata.Patient; Study = $metadata.Study } | ConvertTo-Json -Depth 20 -Compress
}

function Get-AhiTestImageSetCount {
    <# How many image sets the datastore holds, from the service's local route (an oracle independent of the module under test, which may be what failed to create or delete one). #>
    param([Parameter(Mandatory)] $Service)
    @((Invoke-RestMethod -Uri "$($Service.Endpoint)/_local/datastore/$($Service.DatastoreId)/imageSets").imageSetIds).Count
}

function Get-AhiTestVersionCount {
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [string] $ImageSetId)
    $connection = Get-AhiTestConnection $Service
    @(Get-AHIImageSetVersion -DatastoreId $Service.DatastoreId -ImageSetId $ImageSetId @connection).Count
}

function Invoke-AhiChildPwsh {
    <# Runs a script in a fresh pwsh (as a user's new session) and returns its output lines and exit code. #>
    param([Parameter(Mandatory)] [string] $Script)

    $file = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-child-" + [guid]::NewGuid().ToString('n') + '.ps1')
    Set-Content -Path $file -Value ("`$PSStyle.OutputRendering = 'PlainText'`n" + $Script)
    try {
        $exe = [Environment]::ProcessPath
        $prefix = @()
        if ($exe -like '*dotnet*') { $prefix = @(Join-Path $PSHOME 'pwsh.dll') }
        $output = & $exe @prefix -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
    }
    finally {
        Remove-Item $file -Force -ErrorAction SilentlyContinue
    }
}

function Invoke-AhiModuleInChild {
    <# Runs a command in a fresh pwsh with the module imported and $c (the connection to the service); returns what it printed. #>
    param([Parameter(Mandatory)] $Service, [Parameter(Mandatory)] [string] $Command)
    $script = @"
Import-Module '$ModuleManifest'
`$c = @{ EndpointUrl = '$($Service.Endpoint)'; AccessKey = '$($Service.AccessKey)'; SecretKey = '$($Service.SecretKey)'; Region = 'us-east-1' }
$Command
"@
    (Invoke-AhiChildPwsh -Script $script).Output -join "`n"
}

function Stop-AhiTestInvocation {
    <#
    Ctrl+C in a test: runs $Shell (a [PowerShell] with its commands added), waits until -Ready says the work is under
    way, stops it, and asserts that it was still running when stopped and that the stop ended it (state Stopped).
    -Ready must be a condition on the work itself (a record the command wrote, a request the service received), never
    a guess at how long the work takes to start. The stop must end the invocation within -DeadlineSeconds: a
    generous bound that only has to be shorter than the work the service holds (the slow services of the tests
    answer after a minute), so that a stop which waits for the work to finish on its own fails here.
    #>
    param(
        [Parameter(Mandatory)] [PowerShell] $Shell,
        [Parameter(Mandatory)] [scriptblock] $Ready,
        [int] $DeadlineSeconds = 30
    )
    $running = $Shell.BeginInvoke()
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (& $Ready) -and [DateTime]::UtcNow -lt $deadline -and -not $running.IsCompleted) { Start-Sleep -Milliseconds 50 }
    [bool](& $Ready) | Should -BeTrue -Because "the work must be under way before it is stopped ($($Shell.InvocationStateInfo.State): $($Shell.InvocationStateInfo.Reason))"
    $before = $Shell.InvocationStateInfo.State
    $stopping = $Shell.BeginStop($null, $null)
    # The invocation's async result completes just after the state turns Stopped: wait for both, within the bound.
    $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($DeadlineSeconds)) | Should -BeTrue -Because 'the stop must not wait for the work to end on its own'
    $running.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($DeadlineSeconds)) | Should -BeTrue
    $Shell.EndStop($stopping)
    $before | Should -Be 'Running'
    $Shell.InvocationStateInfo.State | Should -Be 'Stopped'
}

function Test-AhiTestRequestOpen {
    <# Whether a TCP connection to the service is open (established): a request to it is on its way or waiting for its answer. #>
    param([Parameter(Mandatory)] $Service)
    $connections = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().GetActiveTcpConnections()
    @($connections | Where-Object { $_.State -eq 'Established' -and $_.RemoteEndPoint.Port -eq $Service.Port }).Count -gt 0
}

function Wait-AhiTestNextMillisecond {
    <#
    Returns once the clock has moved on to a later millisecond. The local service stamps createdAt and updatedAt in
    whole milliseconds from the same clock: what is made after this call is stamped later than anything made before it.
    #>
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()
    while ([DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() -le $now) { }
}

function Set-AhiTestFault {
    <#
    Arms a fault in the local service for the next write(s) whose path names the image set, or with -Operation for
    the next request(s) of that operation (reads too, such as GetImageSetMetadata): optionally another writer's
    update applied just before (on -OtherWriterImageSetId, default the same image set), then -Action (Apply,
    LoseResponse, LoseResponseAndStop, DropRequest, Fail500, Hold for -DelayMs, or CorruptBody: a malformed answer).
    #>
    param(
        [Parameter(Mandatory)] $Service,
        [Parameter(Mandatory)] [string] $ImageSetId,
        [Parameter(Mandatory)] [string] $Action,
        [hashtable] $OtherWriterUpdate,
        [string] $OtherWriterImageSetId,
        [int] $Times = 1,
        [int] $DelayMs = 30000,
        [string] $Operation
    )
    $body = @{ action = $Action; times = $Times; delayMs = $DelayMs }
    if ($Operation) { $body.operation = $Operation }
    if ($OtherWriterUpdate) { $body.otherWriterUpdate = @{ SchemaVersion = '1.1' } + $OtherWriterUpdate }
    if ($OtherWriterImageSetId) { $body.otherWriterImageSetId = $OtherWriterImageSetId }
    Invoke-RestMethod -Method Post -Uri "$($Service.Endpoint)/_local/datastore/$($Service.DatastoreId)/imageSet/$ImageSetId/faults" `
        -ContentType 'application/json' -Body ($body | ConvertTo-Json -Depth 20) | Out-Null
}
