BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Ahead = Start-AhiTestService -ArgumentList '--clock-skew-seconds', '1200'
    $script:Behind = Start-AhiTestService -ArgumentList '--clock-skew-seconds', '-1200'
    $script:Proxy = Start-AhiTestService
}

AfterAll {
    foreach ($service in $Ahead, $Behind, $Proxy) { Stop-AhiTestService $service }
}

Describe 'A HealthImaging clock far from this computer''s' {
    # In fresh sessions: the correction is kept for the session, and must not reach the other test files.
    It 'is corrected by the Date header of the refusal, said in a verbose line, and every cmdlet goes on working' {
        $id = New-AhiTestImageSet -Service $Ahead
        $d = $Ahead.DatastoreId
        $output = Invoke-AhiModuleInChild -Service $Ahead -Command @"
`$stream = @(Get-AHIImageSetVersion $d $id @c -Verbose 4>&1)
'VERSIONS=' + (@(`$stream | Where-Object { `$_ -is [AhiTools.ImageSetVersion] }).VersionId -join ',')
`$stream | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and "`$_" -match 'clock' } | ForEach-Object { 'NOTICE=' + `$_ }
# The correction is kept for the session: no second notice, and writes work too.
`$updated = @(Update-AHIImageSetMetadata $d $id -Study @{ StudyDescription = 'CLOCK' } -Wait -Confirm:`$false @c -Verbose 4>&1)
'LATER_NOTICES=' + @(`$updated | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and "`$_" -match 'clock' }).Count
'UPDATED=' + @(`$updated | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] })[-1].VersionId
'DESCRIPTION=' + (Get-AHIImageSetMetadata $d $id @c).Study.DICOM.StudyDescription
'DATASTORE=' + (Get-AHIDatastore -DatastoreId $d @c).DatastoreId
"@
        $lines = $output -split "`n"
        $lines | Should -Contain 'VERSIONS=1'
        $notices = @($lines | Where-Object { $_ -like 'NOTICE=*' })
        $notices | Should -HaveCount 1
        $notices[0] | Should -Match "127\.0\.0\.1:$($Ahead.Port).*(19|20) min \d+ s ahead of this computer's clock"
        $lines | Should -Contain 'LATER_NOTICES=0'
        $lines | Should -Contain 'UPDATED=2'
        $lines | Should -Contain 'DESCRIPTION=CLOCK'
        $lines | Should -Contain "DATASTORE=$d"
    }

    It 'is corrected the other way when the service''s clock is behind' {
        $id = New-AhiTestImageSet -Service $Behind
        $output = Invoke-AhiModuleInChild -Service $Behind -Command @"
`$stream = @(Get-AHIImageSetVersion $($Behind.DatastoreId) $id @c -Verbose 4>&1)
'VERSIONS=' + (@(`$stream | Where-Object { `$_ -is [AhiTools.ImageSetVersion] }).VersionId -join ',')
`$stream | Where-Object { "`$_" -match 'clock' } | ForEach-Object { 'NOTICE=' + `$_ }
"@
        $lines = $output -split "`n"
        $lines | Should -Contain 'VERSIONS=1'
        ($lines | Where-Object { $_ -like 'NOTICE=*' }) | Should -Match "behind this computer's clock"
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
