BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession

    function New-CompareFixture {
        $document = New-AhiTestDocument -PatientName 'DOE^JANE' -StudyDescription 'CT CHEST' -SeriesCount 2 -InstancesPerSeries 2
        $id = New-AhiTestImageSet -Service $Service -Document $document
        $series = @($document.Study.Series.Keys)
        [pscustomobject]@{
            ImageSetId = $id
            Series     = $series
            Sops       = @($document.Study.Series[$series[0]].Instances.Keys)
        }
    }

    # Rows reduced to what the tests assert, in the order they were written.
    function Format-Rows($rows) {
        @($rows | ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $_.Change, $_.Level, $_.SeriesInstanceUID, $_.SOPInstanceUID, $_.Element, $_.OldValue, $_.NewValue })
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Compare-AHIImageSetMetadata' {
    Context 'what the latest version changed' {
        It 'writes one row per changed element, at each level, for the latest update' {
            $f = New-CompareFixture
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Patient @{ PatientName = 'DOE^JOHN' } -Study @{ StudyDescription = 'CT ABDOMEN'; AccessionNumber = $null } `
                -Series @{ $f.Series[1] = @{ SeriesDescription = 'CORONAL' } } -RemoveAttribute 'Study.StudyTime' -Wait @Connection | Out-Null

            $rows = @(Compare-AHIImageSetMetadata $Datastore $f.ImageSetId @Connection)

            Format-Rows $rows | Should -Be @(
                'Modified|Patient|||PatientName|DOE^JANE|DOE^JOHN'
                'Modified|Study|||AccessionNumber|ACC-0001|'
                'Modified|Study|||StudyDescription|CT CHEST|CT ABDOMEN'
                'Removed|Study|||StudyTime|101500|'
                "Modified|Series|$($f.Series[1])||SeriesDescription|AXIAL 2|CORONAL"
            )
            $rows | Should -BeOfType ([AhiTools.ImageSetMetadataDifference])
            $rows.DatastoreId | Select-Object -Unique | Should -Be $Datastore
            $rows.ImageSetId | Select-Object -Unique | Should -Be $f.ImageSetId
            $rows.ReferenceVersionId | Select-Object -Unique | Should -Be '1'
            $rows.DifferenceVersionId | Select-Object -Unique | Should -Be '2'
            $rows.VersionId | Select-Object -Unique | Should -Be '2'
            $rows[0].DifferenceVersionId | Should -BeOfType ([long]) -Because 'version IDs sort and compare as numbers'
            $rows[1].NewValue | Should -BeNullOrEmpty
        }

        It 'reports a removed instance as one row without an element' {
            $f = New-CompareFixture
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -RemoveInstance $f.Sops[1] -Force -Wait @Connection | Out-Null

            $rows = @(Compare-AHIImageSetMetadata $Datastore $f.ImageSetId @Connection)

            Format-Rows $rows | Should -Be @("Removed|Instance|$($f.Series[0])|$($f.Sops[1])|||")
        }

        It 'compares the version an update without changes made as having no differences' {
            $f = New-CompareFixture
            Invoke-RestMethod -Method Post -ContentType 'application/json' -Body '{}' `
                -Uri "$($Service.Endpoint)/_local/datastore/$Datastore/imageSet/$($f.ImageSetId)/versions" | Out-Null

            Compare-AHIImageSetMetadata $Datastore $f.ImageSetId @Connection | Should -BeNullOrEmpty
        }
    }

    Context 'a latest version still being written' {
        It 'warns that a LOCKED latest version may not be complete, naming no values' {
            $slow = Start-AhiTestService -ArgumentList '--workflow-delay-ms', '60000'
            try {
                $slowConnection = Get-AhiTestConnection $slow
                $id = New-AhiTestImageSet -Service $slow
                Update-AHIImageSetMetadata $slow.DatastoreId $id -Study @{ StudyDescription = 'IN PROGRESS' } @slowConnection | Out-Null

                $null = Compare-AHIImageSetMetadata $slow.DatastoreId $id @slowConnection -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue

                $warnings.Count | Should -Be 1
                $warnings[0].Message | Should -BeLike "Image set $id is LOCKED*version 2*Wait-AHIImageSet*"
                $warnings[0].Message | Should -Not -Match 'IN PROGRESS'
            }
            finally {
                Stop-AhiTestService $slow
            }
        }
    }

    Context 'explicit versions and pipeline input' {
        BeforeAll {
            $script:History = New-CompareFixture
            Update-AHIImageSetMetadata $Datastore $History.ImageSetId -Patient @{ PatientName = 'DOE^JOHN' } -Wait @Connection | Out-Null
            Update-AHIImageSetMetadata $Datastore $History.ImageSetId -Study @{ StudyDescription = 'CT ABDOMEN' } -Wait @Connection | Out-Null
        }

        It 'compares any two versions, old values from -ReferenceVersionId and new from -DifferenceVersionId' {
            $forward = @(Compare-AHIImageSetMetadata $Datastore $History.ImageSetId -ReferenceVersionId 1 -DifferenceVersionId 3 @Connection)
            $backward = @(Compare-AHIImageSetMetadata $Datastore $History.ImageSetId -FromVersionId 3 -ToVersionId 1 @Connection)

            Format-Rows $forward | Should -Be @(
                'Modified|Patient|||PatientName|DOE^JANE|DOE^JOHN'
                'Modified|Study|||StudyDescription|CT CHEST|CT ABDOMEN'
            )
            Format-Rows $backward | Should -Be @(
                'Modified|Patient|||PatientName|DOE^JOHN|DOE^JANE'
                'Modified|Study|||StudyDescription|CT ABDOMEN|CT CHEST'
            )
            $backward[0].ReferenceVersionId | Should -Be '3'
            $backward[0].DifferenceVersionId | Should -Be '1'
        }

        It 'compares with the version before -DifferenceVersionId, and with the latest when only -ReferenceVersionId is given' {
            Format-Rows (Compare-AHIImageSetMetadata $Datastore $History.ImageSetId -DifferenceVersionId 2 @Connection) |
                Should -Be @('Modified|Patient|||PatientName|DOE^JANE|DOE^JOHN')
            $toLatest = @(Compare-AHIImageSetMetadata $Datastore $History.ImageSetId -ReferenceVersionId 2 @Connection)
            Format-Rows $toLatest | Should -Be @('Modified|Study|||StudyDescription|CT CHEST|CT ABDOMEN')
            $toLatest[0].DifferenceVersionId | Should -Be '3'
        }

        It 'shows the history when every version is piped in, skipping the first version without an error' {
            $rows = @(Get-AHIImageSetVersion $Datastore $History.ImageSetId @Connection | Compare-AHIImageSetMetadata @Connection -ErrorVariable failures)

            $failures.Count | Should -Be 0
            @($rows | ForEach-Object { "$($_.ReferenceVersionId)->$($_.DifferenceVersionId) $($_.Element)" }) | Should -Be @('2->3 StudyDescription', '1->2 PatientName')
        }

        It 'compares the version a write piped in with the one it was written over' {
            $f = New-CompareFixture
            $rows = @(Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Study @{ StudyDescription = 'PIPED' } -Wait @Connection | Compare-AHIImageSetMetadata @Connection)

            Format-Rows $rows | Should -Be @('Modified|Study|||StudyDescription|CT CHEST|PIPED')
        }

        It 'shows the table view grouped by image set and versions' {
            $text = Compare-AHIImageSetMetadata $Datastore $History.ImageSetId -ReferenceVersionId 1 -DifferenceVersionId 3 @Connection | Out-String -Width 250
            $text | Should -Match "ImageSetId: $($History.ImageSetId) \(version 1 -> 3\)"
            $text | Should -Match 'Change\s+Level\s+UID\s+Element\s+OldValue\s+NewValue'
            $text | Should -Match 'Modified\s+Patient\s+PatientName\s+DOE\^JANE\s+DOE\^JOHN'
        }
    }

    Context 'errors per item' {
        It 'reports a first version given directly as NoEarlierVersion, before reading any metadata' {
            $f = New-CompareFixture

            $output = Compare-AHIImageSetMetadata $Datastore $f.ImageSetId @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures | Should -BeAhiError NoEarlierVersion -Category ObjectNotFound -TargetObject $f.ImageSetId
            $failures[0].ErrorDetails.RecommendedAction | Should -BeLike '*-ReferenceVersionId*'
        }

        It 'reports a missing image set or version as ResourceNotFoundException and goes on with the next' {
            $f = New-CompareFixture
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Study @{ StudyDescription = 'NEXT' } -Wait @Connection | Out-Null
            $missing = 'e' * 32

            $rows = @($missing, $f.ImageSetId | Compare-AHIImageSetMetadata -DatastoreId $Datastore @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)
            $noVersion = Compare-AHIImageSetMetadata $Datastore $f.ImageSetId -ReferenceVersionId 9 @Connection -ErrorVariable versionFailures -ErrorAction SilentlyContinue

            $failures | Should -BeAhiError ResourceNotFoundException -Category ObjectNotFound -TargetObject $missing
            Format-Rows $rows | Should -Be @('Modified|Study|||StudyDescription|CT CHEST|NEXT')
            $noVersion | Should -BeNullOrEmpty
            $versionFailures[0] | Should -BeAhiError ResourceNotFoundException
        }

        It 'refuses a malformed version ID before sending anything' {
            { Compare-AHIImageSetMetadata $Datastore ('f' * 32) -ReferenceVersionId 'one' @Connection -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,AhiTools.Commands.CompareImageSetMetadataCommand'
        }

        It 'never writes element values to verbose output' {
            $f = New-CompareFixture
            Update-AHIImageSetMetadata $Datastore $f.ImageSetId -Patient @{ PatientName = 'SECRET^NAME' } -Wait @Connection | Out-Null

            $verbose = Compare-AHIImageSetMetadata $Datastore $f.ImageSetId @Connection -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

            @($verbose).Count | Should -BeGreaterThan 0
            ($verbose | Out-String) | Should -Not -Match 'SECRET\^NAME|DOE\^JANE'
        }
    }

    Context 'stopping' {
        It 'stops reading both versions promptly when the pipeline is stopped (Ctrl+C)' {
            # Every API call of this service takes a minute to answer.
            $slow = Start-AhiTestService -ArgumentList '--fault-latency-ms', '60000'
            $shell = [PowerShell]::Create()
            try {
                $id = New-AhiTestImageSet -Service $slow -AdditionalVersions 1
                $arguments = @{ DatastoreId = $slow.DatastoreId; ImageSetId = $id; ReferenceVersionId = '1'; DifferenceVersionId = '2' } + (Get-AhiTestConnection $slow)
                $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement().
                    AddCommand('Compare-AHIImageSetMetadata').AddParameters($arguments).AddParameter('Verbose')
                # The cmdlet says what it compares just before it reads both versions; the open connection says a read is on its way.
                Stop-AhiTestInvocation $shell -Ready { ($shell.Streams.Verbose | Where-Object Message -like 'Comparing the metadata*') -and (Test-AhiTestRequestOpen $slow) }
            }
            finally {
                $shell.Dispose()
                Stop-AhiTestService $slow
            }
        }
    }

    Context 'help' {
        It 'has help with examples and the version parameters described' {
            $help = Get-Help Compare-AHIImageSetMetadata -Full
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
            ($help.Parameters.Parameter | Where-Object Name -eq 'ReferenceVersionId').Description.Text | Should -Match 'OldValue'
        }
    }
}
