BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
    # 55 more datastores than the one the service starts with: more than one page of 50.
    $script:Extra = 1..55 | ForEach-Object {
        (Invoke-RestMethod -Method Post -Uri "$($Service.Endpoint)/_local/datastores" -ContentType 'application/json' `
            -Body (@{ datastoreName = ('bulk-{0:d2}' -f $_) } | ConvertTo-Json)).datastoreId
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Get-AHIDatastore' {
    Context 'listing' {
        It 'lists every datastore across pages as AhiTools.Datastore objects' {
            $all = @(Get-AHIDatastore @Connection)
            $all.Count | Should -Be 56
            $all[0] | Should -BeOfType ([AhiTools.Datastore])
            $all.DatastoreId | Should -Contain $Datastore
            ($all.DatastoreId | Select-Object -Unique).Count | Should -Be 56
            $ours = $all | Where-Object DatastoreId -eq $Datastore
            $ours.DatastoreName | Should -Be 'pester'
            $ours.Status | Should -Be 'ACTIVE'
            $ours.CreatedAt | Should -BeOfType ([DateTimeOffset])
            $ours.DatastoreArn | Should -Match "^arn:aws:medical-imaging:[a-z0-9-]+:\d{12}:datastore/$Datastore$"
        }

        It 'writes the first page before it asks for the second' {
            $stream = @(Get-AHIDatastore -Verbose @Connection 4>&1)
            $requests = @(0..($stream.Count - 1) | Where-Object { $stream[$_] -is [System.Management.Automation.VerboseRecord] -and "$($stream[$_])" -like 'ListDatastores*' })
            $requests.Count | Should -Be 2
            @($stream[$requests[0]..$requests[1]] | Where-Object { $_ -is [AhiTools.Datastore] }).Count | Should -Be 50
            "$($stream[$requests[1]])" | Should -Match 'next page'
        }

        It 'asks for no more than -First needs, and applies -Skip' {
            $stream = @(Get-AHIDatastore -First 3 -Verbose @Connection 4>&1)
            @($stream | Where-Object { $_ -is [AhiTools.Datastore] }).Count | Should -Be 3
            @($stream | Where-Object { "$_" -like 'ListDatastores*' }) | Should -HaveCount 1
            "$($stream | Where-Object { "$_" -like 'ListDatastores*' })" | Should -Match 'maxResults 3\b'
            # ListDatastores promises no order, so -Skip is checked by what it leaves, not by which ones.
            $all = @(Get-AHIDatastore @Connection).DatastoreId
            $rest = @(Get-AHIDatastore -Skip 51 @Connection).DatastoreId
            $rest | Should -HaveCount 5
            $rest | Where-Object { $_ -notin $all } | Should -BeNullOrEmpty
            ($rest | Select-Object -Unique) | Should -HaveCount 5
            @(Get-AHIDatastore -Skip 51 -First 2 @Connection) | Should -HaveCount 2
            @(Get-AHIDatastore -Skip 56 @Connection) | Should -BeNullOrEmpty
        }

        It 'passes -Status to the service (any case) and refuses a status the service does not have' {
            @(Get-AHIDatastore -Status active @Connection).Count | Should -Be 56
            @(Get-AHIDatastore -Status DELETED @Connection) | Should -BeNullOrEmpty
            { Get-AHIDatastore -Status GONE @Connection } | Should -Throw -ErrorId 'ParameterArgumentValidationError,AhiTools.Commands.GetDatastoreCommand'
        }

        It 'filters by -Name with wildcards, and reports an exact name that matches nothing' {
            # ListDatastores promises no order: compare the names as a set.
            @(Get-AHIDatastore -Name 'bulk-1*' @Connection).DatastoreName | Sort-Object | Should -Be ((10..19) | ForEach-Object { "bulk-$_" })
            (Get-AHIDatastore -Name PESTER @Connection).DatastoreId | Should -Be $Datastore
            @(Get-AHIDatastore -Name 'nomatch*' @Connection -ErrorVariable none) | Should -BeNullOrEmpty
            $none | Should -BeNullOrEmpty

            Get-AHIDatastore -Name 'missing' @Connection -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $failures | Should -BeAhiError DatastoreNameNotFound -Category ObjectNotFound
        }

        It 'reports the total as unknown with -IncludeTotalCount' {
            $out = @(Get-AHIDatastore -IncludeTotalCount -First 1 @Connection)
            ($out[0] | Out-String) | Should -Match 'Unknown total'
            $out[1] | Should -BeOfType ([AhiTools.Datastore])
        }

        It 'shows a table with ID, name, status and creation time' {
            $table = Get-AHIDatastore -Name pester @Connection | Out-String -Width 200
            $table | Should -Match "DatastoreId\s+DatastoreName\s+Status\s+CreatedAt"
            $table | Should -Match "$Datastore pester\s+ACTIVE"
        }
    }

    Context 'one datastore by ID' {
        It 'reads the datastores named, from the pipeline too' {
            $one = Get-AHIDatastore -DatastoreId $Datastore @Connection
            $one.DatastoreName | Should -Be 'pester'
            @($Extra[0], $Extra[1] | Get-AHIDatastore @Connection).DatastoreName | Should -Be @('bulk-01', 'bulk-02')
            @(Get-AHIDatastore $Datastore, $Extra[2] @Connection).Count | Should -Be 2
        }

        It 'reports an unknown datastore per item and goes on' {
            $missing = '0' * 32
            $out = @($missing, $Datastore | Get-AHIDatastore @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)
            $out.DatastoreId | Should -Be @($Datastore)
            $failures | Should -BeAhiError ResourceNotFoundException -Category ObjectNotFound -TargetObject $missing
        }

        It 'refuses a malformed ID before sending anything' {
            { Get-AHIDatastore -DatastoreId 'NOT-AN-ID' -EndpointUrl 'http://127.0.0.1:9' -AccessKey A -SecretKey B -Region us-east-1 } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,AhiTools.Commands.GetDatastoreCommand'
        }

        It 'completes -DatastoreId from the service for itself, Search-AHIImageSet and Remove-AHIImageSet' {
            $line = "-EndpointUrl $($Service.Endpoint) -Region us-east-1 -AccessKey $($Service.AccessKey) -SecretKey $($Service.SecretKey) -DatastoreId $($Datastore.Substring(0, 8))"
            foreach ($command in 'Get-AHIDatastore', 'Search-AHIImageSet', 'Remove-AHIImageSet') {
                $typed = "$command $line"
                (TabExpansion2 -inputScript $typed -cursorColumn $typed.Length).CompletionMatches.CompletionText | Should -Be @($Datastore) -Because $command
            }
        }

        It 'pipes its DatastoreId into the image set cmdlets' {
            $id = New-AhiTestImageSet -Service $Service
            $version = Get-AHIDatastore -Name pester @Connection | Get-AHIImageSetVersion -ImageSetId $id @Connection
            $version.DatastoreId | Should -Be $Datastore
            $version.VersionId | Should -Be 1
        }
    }
}
