BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force -Global
    # Each service has its own port, and the module keeps a clock correction per endpoint: the services do not share one.
    $script:Ahead = Start-AhiTestService -ArgumentList '--clock-skew-seconds', '1200'
    $script:Behind = Start-AhiTestService -ArgumentList '--clock-skew-seconds', '-1200'
    $script:Proxy = Start-AhiTestService
}

AfterAll {
    foreach ($service in $Ahead, $Behind, $Proxy) { Stop-AhiTestService $service }
}

Describe 'A HealthImaging clock far from this computer''s' {
    It 'is corrected by the Date header of the refusal, said in a verbose line, and every cmdlet goes on working' {
        $connection = Get-AhiTestConnection $Ahead
        $id = New-AhiTestImageSet -Service $Ahead
        $stream = @(Get-AHIImageSetVersion $Ahead.DatastoreId $id @connection -Verbose 4>&1)
        @($stream | Where-Object { $_ -is [AhiTools.ImageSetVersion] }).VersionId | Should -Be @(1)
        $notice = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -match 'clock' })
        $notice | Should -HaveCount 1
        "$($notice[0])" | Should -Match "127\.0\.0\.1:$($Ahead.Port).*(19|20) min \d+ s ahead of this computer's clock"

        # The correction is kept for the session: no refusal, no second notice, and writes work too.
        $updated = Update-AHIImageSetMetadata $Ahead.DatastoreId $id -Study @{ StudyDescription = 'CLOCK' } -Wait -Confirm:$false @connection -Verbose 4>&1
        @($updated | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -match 'clock' }) | Should -BeNullOrEmpty
        @($updated | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })[-1].VersionId | Should -Be 2
        (Get-AHIImageSetMetadata $Ahead.DatastoreId $id @connection).Study.DICOM.StudyDescription | Should -Be 'CLOCK'
        @(Get-AHIDatastore -DatastoreId $Ahead.DatastoreId @connection).DatastoreId | Should -Be $Ahead.DatastoreId
    }

    It 'is corrected the other way when the service''s clock is behind' {
        $connection = Get-AhiTestConnection $Behind
        $id = New-AhiTestImageSet -Service $Behind
        $stream = @(Get-AHIImageSetVersion $Behind.DatastoreId $id @connection -Verbose 4>&1)
        @($stream | Where-Object { $_ -is [AhiTools.ImageSetVersion] }).VersionId | Should -Be @(1)
        "$($stream | Where-Object { "$_" -match 'clock' })" | Should -Match "behind this computer's clock"
    }

    It 'is set with Start-AHILocalService -ClockSkewSeconds, and a fresh session corrects for it' {
        $output = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
`$service = Start-AHILocalService -ClockSkewSeconds 900 -SetDefaults
try {
    `$verbose = Get-AHIDatastore -Verbose 4>&1 | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and "`$_" -match 'clock' }
    'NOTICE=' + (@(`$verbose).Count)
    'DATASTORES=' + @(Get-AHIDatastore).Count
}
finally {
    `$service | Stop-AHILocalService
}
"@
        $output.Output | Should -Contain 'NOTICE=1'
        $output.Output | Should -Contain 'DATASTORES=1'
    }
}

Describe 'A request through an HTTP proxy' {
    It 'reaches the service and passes its signature check when the proxy is the service itself' {
        # HTTP_PROXY is read once per process, so a fresh pwsh; the endpoint's host is never resolved, the proxy is asked.
        $id = New-AhiTestImageSet -Service $Proxy
        $output = Invoke-AhiChildPwsh @"
`$env:HTTP_PROXY = '$($Proxy.Endpoint)'
`$env:NO_PROXY = ''
Import-Module '$ModuleManifest'
`$c = @{ EndpointUrl = 'http://medical-imaging.us-east-1.amazonaws.com'; AccessKey = '$($Proxy.AccessKey)'; SecretKey = '$($Proxy.SecretKey)'; Region = 'us-east-1' }
'VERSION=' + (Get-AHIImageSetVersion '$($Proxy.DatastoreId)' '$id' @c -ErrorAction Stop).VersionId
"@
        $output.Output | Should -Contain 'VERSION=1'
    }
}
