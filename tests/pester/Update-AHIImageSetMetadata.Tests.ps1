BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession

    # A fresh image set from a known document: returns the IDs and UIDs the tests name.
    function New-UpdateFixture {
        param([int] $SeriesCount = 2)
        $document = New-AhiTestDocument -SeriesCount $SeriesCount -InstancesPerSeries 2
        $id = New-AhiTestImageSet -Service $Service -Document $document
        $seriesUids = @($document.Study.Series.Keys)
        [pscustomobject]@{
            ImageSetId = $id
            Document   = $document
            Series     = $seriesUids
            Sops       = @($document.Study.Series[$seriesUids[0]].Instances.Keys)
            OtherSops  = @($document.Study.Series[$seriesUids[-1]].Instances.Keys)
        }
    }

}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Update-AHIImageSetMetadata' {
    Context 'level parameters' {
        It 'sets Patient and Study elements, waits, and writes the new latest version' {
            $f = New-UpdateFixture
            $result = Update-AHIImageSetMetadata -DatastoreId $Datastore -ImageSetId $f.ImageSetId -Patient @{ PatientName = 'DOE^JOHN' } -Study @{ StudyDescription = 'CT ABDOMEN' } -Wait @Connection

            $result | Should -BeOfType ([AhiTools.ImageSet])
            $result.DatastoreId | Should -Be $Datastore
            $result.ImageSetId | Should -Be $f.ImageSetId
            $result.VersionId | Should -Be '2'
            $result.State | Should -Be 'ACTIVE'
            $result.WorkflowStatus | Should -Be 'UPDATED'
            $result.Forced | Should -BeFalse
            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId
            $metadata.Patient.DICOM.PatientName | Should -Be 'DOE^JOHN'
            $metadata.Study.DICOM.StudyDescription | Should -Be 'CT ABDOMEN'
            $metadata.Patient.DICOM.PatientID | Should -Be 'PID-0001'
        }

        It 'shows the result in the default AhiTools.ImageSet table view' {
            $f = New-UpdateFixture
            $table = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Study @{ StudyDescription = 'VIEW' } @Connection | Out-String -Width 200
            foreach ($column in 'ImageSetId', 'VersionId', 'State', 'WorkflowStatus', 'Forced', 'Message') { $table | Should -Match $column }
            $table | Should -Match 'LOCKED\s+UPDATING'
        }

        It 'updates a series keyed by its UID' {
            $f = New-UpdateFixture
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Series @{ $f.Series[1] = @{ SeriesDescription = 'CORONAL' } } -Wait @Connection | Out-Null

            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId
            $metadata.Study.Series.($f.Series[1]).DICOM.SeriesDescription | Should -Be 'CORONAL'
            $metadata.Study.Series.($f.Series[0]).DICOM.SeriesDescription | Should -Be 'AXIAL 1'
        }

        It 'updates an instance named by SOP UID alone (series found in the metadata) and by series/SOP' {
            $f = New-UpdateFixture
            $instances = @{
                $f.Sops[0]                          = @{ ImageComments = 'FIRST' }
                "$($f.Series[1])/$($f.OtherSops[1])" = @{ ImageComments = 'LAST' }
            }
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Instance $instances -Wait @Connection | Out-Null

            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId
            $metadata.Study.Series.($f.Series[0]).Instances.($f.Sops[0]).DICOM.ImageComments | Should -Be 'FIRST'
            $metadata.Study.Series.($f.Series[1]).Instances.($f.OtherSops[1]).DICOM.ImageComments | Should -Be 'LAST'
        }

        It 'sets an instance private tag with its VR under -Force, and the version is Forced' {
            $f = New-UpdateFixture
            $result = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -PrivateTag @{ '001910F9' = @{ Value = '97'; VR = 'DS' } } -SopInstanceUid $f.Sops -Force -Wait @Connection

            $result.Forced | Should -BeTrue
            (Get-AHIImageSetVersion $Datastore $f.ImageSetId -Latest @Connection).Forced | Should -BeTrue
            $instance = (Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.Series.($f.Series[0]).Instances.($f.Sops[1])
            $instance.DICOM.'001910F9' | Should -Be '97'
            $instance.DICOMVRs.'001910F9' | Should -Be 'DS'
        }

        It 'takes -ForceUpdate as an alias of -Force' {
            $f = New-UpdateFixture
            $result = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Study @{ StudyID = '42' } -ForceUpdate -Wait @Connection

            $result.Forced | Should -BeTrue
            (Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.DICOM.StudyID | Should -Be '42'
        }
    }

    Context 'removals' {
        It 'removes elements named by level' {
            $f = New-UpdateFixture
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -RemoveAttribute 'Study.AccessionNumber', "Series.$($f.Series[0]).SeriesDescription", 'Patient.PatientSex' -Wait @Connection | Out-Null

            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId
            $metadata.Study.DICOM.PSObject.Properties.Name | Should -Not -Contain 'AccessionNumber'
            $metadata.Patient.DICOM.PSObject.Properties.Name | Should -Not -Contain 'PatientSex'
            $metadata.Study.Series.($f.Series[0]).DICOM.PSObject.Properties.Name | Should -Not -Contain 'SeriesDescription'
            $metadata.Study.DICOM.StudyDescription | Should -Be 'CT CHEST'
        }

        It 'removes a series and an instance with -Force' {
            $f = New-UpdateFixture
            $result = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -RemoveSeries $f.Series[1] -RemoveInstance $f.Sops[0] -Force -Wait @Connection

            $result.Forced | Should -BeTrue
            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId
            @($metadata.Study.Series.PSObject.Properties.Name) | Should -Be @($f.Series[0])
            @($metadata.Study.Series.($f.Series[0]).Instances.PSObject.Properties.Name) | Should -Be @($f.Sops[1])
        }
    }

    Context 'raw documents' {
        It 'takes -UpdatableAttributes as <Kind>' -ForEach @(
            @{ Kind = 'JSON text' }
            @{ Kind = 'a hashtable' }
            @{ Kind = 'a PSCustomObject' }
            @{ Kind = 'a FileInfo' }
            @{ Kind = 'a file path' }
        ) {
            $f = New-UpdateFixture
            $json = '{"Study":{"DICOM":{"StudyDescription":"RAW"}}}'
            $file = Join-Path $TestDrive "updatable-$([guid]::NewGuid().ToString('n')).json"
            Set-Content -Path $file -Value $json
            $document = switch ($Kind) {
                'JSON text' { $json }
                'a hashtable' { @{ Study = @{ DICOM = @{ StudyDescription = 'RAW' } } } }
                'a PSCustomObject' { $json | ConvertFrom-Json }
                'a FileInfo' { Get-Item $file }
                'a file path' { $file }
            }

            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -UpdatableAttributes $document -Wait @Connection | Out-Null

            (Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.DICOM.StudyDescription | Should -Be 'RAW'
        }

        It 'takes -RemovableAttributes and merges level parameters with the raw document' {
            $f = New-UpdateFixture
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -RemovableAttributes '{"SchemaVersion":"1.1","Study":{"DICOM":{"AccessionNumber":"ACC-0001"}}}' `
                -UpdatableAttributes @{ Study = @{ DICOM = @{ StudyDescription = 'RAW' } } } -Patient @{ PatientName = 'MERGED^NAME' } -Wait @Connection | Out-Null

            $metadata = Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId
            $metadata.Study.DICOM.PSObject.Properties.Name | Should -Not -Contain 'AccessionNumber'
            $metadata.Study.DICOM.StudyDescription | Should -Be 'RAW'
            $metadata.Patient.DICOM.PatientName | Should -Be 'MERGED^NAME'
        }
    }

    Context 'refused before sending' {
        BeforeAll {
            $script:Refused = New-UpdateFixture
        }

        It 'refuses <ErrorId> and sends nothing' -ForEach @(
            @{ ErrorId = 'ForceRequired'; Arguments = @{ Study = @{ StudyInstanceUID = '1.2.3.4' } }; Names = 'StudyInstanceUID', '-Force' }
            @{ ErrorId = 'ForceRequired'; Arguments = @{ RemoveSeries = 'SERIES0' }; Names = 'series', '-Force' }
            @{ ErrorId = 'ForceRequired'; Arguments = @{ PrivateTag = @{ '001910F9' = @{ Value = '1'; VR = 'DS' } }; SopInstanceUid = 'SOP0' }; Names = '001910F9', '-Force' }
            @{ ErrorId = 'AttributeNotUpdatable'; Arguments = @{ UpdatableAttributes = '{"Study":{"Series":{"SERIES0":{"Instances":{"SOP0":{"DICOM":{"PixelData":"x"}}}}}}}'; Force = $true }; Names = 'PixelData' }
            @{ ErrorId = 'AttributeNotUpdatable'; Arguments = @{ UpdatableAttributes = '{"ImageSetID":"x"}' }; Names = 'ImageSetID' }
            @{ ErrorId = 'InvalidDocument'; Arguments = @{ UpdatableAttributes = '{"Patient":{"Series":{}}}' }; Names = 'Series' }
            @{ ErrorId = 'WrongLevel'; Arguments = @{ Patient = @{ StudyDescription = 'X' } }; Names = 'StudyDescription', 'Study-level', '-Study' }
            @{ ErrorId = 'WrongLevel'; Arguments = @{ Study = @{ SeriesDate = '20240101' } }; Names = 'SeriesDate', 'Series-level' }
            @{ ErrorId = 'AttributeNotUpdatable'; Arguments = @{ UpdatableAttributes = '{"Study":{"Series":{"SERIES0":{"Instances":{"SOP0":{"DICOM":{"FloatPixelData":"x"}}}}}}}'; Force = $true }; Names = 'FloatPixelData' }
            @{ ErrorId = 'InvalidUid'; Arguments = @{ Series = @{ '1.02.3' = @{ SeriesDescription = 'X' } } }; Names = '1.02.3', 'starting with 0' }
            @{ ErrorId = 'InvalidUid'; Arguments = @{ Study = @{ StudyInstanceUID = '1.2.03' }; Force = $true }; Names = 'StudyInstanceUID', 'starting with 0' }
            @{ ErrorId = 'InvalidVR'; Arguments = @{ Series = @{ SERIES0 = @{ SeriesDescription = @{ Value = 'X'; VR = 'XX' } } } }; Names = 'SeriesDescription', 'PS3.5' }
            @{ ErrorId = 'InvalidVR'; Arguments = @{ UpdatableAttributes = '{"Study":{"Series":{"SERIES0":{"DICOMVRs":{"SeriesDescription":"QQ"}}}}}' }; Names = 'SeriesDescription', 'PS3.5' }
            @{ ErrorId = 'DocumentTooLarge'; Arguments = @{ Study = @{ StudyDescription = ('x' * 30001) } }; Names = '30000', '10 KB' }
            @{ ErrorId = 'NothingToUpdate'; Arguments = @{}; Names = @() }
            @{ ErrorId = 'AttributeNotFound'; Arguments = @{ RemoveAttribute = 'Study.ReferringPhysicianName' }; Names = 'ReferringPhysicianName' }
            @{ ErrorId = 'InstanceNotFound'; Arguments = @{ Instance = @{ '1.2.3.999' = @{ ImageComments = 'x' } } }; Names = '1.2.3.999' }
            @{ ErrorId = 'SeriesNotFound'; Arguments = @{ RemoveSeries = '1.2.3.998'; Force = $true }; Names = '1.2.3.998' }
            @{ ErrorId = 'InvalidAttributePath'; Arguments = @{ RemoveAttribute = 'PatientName' }; Names = 'Patient.<Keyword>' }
            @{ ErrorId = 'StaleVersion'; Arguments = @{ LatestVersionId = '7'; Patient = @{ PatientName = 'X' } }; Names = '-LatestVersionId', 'latest version' }
            @{ ErrorId = 'SetAndRemoveSameElement'; Arguments = @{ Patient = @{ PatientSex = 'O' }; RemoveAttribute = 'Patient.PatientSex' }; Names = 'Patient.PatientSex', 'not both' }
            @{ ErrorId = 'SetAndRemoveSameElement'; Arguments = @{ Instance = @{ SOP0 = @{ InstanceNumber = 7 } }; RemoveAttribute = 'Instance.SOP0.InstanceNumber' }; Names = 'Instance.SOP0.InstanceNumber' }
            @{ ErrorId = 'SetAndRemoveSameElement'; Arguments = @{ UpdatableAttributes = '{"Study":{"DICOM":{"StudyDescription":"A"}}}'; RemoveAttribute = 'Study.StudyDescription' }; Names = 'Study.StudyDescription' }
        ) {
            # Placeholders stand for this fixture's UIDs, which the data table cannot know.
            $json = $Arguments | ConvertTo-Json -Depth 10 -Compress
            $json = $json.Replace('SERIES0', $Refused.Series[0]).Replace('SOP0', $Refused.Sops[0])
            $arguments = @{}
            foreach ($p in ($json | ConvertFrom-Json -AsHashtable).GetEnumerator()) { $arguments[$p.Key] = $p.Value }
            if ($arguments.UpdatableAttributes -is [hashtable]) { $arguments.UpdatableAttributes = $arguments.UpdatableAttributes | ConvertTo-Json -Depth 10 }
            $before = Get-AhiTestVersionCount -Service $Service -ImageSetId $Refused.ImageSetId

            $output = Update-AHIImageSetMetadata $Datastore $Refused.ImageSetId @arguments @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $expectedCategory = if ($ErrorId -eq 'StaleVersion') { 'InvalidOperation' } else { 'InvalidArgument' }
            $failures | Should -BeAhiError $ErrorId -Category $expectedCategory -TargetObject $Refused.ImageSetId
            $explained = "$($failures[0]) $($failures[0].ErrorDetails.RecommendedAction)"
            foreach ($name in $Names) { $explained | Should -BeLike "*$($name.Replace('SOP0', $Refused.Sops[0]))*" }
            Get-AhiTestVersionCount -Service $Service -ImageSetId $Refused.ImageSetId | Should -Be $before
        }

        It 'refuses input that needs no metadata before any request, even for an image set that does not exist' {
            $missing = 'c' * 32
            Update-AHIImageSetMetadata $Datastore $missing -Study @{ StudyInstanceUID = '1.2.3' } @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0] | Should -BeAhiError ForceRequired
        }

        It 'refuses a change that sets and removes one element before any request, even for an image set that does not exist' {
            $missing = 'c' * 32
            Update-AHIImageSetMetadata $Datastore $missing -Patient @{ PatientSex = 'O' } -RemoveAttribute Patient.PatientSex @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures | Should -BeAhiError SetAndRemoveSameElement
            $failures[0].Exception.Message | Should -BeLike 'The change both sets and removes Patient.PatientSex;*Nothing was sent.'
        }

        It 'stops the pipeline with -ErrorAction Stop' {
            { Update-AHIImageSetMetadata $Datastore $Refused.ImageSetId -Study @{ StudyID = '9' } -ErrorAction Stop @Connection } |
                Should -Throw -ErrorId 'ForceRequired,AhiTools.Commands.UpdateImageSetMetadataCommand'
        }

        It 'never puts attribute values in refusals' {
            Update-AHIImageSetMetadata $Datastore $Refused.ImageSetId -Patient @{ OtherPatientIDs = 'QXJID-A', 'QXJID-B' } @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures[0] | Should -BeAhiError ForceRequired
            ($failures[0].ToString() + $failures[0].ErrorDetails.RecommendedAction) | Should -Not -Match 'QXJ'
        }
    }

    Context 'version guard' {
        It 'writes when -LatestVersionId is the latest version' {
            $f = New-UpdateFixture
            $result = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -LatestVersionId 1 -Study @{ StudyDescription = 'GUARDED' } -Wait @Connection
            $result.VersionId | Should -Be '2'
        }
    }

    Context 'a version written by someone else between reading and writing' {
        BeforeAll {
            # Adds a version through the service's local route as soon as the cmdlet says which version it read, so the
            # update is sent against a version that is no longer the latest: the service answers ConflictException.
            function Invoke-WithInterloper {
                param([string] $ImageSetId, [hashtable] $Arguments)
                $state = @{ Done = $false }
                Update-AHIImageSetMetadata $Datastore $ImageSetId @Arguments -Verbose -ErrorAction Continue @Connection 4>&1 2>&1 | ForEach-Object {
                    if ($_ -is [System.Management.Automation.VerboseRecord]) {
                        if (-not $state.Done -and $_.Message -like '*: latest version 1.') {
                            $state.Done = $true
                            Invoke-RestMethod -Method Post -Uri "$($Service.Endpoint)/_local/datastore/$Datastore/imageSet/$ImageSetId/versions" -ContentType 'application/json' -Body '{}' | Out-Null
                        }
                        "VERBOSE: $($_.Message)"
                    }
                    else { $_ }
                }
            }
        }

        It 'writes against the new latest version when no version was pinned' {
            $f = New-UpdateFixture
            $records = @(Invoke-WithInterloper $f.ImageSetId @{ Study = @{ StudyDescription = 'AFTER RACE' }; Wait = $true })

            ($records -like 'VERBOSE:*ConflictException*').Count | Should -Be 1
            $result = $records | Where-Object { $_ -is [AhiTools.ImageSet] }
            $result.VersionId | Should -Be '3'
            (Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.DICOM.StudyDescription | Should -Be 'AFTER RACE'
        }

        It 'fails with the service''s ConflictException (ResourceBusy) when -LatestVersionId pinned the version' {
            $f = New-UpdateFixture
            $records = @(Invoke-WithInterloper $f.ImageSetId @{ Study = @{ StudyDescription = 'PINNED' }; LatestVersionId = '1' })

            $records | Where-Object { $_ -is [AhiTools.ImageSet] } | Should -BeNullOrEmpty
            $failures = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $failures | Should -BeAhiError ConflictException -Category ResourceBusy
            Get-AhiTestVersionCount -Service $Service -ImageSetId $f.ImageSetId | Should -Be 2
        }
    }

    Context 'waiting' {
        It 'returns as soon as the service accepts without -Wait' {
            $f = New-UpdateFixture
            $result = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Study @{ StudyDescription = 'QUICK' } @Connection

            $result.VersionId | Should -Be '2'
            $result.State | Should -Be 'LOCKED'
            $result.WorkflowStatus | Should -Be 'UPDATING'
        }

        It 'reports UPDATE_FAILED as a non-terminating UpdateFailed error with the service message' {
            $f = New-UpdateFixture
            # The series named with its instance spares the metadata lookup, so only the service finds it missing.
            $instance = @{ "1.2.3.4.5/1.2.3.4.5.6" = @{ ImageComments = 'x' } }

            $output = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Instance $instance -Wait @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures | Should -BeAhiError UpdateFailed -Category InvalidData
            $failures[0].ToString() | Should -BeLike '*UPDATE_FAILED*'
            $failures[0].ErrorDetails.RecommendedAction | Should -BeLike '*version 1*'
            $failures[0].TargetObject.VersionId | Should -Be '2'
            $failures[0].TargetObject.WorkflowStatus | Should -Be 'UPDATE_FAILED'
        }

        It 'reports a wait past -TimeoutSec as WaitTimedOut (OperationTimeout)' {
            $slow = Start-AhiTestService -ArgumentList '--workflow-delay-ms', '60000'
            try {
                $slowConnection = Get-AhiTestConnection $slow
                $id = New-AhiTestImageSet -Service $slow

                $output = Update-AHIImageSetMetadata $slow.DatastoreId $id -Study @{ StudyDescription = 'SLOW' } -Wait -TimeoutSec 2 @slowConnection -ErrorVariable failures -ErrorAction SilentlyContinue

                $output | Should -BeNullOrEmpty
                $failures | Should -BeAhiError WaitTimedOut -Category OperationTimeout
                $failures[0].Exception.Message | Should -BeLike '*version 2 was still LOCKED*after 2 seconds*'
                $failures[0].TargetObject.State | Should -Be 'LOCKED'
                # It gave up at -TimeoutSec, while the service still had the update (a minute) to go.
                (Get-AHIImageSetVersion $slow.DatastoreId $id -Latest @slowConnection).State | Should -Be 'LOCKED'
            }
            finally {
                Stop-AhiTestService $slow
            }
        }
    }

    Context 'lost responses' {
        It 'reports the version an update made when its response was lost, without applying it twice' {
            $lossy = Start-AhiTestService -ArgumentList '--fault-lost-response-rate', '1', '--fault-seed', '7'
            try {
                $lossyConnection = Get-AhiTestConnection $lossy
                $id = New-AhiTestImageSet -Service $lossy
                $records = @(Update-AHIImageSetMetadata $lossy.DatastoreId $id -Study @{ StudyDescription = 'ONCE' } -Wait -Verbose @lossyConnection 4>&1)
                $result = $records | Where-Object { $_ -is [AhiTools.ImageSet] }
                $verbose = ($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n"

                $result.VersionId | Should -Be '2'
                $result.WorkflowStatus | Should -Be 'UPDATED'
                $verbose | Should -BeLike '*response was lost*version 2*'
                Get-AhiTestVersionCount -Service $lossy -ImageSetId $id | Should -Be 2
            }
            finally {
                Stop-AhiTestService $lossy
            }
        }
    }

    Context 'stopping' {
        It 'stops a long -Wait promptly when the pipeline is stopped (Ctrl+C), saying which write was already accepted' {
            $slow = Start-AhiTestService -ArgumentList '--workflow-delay-ms', '60000'
            $shell = [PowerShell]::Create()
            try {
                $id = New-AhiTestImageSet -Service $slow
                $arguments = @{ DatastoreId = $slow.DatastoreId; ImageSetId = $id; Study = @{ StudyDescription = 'STOPPED' }; Wait = $true; TimeoutSec = 120 } + (Get-AhiTestConnection $slow)
                $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement().AddCommand('Update-AHIImageSetMetadata').AddParameters($arguments)
                # The waiter reports its first poll of the new version: the write was accepted and the wait is under way.
                Stop-AhiTestInvocation $shell -Ready { $shell.Streams.Progress | Where-Object StatusDescription -like 'Version 2 is LOCKED*' }
                $slowConnection = Get-AhiTestConnection $slow
                (Get-AHIImageSetVersion $slow.DatastoreId $id -Latest @slowConnection).State | Should -Be 'LOCKED' -Because 'the wait was stopped, not over'
                $warning = @($shell.Streams.Warning)
                $warning.Count | Should -Be 1
                $warning[0].Message | Should -BeLike "*already accepted*version 2 of image set $id*Get-AHIImageSetVersion*-VersionId 2*"
            }
            finally {
                $shell.Dispose()
                Stop-AhiTestService $slow
            }
        }
    }

    Context 'errors per item' {
        It 'reports a missing image set as ResourceNotFoundException and goes on with the next' {
            $f = New-UpdateFixture
            $missing = 'a' * 32

            $output = @($missing, $f.ImageSetId | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'NEXT' } -Wait @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

            $failures | Should -BeAhiError ResourceNotFoundException -Category ObjectNotFound -TargetObject $missing
            $output.ImageSetId | Should -Be @($f.ImageSetId)
        }

        It 'passes a service refusal through as ValidationException (InvalidArgument)' {
            $f = New-UpdateFixture
            # Private tags live at instance level only; the module leaves that rule to the service.
            $document = '{"Study":{"Series":{"SERIES0":{"DICOM":{"00191001":"X"},"DICOMVRs":{"00191001":"LO"}}}}}'.Replace('SERIES0', $f.Series[0])
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -UpdatableAttributes $document -Force @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0] | Should -BeAhiError ValidationException -Category InvalidArgument
        }

        It 'updates every image set given to -ImageSetId' {
            $a = New-UpdateFixture; $b = New-UpdateFixture
            $output = @(Update-AHIImageSetMetadata $Datastore $a.ImageSetId, $b.ImageSetId -Study @{ StudyDescription = 'BOTH' } -Wait @Connection)
            # Output comes in the order writes finish, so the image sets are compared as a set.
            @($output.ImageSetId | Sort-Object) | Should -Be @(@($a.ImageSetId, $b.ImageSetId) | Sort-Object)
            (Get-AhiTestMetadata -Service $Service -ImageSetId $b.ImageSetId).Study.DICOM.StudyDescription | Should -Be 'BOTH'
        }
    }

    Context 'ShouldProcess' {
        It '-WhatIf sends nothing and names the datastore, image set, version and attributes but no values' {
            $f = New-UpdateFixture
            $text = Invoke-AhiModuleInChild -Service $Service -Command "Update-AHIImageSetMetadata -DatastoreId $Datastore -ImageSetId $($f.ImageSetId) -Patient @{ PatientName = 'QXJWHATIFVALUE' } -RemoveAttribute Study.AccessionNumber -WhatIf @c"

            $text | Should -BeLike '*What if:*'
            $text | Should -BeLike "*$Datastore*"
            $text | Should -BeLike "*$($f.ImageSetId)*"
            $text | Should -BeLike '*latest version 1*'
            $text | Should -BeLike '*set Patient.PatientName*'
            $text | Should -BeLike '*remove Study.AccessionNumber*'
            $text | Should -Not -BeLike '*QXJ*'
            $text | Should -Not -BeLike '*ACC-0001*'
            Get-AhiTestVersionCount -Service $Service -ImageSetId $f.ImageSetId | Should -Be 1
        }

        It '-Confirm:$false writes without asking even when $ConfirmPreference is Medium' {
            $f = New-UpdateFixture
            $ConfirmPreference = 'Medium'
            $result = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Study @{ StudyDescription = 'CONFIRMED' } -Confirm:$false -Wait @Connection
            $result.VersionId | Should -Be '2'
        }

        It '-Force does not bypass confirmation: a session that cannot prompt sends nothing' {
            $f = New-UpdateFixture
            $text = Invoke-AhiModuleInChild -Service $Service -Command "Update-AHIImageSetMetadata -DatastoreId $Datastore -ImageSetId $($f.ImageSetId) -Study @{ StudyID = '5' } -Force -Confirm @c"

            $text | Should -Match 'NonInteractive|prompt'
            Get-AhiTestVersionCount -Service $Service -ImageSetId $f.ImageSetId | Should -Be 1
        }

        It 'puts element names but never values in verbose output' {
            $f = New-UpdateFixture
            $verbose = Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Patient @{ PatientName = 'QXJVERBOSEVALUE' } -Wait -Verbose @Connection 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            ($verbose -join "`n") | Should -BeLike '*PatientName*'
            ($verbose -join "`n") | Should -Not -BeLike '*QXJ*'
        }
    }
}

Describe 'Update-AHIImageSetMetadata with series and instance rows piped in' {
    It 'makes one version of three series rows with -Series given as elements' {
        $f = New-UpdateFixture -SeriesCount 4
        $rows = @(Get-AHIImageSetMetadata $Datastore $f.ImageSetId -Series @Connection | Where-Object SeriesInstanceUID -ne $f.Series[3])
        $rows.Count | Should -Be 3

        $results = @($rows | Update-AHIImageSetMetadata -Series @{ SeriesDescription = 'REVIEWED' } -Wait @Connection)

        $results.Count | Should -Be 1
        $results[0].VersionId | Should -Be '2'
        @(Get-AHIImageSetVersion $Datastore $f.ImageSetId @Connection).Count | Should -Be 2
        $series = (Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.Series
        foreach ($uid in $f.Series[0..2]) { $series.$uid.DICOM.SeriesDescription | Should -Be 'REVIEWED' -Because $uid }
        $series.($f.Series[3]).DICOM.SeriesDescription | Should -Not -Be 'REVIEWED'
    }

    It 'removes three series rows in one version with -RemoveSeries naming each row' {
        $f = New-UpdateFixture -SeriesCount 4
        $rows = @(Get-AHIImageSetMetadata $Datastore $f.ImageSetId -Series @Connection | Where-Object SeriesInstanceUID -ne $f.Series[3])

        $results = @($rows | Update-AHIImageSetMetadata -RemoveSeries { $_.SeriesInstanceUID } -Force -Wait @Connection)

        $results.Count | Should -Be 1
        $results[0].VersionId | Should -Be '2'
        @((Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.Series.PSObject.Properties.Name) | Should -Be @($f.Series[3])
    }

    It 'sets -Instance given as elements on each instance row, in one version' {
        $f = New-UpdateFixture
        $rows = @(Get-AHIImageSetMetadata $Datastore $f.ImageSetId -Instance @Connection)
        $rows.Count | Should -Be 4

        @($rows | Update-AHIImageSetMetadata -Instance @{ ImageComments = 'SEEN' } -Wait @Connection).VersionId | Should -Be @('2')

        $series = (Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.Series
        foreach ($row in $rows) { $series.($row.SeriesInstanceUID).Instances.($row.SOPInstanceUID).DICOM.ImageComments | Should -Be 'SEEN' }
    }

    It 'makes one version for each image set the rows come from' {
        $one = New-UpdateFixture
        $two = New-UpdateFixture
        $rows = @(Get-AHIImageSetMetadata $Datastore $one.ImageSetId -Series @Connection) + @(Get-AHIImageSetMetadata $Datastore $two.ImageSetId -Series @Connection)
        $rows.Count | Should -Be 4

        $results = @($rows | Update-AHIImageSetMetadata -Series @{ SeriesDescription = 'BOTH' } -Wait @Connection)

        # Output comes in the order the writes finish.
        @($results.ImageSetId | Sort-Object) | Should -Be @(@($one.ImageSetId, $two.ImageSetId) | Sort-Object)
        @($results.VersionId) | Should -Be @('2', '2')
        foreach ($f in $one, $two) {
            $series = (Get-AhiTestMetadata -Service $Service -ImageSetId $f.ImageSetId).Study.Series
            foreach ($uid in $f.Series) { $series.$uid.DICOM.SeriesDescription | Should -Be 'BOTH' }
        }
    }

    It 'asks once per image set, naming every series, and -WhatIf writes nothing' {
        $f = New-UpdateFixture -SeriesCount 3
        $rows = @(Get-AHIImageSetMetadata $Datastore $f.ImageSetId -Series @Connection)

        $verbose = @($rows | Update-AHIImageSetMetadata -Series @{ SeriesDescription = 'ASKED' } -WhatIf -Verbose @Connection 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like "Image set $($f.ImageSetId) in datastore*" })

        $verbose.Count | Should -Be 1
        foreach ($uid in $f.Series) { $verbose[0].Message | Should -Match ([regex]::Escape($uid)) }
        @(Get-AHIImageSetVersion $Datastore $f.ImageSetId @Connection).Count | Should -Be 1
    }

    It 'still makes one update per image set ID piped in as text' {
        $one = New-UpdateFixture
        $two = New-UpdateFixture
        @($one.ImageSetId, $two.ImageSetId | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'TEXT' } -Wait @Connection).VersionId | Should -Be @('2', '2')
    }
}
