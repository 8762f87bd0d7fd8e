BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
    $script:SavedDefaults = @{} + $global:PSDefaultParameterValues

    # An image set whose versions 2 and 3 differ in StudyDescription, so a revert shows which version it went to.
    function New-VersionedImageSet {
        $id = New-AhiTestImageSet -Service $Service
        Update-AHIImageSetMetadata $Datastore $id -Study @{ StudyDescription = 'TWO' } -Wait @Connection | Out-Null
        Update-AHIImageSetMetadata $Datastore $id -Study @{ StudyDescription = 'THREE' } -Wait @Connection | Out-Null
        $id
    }

    # A source and a destination of the same patient and study, so that a copy between them completes.
    function New-CopyPair {
        $study = New-AhiTestUid
        [pscustomobject]@{
            Source      = New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study -SeriesCount 1 -InstancesPerSeries 1)
            Destination = New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study -SeriesCount 1 -InstancesPerSeries 1)
        }
    }

    function Get-StudyDescription([string] $ImageSetId) {
        (Get-AHIImageSetMetadata -DatastoreId $Datastore -ImageSetId $ImageSetId @Connection).Study.DICOM.StudyDescription
    }

    function Set-DefaultDatastore {
        $global:PSDefaultParameterValues['*-AHI*:DatastoreId'] = $Datastore
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Image set IDs by position' {
    AfterEach {
        $global:PSDefaultParameterValues.Clear()
        foreach ($key in $SavedDefaults.Keys) { $global:PSDefaultParameterValues[$key] = $SavedDefaults[$key] }
    }

    Context 'with the datastore from $PSDefaultParameterValues' {
        BeforeEach { Set-DefaultDatastore }

        It 'Get-AHIImageSetVersion $i lists the versions' {
            $i = New-VersionedImageSet
            @(Get-AHIImageSetVersion $i @Connection).VersionId | Should -Be @('3', '2', '1')
        }

        It 'Get-AHIImageSetVersion $i 2 reads version 2' {
            $i = New-VersionedImageSet
            $version = @(Get-AHIImageSetVersion $i 2 @Connection)
            $version.Count | Should -Be 1
            $version[0].ImageSetId | Should -Be $i
            $version[0].VersionId | Should -Be '2'
        }

        It 'Undo-AHIImageSetMetadata $i 2 reverts to version 2' {
            $i = New-VersionedImageSet
            (Undo-AHIImageSetMetadata $i 2 -Wait @Connection).VersionId | Should -Be '4'
            Get-StudyDescription $i | Should -Be 'TWO'
        }

        It 'Undo-AHIImageSetMetadata $i -VersionId 2 reverts to version 2 (the version by name)' {
            $i = New-VersionedImageSet
            (Undo-AHIImageSetMetadata $i -VersionId 2 -Wait @Connection).VersionId | Should -Be '4'
            Get-StudyDescription $i | Should -Be 'TWO'
        }

        It 'Copy-AHIImageSet $src $dst copies into the destination' {
            $pair = New-CopyPair
            $result = Copy-AHIImageSet $pair.Source $pair.Destination -Wait @Connection
            $result.ImageSetId | Should -Be $pair.Destination
            $result.VersionId | Should -Be '2'
            $result.Source.ImageSetId | Should -Be $pair.Source
        }

        It 'Copy-AHIImageSet $src copies into a new image set' {
            $pair = New-CopyPair
            $result = Copy-AHIImageSet $pair.Source -Wait @Connection
            $result.ImageSetId | Should -Not -BeIn @($pair.Source, $pair.Destination)
            $result.Source.ImageSetId | Should -Be $pair.Source
        }

        It 'Update-AHIImageSetMetadata $i -Study changes the image set' {
            $i = New-VersionedImageSet
            (Update-AHIImageSetMetadata $i -Study @{ StudyDescription = 'FOUR' } -Wait @Connection).VersionId | Should -Be '4'
            Get-StudyDescription $i | Should -Be 'FOUR'
        }

        It 'Get-AHIImageSetMetadata $i reads the metadata' {
            $i = New-VersionedImageSet
            $metadata = Get-AHIImageSetMetadata $i @Connection
            $metadata.ImageSetId | Should -Be $i
            $metadata.VersionId | Should -Be 3
        }

        It 'Compare-AHIImageSetMetadata $i compares the last two versions' {
            $i = New-VersionedImageSet
            $changes = @(Compare-AHIImageSetMetadata $i @Connection)
            $changes.Count | Should -Be 1
            $changes[0].ImageSetId | Should -Be $i
        }

        It 'Wait-AHIImageSet $i waits for the image set' {
            $i = New-VersionedImageSet
            (Wait-AHIImageSet $i -TimeoutSec 30 @Connection).ImageSetId | Should -Be $i
        }

        It 'Remove-AHIImageSet $i deletes the image set' {
            $i = New-AhiTestImageSet -Service $Service
            (Remove-AHIImageSet $i -Wait -Confirm:$false @Connection).State | Should -Be 'DELETED'
        }

        It 'still reads "$d $i 2" with the datastore first: Undo-AHIImageSetMetadata' {
            $i = New-VersionedImageSet
            (Undo-AHIImageSetMetadata $Datastore $i 2 -Wait @Connection).VersionId | Should -Be '4'
            Get-StudyDescription $i | Should -Be 'TWO'
        }

        It 'still reads "$d $src $dst" with the datastore first: Copy-AHIImageSet' {
            $pair = New-CopyPair
            (Copy-AHIImageSet $Datastore $pair.Source $pair.Destination -Wait @Connection).ImageSetId | Should -Be $pair.Destination
        }

        It 'still reads "$d $i 2" with the datastore first: Get-AHIImageSetVersion' {
            $i = New-VersionedImageSet
            (Get-AHIImageSetVersion $Datastore $i 2 @Connection).VersionId | Should -Be '2'
            (Get-AHIImageSetVersion $Datastore $i -Latest @Connection).VersionId | Should -Be '3'
        }

        It 'binds image sets and versions piped in by property name' {
            $i = New-VersionedImageSet
            (Get-AHIImageSetVersion $i 2 @Connection | Get-AHIImageSetMetadata @Connection).Study.DICOM.StudyDescription | Should -Be 'TWO'
            @($i | Get-AHIImageSetVersion -Latest @Connection).VersionId | Should -Be @('3')
        }

        It 'refuses a second ID where none fits, naming it, before sending' {
            $i = New-AhiTestImageSet -Service $Service
            { Remove-AHIImageSet $i $i -Confirm:$false -ErrorAction Stop @Connection } | Should -Throw -ErrorId 'PositionalParameterNotFound,AhiTools.Commands.RemoveImageSetCommand'
            (Get-AHIImageSetVersion $i -Latest @Connection).State | Should -Be 'ACTIVE'
        }

        It 'refuses a version where the image set belongs, naming the parameter' {
            $err = { Get-AHIImageSetVersion $Datastore 2 -ErrorAction Stop @Connection } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AhiTools.Commands.GetImageSetVersionCommand' -PassThru
            $err.Exception.Message | Should -Match "parameter 'ImageSetId'"
        }

        It 'reports a missing image set, naming the parameter' {
            { Get-AHIImageSetMetadata -ErrorAction Stop @Connection } | Should -Throw -ErrorId 'MissingMandatoryParameter,AhiTools.Commands.GetImageSetMetadataCommand'
            { Remove-AHIImageSet $Datastore -ErrorAction Stop @Connection } | Should -Throw -ErrorId 'MissingMandatoryParameter,AhiTools.Commands.RemoveImageSetCommand'
            { Undo-AHIImageSetMetadata $Datastore -ErrorAction Stop @Connection } | Should -Throw -ExpectedMessage '*ImageSetId*'
        }
    }

    Context 'without defaults' {
        It 'Get-AHIImageSetVersion $d $i 2 reads version 2' {
            $i = New-VersionedImageSet
            (Get-AHIImageSetVersion $Datastore $i 2 @Connection).VersionId | Should -Be '2'
            @(Get-AHIImageSetVersion $Datastore $i @Connection).VersionId | Should -Be @('3', '2', '1')
        }

        It 'Undo-AHIImageSetMetadata $d $i 2 reverts to version 2' {
            $i = New-VersionedImageSet
            (Undo-AHIImageSetMetadata $Datastore $i 2 -Wait @Connection).VersionId | Should -Be '4'
            Get-StudyDescription $i | Should -Be 'TWO'
        }

        It 'Copy-AHIImageSet $d $src $dst copies into the destination' {
            $pair = New-CopyPair
            (Copy-AHIImageSet $Datastore $pair.Source $pair.Destination -Wait @Connection).ImageSetId | Should -Be $pair.Destination
        }

        It 'the one-ID cmdlets take "$d $i"' {
            $i = New-VersionedImageSet
            (Get-AHIImageSetMetadata $Datastore $i @Connection).ImageSetId | Should -Be $i
            @(Compare-AHIImageSetMetadata $Datastore $i @Connection).Count | Should -Be 1
            (Wait-AHIImageSet $Datastore $i -TimeoutSec 30 @Connection).ImageSetId | Should -Be $i
            (Update-AHIImageSetMetadata $Datastore $i -Study @{ StudyDescription = 'FOUR' } -Wait @Connection).VersionId | Should -Be '4'
            (Remove-AHIImageSet $Datastore $i -Wait -Confirm:$false @Connection).State | Should -Be 'DELETED'
        }

        It 'reads one ID as the datastore, and reports the image set missing' {
            { Get-AHIImageSetVersion $Datastore -ErrorAction Stop @Connection } | Should -Throw -ErrorId 'MissingMandatoryParameter,AhiTools.Commands.GetImageSetVersionCommand'
            { Copy-AHIImageSet -DatastoreId $Datastore -ErrorAction Stop @Connection } | Should -Throw -ErrorId 'MissingMandatoryParameter,AhiTools.Commands.CopyImageSetCommand'
        }

        It 'refuses a version where the image set belongs while binding' {
            { Get-AHIImageSetVersion $Datastore 2 -ErrorAction Stop @Connection } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AhiTools.Commands.GetImageSetVersionCommand'
        }
    }
}
