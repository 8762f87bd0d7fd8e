BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
    # Writes to this one stay LOCKED for a minute: for waits that must still be running.
    $script:Slow = Start-AhiTestService -ArgumentList '--workflow-delay-ms', '60000'
    $script:SlowConnection = Get-AhiTestConnection $Slow

    function Add-SettledVersion {
        param($Target, [string] $ImageSetId, [string] $WorkflowStatus, [string] $Message)
        $body = @{ workflowStatus = $WorkflowStatus; message = $Message } | ConvertTo-Json
        Invoke-RestMethod -Method Post -ContentType 'application/json' -Body $body `
            -Uri "$($Target.Endpoint)/_local/datastore/$($Target.DatastoreId)/imageSet/$ImageSetId/versions" | Out-Null
    }
}

AfterAll {
    Stop-AhiTestService $Service
    Stop-AhiTestService $Slow
}

Describe 'Wait-AHIImageSet' {
    Context 'waiting for writes' {
        It 'waits for every image set an update without -Wait piped in, and writes each finished version' {
            $ids = @(1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service })

            $accepted = @($ids | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'WAITED' } @Connection)
            $accepted.State | Should -Be @('LOCKED', 'LOCKED', 'LOCKED')

            $results = @($accepted | Wait-AHIImageSet @Connection)

            $results.Count | Should -Be 3
            $results | Should -BeOfType ([AhiTools.ImageSet])
            ($results.ImageSetId | Sort-Object) | Should -Be ($ids | Sort-Object)
            $results.DatastoreId | Should -Be @($Datastore, $Datastore, $Datastore)
            $results.VersionId | Should -Be @('2', '2', '2')
            $results.State | Should -Be @('ACTIVE', 'ACTIVE', 'ACTIVE')
            $results.WorkflowStatus | Should -Be @('UPDATED', 'UPDATED', 'UPDATED')
        }

        It 'takes Get-AHIImageSetVersion output and image set IDs by value, and writes an image set that is not locked at once' {
            $id = New-AhiTestImageSet -Service $Service -AdditionalVersions 1

            $fromVersion = Get-AHIImageSetVersion $Datastore $id -VersionId 1 @Connection | Wait-AHIImageSet @Connection
            $byValue = $id | Wait-AHIImageSet -DatastoreId $Datastore @Connection

            $fromVersion.VersionId | Should -Be '1'
            $fromVersion.State | Should -Be 'ACTIVE'
            $byValue.VersionId | Should -Be '2'
        }

        It 'waits for the image sets a search found, and their changes then pipe into Compare-AHIImageSetMetadata' {
            $patient = "PID-WAIT-$(Get-Random)"
            $ids = @(1..2 | ForEach-Object { New-AhiTestImageSet -Service $Service -Document (New-AhiTestDocument -PatientId $patient) })
            $ids | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'FOUND' } @Connection | Out-Null

            $finished = @(Search-AHIImageSet -DatastoreId $Datastore -PatientId $patient @Connection | Wait-AHIImageSet @Connection)
            $changes = @($finished | Compare-AHIImageSetMetadata @Connection)

            ($finished.ImageSetId | Sort-Object) | Should -Be ($ids | Sort-Object)
            $finished.WorkflowStatus | Should -Be @('UPDATED', 'UPDATED')
            $changes.Element | Should -Be @('StudyDescription', 'StudyDescription')
            $changes.NewValue | Should -Be @('FOUND', 'FOUND')
        }

        It 'writes each image set as soon as it is done, before the ones still locked' {
            # The locked one times out after -TimeoutSec; the ready one needs a single GetImageSet, which must come
            # first however slow the machine is: the time-out is generous, not tight.
            $locked = New-AhiTestImageSet -Service $Slow
            $ready = New-AhiTestImageSet -Service $Slow
            $pending = Update-AHIImageSetMetadata -DatastoreId $Slow.DatastoreId -ImageSetId $locked -Study @{ StudyDescription = 'SLOW' } @SlowConnection
            $script:errorsWhenReadyArrived = $null

            $output = @(
                $pending, [pscustomobject]@{ DatastoreId = $Slow.DatastoreId; ImageSetId = $ready } |
                    Wait-AHIImageSet -TimeoutSec 15 @SlowConnection -ErrorVariable failures -ErrorAction SilentlyContinue |
                    ForEach-Object { $script:errorsWhenReadyArrived = $failures.Count; $_ }
            )

            $output.ImageSetId | Should -Be @($ready)
            $script:errorsWhenReadyArrived | Should -Be 0
            $failures | Should -BeAhiError WaitTimedOut
        }

        It 'shows N of M progress as image sets finish' {
            $ids = @(1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service })
            $shell = [PowerShell]::Create()
            try {
                $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement().
                    AddCommand('Wait-AHIImageSet').AddParameters(@{ DatastoreId = $Datastore; ImageSetId = $ids } + $Connection)
                $output = $shell.Invoke()

                $output.Count | Should -Be 3
                $statuses = @($shell.Streams.Progress | Where-Object Activity -eq 'Waiting for image sets' | ForEach-Object StatusDescription)
                $statuses | Should -Contain '3 of 3 image sets ready'
                $statuses | Where-Object { $_ -notmatch '^\d of 3 image sets ready$' -and $_ -ne 'Done' } | Should -BeNullOrEmpty
                ($shell.Streams.Progress | Select-Object -Last 1).RecordType | Should -Be 'Completed'
            }
            finally {
                $shell.Dispose()
            }
        }
    }

    Context 'failures per item' {
        It 'reports UPDATE_FAILED and COPY_FAILED with their ErrorIds and goes on with the next image set' {
            $updateFailed = New-AhiTestImageSet -Service $Service
            Add-SettledVersion $Service $updateFailed 'UPDATE_FAILED' 'INVALID_REQUEST: refused'
            $copyFailed = New-AhiTestImageSet -Service $Service
            Add-SettledVersion $Service $copyFailed 'COPY_FAILED' 'Patient of SourceImageSet and DestinationImageSet don''t match'
            $good = New-AhiTestImageSet -Service $Service

            $output = @($updateFailed, $copyFailed, $good | Wait-AHIImageSet -DatastoreId $Datastore @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

            $output.ImageSetId | Should -Be @($good)
            $failures.Count | Should -Be 2
            $byId = @{}
            $failures | ForEach-Object { $byId[$_.TargetObject.ImageSetId] = $_ }
            $byId[$updateFailed] | Should -BeAhiError UpdateFailed -Category InvalidData
            $byId[$updateFailed].TargetObject.VersionId | Should -Be '2'
            $byId[$updateFailed].ToString() | Should -BeLike '*UPDATE_FAILED: INVALID_REQUEST: refused*'
            $byId[$copyFailed] | Should -BeAhiError CopyFailed
            $byId[$copyFailed].ErrorDetails.RecommendedAction | Should -BeLike '*-Force*'
        }

        It 'reports a missing image set as ResourceNotFoundException with the ID as target' {
            $good = New-AhiTestImageSet -Service $Service
            $missing = 'b' * 32

            $output = @($missing, $good | Wait-AHIImageSet -DatastoreId $Datastore @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

            $output.ImageSetId | Should -Be @($good)
            $failures | Should -BeAhiError ResourceNotFoundException -Category ObjectNotFound -TargetObject $missing
        }

        It 'reports an image set still locked after -TimeoutSec as WaitTimedOut (OperationTimeout)' {
            $id = New-AhiTestImageSet -Service $Slow
            $pending = Update-AHIImageSetMetadata -DatastoreId $Slow.DatastoreId -ImageSetId $id -Study @{ StudyDescription = 'LATE' } @SlowConnection

            $output = $pending | Wait-AHIImageSet -TimeoutSec 1 @SlowConnection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures | Should -BeAhiError WaitTimedOut -Category OperationTimeout
            $failures[0].TargetObject.ImageSetId | Should -Be $id
            $failures[0].TargetObject.VersionId | Should -Be '2'
            $failures[0].ErrorDetails.RecommendedAction | Should -BeLike '*-TimeoutSec*'
        }

        It 'counts a timed-out image set as timed out, not as ready or failed, in its progress and its closing verbose line' {
            $locked = New-AhiTestImageSet -Service $Slow
            $pending = Update-AHIImageSetMetadata -DatastoreId $Slow.DatastoreId -ImageSetId $locked -Study @{ StudyDescription = 'LATE' } @SlowConnection
            $failed = New-AhiTestImageSet -Service $Slow
            Add-SettledVersion $Slow $failed 'UPDATE_FAILED' 'INVALID_REQUEST: refused'
            $good = New-AhiTestImageSet -Service $Slow
            $shell = [PowerShell]::Create()
            try {
                $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement().
                    AddScript('param($Items, $Connection) $Items | Wait-AHIImageSet -TimeoutSec 1 -Verbose @Connection').
                    AddArgument(@($pending, [pscustomobject]@{ DatastoreId = $Slow.DatastoreId; ImageSetId = $failed }, [pscustomobject]@{ DatastoreId = $Slow.DatastoreId; ImageSetId = $good })).
                    AddArgument($SlowConnection)
                $output = @($shell.Invoke())

                $output.ImageSetId | Should -Be @($good)
                @($shell.Streams.Error | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' } | Sort-Object) | Should -Be @('UpdateFailed', 'WaitTimedOut')
                $statuses = @($shell.Streams.Progress | Where-Object Activity -eq 'Waiting for image sets' | ForEach-Object StatusDescription | Where-Object { $_ -ne 'Done' })
                $statuses[-1] | Should -Be '1 of 3 image sets ready (1 failed, 1 timed out)'
                # Never a count of ready image sets that takes in the failed or timed-out ones.
                $statuses | Where-Object { $_ -match '^[23] of 3 image sets ready' } | Should -BeNullOrEmpty
                @($shell.Streams.Verbose.Message) | Should -Contain 'Waited for 3 image sets: 1 ready, 1 failed, 1 timed out.'
            }
            finally {
                $shell.Dispose()
            }
        }

        It 'refuses -VersionId with several image set IDs before sending anything' {
            $ids = ('c' * 32), ('d' * 32)
            $output = Wait-AHIImageSet -DatastoreId $Datastore -ImageSetId $ids -VersionId 2 @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

            $output | Should -BeNullOrEmpty
            $failures | Should -BeAhiError VersionIdNeedsOneImageSet -Category InvalidArgument
        }
    }

    Context 'throttling' {
        It 'gets every image set through when the service throttles GetImageSet, retrying the throttled polls' {
            # GetImageSet at 5 per second with a burst of 10: 20 polls sent at once meet ThrottlingException.
            $throttled = Start-AhiTestService -ArgumentList '--quota-preset', 'aws', '--quota-scale', '0.2'
            try {
                $ids = @(1..20 | ForEach-Object { New-AhiTestImageSet -Service $throttled })
                $throttledConnection = Get-AhiTestConnection $throttled

                $results = @($ids | Wait-AHIImageSet -DatastoreId $throttled.DatastoreId -ThrottleLimit 20 @throttledConnection -ErrorVariable failures -ErrorAction SilentlyContinue)

                $failures.Count | Should -Be 0
                ($results.ImageSetId | Sort-Object) | Should -Be ($ids | Sort-Object)
            }
            finally {
                Stop-AhiTestService $throttled
            }
        }
    }

    Context 'stopping' {
        It 'stops waiting promptly when the pipeline is stopped (Ctrl+C)' {
            $ids = @(1..2 | ForEach-Object { New-AhiTestImageSet -Service $Slow })
            $pending = @($ids | Update-AHIImageSetMetadata -DatastoreId $Slow.DatastoreId -Study @{ StudyDescription = 'STOPPED' } @SlowConnection)
            $shell = [PowerShell]::Create()
            try {
                $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement().
                    AddScript('param($Items, $Connection) $Items | Wait-AHIImageSet -TimeoutSec 120 @Connection').
                    AddArgument($pending).AddArgument($SlowConnection)
                Stop-AhiTestInvocation $shell -Ready { $shell.Streams.Progress | Where-Object StatusDescription -eq '0 of 2 image sets ready' }
                # Stopped while what it waited for was still going on, not after it ended.
                foreach ($id in $ids) { (Get-AHIImageSetVersion $Slow.DatastoreId $id -Latest @SlowConnection).State | Should -Be 'LOCKED' }
            }
            finally {
                $shell.Dispose()
            }
        }
    }

    Context 'help' {
        It 'has help with examples and a described -TimeoutSec' {
            $help = Get-Help Wait-AHIImageSet -Full
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
            ($help.Parameters.Parameter | Where-Object Name -eq 'TimeoutSec').Description.Text | Should -Match 'WaitTimedOut'
        }
    }
}
