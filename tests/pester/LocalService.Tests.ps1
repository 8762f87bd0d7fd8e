BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force
    $script:SampleSeed = Join-Path (Split-Path $ModuleManifest) 'LocalService/samples/seed.json'

    # Whether the stopped service still answers at its endpoint. Once it is gone another program may take its free
    # port, so an answer counts only when it is this service's: one that holds its datastore.
    function Test-AhiServiceAnswers($Service) {
        try {
            $listed = Invoke-RestMethod -Uri "$($Service.EndpointUrl)/_local/datastores" -TimeoutSec 10
            @($listed.datastoreIds) -contains $Service.DatastoreId
        }
        catch { $false }
    }

    # Whether a process is a local service (a process ID can be given to another program once its process has ended).
    function Test-AhiServiceProcess([int] $ProcessId) {
        $process = Get-Process -Id $ProcessId -ErrorAction SilentlyContinue
        [bool]($process -and $process.CommandLine -like '*AhiTools.LocalService*')
    }
}

Describe 'Start-AHILocalService and Stop-AHILocalService' {
    AfterEach {
        Stop-AHILocalService -All
    }

    It 'starts the service shipped inside the module, with one empty datastore, and stops it' {
        $service = Start-AHILocalService -DatastoreName runbook-tests

        $service.EndpointUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
        $service.Port | Should -Be ([uri]$service.EndpointUrl).Port
        (Get-Process -Id $service.ProcessId).Path | Should -Not -BeNullOrEmpty
        @($service.DatastoreIds).Count | Should -Be 1
        $service.DatastoreId | Should -Be $service.DatastoreIds[0]
        $c = $service.Connection
        Get-AHIImageSetVersion -DatastoreId $service.DatastoreId -ImageSetId fedcba9876543210fedcba9876543210 @c -ErrorAction SilentlyContinue -ErrorVariable missing
        $missing[0] | Should -BeAhiError ResourceNotFoundException

        $service | Stop-AHILocalService

        $service.HasExited | Should -BeTrue
        Test-AhiServiceAnswers $service | Should -BeFalse
    }

    It 'loads a seed (from a path with spaces) and reports its datastores' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'my seeds')
        Copy-Item $SampleSeed $folder
        $service = Start-AHILocalService -SeedPath (Join-Path $folder 'seed.json')
        $seeded = (Get-Content $SampleSeed -Raw | ConvertFrom-Json).datastores.datastoreId

        $service.DatastoreIds | Should -Be $seeded
        $c = $service.Connection
        $imageSetId = (Get-Content $SampleSeed -Raw | ConvertFrom-Json).datastores[0].imageSets[0].imageSetId
        (Get-AHIImageSetVersion -DatastoreId $service.DatastoreId -ImageSetId $imageSetId -Latest @c).ImageSetId | Should -Be $imageSetId
    }

    It 'points every AhiTools cmdlet at the service with -SetDefaults, and Stop removes exactly those defaults' {
        $PSDefaultParameterValues['Get-ChildItem:Force'] = $true
        try {
            $service = Start-AHILocalService -SeedPath $SampleSeed -SetDefaults
            $imageSetId = (Get-Content $SampleSeed -Raw | ConvertFrom-Json).datastores[0].imageSets[0].imageSetId

            $PSDefaultParameterValues['*-AHI*:EndpointUrl'] | Should -Be $service.EndpointUrl
            (Get-AHIImageSetVersion -DatastoreId $service.DatastoreId -ImageSetId $imageSetId -Latest).ImageSetId | Should -Be $imageSetId

            $service | Stop-AHILocalService
            $PSDefaultParameterValues.Keys | Where-Object { $_ -like '`*-AHI`**' } | Should -BeNullOrEmpty
            $PSDefaultParameterValues['Get-ChildItem:Force'] | Should -BeTrue
        }
        finally {
            $PSDefaultParameterValues.Remove('Get-ChildItem:Force')
        }
    }

    It 'injects faults when asked: every operation fails with -FaultRate 1' {
        $saved = $env:AWS_MAX_ATTEMPTS
        $env:AWS_MAX_ATTEMPTS = '1'
        try {
            $service = Start-AHILocalService -SeedPath $SampleSeed -FaultRate 1
            $c = $service.Connection
            $imageSetId = (Get-Content $SampleSeed -Raw | ConvertFrom-Json).datastores[0].imageSets[0].imageSetId

            Get-AHIImageSetVersion -DatastoreId $service.DatastoreId -ImageSetId $imageSetId @c -ErrorAction SilentlyContinue -ErrorVariable failure

            $failure[0] | Should -BeAhiError InternalServerException, ServiceUnavailableException
        }
        finally {
            $env:AWS_MAX_ATTEMPTS = $saved
        }
    }

    It 'refuses a missing seed file before starting anything' {
        { Start-AHILocalService -SeedPath (Join-Path $TestDrive 'no-such-seed.json') } |
            Should -Throw -ErrorId 'SeedFileNotFound,AhiTools.Commands.StartLocalServiceCommand' -ExpectedMessage '*does not exist*leave -SeedPath out*'
        Stop-AHILocalService -All -WhatIf 6>&1 | Should -BeNullOrEmpty -Because 'no service was started'
    }

    It 'reports a seed the service cannot load as LocalServiceFailedToStart and leaves no process' {
        $bad = Join-Path $TestDrive 'bad-seed.json'
        Set-Content $bad '{ "datastores": [ { "datastoreId": '

        { Start-AHILocalService -SeedPath $bad } | Should -Throw -ErrorId 'LocalServiceFailedToStart,AhiTools.Commands.StartLocalServiceCommand' -ExpectedMessage '*stopped as it started (exit code 1): *not valid JSON*'
        # Only a service started with this seed is this test's: other local services may run on the machine meanwhile.
        Get-Process | Where-Object { $_.CommandLine -like '*AhiTools.LocalService*' -and $_.CommandLine -like "*$bad*" } |
            Should -BeNullOrEmpty
    }

    It 'starts nothing with -WhatIf' {
        Start-AHILocalService -WhatIf | Should -BeNullOrEmpty
    }

    It 'stops every service of this session with -All, and removes the defaults one of them set' {
        $first = Start-AHILocalService
        $second = Start-AHILocalService -SetDefaults

        Stop-AHILocalService -All

        $first.HasExited | Should -BeTrue
        $second.HasExited | Should -BeTrue
        $PSDefaultParameterValues.Keys | Where-Object { $_ -like '`*-AHI`**' } | Should -BeNullOrEmpty
    }

    It 'stops its services when the PowerShell that started them exits' {
        $result = Invoke-AhiChildPwsh -Script "Import-Module '$ModuleManifest'; (Start-AHILocalService).ProcessId"
        $processId = [int]($result.Output | Select-Object -Last 1)

        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Test-AhiServiceProcess $processId) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        Test-AhiServiceProcess $processId | Should -BeFalse
    }
}

