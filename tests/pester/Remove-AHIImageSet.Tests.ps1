BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession

    function Get-TestState([string] $ImageSetId) {
        (Get-AHIImageSetVersion $Datastore $ImageSetId -Latest @Connection).State
    }

    function Wait-AhiTestDeleted {
        param([Parameter(ValueFromPipeline)] $ImageSet)
        process {
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-TestState $ImageSet.ImageSetId) -ne 'DELETED') {
                if ([DateTime]::UtcNow -gt $deadline) { throw "Image set $($ImageSet.ImageSetId) was not deleted in 30 seconds." }
                Start-Sleep -Milliseconds 100
            }
        }
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Remove-AHIImageSet' {
    It 'deletes an image set and, with -Wait, writes it DELETED' {
        $id = New-AhiTestImageSet -Service $Service -AdditionalVersions 1
        $result = Remove-AHIImageSet $Datastore $id -Wait -Confirm:$false @Connection
        $result | Should -BeOfType ([AhiTools.ImageSet])
        $result.DatastoreId | Should -Be $Datastore
        $result.ImageSetId | Should -Be $id
        $result.VersionId | Should -Be 2
        $result.State | Should -Be 'DELETED'
        $result.WorkflowStatus | Should -Be 'DELETED'
        Get-TestState $id | Should -Be 'DELETED'
    }

    It 'shows the delete with -Wait, not the message an earlier failed copy left on the image set' {
        $id = New-AhiTestImageSet -Service $Service
        $body = @{ workflowStatus = 'COPY_FAILED'; message = 'Patient of SourceImageSet and DestinationImageSet don''t match' } | ConvertTo-Json
        Invoke-RestMethod -Method Post -ContentType 'application/json' -Body $body `
            -Uri "$($Service.Endpoint)/_local/datastore/$Datastore/imageSet/$id/versions" | Out-Null
        (Get-AHIImageSetVersion $Datastore $id -Latest @Connection).Message | Should -BeLike 'Patient of SourceImageSet*'

        $result = Remove-AHIImageSet $Datastore $id -Wait -Confirm:$false @Connection

        $result.State | Should -Be 'DELETED'
        $result.WorkflowStatus | Should -Be 'DELETED'
        $result.VersionId | Should -Be 2
        $result.Message | Should -BeNullOrEmpty
    }

    It 'returns at once without -Wait, with the image set LOCKED while it is deleted' {
        $id = New-AhiTestImageSet -Service $Service
        $result = Remove-AHIImageSet $Datastore $id -Confirm:$false @Connection
        $result.State | Should -Be 'LOCKED'
        $result.WorkflowStatus | Should -Be 'DELETING'
        $result.VersionId | Should -Be 1
        $result | Wait-AhiTestDeleted
    }

    It 'asks before deleting: ConfirmImpact is High' {
        $attribute = (Get-Command Remove-AHIImageSet).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue

        # A non-interactive session cannot answer the prompt, so with the default $ConfirmPreference nothing is deleted.
        $id = New-AhiTestImageSet -Service $Service
        $out = Invoke-AhiModuleInChild -Service $Service -Command "Remove-AHIImageSet '$Datastore' '$id' @c -Wait"
        $out | Should -Match 'NonInteractive|prompt'
        Get-TestState $id | Should -Be 'ACTIVE'
    }

    It 'names the image set, the datastore and the latest version in -WhatIf, and deletes nothing' {
        $id = New-AhiTestImageSet -Service $Service -AdditionalVersions 2
        $out = Invoke-AhiModuleInChild -Service $Service -Command "Remove-AHIImageSet '$Datastore' '$id' -WhatIf @c"
        $out | Should -Match "What if: Performing the operation `"Delete the image set with all its versions`" on target `"Image set $id in datastore $Datastore \(latest version 3\)`""
        Get-TestState $id | Should -Be 'ACTIVE'
    }

    It 'deletes what the pipeline brings, by value and by property name' {
        $ids = 1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service }
        $byValue = @($ids[0] | Remove-AHIImageSet -DatastoreId $Datastore -Confirm:$false -Wait @Connection)
        $byName = @(Get-AHIImageSetVersion $Datastore $ids[1], $ids[2] -Latest @Connection | Remove-AHIImageSet -Confirm:$false -Wait @Connection)
        # Output comes in the order writes finish, so the image sets are compared as a set.
        @(($byValue + $byName).ImageSetId | Sort-Object) | Should -Be @($ids | Sort-Object)
        $ids | ForEach-Object { Get-TestState $_ | Should -Be 'DELETED' }
    }

    It 'deletes an image set once when all its versions are piped in' {
        $id = New-AhiTestImageSet -Service $Service -AdditionalVersions 2
        $out = @(Get-AHIImageSetVersion $Datastore $id @Connection | Remove-AHIImageSet -Confirm:$false -Wait @Connection -ErrorVariable failures)
        $out.Count | Should -Be 1
        $out[0].VersionId | Should -Be 3
        $failures | Should -BeNullOrEmpty
        Get-TestState $id | Should -Be 'DELETED'
    }

    It 'reports a missing or already deleted image set per item and goes on' {
        $deleted = New-AhiTestImageSet -Service $Service
        Remove-AHIImageSet $Datastore $deleted -Wait -Confirm:$false @Connection | Out-Null
        $missing = '1' * 32
        $next = New-AhiTestImageSet -Service $Service

        $out = @($missing, $deleted, $next | Remove-AHIImageSet -DatastoreId $Datastore -Wait -Confirm:$false @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

        $out.ImageSetId | Should -Be @($next)
        $failures.Count | Should -Be 2
        # Errors come in the order writes finish: each is found by its target.
        $notFound = $failures | Where-Object TargetObject -eq $missing
        $notFound | Should -BeAhiError ResourceNotFoundException
        $gone = $failures | Where-Object TargetObject -eq $deleted
        $gone | Should -BeAhiError ImageSetDeleted -Category ObjectNotFound
    }

    It 'refuses with -LatestVersionId when the image set moved on, and deletes when it did not' {
        $id = New-AhiTestImageSet -Service $Service -AdditionalVersions 1
        Remove-AHIImageSet $Datastore $id -LatestVersionId 1 -Confirm:$false @Connection -ErrorVariable failures -ErrorAction SilentlyContinue |
            Should -BeNullOrEmpty
        $failures[0] | Should -BeAhiError StaleVersion
        Get-TestState $id | Should -Be 'ACTIVE'

        (Remove-AHIImageSet $Datastore $id -LatestVersionId 2 -Confirm:$false -Wait @Connection).State | Should -Be 'DELETED'
    }

    It 'waits for a locked image set before deleting it' {
        $id = New-AhiTestImageSet -Service $Service
        $updated = Update-AHIImageSetMetadata $Datastore $id -Study @{ StudyDescription = 'BEFORE DELETE' } @Connection
        $updated.State | Should -Be 'LOCKED'
        $result = Remove-AHIImageSet $Datastore $id -Confirm:$false -Wait @Connection
        $result.VersionId | Should -Be 2
        $result.State | Should -Be 'DELETED'
    }

    It 'refuses malformed IDs before sending anything' {
        { Remove-AHIImageSet -DatastoreId $Datastore -ImageSetId 'BAD' -Confirm:$false -EndpointUrl 'http://127.0.0.1:9' -AccessKey A -SecretKey B -Region us-east-1 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,AhiTools.Commands.RemoveImageSetCommand'
    }
}
