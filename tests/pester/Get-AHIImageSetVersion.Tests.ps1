BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Get-AHIImageSetVersion' {
    Context 'one image set with several versions' {
        BeforeAll {
            $script:ImageSetId = New-AhiTestImageSet -Service $Service -AdditionalVersions 2
            $script:Versions = @(Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $ImageSetId @Connection)
        }

        It 'lists every version newest first' {
            $Versions.VersionId | Should -Be @('3', '2', '1')
        }

        It 'writes AhiTools.ImageSetVersion objects with every property' {
            $v = $Versions[-1]
            $v | Should -BeOfType ([AhiTools.ImageSetVersion])
            $v.PSObject.TypeNames[0] | Should -Be 'AhiTools.ImageSetVersion'
            $v.DatastoreId | Should -Be $Datastore
            $v.ImageSetId | Should -Be $ImageSetId
            $v.State | Should -Be 'ACTIVE'
            $v.WorkflowStatus | Should -Not -BeNullOrEmpty
            $v.CreatedAt | Should -BeOfType ([DateTimeOffset])
            $v.UpdatedAt | Should -BeOfType ([DateTimeOffset])
            $v.Forced | Should -BeFalse
            foreach ($name in 'DeletedAt', 'Message', 'IsPrimary', 'ImageSetArn') {
                $v.PSObject.Properties.Name | Should -Contain $name
            }
        }

        It 'reads one version with -VersionId and the current one with -Latest' {
            (Get-AHIImageSetVersion $Datastore $ImageSetId -VersionId 2 @Connection).VersionId | Should -Be '2'
            $latest = Get-AHIImageSetVersion $Datastore $ImageSetId -Latest @Connection
            $latest.VersionId | Should -Be '3'
            $latest.State | Should -Be 'ACTIVE'
            # GetImageSet gives the ARN; ListImageSetVersions items carry none.
            $latest.ImageSetArn | Should -Match "^arn:aws:medical-imaging:[a-z0-9-]+:\d{12}:datastore/$Datastore/imageset/$ImageSetId$"
        }

        It 'answers -IncludeTotalCount once per call with an unknown total, since the service gives none' {
            $out = @($ImageSetId, $ImageSetId | Get-AHIImageSetVersion -DatastoreId $Datastore -IncludeTotalCount -First 1 @Connection)
            $totals = @($out | Where-Object { $_ -isnot [AhiTools.ImageSetVersion] })
            $totals.Count | Should -Be 1
            ($totals[0] | Out-String) | Should -Match 'Unknown total'
            @($out | Where-Object { $_ -is [AhiTools.ImageSetVersion] }).Count | Should -Be 2
        }

        It 'applies -First and -Skip' {
            (Get-AHIImageSetVersion $Datastore $ImageSetId -First 1 @Connection).VersionId | Should -Be '3'
            @(Get-AHIImageSetVersion $Datastore $ImageSetId -Skip 1 -First 1 @Connection).VersionId | Should -Be @('2')
        }

        It 'shows the default table view with the version columns' {
            $table = $Versions | Out-String -Width 200
            foreach ($column in 'VersionId', 'State', 'WorkflowStatus', 'Forced', 'UpdatedAt', 'Message') {
                $table | Should -Match $column
            }
        }
    }

    Context 'versions flagged by the service' {
        It 'reads forced versions and failure messages' {
            $id = New-AhiTestImageSet -Service $Service
            Invoke-RestMethod -Method Post -ContentType 'application/json' -Body '{"workflowStatus":"UPDATE_FAILED","message":"INVALID_REQUEST: refused","forced":true}' `
                -Uri "$($Service.Endpoint)/_local/datastore/$Datastore/imageSet/$id/versions" | Out-Null
            $newest = Get-AHIImageSetVersion $Datastore $id -First 1 @Connection
            $newest.WorkflowStatus | Should -Be 'UPDATE_FAILED'
            $newest.Message | Should -Be 'INVALID_REQUEST: refused'
            $newest.Forced | Should -BeTrue
        }
    }

    Context 'many image sets and paging' {
        It 'takes many image sets from the pipeline, by value and by property name' {
            $ids = 1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service -AdditionalVersions 1 }
            $byValue = @($ids | Get-AHIImageSetVersion -DatastoreId $Datastore @Connection)
            $byValue.Count | Should -Be 6
            ($byValue.ImageSetId | Select-Object -Unique) | Should -Be $ids
            $byName = @($ids | ForEach-Object { [pscustomobject]@{ DatastoreId = $Datastore; ImageSetId = $_ } } | Get-AHIImageSetVersion @Connection)
            $byName.Count | Should -Be 6
        }

        It 'pages through more than 50 versions' {
            $id = New-AhiTestImageSet -Service $Service -AdditionalVersions 56
            $all = @(Get-AHIImageSetVersion $Datastore $id @Connection)
            $all.Count | Should -Be 57
            $all[0].VersionId | Should -Be '57'
            $all[-1].VersionId | Should -Be '1'
            ($all.VersionId | Select-Object -Unique).Count | Should -Be 57
            @(Get-AHIImageSetVersion $Datastore $id -Skip 50 -First 3 @Connection).VersionId | Should -Be @('7', '6', '5')
        }
    }

    Context 'errors' {
        It 'reports a missing image set as a non-terminating error and goes on' {
            $good = New-AhiTestImageSet -Service $Service
            $missing = '0' * 32
            $out = @($missing, $good | Get-AHIImageSetVersion -DatastoreId $Datastore @Connection -ErrorAction SilentlyContinue -ErrorVariable errs)
            $out.Count | Should -Be 1
            $out[0].ImageSetId | Should -Be $good
            $errs | Should -BeAhiError ResourceNotFoundException -Category ObjectNotFound -TargetObject $missing
        }

        It 'throws on a missing image set with -ErrorAction Stop' {
            { Get-AHIImageSetVersion $Datastore ('0' * 32) @Connection -ErrorAction Stop } |
                Should -Throw -ErrorId 'ResourceNotFoundException,AhiTools.Commands.GetImageSetVersionCommand'
        }

        It 'refuses a malformed ID before sending anything' {
            { Get-AHIImageSetVersion $Datastore 'not-an-id' @Connection -ErrorAction Stop } |
                Should -Throw -ExpectedMessage '*not a valid image set ID*32 lowercase letters and digits*'
        }

        It 'refuses a datastore ID of the wrong length or case, and a version ID that is not a whole number' {
            { Get-AHIImageSetVersion $Datastore.Substring(1) ('0' * 32) @Connection -ErrorAction Stop } |
                Should -Throw -ExpectedMessage '*not a valid datastore ID*32 lowercase letters and digits*'
            { Get-AHIImageSetVersion $Datastore.ToUpperInvariant() ('0' * 32) @Connection -ErrorAction Stop } |
                Should -Throw -ExpectedMessage '*not a valid datastore ID*'
            { Get-AHIImageSetMetadata $Datastore ('0' * 32) -VersionId '1a' @Connection -ErrorAction Stop } |
                Should -Throw -ExpectedMessage '*not a valid image set version ID*whole number*'
        }

        It 'refuses a region that is not a region name, saying where it came from' {
            $connection = @{} + $Connection
            $connection.Region = 'US-EAST-1'
            { Get-AHIImageSetVersion $Datastore ('0' * 32) @connection -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidRegion,AhiTools.Commands.GetImageSetVersionCommand' -ExpectedMessage "*-Region ('US-EAST-1')*region name such as us-east-1*"
        }

        It 'is rejected by SigV4 with a wrong secret' {
            $id = New-AhiTestImageSet -Service $Service
            $bad = Get-AhiTestConnection $Service
            $bad.SecretKey = 'wrong-secret-key-000000000000000000000000'
            $err = $null
            Get-AHIImageSetVersion $Datastore $id @bad -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
            $err[0] | Should -BeAhiError InvalidSignatureException -Category PermissionDenied
            "$($err[0])" | Should -Not -Match 'wrong-secret-key'
        }

        It 'says how to set a region when none is known' {
            $empty = Join-Path $TestDrive 'empty-aws-file'
            Set-Content -Path $empty -Value ''
            $script = @"
`$env:AWS_REGION = `$null; `$env:AWS_DEFAULT_REGION = `$null; `$env:AWS_PROFILE = 'ahitools-no-such-profile-for-region'
`$env:AWS_CONFIG_FILE = '$empty'; `$env:AWS_SHARED_CREDENTIALS_FILE = '$empty'
`$env:AWS_EC2_METADATA_DISABLED = 'true'
Import-Module '$ModuleManifest'
try { Get-AHIImageSetVersion '$Datastore' ('0' * 32) -EndpointUrl '$($Service.Endpoint)' -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)' -ErrorAction Stop }
catch { "ERRORID=`$(`$_.FullyQualifiedErrorId)"; "MESSAGE=`$(`$_.Exception.Message)" }
"@
            $result = Invoke-AhiChildPwsh $script
            ($result.Output -join "`n") | Should -Match 'ERRORID=NoRegion'
            ($result.Output -join "`n") | Should -Match 'Set-DefaultAWSRegion'
        }
    }

    Context 'verbose output' {
        It 'says where credentials, region and endpoint came from, and never the secret' {
            $id = New-AhiTestImageSet -Service $Service
            $records = Get-AHIImageSetVersion $Datastore $id @Connection -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $text = $records.Message -join "`n"
            $text | Should -Match 'us-east-1'
            $text | Should -Match ([regex]::Escape($Service.Endpoint))
            $text | Should -Not -Match ([regex]::Escape($Service.SecretKey))
        }
    }

    Context 'endpoint and region from the shell' {
        It 'takes the endpoint from AWS_ENDPOINT_URL_MEDICAL_IMAGING and the region from $StoredAWSRegion' {
            $id = New-AhiTestImageSet -Service $Service
            $script = @"
`$env:AWS_ENDPOINT_URL_MEDICAL_IMAGING = '$($Service.Endpoint)'
`$env:AWS_REGION = `$null; `$env:AWS_DEFAULT_REGION = `$null; `$env:AWS_EC2_METADATA_DISABLED = 'true'
`$global:StoredAWSRegion = 'eu-west-1'
Import-Module '$ModuleManifest'
(Get-AHIImageSetVersion '$Datastore' '$id' -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)' -ErrorAction Stop).VersionId
"@
            $result = Invoke-AhiChildPwsh $script
            $result.Output | Should -Be @('1')
        }

        It 'takes -EndpointUrl over a wrong AWS_ENDPOINT_URL' {
            $id = New-AhiTestImageSet -Service $Service
            $script = @"
`$env:AWS_ENDPOINT_URL = 'http://127.0.0.1:9'
Import-Module '$ModuleManifest'
(Get-AHIImageSetVersion '$Datastore' '$id' -EndpointUrl '$($Service.Endpoint)' -Region us-west-2 -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)' -ErrorAction Stop).VersionId
"@
            (Invoke-AhiChildPwsh $script).Output | Should -Be @('1')
        }
    }
}
