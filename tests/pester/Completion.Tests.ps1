BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Service = Start-AhiTestService
    $script:Datastore = $Service.DatastoreId
    $script:ImageSetId = New-AhiTestImageSet -Service $Service -AdditionalVersions 2
    $script:Connection = "-EndpointUrl $($Service.Endpoint) -Region us-east-1 -AccessKey $($Service.AccessKey) -SecretKey $($Service.SecretKey)"
    $script:SeriesUids = @((New-AhiTestUid), (New-AhiTestUid))
    $script:Document = New-AhiTestDocument -PatientName 'ROE^RICHARD' -PatientId 'PID-7319' -StudyDescription 'HEAD' -SeriesInstanceUid $SeriesUids -InstancesPerSeries 2
    $script:SopUids = @($Document.Study.Series.Values | ForEach-Object { $_.Instances.Keys })
    $script:DetailedImageSetId = New-AhiTestImageSet -Service $Service -Document $Document

    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    # The connection as Start-AHILocalService -SetDefaults leaves it, plus a default datastore.
    function Set-AhiTestDefaults([switch] $Datastore) {
        $global:PSDefaultParameterValues['*-AHI*:EndpointUrl'] = $Service.Endpoint
        $global:PSDefaultParameterValues['*-AHI*:AccessKey'] = $Service.AccessKey
        $global:PSDefaultParameterValues['*-AHI*:SecretKey'] = $Service.SecretKey
        $global:PSDefaultParameterValues['*-AHI*:Region'] = 'us-east-1'
        if ($Datastore) {
            $global:PSDefaultParameterValues['*-AHI*:DatastoreId'] = $script:Datastore
        }
    }

    $script:SavedDefaults = @{} + $global:PSDefaultParameterValues
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Tab completion' {
    AfterEach {
        $global:PSDefaultParameterValues.Clear()
        foreach ($key in $SavedDefaults.Keys) { $global:PSDefaultParameterValues[$key] = $SavedDefaults[$key] }
    }

    It 'completes -DatastoreId from the datastores the connection on the line can see' {
        $matches = Get-Completion "Get-AHIImageSetVersion $Connection -DatastoreId "
        $matches.CompletionText | Should -Contain $Datastore
        ($matches | Where-Object CompletionText -eq $Datastore).ToolTip | Should -Match 'pester'
    }

    It 'narrows -DatastoreId completion to what was typed' {
        $matches = Get-Completion "Get-AHIImageSetVersion $Connection -DatastoreId $($Datastore.Substring(0, 6))"
        $matches.CompletionText | Should -Be @($Datastore)
    }

    It 'completes version IDs of the image set on the line, newest first' {
        $matches = Get-Completion "Undo-AHIImageSetMetadata $Connection -DatastoreId $Datastore -ImageSetId $ImageSetId -VersionId "
        $matches.CompletionText | Should -Be @('3', '2', '1')
        $matches[0].ToolTip | Should -Match 'UPDATED'
    }

    It 'offers nothing when the service cannot be reached' {
        $matches = Get-Completion "Get-AHIImageSetVersion -EndpointUrl http://127.0.0.1:9 -Region us-east-1 -AccessKey A -SecretKey B -DatastoreId "
        @($matches | Where-Object ResultType -eq 'ParameterValue') | Should -BeNullOrEmpty
    }

    It 'takes the connection from $PSDefaultParameterValues, as Start-AHILocalService -SetDefaults leaves it' {
        Set-AhiTestDefaults
        (Get-Completion 'Get-AHIImageSetVersion -DatastoreId ').CompletionText | Should -Contain $Datastore
        (Get-Completion 'Search-AHIImageSet -DatastoreId ').CompletionText | Should -Contain $Datastore
    }

    It 'takes the datastore and connection from $PSDefaultParameterValues for versions' {
        Set-AhiTestDefaults -Datastore
        (Get-Completion "Get-AHIImageSetVersion -ImageSetId $ImageSetId -VersionId ").CompletionText | Should -Be @('3', '2', '1')
    }

    It 'lets a parameter on the line win over its default' {
        Set-AhiTestDefaults
        $global:PSDefaultParameterValues['*-AHI*:EndpointUrl'] = 'http://127.0.0.1:9'
        @(Get-Completion 'Get-AHIImageSetVersion -DatastoreId ' | Where-Object ResultType -eq 'ParameterValue') | Should -BeNullOrEmpty
        (Get-Completion "Get-AHIImageSetVersion -EndpointUrl $($Service.Endpoint) -DatastoreId ").CompletionText | Should -Contain $Datastore
    }

    It 'follows $PSDefaultParameterValues only for the commands its keys name' {
        $global:PSDefaultParameterValues['Search-AHIImageSet:EndpointUrl'] = $Service.Endpoint
        $global:PSDefaultParameterValues['*:AccessKey'] = $Service.AccessKey
        $global:PSDefaultParameterValues['*:SecretKey'] = $Service.SecretKey
        $global:PSDefaultParameterValues['*:Region'] = 'us-east-1'
        (Get-Completion 'Search-AHIImageSet -DatastoreId ').CompletionText | Should -Contain $Datastore
        @(Get-Completion 'Get-AHIImageSetVersion -EndpointUrl http://127.0.0.1:9 -DatastoreId ' | Where-Object ResultType -eq 'ParameterValue') | Should -BeNullOrEmpty
        $global:PSDefaultParameterValues['Disabled'] = $true
        @(Get-Completion 'Search-AHIImageSet -DatastoreId ' | Where-Object ResultType -eq 'ParameterValue') | Should -BeNullOrEmpty
    }
}
