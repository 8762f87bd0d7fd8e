BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
    # Twelve versions: "10", "11" and "12" sort before "2" as text, so text ordering would show here.
    $script:ImageSetId = New-AhiTestImageSet -Service $Service -AdditionalVersions 11
    $script:Versions = @(Get-AHIImageSetVersion $Datastore $ImageSetId @Connection)
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'VersionId is a number on every output object' {
    It 'is an Int64 on AhiTools.ImageSetVersion and AhiTools.ImageSet' {
        $Versions[0].VersionId | Should -BeOfType ([long])
        $written = Update-AHIImageSetMetadata $Datastore (New-AhiTestImageSet -Service $Service) -Study @{ StudyDescription = 'NUMERIC' } @Connection
        $written.VersionId | Should -BeOfType ([long])
        $written.VersionId | Should -Be 2
    }

    It 'filters with Where-Object -lt, -gt, -eq 3 and -eq ''3'' as numbers' {
        @($Versions | Where-Object VersionId -lt 3).VersionId | Should -Be @(2, 1)
        @($Versions | Where-Object VersionId -gt 9).VersionId | Should -Be @(12, 11, 10)
        @($Versions | Where-Object VersionId -eq 3).Count | Should -Be 1
        @($Versions | Where-Object VersionId -eq '3').Count | Should -Be 1
        @($Versions | Where-Object { $_.VersionId -ge '10' }).Count | Should -Be 3
    }

    It 'sorts 1 to 12 in numeric order with Sort-Object and Measure-Object' {
        ($Versions | Sort-Object VersionId).VersionId | Should -Be (1..12)
        ($Versions | Sort-Object VersionId -Descending).VersionId | Should -Be (12..1)
        ($Versions | Measure-Object VersionId -Maximum).Maximum | Should -Be 12
    }

    It 'exports as a plain number to JSON and CSV' {
        $json = $Versions[0] | ConvertTo-Json -Compress
        $json | Should -Match '"VersionId":12[,}]'
        ($json | ConvertFrom-Json).VersionId | Should -Be 12

        $csv = Join-Path $TestDrive 'versions.csv'
        $Versions | Export-Csv -Path $csv
        (Import-Csv $csv).VersionId | Should -Be ((12..1) | ForEach-Object { "$_" })
    }

    It 'shows the number in the table view' {
        ($Versions | Out-String -Width 200) | Should -Match '(?m)^\s+12 ACTIVE'
    }

    It 'binds into string version parameters: -VersionId, -LatestVersionId, -SourceVersionId' {
        $latest = $Versions[0]
        (Get-AHIImageSetVersion $Datastore $ImageSetId -VersionId $Versions[-1].VersionId @Connection).VersionId | Should -Be 1
        Update-AHIImageSetMetadata $Datastore $ImageSetId -Study @{ StudyDescription = 'GUARDED' } -LatestVersionId $latest.VersionId -WhatIf @Connection |
            Should -BeNullOrEmpty
        Copy-AHIImageSet $Datastore $ImageSetId -SourceVersionId $latest.VersionId -WhatIf @Connection | Should -BeNullOrEmpty
        Get-AhiTestVersionCount -Service $Service -ImageSetId $ImageSetId | Should -Be 12
    }

    It 'binds a piped version''s VersionId into Undo-AHIImageSetMetadata by property name' {
        $id = New-AhiTestImageSet -Service $Service
        Update-AHIImageSetMetadata $Datastore $id -Study @{ StudyDescription = 'CHANGED' } -Wait @Connection | Out-Null
        $reverted = Get-AHIImageSetVersion $Datastore $id @Connection | Where-Object VersionId -eq 1 |
            Undo-AHIImageSetMetadata -Wait @Connection
        $reverted.VersionId | Should -Be 3
        (Get-AHIImageSetVersion $Datastore $id @Connection | Where-Object VersionId -eq 2 | Get-AHIImageSetMetadata @Connection).Study.DICOM.StudyDescription |
            Should -Be 'CHANGED'
        (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Study.DICOM.StudyDescription | Should -Be 'CT CHEST'
    }

    It 'completes version IDs as the service spells them, newest first' {
        $line = "Get-AHIImageSetVersion -EndpointUrl $($Service.Endpoint) -Region us-east-1 -AccessKey $($Service.AccessKey) -SecretKey $($Service.SecretKey) -DatastoreId $Datastore -ImageSetId $ImageSetId -VersionId 1"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('12', '11', '10', '1')
    }
}
