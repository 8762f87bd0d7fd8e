BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force

    # A port nothing listens on: bound to get a free number, then released. No port can be held closed, and once
    # released another program on the machine may take it, so each test takes a fresh one just before it runs.
    function New-AhiClosedEndpoint {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $script:ClosedPort = $listener.LocalEndpoint.Port
        $listener.Stop()
        $script:Closed = @{
            EndpointUrl = "http://127.0.0.1:$ClosedPort"
            AccessKey   = $LocalAccessKey
            SecretKey   = $LocalSecretKey
            Region      = 'us-east-1'
            DatastoreId = '0123456789abcdef0123456789abcdef'
        }
    }
    $script:ImageSetIds = 'fedcba9876543210fedcba9876543210', 'aaaabbbbccccddddeeeeffff00001111'
}

Describe 'An endpoint that cannot be reached' {
    BeforeEach {
        $script:SavedMaxAttempts = $env:AWS_MAX_ATTEMPTS
        New-AhiClosedEndpoint
    }
    AfterEach {
        $env:AWS_MAX_ATTEMPTS = $SavedMaxAttempts
    }

    It 'fails each item with EndpointUnreachable, its attempts and elapsed time, and the pipeline goes on' {
        $env:AWS_MAX_ATTEMPTS = '2'

        $ImageSetIds | Get-AHIImageSetVersion @Closed -ErrorAction SilentlyContinue -ErrorVariable failures

        $failures.Count | Should -Be 2
        foreach ($failure in $failures) {
            $failure | Should -BeAhiError EndpointUnreachable -Category ConnectionError
            $failure.Exception.Message | Should -Match "^HealthImaging at http://127\.0\.0\.1:$ClosedPort could not be reached: connection refused on all 2 attempts over \d+\.\d s\."
            $failure.ErrorDetails.RecommendedAction | Should -Match 'AWS_MAX_ATTEMPTS'
        }
        $failures.TargetObject | Should -Be $ImageSetIds
    }

    It 'writes one verbose line per retry, naming the attempt, failure and delay, and no secret' {
        $env:AWS_MAX_ATTEMPTS = '3'

        $verbose = Get-AHIImageSetVersion @Closed -ImageSetId $ImageSetIds[0] -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        $retries = @($verbose | Where-Object { $_ -match 'attempt \d of 3 failed' })
        $retries.Count | Should -Be 2
        $retries[0] | Should -Match "^HealthImaging at http://127\.0\.0\.1:$ClosedPort`: attempt 1 of 3 failed \(connection refused\) after \d+\.\d s; retrying in \d+\.\d s\.$"
        $retries[1] | Should -Match 'attempt 2 of 3 failed'
        $verbose | Should -Contain ($verbose | Where-Object { $_ -match 'up to 3 attempts per call \(AWS_MAX_ATTEMPTS\)' })
        ($verbose -join "`n") | Should -Not -Match ([regex]::Escape($LocalSecretKey))
    }

    It 'makes a single attempt when AWS_MAX_ATTEMPTS is 1' {
        $env:AWS_MAX_ATTEMPTS = '1'

        $verbose = Get-AHIImageSetVersion @Closed -ImageSetId $ImageSetIds[0] -Verbose -ErrorAction SilentlyContinue -ErrorVariable failure 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        $failure[0].Exception.Message | Should -Match 'connection refused on the only attempt'
        $verbose | Where-Object { $_ -match 'retrying' } | Should -BeNullOrEmpty
    }

    It 'refuses an invalid AWS_MAX_ATTEMPTS before sending, saying what is allowed' {
        $env:AWS_MAX_ATTEMPTS = 'many'

        { Get-AHIImageSetVersion @Closed -ImageSetId $ImageSetIds[0] -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidMaxAttempts,AhiTools.Commands.GetImageSetVersionCommand' -ExpectedMessage '*AWS_MAX_ATTEMPTS must be a whole number of attempts from 1 to 20*'
    }

    It "takes the count from the profile's max_attempts" {
        $env:AWS_MAX_ATTEMPTS = $null
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-profiles-" + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        $profileFile = Join-Path $folder 'credentials'
        Set-Content -Path $profileFile -Value "[runbook]`naws_access_key_id = $LocalAccessKey`naws_secret_access_key = $LocalSecretKey`n"
        Set-Content -Path (Join-Path $folder 'config') -Value "[profile runbook]`nmax_attempts = 2`n"
        try {
            $target = @{ EndpointUrl = $Closed.EndpointUrl; Region = 'us-east-1'; DatastoreId = $Closed.DatastoreId }
            Get-AHIImageSetVersion @target -ImageSetId $ImageSetIds[0] -ProfileName runbook -ProfileLocation $profileFile -ErrorAction SilentlyContinue -ErrorVariable failure

            $failure[0] | Should -BeAhiError EndpointUnreachable
            $failure[0].Exception.Message | Should -Match 'all 2 attempts'
        }
        finally {
            Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'How quickly failures are given up on, with the default settings' {
    BeforeAll {
        $script:SavedMaxAttempts = $env:AWS_MAX_ATTEMPTS
        $env:AWS_MAX_ATTEMPTS = $null
    }
    AfterAll {
        $env:AWS_MAX_ATTEMPTS = $SavedMaxAttempts
    }

    It 'retries a refused connection (nothing listening) every default attempt, each after a wait under a second' {
        New-AhiClosedEndpoint

        $verbose = Get-AHIImageSetVersion @Closed -ImageSetId $ImageSetIds[0] -Verbose -ErrorAction SilentlyContinue -ErrorVariable failure 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

        $failure | Should -BeAhiError EndpointUnreachable
        $failure[0].Exception.Message | Should -Match 'connection refused on all 6 attempts'
        $retries = @($verbose | Where-Object { $_ -match 'attempt \d of 6 failed' })
        $retries.Count | Should -Be 5
        # The planned waits, as announced: short, since a refusal comes back at once (about 2 s in all).
        $retries | ForEach-Object { $_ | Should -Match 'failed \(connection refused\) after \d+\.\d s; retrying in 0\.\d s\.$' }
    }

    Context 'against a service that answers' {
        BeforeAll {
            $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
        }
        AfterAll {
            Stop-AhiTestService $Service
        }

        It 'still retries a 5xx answer, with the normal backoff, and the write goes through' {
            $id = New-AhiTestImageSet -Service $Service
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action Fail500

            $verbose = Update-AHIImageSetMetadata $Datastore $id -Study @{ StudyDescription = 'RETRIED' } -Wait -Verbose @Connection 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message

            $retries = @($verbose | Where-Object { $_ -match 'attempt \d of 6 failed' })
            $retries.Count | Should -Be 1
            $retries[0] | Should -Match 'attempt 1 of 6 failed \(HTTP 500 '
            (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Study.DICOM.StudyDescription | Should -Be 'RETRIED'
        }
    }
}
