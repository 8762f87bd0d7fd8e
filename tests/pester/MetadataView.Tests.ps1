BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
    $script:SeriesUids = @((New-AhiTestUid), (New-AhiTestUid))
    $document = New-AhiTestDocument -PatientName 'ROE^ANNA' -PatientId 'PID-VIEW' -SeriesInstanceUid $SeriesUids -InstancesPerSeries 3
    $document.Study.Series[$SeriesUids[1]].DICOM.Modality = 'SR'
    $document.Study.Series[$SeriesUids[1]].DICOM.SeriesDescription = 'REPORT'
    $script:Document = $document
    $script:ImageSetId = New-AhiTestImageSet -Service $Service -Document $document -AdditionalVersions 1
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Get-AHIImageSetMetadata for people' {
    It 'leads the document with DatastoreId, ImageSetId and VersionId (a number), and keeps the document' {
        $metadata = Get-AHIImageSetMetadata $Datastore $ImageSetId @Connection
        $metadata.PSObject.Properties.Name[0..2] | Should -Be @('DatastoreId', 'ImageSetId', 'VersionId')
        $metadata.DatastoreId | Should -BeExactly $Datastore
        $metadata.ImageSetId | Should -BeExactly $ImageSetId
        $metadata.VersionId | Should -BeOfType ([long])
        $metadata.VersionId | Should -Be 2
        $metadata.Patient.DICOM.PatientName | Should -Be 'ROE^ANNA'
        $metadata.PSObject.TypeNames[0] | Should -Be 'AhiTools.ImageSetMetadata'
        (Get-AHIImageSetMetadata $Datastore $ImageSetId -VersionId 1 @Connection).VersionId | Should -Be 1
    }

    It 'shows the patient, the study and the counts by default, never @{DICOM=}' {
        $text = Get-AHIImageSetMetadata $Datastore $ImageSetId @Connection | Out-String -Width 200
        $text | Should -Not -Match '@\{'
        $text | Should -Match 'PatientName\s+: ROE\^ANNA'
        $text | Should -Match 'PatientID\s+: PID-VIEW'
        $text | Should -Match "StudyInstanceUID\s+: $([regex]::Escape($Document.Study.DICOM.StudyInstanceUID))"
        $text | Should -Match 'Series\s+: 2\b'
        $text | Should -Match 'Instances\s+: 6\b'
        $text | Should -Match 'VersionId\s+: 2\b'
    }

    It 'writes one row per series with -Series' {
        $rows = @(Get-AHIImageSetMetadata $Datastore $ImageSetId -Series @Connection)
        $rows.Count | Should -Be 2
        $rows | ForEach-Object { $_ | Should -BeOfType ([AhiTools.ImageSetSeries]) }
        $sr = $rows | Where-Object Modality -eq 'SR'
        $sr.SeriesInstanceUID | Should -Be $SeriesUids[1]
        $sr.SeriesDescription | Should -Be 'REPORT'
        $sr.SeriesNumber | Should -Be 2
        $sr.InstanceCount | Should -Be 3
        $sr.DatastoreId | Should -Be $Datastore
        $sr.ImageSetId | Should -Be $ImageSetId
        $sr.VersionId | Should -Be 2
        ($rows | Out-String -Width 200) | Should -Match 'REPORT'
    }

    It 'writes one row per instance with -Instance' {
        $rows = @(Get-AHIImageSetMetadata $Datastore $ImageSetId -Instance @Connection)
        $rows.Count | Should -Be 6
        $expected = foreach ($s in $SeriesUids) { $Document.Study.Series[$s].Instances.Keys }
        ($rows.SOPInstanceUID | Sort-Object) | Should -Be ($expected | Sort-Object)
        $one = $rows | Where-Object { $_.SeriesInstanceUID -eq $SeriesUids[0] -and $_.InstanceNumber -eq 2 }
        $one.SOPInstanceUID | Should -Be @($Document.Study.Series[$SeriesUids[0]].Instances.Keys)[1]
        $one.Modality | Should -Be 'CT'
        $one.InstanceCount | Should -Be 3
    }

    It 'returns a row with version, size and full path for -OutFile' {
        Push-Location $TestDrive
        try {
            $file = Get-AHIImageSetMetadata $Datastore $ImageSetId -OutFile 'm.json' @Connection
        }
        finally { Pop-Location }
        $file | Should -BeOfType ([AhiTools.ImageSetMetadataFile])
        $file.Path | Should -Be (Join-Path $TestDrive 'm.json')
        $file.Length | Should -Be (Get-Item $file.Path).Length
        $file.Length | Should -BeGreaterThan 0
        $file.VersionId | Should -Be 2
        $file.ImageSetId | Should -Be $ImageSetId
        ($file | Get-Content -Raw | ConvertFrom-Json).Patient.DICOM.PatientID | Should -Be 'PID-VIEW'
        ($file | Out-String -Width 300) | Should -Match "\b2\s+$((Get-Item $file.Path).Length)\s"
    }
}

Describe 'Series and instance rows piped into other cmdlets' {
    It 'copies the series chosen with Where-Object, as one copy' {
        $copy = @(Get-AHIImageSetMetadata $Datastore $ImageSetId -Series @Connection | Where-Object Modality -eq 'CT' | Copy-AHIImageSet -Wait @Connection)
        $copy.Count | Should -Be 1
        $copied = @(Get-AHIImageSetMetadata $Datastore $copy[0].ImageSetId -Series @Connection)
        $copied.SeriesInstanceUID | Should -Be @($SeriesUids[0])
        $copied.InstanceCount | Should -Be 3
    }

    It 'copies the instances chosen with Where-Object, as one copy' {
        $copy = @(Get-AHIImageSetMetadata $Datastore $ImageSetId -Instance @Connection |
                Where-Object { $_.InstanceNumber -le 2 -and $_.Modality -eq 'SR' } | Copy-AHIImageSet -Wait @Connection)
        $copy.Count | Should -Be 1
        $chosen = @($Document.Study.Series[$SeriesUids[1]].Instances.Keys)[0..1]
        $copied = @(Get-AHIImageSetMetadata $Datastore $copy[0].ImageSetId -Instance @Connection)
        ($copied.SOPInstanceUID | Sort-Object) | Should -Be ($chosen | Sort-Object)
    }

    It 'describes the selection under -WhatIf, and a whole image set piped in still copies everything' {
        $whatIf = Get-AHIImageSetMetadata $Datastore $ImageSetId -Series @Connection | Select-Object -First 1 |
            Copy-AHIImageSet -WhatIf -Verbose @Connection 4>&1 | Out-String
        $whatIf | Should -Match 'Copy 3 instances in 1 series'
        $whatIf | Should -Not -Match 'all instances into'
        $all = Get-AHIImageSetVersion $Datastore $ImageSetId -Latest @Connection | Copy-AHIImageSet -WhatIf -Verbose @Connection 4>&1 | Out-String
        $all | Should -Match 'Copy all instances into'
    }

    It 'binds DatastoreId and ImageSetId of a row to Update-AHIImageSetMetadata' {
        $row = Get-AHIImageSetMetadata $Datastore $ImageSetId -Series @Connection | Select-Object -First 1
        $updated = $row | Update-AHIImageSetMetadata -Study @{ StudyDescription = 'FROM ROW' } -Wait @Connection
        $updated.ImageSetId | Should -Be $ImageSetId
        (Get-AHIImageSetMetadata $Datastore $ImageSetId @Connection).Study.DICOM.StudyDescription | Should -Be 'FROM ROW'
    }
}
