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

    It 'completes -ImageSetId from the datastore, most recently updated first' {
        $matches = @(Get-Completion "Get-AHIImageSetVersion $Connection -DatastoreId $Datastore -ImageSetId ")
        $matches.CompletionText | Should -Contain $ImageSetId
        $matches.CompletionText | Should -Contain $DetailedImageSetId
        $connection = Get-AhiTestConnection $Service
        $updated = @{}
        Search-AHIImageSet -DatastoreId $Datastore @connection | ForEach-Object { $updated[$_.ImageSetId] = $_.UpdatedAt }
        $times = @($matches | ForEach-Object { $updated[$_.CompletionText] })
        for ($n = 1; $n -lt $times.Count; $n++) {
            $times[$n] | Should -BeLessOrEqual $times[$n - 1]
        }
    }

    It 'completes -ImageSetId with the default datastore, for every cmdlet that takes one' {
        Set-AhiTestDefaults -Datastore
        foreach ($command in 'Get-AHIImageSetVersion -ImageSetId', 'Get-AHIImageSetMetadata -ImageSetId', 'Compare-AHIImageSetMetadata -ImageSetId',
            'Update-AHIImageSetMetadata -ImageSetId', 'Undo-AHIImageSetMetadata -ImageSetId', 'Remove-AHIImageSet -ImageSetId',
            'Wait-AHIImageSet -ImageSetId', 'Copy-AHIImageSet -SourceImageSetId', "Copy-AHIImageSet -SourceImageSetId $ImageSetId -DestinationImageSetId") {
            (Get-Completion "$command ").CompletionText | Should -Contain $DetailedImageSetId -Because $command
        }
        (Get-Completion "Get-AHIImageSetVersion -ImageSetId $($DetailedImageSetId.Substring(0, 8))").CompletionText | Should -Be @($DetailedImageSetId)
    }

    It 'describes image sets without patient data' {
        $matches = @(Get-Completion "Get-AHIImageSetMetadata $Connection -DatastoreId $Datastore -ImageSetId ")
        $detailed = $matches | Where-Object CompletionText -eq $DetailedImageSetId
        $detailed.ToolTip | Should -Match 'version 1'
        $detailed.ToolTip | Should -Match 'updated'
        foreach ($match in $matches) {
            "$($match.ToolTip) $($match.ListItemText)" | Should -Not -Match 'ROE|RICHARD|PID-7319|HEAD|DOE|JANE|PID-0001'
        }
    }

    It 'completes -Series and -SopInstanceUid of Copy-AHIImageSet from the source image set' {
        $line = "Copy-AHIImageSet $Connection -DatastoreId $Datastore -SourceImageSetId $DetailedImageSetId"
        $series = @(Get-Completion "$line -Series ")
        @($series.CompletionText | Sort-Object) | Should -Be @($SeriesUids | Sort-Object)
        $series[0].ToolTip | Should -Match '2 instances'
        @((Get-Completion "$line -SopInstanceUid ").CompletionText | Sort-Object) | Should -Be @($SopUids | Sort-Object)
        (Get-Completion "$line -Series $($SeriesUids[1].Substring(0, 20))").CompletionText | Should -Be @($SeriesUids[1])
    }

    It 'completes the UIDs and -RemoveAttribute of Update-AHIImageSetMetadata from the image set, with the default datastore' {
        Set-AhiTestDefaults -Datastore
        $line = "Update-AHIImageSetMetadata -ImageSetId $DetailedImageSetId"
        @((Get-Completion "$line -SopInstanceUid ").CompletionText | Sort-Object) | Should -Be @($SopUids | Sort-Object)
        @((Get-Completion "$line -RemoveSeries ").CompletionText | Sort-Object) | Should -Be @($SeriesUids | Sort-Object)
        $attributes = @(Get-Completion "$line -RemoveAttribute ")
        $attributes.CompletionText | Should -Contain 'Patient.PatientName'
        $attributes.CompletionText | Should -Contain 'Study.StudyDescription'
        $attributes.CompletionText | Should -Contain "Series.$($SeriesUids[0]).Modality"
        @($attributes.CompletionText -like 'Instance.*') | Should -BeNullOrEmpty
        $instanceAttributes = @((Get-Completion "$line -RemoveAttribute Instance.$($SopUids[0]).").CompletionText)
        $instanceAttributes | Should -Contain "Instance.$($SopUids[0]).InstanceNumber"
        (Get-Completion "$line -RemoveAttribute study.").CompletionText | Should -Contain 'Study.StudyDescription'
        foreach ($match in $attributes) {
            "$($match.ToolTip) $($match.ListItemText)" | Should -Not -Match 'ROE|RICHARD|PID-7319|HEAD'
        }
    }

    It 'reads one ID by position as the image set when the datastore comes from the defaults, as the cmdlet does' {
        Set-AhiTestDefaults -Datastore
        (Get-Completion "Get-AHIImageSetVersion $ImageSetId -VersionId ").CompletionText | Should -Be @('3', '2', '1')
        (Get-Completion "Get-AHIImageSetVersion $Datastore $ImageSetId -VersionId ").CompletionText | Should -Be @('3', '2', '1')
        @((Get-Completion "Copy-AHIImageSet $DetailedImageSetId -Series ").CompletionText | Sort-Object) | Should -Be @($SeriesUids | Sort-Object)
        @((Get-Completion "Update-AHIImageSetMetadata $DetailedImageSetId -RemoveSeries ").CompletionText | Sort-Object) | Should -Be @($SeriesUids | Sort-Object)
        (Get-Completion "Copy-AHIImageSet $ImageSetId -DestinationImageSetId ").CompletionText | Should -Contain $DetailedImageSetId
    }

    It 'moves every positional argument one place with a default datastore, as the cmdlet does' {
        Set-AhiTestDefaults -Datastore
        (Get-Completion "Undo-AHIImageSetMetadata $ImageSetId ").CompletionText | Should -Be @('3', '2', '1')
        (Get-Completion "Get-AHIImageSetVersion $ImageSetId ").CompletionText | Should -Be @('3', '2', '1')
        (Get-Completion "Get-AHIImageSetVersion $ImageSetId 2").CompletionText | Should -Be @('2')
        (Get-Completion "Copy-AHIImageSet $ImageSetId ").CompletionText | Should -Contain $DetailedImageSetId
        (Get-Completion "Copy-AHIImageSet $ImageSetId $DetailedImageSetId -DestinationVersionId ").CompletionText | Should -Be @('1')
        (Get-Completion "Copy-AHIImageSet $ImageSetId -WhatIf $DetailedImageSetId -DestinationVersionId ").CompletionText | Should -Be @('1')
        (Get-Completion "Undo-AHIImageSetMetadata -Force $ImageSetId ").CompletionText | Should -Be @('3', '2', '1')
        @((Get-Completion "Update-AHIImageSetMetadata $DetailedImageSetId -RemoveSeries ").CompletionText | Sort-Object) | Should -Be @($SeriesUids | Sort-Object)
    }

    It 'completes the first position with the default datastore and its image sets, as the cmdlet reads it' {
        Set-AhiTestDefaults -Datastore
        $first = @(Get-Completion 'Get-AHIImageSetMetadata ')
        $first[0].CompletionText | Should -Be $Datastore
        $first.CompletionText | Should -Contain $DetailedImageSetId
        @(Get-Completion "Get-AHIImageSetMetadata $($DetailedImageSetId.Substring(0, 8))").CompletionText | Should -Be @($DetailedImageSetId)
        $named = @((Get-Completion 'Get-AHIImageSetMetadata -DatastoreId ').CompletionText)
        $named | Should -Contain $Datastore
        $named | Should -Not -Contain $DetailedImageSetId
    }

    It 'keeps the datastore first when the line names it, with or without a default datastore' {
        Set-AhiTestDefaults -Datastore
        (Get-Completion "Undo-AHIImageSetMetadata $Datastore $ImageSetId ").CompletionText | Should -Be @('3', '2', '1')
        (Get-Completion "Copy-AHIImageSet $Datastore $ImageSetId ").CompletionText | Should -Contain $DetailedImageSetId
        $global:PSDefaultParameterValues.Remove('*-AHI*:DatastoreId')
        (Get-Completion "Undo-AHIImageSetMetadata $Datastore ").CompletionText | Should -Contain $ImageSetId
        (Get-Completion "Undo-AHIImageSetMetadata $Datastore $ImageSetId ").CompletionText | Should -Be @('3', '2', '1')
    }

    It 'completes -Region from the regions HealthImaging is offered in, without a connection' {
        (Get-Completion 'Get-AHIDatastore -Region ').CompletionText | Should -Be @('us-east-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'ap-southeast-2')
        (Get-Completion 'Search-AHIImageSet -Region eu').CompletionText | Should -Be @('eu-west-1', 'eu-west-2')
    }

    It 'completes -ProfileName from the credentials and config files, names only' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-profiles-" + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        try {
            $credentials = Join-Path $folder 'credentials'
            Set-Content -Path $credentials -Value "[alpha]`naws_access_key_id = AKIAALPHA0000000000`naws_secret_access_key = alphasecret0000000000000000000000000000`n[beta]`naws_access_key_id = AKIABETA00000000000`naws_secret_access_key = betasecret00000000000000000000000000000`n"
            $config = Join-Path $folder 'config'
            Set-Content -Path $config -Value "[profile gamma]`nregion = eu-west-1`nsource_profile = alpha`n[sso-session corp]`nsso_region = us-east-1`n"
            $env:AWS_CONFIG_FILE = $config
            $matches = @(Get-Completion "Get-AHIDatastore -ProfileLocation $credentials -ProfileName ")
            @($matches.CompletionText) | Should -Be @('alpha', 'beta', 'gamma')
            "$($matches.ToolTip) $($matches.ListItemText)" | Should -Not -Match 'secret|AKIA|eu-west-1'
            $global:PSDefaultParameterValues['*-AHI*:ProfileLocation'] = $credentials
            (Get-Completion 'Get-AHIImageSetVersion -ProfileName b').CompletionText | Should -Be @('beta')
            (Get-Completion 'Get-AHIImageSetVersion -AWSProfileName g').CompletionText | Should -Be @('gamma')
        }
        finally {
            Remove-Item Env:AWS_CONFIG_FILE -ErrorAction SilentlyContinue
            Remove-Item -Recurse -Force $folder
        }
    }
}
