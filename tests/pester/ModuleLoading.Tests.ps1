BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service = Start-AhiTestService
    $script:ImageSetId = New-AhiTestImageSet -Service $Service
    $script:OlderCoreVersion = $TestToolVersions.OlderAwsSdkCoreVersion
    $olderCore = Get-ChildItem (Join-Path $OutPath "packages/awssdk.core/$OlderCoreVersion/lib") -Recurse -Filter AWSSDK.Core.dll |
        Where-Object { $_.Directory.Name -like 'net8*' } | Select-Object -First 1
    $script:OlderCorePath = $olderCore.FullName
    $script:Call = "(Get-AHIImageSetVersion '$($Service.DatastoreId)' '$ImageSetId' -EndpointUrl '$($Service.Endpoint)' -Region us-east-1 -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)' -ErrorAction Stop).VersionId"
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Loading AhiTools' {
    It 'has the older AWSSDK.Core to load first' {
        $OlderCorePath | Should -Exist
        [Reflection.AssemblyName]::GetAssemblyName($OlderCorePath).Version | Should -Be ([version]'4.0.0.0')
    }

    It 'works in a session where an older AWSSDK.Core 4.0 was loaded first, as AWS.Tools would' {
        $result = Invoke-AhiChildPwsh @"
`$older = [Reflection.Assembly]::LoadFrom('$OlderCorePath')
'LOADED=' + [Diagnostics.FileVersionInfo]::GetVersionInfo(`$older.Location).FileVersion
Import-Module '$ModuleManifest'
$Call
"@
        $result.Output | Should -Contain "LOADED=$OlderCoreVersion"
        $result.Output[-1] | Should -Be '1'
    }

    It 'keeps working when another AWSSDK.Core is loaded after it' {
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
$Call
[void][Reflection.Assembly]::LoadFrom('$OlderCorePath')
$Call
"@
        $result.Output | Should -Be @('1', '1')
    }

    It 'exports its cmdlets again after Import-Module -Force' {
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
Import-Module '$ModuleManifest' -Force
(Get-Command -Module AhiTools | Measure-Object).Count
$Call
"@
        [int]$result.Output[0] | Should -BeGreaterOrEqual 2
        $result.Output[-1] | Should -Be '1'
    }

    It 'ships no AWSSDK type in a cmdlet parameter or output type' {
        Import-Module $ModuleManifest -Force
        foreach ($command in Get-Command -Module AhiTools) {
            foreach ($parameter in $command.Parameters.Values) {
                $parameter.ParameterType.Assembly.GetName().Name | Should -Not -BeLike 'AWSSDK*' -Because "$($command.Name) -$($parameter.Name)"
            }
            foreach ($type in $command.OutputType.Type) {
                $type.Assembly.GetName().Name | Should -Not -BeLike 'AWSSDK*'
            }
        }
    }

    It 'declares its cmdlets by name in the manifest, for both editions' {
        $manifest = Import-PowerShellDataFile $ModuleManifest
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        Import-Module $ModuleManifest -Force
        foreach ($name in $manifest.CmdletsToExport) {
            Get-Command $name -Module AhiTools -ErrorAction SilentlyContinue | Should -Not -BeNullOrEmpty -Because "$name is exported"
        }
    }
}

Describe 'Windows PowerShell 5.1 beside another AWSSDK.Core' {
    BeforeAll {
        . (Join-Path (Split-Path $ModuleManifest) 'AhiTools.DesktopCheck.ps1')
        $script:Shipped = Join-Path (Split-Path $ModuleManifest) 'bin/AWSSDK.Core.dll'
    }

    It 'refuses an older AWSSDK.Core loaded first, saying what to do' {
        { Assert-AhiAwsSdkCoreCompatible -LoadedAssemblyPath $OlderCorePath -ShippedAssemblyPath $Shipped } |
            Should -Throw -ErrorId 'IncompatibleAwsSdkCoreLoaded' -ExpectedMessage "*AWSSDK.Core $OlderCoreVersion*import AhiTools before any AWS.Tools*PowerShell 7*"
    }

    It 'accepts the AWSSDK.Core it ships' {
        { Assert-AhiAwsSdkCoreCompatible -LoadedAssemblyPath $Shipped -ShippedAssemblyPath $Shipped } | Should -Not -Throw
    }
}

Describe 'Help' {
    BeforeAll {
        Import-Module $ModuleManifest -Force
    }

    It 'documents <_> with a synopsis, every parameter and at least two examples' -ForEach @(
        'Get-AHIImageSetVersion', 'Get-AHIImageSetMetadata', 'Copy-AHIImageSet', 'Update-AHIImageSetMetadata', 'Undo-AHIImageSetMetadata'
        'Get-AHIDatastore', 'Search-AHIImageSet', 'Remove-AHIImageSet'
    ) {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -Match '^\s*\S+-\S+\s*\[' -Because 'a synopsis is written, not generated from the syntax'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + @('UseTransaction')
        foreach ($parameter in (Get-Command $_).Parameters.Keys | Where-Object { $_ -notin $common }) {
            $described = $help.Parameters.Parameter | Where-Object Name -eq $parameter
            ($described.Description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$parameter is described"
        }
    }

    It 'has the about_AhiTools topic' {
        (Get-Help about_AhiTools | Out-String) | Should -Match 'optimistic-concurrency'
    }
}
