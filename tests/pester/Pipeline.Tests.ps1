BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Pipelines between the write cmdlets' {
    It 'updates many image sets from the pipeline, one AhiTools.ImageSet each' {
        $ids = @(1..6 | ForEach-Object { New-AhiTestImageSet -Service $Service })

        $results = @($ids | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'MANY' } -Wait @Connection)

        $results.Count | Should -Be 6
        # Output comes in the order writes finish (several are in flight), so the image sets are compared as a set.
        @($results.ImageSetId | Sort-Object) | Should -Be @($ids | Sort-Object)
        $results | ForEach-Object { $_.VersionId | Should -Be '2'; $_.WorkflowStatus | Should -Be 'UPDATED' }
        foreach ($id in $ids) { (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Study.DICOM.StudyDescription | Should -Be 'MANY' }
    }

    It 'binds DatastoreId and ImageSetId from Get-AHIImageSetVersion objects' {
        $ids = @(1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service })

        $results = @(Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $ids -Latest @Connection | Update-AHIImageSetMetadata -Patient @{ PatientName = 'PIPED^IN' } -Wait @Connection)

        @($results.ImageSetId | Sort-Object) | Should -Be @($ids | Sort-Object)
        (Get-AhiTestMetadata -Service $Service -ImageSetId $ids[2]).Patient.DICOM.PatientName | Should -Be 'PIPED^IN'
    }

    It 'waits for the lock an earlier item of the same pipeline left instead of failing' {
        $id = New-AhiTestImageSet -Service $Service

        $results = @($id, $id, $id | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'AGAIN' } @Connection -ErrorVariable failures)

        $failures.Count | Should -Be 0
        $results.VersionId | Should -Be @('2', '3', '4')
        $results | ForEach-Object { $_.State | Should -Be 'LOCKED' }
    }

    It 'pipes a copy that did not wait into an update, which waits for the copy to finish' {
        $source = New-AhiTestImageSet -Service $Service

        $result = Copy-AHIImageSet -DatastoreId $Datastore -SourceImageSetId $source @Connection |
            Update-AHIImageSetMetadata -Patient @{ PatientName = 'COPY^THEN^UPDATE' } -Wait @Connection

        $result.ImageSetId | Should -Not -Be $source
        $result.VersionId | Should -Be '2'
        $result.WorkflowStatus | Should -Be 'UPDATED'
        (Get-AHIImageSetVersion $Datastore $result.ImageSetId -VersionId 1 @Connection).WorkflowStatus | Should -Be 'COPIED'
        (Get-AhiTestMetadata -Service $Service -ImageSetId $result.ImageSetId).Patient.DICOM.PatientName | Should -Be 'COPY^THEN^UPDATE'
        (Get-AhiTestMetadata -Service $Service -ImageSetId $source).Patient.DICOM.PatientName | Should -Be 'DOE^JANE'
    }

    It 'copies many sources into one destination, each waiting for the one before' {
        $study = New-AhiTestUid
        $sources = @(1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study) })
        $destination = New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study)

        $results = @($sources | Copy-AHIImageSet -DatastoreId $Datastore -DestinationImageSetId $destination @Connection -ErrorVariable failures)

        $failures.Count | Should -Be 0
        $results.ImageSetId | Should -Be @($destination, $destination, $destination)
        $results.VersionId | Should -Be @('2', '3', '4')
        $results.Source.ImageSetId | Should -Be $sources
        $last = Update-AHIImageSetMetadata $Datastore $destination -Study @{ StudyDescription = 'MERGED' } -Wait @Connection
        $last.VersionId | Should -Be '5'
        (Get-AhiTestMetadata -Service $Service -ImageSetId $destination).Study.Series.PSObject.Properties.Name.Count | Should -Be 4
    }

    It 'writes a result that Get-AHIImageSetVersion takes from the pipeline' {
        $id = New-AhiTestImageSet -Service $Service

        $latest = Update-AHIImageSetMetadata $Datastore $id -Study @{ StudyDescription = 'THEN LIST' } -Wait @Connection | Get-AHIImageSetVersion -Latest @Connection

        $latest | Should -BeOfType ([AhiTools.ImageSetVersion])
        $latest.VersionId | Should -Be '2'
        $latest.WorkflowStatus | Should -Be 'UPDATED'
    }

    It 'updates, then reverts through a version piped in, across many image sets' {
        $ids = @(1..4 | ForEach-Object { New-AhiTestImageSet -Service $Service })
        $ids | Update-AHIImageSetMetadata -DatastoreId $Datastore -Patient @{ PatientName = 'WRONG^NAME' } @Connection | Out-Null

        $reverted = @(Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $ids @Connection |
            Where-Object VersionId -eq 1 |
            Undo-AHIImageSetMetadata -Wait @Connection)

        @($reverted.ImageSetId | Sort-Object) | Should -Be @($ids | Sort-Object)
        $reverted | ForEach-Object { $_.VersionId | Should -Be '3' }
        foreach ($id in $ids) { (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Patient.DICOM.PatientName | Should -Be 'DOE^JANE' }
    }

    It 'goes on after an item fails, with one error for that item' {
        $good = @(New-AhiTestImageSet -Service $Service; New-AhiTestImageSet -Service $Service)
        $missing = 'b' * 32

        $results = @($good[0], $missing, $good[1] | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'GOES ON' } -Wait @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

        @($results.ImageSetId | Sort-Object) | Should -Be @($good | Sort-Object)
        $failures.Count | Should -Be 1
        $failures[0].TargetObject | Should -Be $missing
        $failures[0] | Should -BeAhiError ResourceNotFoundException
    }

    It 'undoes an update by piping its output into Undo-AHIImageSetMetadata' {
        $ids = @(1..2 | ForEach-Object { New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyDescription 'BEFORE') })

        $undone = @($ids | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'WRONG' } -Wait @Connection |
            Undo-AHIImageSetMetadata -Wait @Connection)

        @($undone.ImageSetId | Sort-Object) | Should -Be @($ids | Sort-Object)
        $undone.VersionId | Should -Be @('3', '3')
        foreach ($id in $ids) { (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Study.DICOM.StudyDescription | Should -Be 'BEFORE' }
    }

    It 'undoes a copy into a destination by piping its output into Undo-AHIImageSetMetadata' {
        $study = New-AhiTestUid
        $source = New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study)
        $destination = New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study)
        $before = Get-AHIImageSetMetadata $Datastore $destination -AsJson @Connection

        Copy-AHIImageSet $Datastore -SourceImageSetId $source -DestinationImageSetId $destination -Wait @Connection | Undo-AHIImageSetMetadata -Wait @Connection | Out-Null

        (Get-AHIImageSetMetadata $Datastore $destination -AsJson @Connection | ConvertFrom-Json | ConvertTo-Json -Depth 30 -Compress) |
            Should -Be ($before | ConvertFrom-Json | ConvertTo-Json -Depth 30 -Compress)
    }

    It 'still refuses a version object of the latest version piped in' {
        $id = New-AhiTestImageSet -Service $Service -AdditionalVersions 1

        Get-AHIImageSetVersion $Datastore $id -Latest @Connection | Undo-AHIImageSetMetadata @Connection -ErrorAction SilentlyContinue -ErrorVariable failures | Should -BeNullOrEmpty

        $failures[0] | Should -BeAhiError AlreadyLatestVersion
        Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be 2
    }

}
