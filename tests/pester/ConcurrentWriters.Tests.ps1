# Writes never claim or erase another writer's version: lost responses, 5xx answers and concurrent writers, with the
# other writer's version made by the local service at the exact moment (Set-AhiTestFault).
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession -ArgumentList '--workflow-delay-ms', '50'
    $script:OtherWriterStudy = @{ Study = @{ DICOM = @{ StudyDescription = 'OTHER WRITER' } } }

    function Get-Latest {
        param([string] $ImageSetId)
        Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $ImageSetId -Latest @Connection
    }

    function Get-MetadataJson([string] $ImageSetId, [string] $VersionId) { Get-AhiTestMetadataJson -Service $Service -ImageSetId $ImageSetId -VersionId $VersionId }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Writes with another writer and lost responses' {
    Context 'Update-AHIImageSetMetadata' {
        It 'does not claim the version another writer made while its own request was lost, and applies on top of it' {
            $id = New-AhiTestImageSet -Service $Service
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action DropRequest -OtherWriterUpdate $OtherWriterStudy

            $records = @(Update-AHIImageSetMetadata $Datastore $id -Patient @{ PatientSex = 'M' } -Wait -Verbose @Connection 4>&1)
            $result = $records | Where-Object { $_ -is [AhiTools.ImageSet] }
            $verbose = ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"

            $result.VersionId | Should -Be '3'
            $result.WorkflowStatus | Should -Be 'UPDATED'
            $verbose | Should -Not -BeLike '*version 2 was found*'
            $verbose | Should -BeLike '*ConflictException*'
            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $id
            $metadata.Patient.DICOM.PatientSex | Should -Be 'M'
            $metadata.Study.DICOM.StudyDescription | Should -Be 'OTHER WRITER'
            (Get-AhiTestMetadata -Service $Service -ImageSetId $id -VersionId 2).Patient.DICOM.PatientSex | Should -Be 'F'
        }

        It 'takes a 500 answer for not applied: the retry meets the other writer and the update lands on top, not claiming its version' {
            $id = New-AhiTestImageSet -Service $Service
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action Fail500 -OtherWriterUpdate $OtherWriterStudy

            $result = Update-AHIImageSetMetadata $Datastore $id -Patient @{ PatientSex = 'M' } -Wait @Connection

            $result.VersionId | Should -Be '3'
            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $id
            $metadata.Patient.DICOM.PatientSex | Should -Be 'M'
            $metadata.Study.DICOM.StudyDescription | Should -Be 'OTHER WRITER'
        }

        It 'with -LatestVersionId reports the other writer as a conflict instead of claiming its version' {
            $id = New-AhiTestImageSet -Service $Service
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action DropRequest -OtherWriterUpdate $OtherWriterStudy

            $out = Update-AHIImageSetMetadata $Datastore $id -LatestVersionId 1 -Patient @{ PatientSex = 'M' } @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $out | Should -BeNullOrEmpty
            $failures | Should -BeAhiError ConflictException
            $failures[0].Exception.Message | Should -BeLike '*update was not applied*version 2*another write*'
            (Get-Latest $id).VersionId | Should -Be '2'
        }
    }

    Context 'Undo-AHIImageSetMetadata' {
        BeforeAll {
            function New-TwoVersionImageSet {
                $id = New-AhiTestImageSet -Service $Service
                Update-AHIImageSetMetadata $Datastore $id -Patient @{ PatientSex = 'M' } -Wait @Connection | Out-Null
                $id
            }
        }

        It 'recovers a revert whose response was lost from the version equal to the one reverted to' {
            $id = New-TwoVersionImageSet
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action LoseResponse

            $records = @(Undo-AHIImageSetMetadata $Datastore $id -Wait -Verbose @Connection 4>&1)
            $result = $records | Where-Object { $_ -is [AhiTools.ImageSet] }

            $result.VersionId | Should -Be '3'
            (($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -BeLike '*response was lost*version 3*'
            Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be 3
            Get-MetadataJson $id 3 | Should -Be (Get-MetadataJson $id 1)
        }

        It 'stops with StaleVersion instead of resending the old target when another writer changed the image set (undo the last change)' {
            $id = New-TwoVersionImageSet
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action Apply -OtherWriterUpdate $OtherWriterStudy

            $out = Undo-AHIImageSetMetadata $Datastore $id -Wait @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $out | Should -BeNullOrEmpty
            $failures | Should -BeAhiError StaleVersion -Category InvalidOperation
            $failures[0].Exception.Message | Should -BeLike "*another write made version 3 after version 2*not applied*"
            $failures[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-AHIImageSetVersion*'
            (Get-Latest $id).VersionId | Should -Be '3'
            (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Study.DICOM.StudyDescription | Should -Be 'OTHER WRITER'
        }

        It 'refuses to undo a write piped in when another writer made a version after it (StaleVersion), sending nothing' {
            $id = New-AhiTestImageSet -Service $Service
            $written = Update-AHIImageSetMetadata $Datastore $id -Patient @{ PatientSex = 'M' } -Wait @Connection
            Invoke-RestMethod -Method Post -Uri "$($Service.Endpoint)/_local/datastore/$Datastore/imageSet/$id/versions" -ContentType 'application/json' -Body '{}' | Out-Null

            $out = $written | Undo-AHIImageSetMetadata @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $out | Should -BeNullOrEmpty
            $failures[0] | Should -BeAhiError StaleVersion
            $failures[0].Exception.Message | Should -BeLike '*another write made version 3 after version 2*'
            Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be 3
        }

        It 'does not claim another writer''s version after a lost request, and does not erase it either' {
            $id = New-TwoVersionImageSet
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action DropRequest -OtherWriterUpdate $OtherWriterStudy

            $out = Undo-AHIImageSetMetadata $Datastore $id -VersionId 1 -Wait @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $out | Should -BeNullOrEmpty
            $failures[0] | Should -BeAhiError StaleVersion
            (Get-Latest $id).VersionId | Should -Be '3'
            (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Study.DICOM.StudyDescription | Should -Be 'OTHER WRITER'
        }
    }

    Context 'Copy-AHIImageSet into an existing image set' {
        It 'does not claim the destination version another writer made while its request was lost, and copies on top of it' {
            $study = New-AhiTestUid
            $sourceDocument = New-AhiTestDocument -StudyInstanceUid $study -SeriesCount 1 -InstancesPerSeries 2
            $destinationDocument = New-AhiTestDocument -StudyInstanceUid $study -SeriesCount 1 -InstancesPerSeries 1
            $source = New-AhiTestImageSet -Service $Service -Document $sourceDocument
            $destination = New-AhiTestImageSet -Service $Service -Document $destinationDocument
            $ownSeries = @($destinationDocument.Study.Series.Keys)[0]
            $copiedSops = @($sourceDocument.Study.Series.Values | ForEach-Object { $_.Instances.Keys })
            $otherWriter = @{ Study = @{ Series = @{ $ownSeries = @{ DICOM = @{ SeriesDescription = 'OTHER WRITER' } } } } }
            Set-AhiTestFault -Service $Service -ImageSetId $source -Action DropRequest -OtherWriterUpdate $otherWriter -OtherWriterImageSetId $destination

            $result = Copy-AHIImageSet $Datastore $source $destination -Wait -Confirm:$false @Connection

            $result.VersionId | Should -Be '3'
            $result.WorkflowStatus | Should -Be 'COPIED'
            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $destination
            $metadata.Study.Series.$ownSeries.DICOM.SeriesDescription | Should -Be 'OTHER WRITER'
            $instances = @($metadata.Study.Series.PSObject.Properties | ForEach-Object { $_.Value.Instances.PSObject.Properties.Name })
            foreach ($sop in $copiedSops) { $instances | Should -Contain $sop }
        }

        It 'recovers a copy whose response was lost from the destination version holding the copied instances' {
            $study = New-AhiTestUid
            $source = New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study)
            $destination = New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -StudyInstanceUid $study -InstancesPerSeries 1)
            Set-AhiTestFault -Service $Service -ImageSetId $source -Action LoseResponse

            $records = @(Copy-AHIImageSet $Datastore $source $destination -Wait -Confirm:$false -Verbose @Connection 4>&1)

            ($records | Where-Object { $_ -is [AhiTools.ImageSet] }).VersionId | Should -Be '2'
            (($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -BeLike '*response was lost*version 2*'
            Get-AhiTestVersionCount -Service $Service -ImageSetId $destination | Should -Be 2
        }
    }

    Context 'an applied write followed by an unreachable service' {
        It 'says the outcome is unknown (WriteOutcomeUnknown) and how to check' {
            $doomed = Start-AhiTestService
            try {
                $id = New-AhiTestImageSet -Service $doomed
                Set-AhiTestFault -Service $doomed -ImageSetId $id -Action LoseResponseAndStop
                $text = Invoke-AhiModuleInChild -Service $doomed -Command @"
# Two attempts, as a user would set them: the lost response, then the refused retry.
`$env:AWS_MAX_ATTEMPTS = '2'
`$out = Update-AHIImageSetMetadata -DatastoreId $($doomed.DatastoreId) -ImageSetId $id -Patient @{ PatientSex = 'M' } @c -ErrorVariable failures -ErrorAction SilentlyContinue
"count=`$(@(`$out).Count)"
"id=`$(`$failures[0].FullyQualifiedErrorId)"
"category=`$(`$failures[0].CategoryInfo.Category)"
"message=`$(`$failures[0].Exception.Message)"
"action=`$(`$failures[0].ErrorDetails.RecommendedAction)"
"@
                $text | Should -BeLike '*count=0*'
                $text | Should -BeLike '*id=WriteOutcomeUnknown,AhiTools.Commands.UpdateImageSetMetadataCommand*'
                $text | Should -BeLike '*category=ConnectionError*'
                $text | Should -BeLike '*message=The update was sent but its response was lost*may or may not have been applied*'
                $text | Should -BeLike "*action=Check with Get-AHIImageSetVersion -DatastoreId $($doomed.DatastoreId) -ImageSetId $id*after 1*"
                $doomed.Process.WaitForExit(60000) | Should -BeTrue
            }
            finally {
                Stop-AhiTestService $doomed
            }
        }
    }

    Context 'Ctrl+C while a write is being sent' {
        It 'stops promptly and says the outcome is unknown and how to check' {
            $id = New-AhiTestImageSet -Service $Service
            # When the held request reaches the service, the fault first gives the signal image set a version: the
            # request is then known to be waiting in the service, with the image set it writes untouched.
            $signal = New-AhiTestImageSet -Service $Service
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action Hold -DelayMs 60000 -OtherWriterUpdate $OtherWriterStudy -OtherWriterImageSetId $signal
            $shell = [PowerShell]::Create()
            try {
                $arguments = @{ DatastoreId = $Datastore; ImageSetId = $id; Patient = @{ PatientSex = 'M' }; Verbose = $true } + $Connection
                $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement().AddCommand('Update-AHIImageSetMetadata').AddParameters($arguments)
                Stop-AhiTestInvocation $shell -Ready { (Get-AhiTestVersionCount -Service $Service -ImageSetId $signal) -ge 2 }
                Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be 1 -Because 'the held update was stopped before the service carried it out'
                $warning = @($shell.Streams.Warning)
                $warning.Count | Should -Be 1
                $warning[0].Message | Should -BeLike "Stopped while the update of image set $id in datastore $Datastore was being sent: the service may or may not have carried it out. If Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $id shows a version after 1, it did*"
            }
            finally {
                $shell.Dispose()
            }
        }
    }
}
