BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Service = Start-AhiTestService
    $script:Connection = Get-AhiTestConnection $Service
    $script:Datastore = $Service.DatastoreId

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

    # The module's own client, for the counts no cmdlet gives: how many image sets the datastore holds.
    function Get-ImageSetCount {
        $assembly = (Get-Command Copy-AHIImageSet).ImplementingType.Assembly
        $parameters = [Activator]::CreateInstance($assembly.GetType('AhiTools.Connection.ConnectionParameters'))
        $parameters.EndpointUrl = $Service.Endpoint; $parameters.AccessKey = $Service.AccessKey
        $parameters.SecretKey = $Service.SecretKey; $parameters.Region = 'us-east-1'
        $client = $assembly.GetType('AhiTools.Connection.HealthImagingClientProvider')::GetClient($parameters)
        $count = 0; $token = [NullString]::Value
        do {
            $page = $client.SearchImageSetsAsync($Datastore, [NullString]::Value, 50, $token, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
            $count += $page.ImageSets.Count
            $token = if ($page.NextToken) { $page.NextToken } else { [NullString]::Value }
        } while ($page.NextToken)
        $count
    }

    function Invoke-InChild {
        param([string] $Command)
        $script = @"
Import-Module '$ModuleManifest'
`$c = @{ EndpointUrl = '$($Service.Endpoint)'; AccessKey = '$($Service.AccessKey)'; SecretKey = '$($Service.SecretKey)'; Region = 'us-east-1' }
$Command
"@
        (Invoke-AhiChildPwsh -Script $script).Output -join "`n"
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
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'CopyFailed,AhiTools.Commands.CopyImageSetCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
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

                $failures.Count | Should -Be 1
                $failures[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimedOut,*'
                $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
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
            $imageSetsBefore = Get-ImageSetCount

            $output = Copy-AHIImageSet $Datastore $Refused.Source @arguments @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $failures[0].CategoryInfo.Category | Should -Be $Category
            $failures[0].TargetObject | Should -Be $Refused.Source
            Get-AhiTestVersionCount -Service $Service -ImageSetId $Refused.Source | Should -Be 1
            Get-AhiTestVersionCount -Service $Service -ImageSetId $Refused.Destination | Should -Be 1
            Get-ImageSetCount | Should -Be $imageSetsBefore
        }
    }

    Context 'checked before any request' {
        It 'refuses a malformed -CopiableAttributes even for a source that does not exist' {
            Copy-AHIImageSet $Datastore ('d' * 32) -CopiableAttributes '{"Study":{"DICOM":{}}}' @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDocument,*'
        }
    }

    Context 'ShouldProcess' {
        It '-WhatIf copies nothing and says which instances go where' {
            $f = New-CopyFixture
            $text = Invoke-InChild "Copy-AHIImageSet -DatastoreId $Datastore -SourceImageSetId $($f.Source) -DestinationImageSetId $($f.Destination) -SopInstanceUid $($f.Sops[0]) -Force -WhatIf @c"

            $text | Should -BeLike '*What if:*'
            $text | Should -BeLike "*$Datastore*"
            $text | Should -BeLike "*$($f.Source) in datastore*(version 1)*"
            $text | Should -BeLike "*Copy 1 instance in 1 series ($($f.Series[0]): 1) into image set $($f.Destination) (version 1)*with -Force*"
            Get-AhiTestVersionCount -Service $Service -ImageSetId $f.Destination | Should -Be 1
        }

        It '-WhatIf for a whole copy into a new image set says so' {
            $f = New-CopyFixture
            $imageSetsBefore = Get-ImageSetCount
            $text = Invoke-InChild "Copy-AHIImageSet -DatastoreId $Datastore -SourceImageSetId $($f.Source) -WhatIf @c"
            $text | Should -BeLike '*Copy all instances into a new image set*'
            Get-ImageSetCount | Should -Be $imageSetsBefore
        }

        It '-Confirm:$false copies' {
            $f = New-CopyFixture
            (Copy-AHIImageSet $Datastore $f.Source $f.Destination -Confirm:$false -Wait @Connection).VersionId | Should -Be '2'
        }
    }
}
