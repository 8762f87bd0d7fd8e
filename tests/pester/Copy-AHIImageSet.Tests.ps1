BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession

    # A source of two series with two instances each, and a destination of the same patient and study.
    function New-CopyFixture {
        param([string] $DestinationPatientName = 'DOE^JANE')
        $study = New-AhiTestUid
        $sourceDocument = New-AhiTestDocument -StudyInstanceUid $study -SeriesCount 2 -InstancesPerSeries 2
        $destinationDocument = New-AhiTestDocument -StudyInstanceUid $study -PatientName $DestinationPatientName -SeriesCount 1 -InstancesPerSeries 1
        $series = @($sourceDocument.Study.Series.Keys)
        [pscustomobject]@{
            Source          = New-AhiTestImageSet -Service $Service -Document $sourceDocument
            Destination     = New-AhiTestImageSet -Service $Service -Document $destinationDocument
            Series          = $series
            Sops            = @($sourceDocument.Study.Series[$series[0]].Instances.Keys)
            OtherSops       = @($sourceDocument.Study.Series[$series[1]].Instances.Keys)
            OwnSeries       = @($destinationDocument.Study.Series.Keys)[0]
        }
    }

    function Get-InstanceUids {
        param($Metadata)
        foreach ($series in $Metadata.Study.Series.PSObject.Properties) {
            foreach ($instance in $series.Value.Instances.PSObject.Properties) { "$($series.Name)/$($instance.Name)" }
        }
    }

}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Copy-AHIImageSet' {
    Context 'whole image set' {
        It 'copies into a new image set and reaches the source through Source' {
            $f = New-CopyFixture
            $result = Copy-AHIImageSet -DatastoreId $Datastore -SourceImageSetId $f.Source -Wait @Connection

            $result | Should -BeOfType ([AhiTools.ImageSet])
            $result.ImageSetId | Should -Not -Be $f.Source
            $result.VersionId | Should -Be '1'
            $result.State | Should -Be 'ACTIVE'
            $result.WorkflowStatus | Should -Be 'COPIED'
            $result.Source.ImageSetId | Should -Be $f.Source
            $result.Source.VersionId | Should -Be '1'
            $result.Source.State | Should -Be 'ACTIVE'
            $copied = @(Get-InstanceUids (Get-AhiTestMetadata -Service $Service -ImageSetId $result.ImageSetId)) | Sort-Object
            $original = @(Get-InstanceUids (Get-AhiTestMetadata -Service $Service -ImageSetId $f.Source)) | Sort-Object
            $copied | Should -Be $original
        }

        It 'copies into an existing image set of the same study as a new version' {
            $f = New-CopyFixture
            $result = Copy-AHIImageSet $Datastore $f.Source $f.Destination -Wait @Connection

            $result.ImageSetId | Should -Be $f.Destination
            $result.VersionId | Should -Be '2'
            $result.WorkflowStatus | Should -Be 'COPIED'
            $result.Forced | Should -BeFalse
            $series = (Get-AhiTestMetadata -Service $Service -ImageSetId $f.Destination).Study.Series.PSObject.Properties.Name
            foreach ($uid in $f.Series + $f.OwnSeries) { $series | Should -Contain $uid }
        }

        It 'binds -ImageSetId as the source alias' {
            $f = New-CopyFixture
            (Copy-AHIImageSet -DatastoreId $Datastore -ImageSetId $f.Source -Wait @Connection).Source.ImageSetId | Should -Be $f.Source
        }
    }

    Context 'selected instances' {
        It 'copies the instances named per series with -Instance' {
            $f = New-CopyFixture
            Copy-AHIImageSet $Datastore $f.Source $f.Destination -Instance @{ $f.Series[1] = $f.OtherSops[0] } -Wait @Connection | Out-Null

            $uids = @(Get-InstanceUids (Get-AhiTestMetadata -Service $Service -ImageSetId $f.Destination))
            $uids | Should -Contain "$($f.Series[1])/$($f.OtherSops[0])"
            $uids | Should -Not -Contain "$($f.Series[1])/$($f.OtherSops[1])"
            $uids.Count | Should -Be 2
        }

        It 'copies instances named by SOP Instance UID alone' {
            $f = New-CopyFixture
            $result = Copy-AHIImageSet $Datastore $f.Source -SopInstanceUid $f.Sops[1], $f.OtherSops[1] -Wait @Connection

            @(Get-InstanceUids (Get-AhiTestMetadata -Service $Service -ImageSetId $result.ImageSetId)) | Sort-Object |
                Should -Be (@("$($f.Series[0])/$($f.Sops[1])", "$($f.Series[1])/$($f.OtherSops[1])") | Sort-Object)
        }

        It 'copies whole series with -Series, expanded from the source metadata' {
            $f = New-CopyFixture
            $result = Copy-AHIImageSet $Datastore $f.Source -Series $f.Series[0] -Wait @Connection

            @(Get-InstanceUids (Get-AhiTestMetadata -Service $Service -ImageSetId $result.ImageSetId)) | Sort-Object |
                Should -Be (@($f.Sops | ForEach-Object { "$($f.Series[0])/$_" }) | Sort-Object)
        }

        It 'takes a raw -CopiableAttributes document' {
            $f = New-CopyFixture
            $json = '{"SchemaVersion":"1.1","Study":{"Series":{"' + $f.Series[0] + '":{"Instances":{"' + $f.Sops[0] + '":{}}}}}}'
            $result = Copy-AHIImageSet $Datastore $f.Source -CopiableAttributes $json -Wait @Connection

            @(Get-InstanceUids (Get-AhiTestMetadata -Service $Service -ImageSetId $result.ImageSetId)) | Should -Be @("$($f.Series[0])/$($f.Sops[0])")
        }
    }

    Context 'mismatched metadata and -Force' {
        It 'reports COPY_FAILED as CopyFailed and advises -Force, then -Force copies and marks the version Forced' {
            $f = New-CopyFixture -DestinationPatientName 'ROE^RICHARD'

            $output = Copy-AHIImageSet $Datastore $f.Source $f.Destination -Instance @{ $f.Series[0] = $f.Sops[0] } -Wait @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures | Should -BeAhiError CopyFailed -Category InvalidData
            $failures[0].ToString() | Should -BeLike "*COPY_FAILED*match*"
            $failures[0].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
            $failures[0].TargetObject.VersionId | Should -Be '2'

            $forced = Copy-AHIImageSet $Datastore $f.Source $f.Destination -Instance @{ $f.Series[0] = $f.Sops[0] } -Force -Wait @Connection

            $forced.VersionId | Should -Be '3'
            $forced.WorkflowStatus | Should -Be 'COPIED'
            $forced.Forced | Should -BeTrue
            (Get-AHIImageSetVersion $Datastore $f.Destination -VersionId 3 @Connection).Forced | Should -BeTrue
            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $f.Destination
            $metadata.Patient.DICOM.PatientName | Should -Be 'ROE^RICHARD'
            @(Get-InstanceUids $metadata) | Should -Contain "$($f.Series[0])/$($f.Sops[0])"
        }

        It 'takes -ForceCopy as an alias of -Force' {
            $f = New-CopyFixture -DestinationPatientName 'ROE^RICHARD'
            (Copy-AHIImageSet $Datastore $f.Source $f.Destination -ForceCopy -Wait @Connection).Forced | Should -BeTrue
        }
    }

    Context 'promote to primary' {
        It 'lands the copy in a new primary image set' {
            $f = New-CopyFixture
            $result = Copy-AHIImageSet $Datastore $f.Source $f.Destination -PromoteToPrimary -Wait @Connection

            $result.ImageSetId | Should -Not -Be $f.Destination
            $result.WorkflowStatus | Should -Be 'COPIED'
            (Get-AHIImageSetVersion $Datastore $result.ImageSetId -Latest @Connection).IsPrimary | Should -BeTrue
        }
    }

    Context 'waiting' {
        It 'returns as soon as the service accepts without -Wait' {
            $f = New-CopyFixture
            $result = Copy-AHIImageSet $Datastore $f.Source $f.Destination @Connection

            $result.ImageSetId | Should -Be $f.Destination
            $result.VersionId | Should -Be '2'
            $result.State | Should -Be 'LOCKED'
            $result.WorkflowStatus | Should -Be 'COPYING'
            $result.Source.WorkflowStatus | Should -Be 'COPYING_WITH_READ_ONLY_ACCESS'
        }

        It 'reports a wait past -TimeoutSec as WaitTimedOut' {
            $slow = Start-AhiTestService -ArgumentList '--workflow-delay-ms', '60000'
            try {
                $slowConnection = Get-AhiTestConnection $slow
                $id = New-AhiTestImageSet -Service $slow
                Copy-AHIImageSet $slow.DatastoreId $id -Wait -TimeoutSec 1 @slowConnection -ErrorVariable failures -ErrorAction SilentlyContinue

                $failures | Should -BeAhiError WaitTimedOut -Category OperationTimeout
            }
            finally {
                Stop-AhiTestService $slow
            }
        }
    }

    Context 'refused before sending' {
        BeforeAll {
            $script:Refused = New-CopyFixture
        }

        It 'refuses <ErrorId> and creates nothing' -ForEach @(
            @{ ErrorId = 'SeriesNotFound'; Arguments = @{ Series = '1.2.3.999' }; Category = 'InvalidArgument' }
            @{ ErrorId = 'InstanceNotFound'; Arguments = @{ SopInstanceUid = '1.2.3.998' }; Category = 'InvalidArgument' }
            @{ ErrorId = 'InstanceNotFound'; Arguments = @{ Instance = @{ 'SERIES0' = '1.2.3.997' } }; Category = 'InvalidArgument' }
            @{ ErrorId = 'InvalidDocument'; Arguments = @{ CopiableAttributes = '{"Study":{"Series":{"SERIES0":{"DICOM":{}}}}}' }; Category = 'InvalidArgument' }
            @{ ErrorId = 'StaleVersion'; Arguments = @{ SourceVersionId = '3' }; Category = 'InvalidOperation' }
            @{ ErrorId = 'StaleVersion'; Arguments = @{ DestinationImageSetId = 'DESTINATION'; DestinationVersionId = '2' }; Category = 'InvalidOperation' }
            @{ ErrorId = 'SameImageSet'; Arguments = @{ DestinationImageSetId = 'SOURCE' }; Category = 'InvalidArgument' }
        ) {
            $json = ($Arguments | ConvertTo-Json -Depth 10 -Compress).Replace('SERIES0', $Refused.Series[0]).Replace('DESTINATION', $Refused.Destination).Replace('SOURCE', $Refused.Source)
            $arguments = $json | ConvertFrom-Json -AsHashtable
            $imageSetsBefore = Get-AhiTestImageSetCount $Service

            $output = Copy-AHIImageSet $Datastore $Refused.Source @arguments @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures | Should -BeAhiError $ErrorId -Category $Category -TargetObject $Refused.Source
            Get-AhiTestVersionCount -Service $Service -ImageSetId $Refused.Source | Should -Be 1
            Get-AhiTestVersionCount -Service $Service -ImageSetId $Refused.Destination | Should -Be 1
            Get-AhiTestImageSetCount $Service | Should -Be $imageSetsBefore
        }
    }

    Context 'checked before any request' {
        It 'refuses a malformed -CopiableAttributes even for a source that does not exist' {
            Copy-AHIImageSet $Datastore ('d' * 32) -CopiableAttributes '{"Study":{"DICOM":{}}}' @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0] | Should -BeAhiError InvalidDocument
        }
    }

    Context 'ShouldProcess' {
        It '-WhatIf copies nothing and says which instances go where' {
            $f = New-CopyFixture
            $text = Invoke-AhiModuleInChild -Service $Service -Command "Copy-AHIImageSet -DatastoreId $Datastore -SourceImageSetId $($f.Source) -DestinationImageSetId $($f.Destination) -SopInstanceUid $($f.Sops[0]) -Force -WhatIf @c"

            $text | Should -BeLike '*What if:*'
            $text | Should -BeLike "*$Datastore*"
            $text | Should -BeLike "*$($f.Source) in datastore*(version 1)*"
            $text | Should -BeLike "*Copy 1 instance in 1 series ($($f.Series[0]): 1) into image set $($f.Destination) (version 1)*with -Force*"
            Get-AhiTestVersionCount -Service $Service -ImageSetId $f.Destination | Should -Be 1
        }

        It '-WhatIf for a whole copy into a new image set says so' {
            $f = New-CopyFixture
            $imageSetsBefore = Get-AhiTestImageSetCount $Service
            $text = Invoke-AhiModuleInChild -Service $Service -Command "Copy-AHIImageSet -DatastoreId $Datastore -SourceImageSetId $($f.Source) -WhatIf @c"
            $text | Should -BeLike '*Copy all instances into a new image set*'
            Get-AhiTestImageSetCount $Service | Should -Be $imageSetsBefore
        }

        It '-Confirm:$false copies' {
            $f = New-CopyFixture
            (Copy-AHIImageSet $Datastore $f.Source $f.Destination -Confirm:$false -Wait @Connection).VersionId | Should -Be '2'
        }
    }

    Context 'a response lost after the copy was applied' {
        BeforeAll {
            $script:Lossy = Start-AhiTestService -ArgumentList @('--fault-lost-response-rate', '1', '--fault-seed', '3')
            $script:LossyConnection = Get-AhiTestConnection $Lossy
        }

        AfterAll {
            Stop-AhiTestService $Lossy
        }

        It 'does not send a copy into a new image set again, and says what to check' {
            $source = New-AhiTestImageSet -Service $Lossy
            $before = Get-AhiTestImageSetCount $Lossy

            $out = Copy-AHIImageSet $Lossy.DatastoreId -SourceImageSetId $source -Confirm:$false @LossyConnection -ErrorAction SilentlyContinue -ErrorVariable failures

            $out | Should -BeNullOrEmpty
            $failures | Should -BeAhiError WriteOutcomeUnknown -Category ConnectionError
            $failures[0].Exception.Message | Should -Match 'may have been applied.*look for it before copying again'
            # The service applied the one copy it received; nothing was replayed into a duplicate.
            Get-AhiTestImageSetCount $Lossy | Should -Be ($before + 1)
        }
    }

}
