BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force

    # The older table at twice its rate: UpdateImageSetMetadata 0.5 per second with a burst of 2, far below the
    # 10 per second the module starts from (AWS's newest table). Nothing tells the module the quota.
    function Start-LowQuotaService { Start-AhiTestService -ArgumentList '--quota-preset', 'aws-2024', '--quota-scale', '2', '--workflow-delay-ms', '0' }

    function Get-ThrottledUpdates($Service) {
        $quotas = Invoke-RestMethod "$($Service.Endpoint)/_local/quotas"
        [int]$quotas.throttled.UpdateImageSetMetadata
    }

    function Get-PacingLines($Records, $Service) {
        $pattern = "^UpdateImageSetMetadata on http://127\.0\.0\.1:$($Service.Port) was throttled: calls are now paced at (\d+(\.\d+)?) per second \(retry mode adaptive\)\.$"
        @($Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match $pattern } |
            ForEach-Object { [void]($_.Message -match $pattern); [double]$Matches[1] })
    }
}

Describe 'Rate control (retry mode)' {
    BeforeEach {
        $script:SavedRetryMode = $env:AWS_RETRY_MODE
        $env:AWS_RETRY_MODE = $null
    }
    AfterEach {
        $env:AWS_RETRY_MODE = $SavedRetryMode
    }

    It 'backs off on every throttled answer of a quota it was not told, and recovers: every update succeeds, once' {
        $service = Start-LowQuotaService
        try {
            $connection = Get-AhiTestConnection $service
            $ids = @(1..8 | ForEach-Object { New-AhiTestImageSet -Service $service })

            $records = @($ids | Update-AHIImageSetMetadata -DatastoreId $service.DatastoreId -Study @{ StudyDescription = 'PACED' } @connection -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1)

            $failures.Count | Should -Be 0
            @($records | Where-Object ImageSetId).Count | Should -Be 8
            # The module started above the quota, so the service throttled it ...
            $throttled = Get-ThrottledUpdates $service
            $throttled | Should -BeGreaterThan 0
            # ... and each throttled answer slowed the limiter below AWS's published 10 per second.
            $paces = Get-PacingLines $records $service
            $paces.Count | Should -Be $throttled
            foreach ($pace in $paces) { $pace | Should -BeLessThan 10 }
            # Recovered: the retries after the back-off went through, each image set has exactly one new version.
            foreach ($id in $ids) { (Get-AHIImageSetVersion $service.DatastoreId $id -Latest @connection).VersionId | Should -Be '2' }
        }
        finally {
            Stop-AhiTestService $service
        }
    }

    It 'does not pace in standard mode (AWS_RETRY_MODE): throttled calls are only retried, and still succeed' {
        $env:AWS_RETRY_MODE = 'standard'
        $service = Start-LowQuotaService
        try {
            $connection = Get-AhiTestConnection $service
            $ids = @(1..4 | ForEach-Object { New-AhiTestImageSet -Service $service })

            $records = @($ids | Update-AHIImageSetMetadata -DatastoreId $service.DatastoreId -Study @{ StudyDescription = 'RETRIED' } @connection -Verbose -ErrorVariable failures -ErrorAction SilentlyContinue 4>&1)

            $failures.Count | Should -Be 0
            @($records | Where-Object ImageSetId).Count | Should -Be 4
            Get-ThrottledUpdates $service | Should -BeGreaterThan 0
            Get-PacingLines $records $service | Should -BeNullOrEmpty
            @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'retry mode standard \(AWS_RETRY_MODE\)' }).Count | Should -BeGreaterThan 0
        }
        finally {
            Stop-AhiTestService $service
        }
    }

    It 'refuses an unknown AWS_RETRY_MODE before sending, naming the modes' {
        $env:AWS_RETRY_MODE = 'fast'
        $connection = @{ EndpointUrl = 'http://127.0.0.1:9'; AccessKey = $LocalAccessKey; SecretKey = $LocalSecretKey; Region = 'us-east-1' }

        { Get-AHIImageSetVersion -DatastoreId '0123456789abcdef0123456789abcdef' -ImageSetId 'fedcba9876543210fedcba9876543210' @connection -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidRetryMode,AhiTools.Commands.GetImageSetVersionCommand' -ExpectedMessage "*AWS_RETRY_MODE must be 'adaptive', 'standard' or 'legacy'*"
    }

    It "refuses a profile's unknown retry_mode as InvalidRetryMode, not as a profile that was not found" {
        # AWSSDK.Core does not load such a profile at all; the module reads the value to say what is wrong. The SDK
        # reads AWS_CONFIG_FILE once per process, so the module runs in a fresh pwsh started with it set.
        $config = Join-Path ([IO.Path]::GetTempPath()) "ahitools-config-$([guid]::NewGuid().ToString('N'))"
        Set-Content -LiteralPath $config -Value "[profile fast]`nregion = us-east-1`naws_access_key_id = $LocalAccessKey`naws_secret_access_key = $LocalSecretKey`nretry_mode = fast`n"
        $savedConfig = $env:AWS_CONFIG_FILE
        $env:AWS_CONFIG_FILE = $config
        try {
            $child = Invoke-AhiChildPwsh -Script @"
Import-Module '$ModuleManifest'
try { Get-AHIImageSetVersion -DatastoreId '0123456789abcdef0123456789abcdef' -ImageSetId 'fedcba9876543210fedcba9876543210' -ProfileName fast -EndpointUrl 'http://127.0.0.1:9' -ErrorAction Stop }
catch { "`$(`$_.FullyQualifiedErrorId) | `$(`$_.Exception.Message)" }
"@
        }
        finally {
            $env:AWS_CONFIG_FILE = $savedConfig
            Remove-Item -LiteralPath $config -Force
        }

        $child.Output -join "`n" | Should -BeLike "InvalidRetryMode,AhiTools.Commands.GetImageSetVersionCommand | retry_mode of profile 'fast' must be 'adaptive', 'standard' or 'legacy'*"
    }
}