Describe 'The local service command line' {
    BeforeAll {
        $script:ShippedServiceDll = Join-Path (Split-Path $ModuleManifest) 'LocalService/AhiTools.LocalService.dll'
    }

    It 'prints its usage for <Option> on standard output and exits 0, starting nothing' -TestCases @(
        @{ Option = '--help' }
        @{ Option = '-h' }
    ) {
        $output = & dotnet $ShippedServiceDll $Option 2>&1
        $exitCode = $LASTEXITCODE

        $exitCode | Should -Be 0
        $text = $output -join "`n"
        $text | Should -Match '^Usage: AhiTools\.LocalService '
        $text | Should -Match '--seed FILE'
        $text | Should -Match '--help, -h'
        $text | Should -Not -Match 'listening on http://127\.0\.0\.1:\d'
        $text | Should -Not -Match 'Unknown option'
        @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
    }

    It 'refuses an unknown option with exit code 2, naming it, and prints the usage' {
        $output = & dotnet $ShippedServiceDll --no-such-option 2>&1
        $exitCode = $LASTEXITCODE

        $exitCode | Should -Be 2
        $text = $output -join "`n"
        $text | Should -Match "Unknown option '--no-such-option'"
        $text | Should -Match 'Usage: AhiTools\.LocalService '
        $text | Should -Not -Match 'listening on http://127\.0\.0\.1:\d'
    }
}
