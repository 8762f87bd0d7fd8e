BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Service = Start-AhiTestService
    $script:Datastore = $Service.DatastoreId
    $script:ImageSetId = New-AhiTestImageSet -Service $Service -AdditionalVersions 2
    $script:Connection = "-EndpointUrl $($Service.Endpoint) -Region us-east-1 -AccessKey $($Service.AccessKey) -SecretKey $($Service.SecretKey)"

    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Tab completion' {
    It 'completes -DatastoreId from the datastores the connection on the line can see' {
        $matches = Get-Completion "Get-AHIImageSetVersion $Connection -DatastoreId "
        $matches.CompletionText | Should -Contain $Datastore
        ($matches | Where-Object CompletionText -eq $Datastore).ToolTip | Should -Match 'pester'
    }

    It 'narrows -DatastoreId completion to what was typed' {
        $matches = Get-Completion "Get-AHIImageSetVersion $Connection -DatastoreId $($Datastore.Substring(0, 6))"
        $matches.CompletionText | Should -Be @($Datastore)
    }

    It 'completes version IDs of the image set on the line, newest first' {
        $matches = Get-Completion "Undo-AHIImageSetMetadata $Connection -DatastoreId $Datastore -ImageSetId $ImageSetId -VersionId "
        $matches.CompletionText | Should -Be @('3', '2', '1')
        $matches[0].ToolTip | Should -Match 'UPDATED'
    }

    It 'offers nothing when the service cannot be reached' {
        $matches = Get-Completion "Get-AHIImageSetVersion -EndpointUrl http://127.0.0.1:9 -Region us-east-1 -AccessKey A -SecretKey B -DatastoreId "
        @($matches | Where-Object ResultType -eq 'ParameterValue') | Should -BeNullOrEmpty
    }
}
