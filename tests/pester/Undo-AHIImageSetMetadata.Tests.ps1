BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession

    # An image set with three versions: 1 as created, 2 with a new patient name, 3 with a new study description.
    function New-RevertFixture {
        $id = New-AhiTestImageSet -Service $Service
        Update-AHIImageSetMetadata $Datastore $id -Patient @{ PatientName = 'SECOND^VERSION' } -Wait @Connection | Out-Null
        Update-AHIImageSetMetadata $Datastore $id -Study @{ StudyDescription = 'THIRD VERSION' } -Wait @Connection | Out-Null
        $id
    }

    function Get-MetadataJson([string] $ImageSetId, [string] $VersionId) { Get-AhiTestMetadataJson -Service $Service -ImageSetId $ImageSetId -VersionId $VersionId }

}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Undo-AHIImageSetMetadata' {
    Context 'reverting to a version piped in' {
        It 'binds DatastoreId, ImageSetId and VersionId from Get-AHIImageSetVersion and reverts to exactly that version' {
            $id = New-RevertFixture

            $result = Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $id @Connection | Where-Object VersionId -eq 1 | Undo-AHIImageSetMetadata -Wait @Connection

            $result | Should -BeOfType ([AhiTools.ImageSet])
            $result.ImageSetId | Should -Be $id
            $result.VersionId | Should -Be '4'
            $result.WorkflowStatus | Should -Be 'UPDATED'
            Get-MetadataJson $id 4 | Should -Be (Get-MetadataJson $id 1)
            (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Patient.DICOM.PatientName | Should -Be 'DOE^JANE'
        }

        It 'reverts to the version named by -VersionId' {
            $id = New-RevertFixture
            (Undo-AHIImageSetMetadata $Datastore $id -VersionId 2 -Wait @Connection).VersionId | Should -Be '4'
            Get-MetadataJson $id 4 | Should -Be (Get-MetadataJson $id 2)
        }

        It 'reverts many image sets in one pipeline' {
            $ids = @(New-RevertFixture; New-RevertFixture)
            $results = @(Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $ids @Connection | Where-Object VersionId -eq 2 | Undo-AHIImageSetMetadata -Wait @Connection)
            @($results.ImageSetId | Sort-Object) | Should -Be @($ids | Sort-Object)
            foreach ($id in $ids) { Get-MetadataJson $id 4 | Should -Be (Get-MetadataJson $id 2) }
        }
    }

    Context 'undoing the last change' {
        It 'reverts to the previous version without -VersionId' {
            $id = New-RevertFixture
            (Undo-AHIImageSetMetadata $Datastore $id -Wait @Connection).VersionId | Should -Be '4'
            Get-MetadataJson $id 4 | Should -Be (Get-MetadataJson $id 2)
        }

        It 'skips a version that failed' {
            $id = New-AhiTestImageSet -Service $Service
            Update-AHIImageSetMetadata $Datastore $id -Patient @{ PatientName = 'GOOD^TWO' } -Wait @Connection | Out-Null
            Update-AHIImageSetMetadata $Datastore $id -Instance @{ '1.2.3.4.5/1.2.3.4.5.6' = @{ ImageComments = 'x' } } -Wait @Connection -ErrorAction SilentlyContinue | Out-Null
            Update-AHIImageSetMetadata $Datastore $id -Patient @{ PatientName = 'GOOD^FOUR' } -Wait @Connection | Out-Null
            (Get-AHIImageSetVersion $Datastore $id -VersionId 3 @Connection).WorkflowStatus | Should -Be 'UPDATE_FAILED'

            # The failed version 3 holds the same document as version 2, so the verbose text tells which one was chosen.
            $records = @(Undo-AHIImageSetMetadata $Datastore $id -Wait -Verbose @Connection 4>&1)
            $result = $records | Where-Object { $_ -is [AhiTools.ImageSet] }
            $verbose = ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"

            $verbose | Should -BeLike '*reverting to version 2*'
            $result.VersionId | Should -Be '5'
            (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Patient.DICOM.PatientName | Should -Be 'GOOD^TWO'
        }

        It 'passes -Force and the new version is Forced' {
            $id = New-RevertFixture
            (Undo-AHIImageSetMetadata $Datastore $id -Force -Wait @Connection).Forced | Should -BeTrue
            (Get-AHIImageSetVersion $Datastore $id -Latest @Connection).Forced | Should -BeTrue
        }

        It 'returns as soon as the service accepts without -Wait' {
            $id = New-RevertFixture
            $result = Undo-AHIImageSetMetadata $Datastore $id @Connection
            $result.VersionId | Should -Be '4'
            $result.State | Should -Be 'LOCKED'
            $result.WorkflowStatus | Should -Be 'UPDATING'
        }
    }

    Context 'waiting too long' {
        It 'reports a wait past -TimeoutSec as WaitTimedOut (OperationTimeout)' {
            $slow = Start-AhiTestService -ArgumentList '--workflow-delay-ms', '60000'
            try {
                $slowConnection = Get-AhiTestConnection $slow
                $id = New-AhiTestImageSet -Service $slow -AdditionalVersions 1

                $output = Undo-AHIImageSetMetadata $slow.DatastoreId $id -VersionId 1 -Wait -TimeoutSec 1 @slowConnection -ErrorVariable failures -ErrorAction SilentlyContinue

                $output | Should -BeNullOrEmpty
                $failures | Should -BeAhiError WaitTimedOut -Category OperationTimeout
                $failures[0].TargetObject.VersionId | Should -Be '3'
            }
            finally {
                Stop-AhiTestService $slow
            }
        }
    }

    Context 'refused before sending' {
        BeforeAll {
            $script:Refused = New-RevertFixture
            $script:Single = New-AhiTestImageSet -Service $Service
        }

        It 'refuses <ErrorId> (<Category>) and sends nothing' -ForEach @(
            @{ ErrorId = 'AlreadyLatestVersion'; Arguments = @{ VersionId = '3' }; Category = 'InvalidArgument'; Text = 'latest' }
            @{ ErrorId = 'VersionNotFound'; Arguments = @{ VersionId = '99' }; Category = 'ObjectNotFound'; Text = 'no version 99' }
            @{ ErrorId = 'StaleVersion'; Arguments = @{ LatestVersionId = '1' }; Category = 'InvalidOperation'; Text = 'latest version*is 3' }
        ) {
            $output = Undo-AHIImageSetMetadata $Datastore $Refused @Arguments @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures | Should -BeAhiError $ErrorId -Category $Category
            $failures[0].ToString() | Should -BeLike "*$Text*"
            Get-AhiTestVersionCount -Service $Service -ImageSetId $Refused | Should -Be 3
        }

        It 'refuses to undo an image set that has only one version (NoEarlierVersion)' {
            Undo-AHIImageSetMetadata $Datastore $Single @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0] | Should -BeAhiError NoEarlierVersion -Category ObjectNotFound
            Get-AhiTestVersionCount -Service $Service -ImageSetId $Single | Should -Be 1
        }

        It 'refuses a deleted image set and goes on with the next' {
            $deleted = New-RevertFixture
            Remove-AHIImageSet $Datastore $deleted -Wait -Confirm:$false @Connection | Out-Null
            $next = New-RevertFixture

            $output = @($deleted, $next | Undo-AHIImageSetMetadata -DatastoreId $Datastore -Wait @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

            $failures | Should -BeAhiError ImageSetDeleted -Category ObjectNotFound -TargetObject $deleted
            $output.ImageSetId | Should -Be @($next)
        }
    }

    Context 'ShouldProcess' {
        It '-WhatIf sends nothing and names the image set, the latest version and the version to revert to' {
            $id = New-RevertFixture
            $text = Invoke-AhiModuleInChild -Service $Service -Command "Undo-AHIImageSetMetadata -DatastoreId $Datastore -ImageSetId $id -VersionId 1 -WhatIf @c"

            $text | Should -BeLike "*What if:*Revert the metadata to version 1*Image set $id in datastore $Datastore (latest version 3)*"
            Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be 3
        }

        It '-Confirm:$false reverts' {
            $id = New-RevertFixture
            (Undo-AHIImageSetMetadata $Datastore $id -Confirm:$false -Wait @Connection).VersionId | Should -Be '4'
        }
    }
}
