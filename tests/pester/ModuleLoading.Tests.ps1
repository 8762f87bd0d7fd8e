BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service = Start-AhiTestService
    $script:ImageSetId = New-AhiTestImageSet -Service $Service
    $script:OlderCoreVersion = $TestToolVersions.OlderAwsSdkCoreVersion
    $olderCore = Get-ChildItem (Join-Path $OutPath "packages/awssdk.core/$OlderCoreVersion/lib") -Recurse -Filter AWSSDK.Core.dll |
        Where-Object { $_.Directory.Name -like 'net8*' } | Select-Object -First 1
    $script:OlderCorePath = $olderCore.FullName
    # The first-call warm-up is internal: its last run, and the request it read an answer of, are read by reflection
    # from AhiTools.Core in the module's load context.
    $script:LastWarmUp = @'
$warmUp = ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'AhiTools.Core' } | Select-Object -First 1).GetType('AhiTools.HealthImaging.FirstCallWarmUp')
$run = $warmUp.GetProperty('LastRun', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null)
if ($null -eq $run) { 'RUN=none' } else { 'RUN=' + $run.GetAwaiter().GetResult() + ' ' + $warmUp.GetProperty('LastRequest', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null) }
'@
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

    It 'exports its cmdlets again after Import-Module -Force, and its views once' {
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
$Call
Import-Module '$ModuleManifest' -Force
(Get-Command -Module AhiTools | Measure-Object).Count
$Call
'VIEWS=' + (Get-FormatData -TypeName AhiTools.ImageSetVersion).FormatViewDefinition.Count
"@
        [int]$result.Output[1] | Should -BeGreaterOrEqual 2
        $result.Output[2] | Should -Be '1'
        $result.Output[-1] | Should -Be 'VIEWS=1'
    }

    # The views are added when the session first runs one of the cmdlets, not at import (a session that only imports,
    # completes or reads help does not pay for PowerShell's rebuild of its format table). The first command's own
    # output, formatted in its own pipeline, must already show them.
    It 'shows the view of <Type> for the first command of a fresh session, and adds no views at import' -ForEach @(
        @{ Type = 'AhiTools.Datastore'; Command = 'Get-AHIDatastore @c'; Header = 'DatastoreId\s+DatastoreName\s+Status\s+CreatedAt' }
        @{ Type = 'AhiTools.ImageSetSummary'; Command = 'Search-AHIImageSet $d -PatientId PID-0001 @c'; Header = 'ImageSetId\s+VersionId\s+StudyDate\s+Modality' }
        @{ Type = 'AhiTools.ImageSetVersion'; Command = 'Get-AHIImageSetVersion $d $i @c'; Header = 'VersionId\s+State\s+WorkflowStatus\s+Forced' }
    ) {
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
`$c = @{ EndpointUrl = '$($Service.Endpoint)'; AccessKey = '$($Service.AccessKey)'; SecretKey = '$($Service.SecretKey)'; Region = 'us-east-1' }
`$d = '$($Service.DatastoreId)'; `$i = '$ImageSetId'
'BEFORE=' + @(Get-FormatData -TypeName 'AhiTools.*').Count
$Command
'AFTER=' + @(Get-FormatData -TypeName 'AhiTools.*').Count
"@
        $result.ExitCode | Should -Be 0
        $result.Output[0] | Should -Be 'BEFORE=0'
        ($result.Output -join "`n") | Should -Match $Header
        $after = @($result.Output -match '^AFTER=')
        $after.Count | Should -Be 1
        [int]($after[0] -replace '^AFTER=') | Should -BeGreaterThan 5
    }

    It 'imports a second copy of the module from another folder, using the load context of the first, and imports it again' {
        # The second copy's loader cannot load beside the first one's (same name): the psm1 finds the first and uses it.
        $copy = Join-Path $TestDrive 'copy/AhiTools'
        Copy-Item (Split-Path $ModuleManifest) $copy -Recurse
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
Remove-Module AhiTools
Import-Module '$copy/AhiTools.psd1'
'FIRST=' + (Get-Command -Module AhiTools | Measure-Object).Count
Import-Module '$copy/AhiTools.psd1' -Force
'AGAIN=' + (Get-Command -Module AhiTools | Measure-Object).Count
'FROM=' + (Get-Module AhiTools).ModuleBase
$Call
"@
        $count = (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport.Count
        $result.Output | Should -Contain "FIRST=$count"
        $result.Output | Should -Contain "AGAIN=$count"
        $result.Output | Should -Contain "FROM=$copy"
        $result.Output[-1] | Should -Be '1'
    }

    It 'starts the first-call warm-up when a cmdlet first calls HealthImaging, not at import, and none with AHITOOLS_NO_WARMUP' {
        $result = Invoke-AhiChildPwsh "Import-Module '$ModuleManifest'`n$LastWarmUp`n$Call`n$LastWarmUp"
        $result.Output | Should -Be @('RUN=none', '1', 'RUN=True ListImageSetVersions')

        $result = Invoke-AhiChildPwsh "`$env:AHITOOLS_NO_WARMUP = '1'`nImport-Module '$ModuleManifest'`n$Call`n$LastWarmUp"
        $result.Output | Should -Be @('1', 'RUN=none')
    }

    It 'warms up the request a cmdlet sends first: GetImageSet for one version' {
        $oneVersion = $Call -replace '\)\.VersionId$', ' -VersionId 1).VersionId'
        $result = Invoke-AhiChildPwsh "Import-Module '$ModuleManifest'`n$oneVersion`n$LastWarmUp"
        $result.Output | Should -Be @('1', 'RUN=True GetImageSet')
    }

    It 'warms up the request a cmdlet sends first: GetDatastore for the datastores named, ListDatastores for the list' {
        $connection = "-EndpointUrl '$($Service.Endpoint)' -Region us-east-1 -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)'"
        $result = Invoke-AhiChildPwsh "Import-Module '$ModuleManifest'`n(Get-AHIDatastore '$($Service.DatastoreId)' $connection -ErrorAction Stop).DatastoreId`n$LastWarmUp"
        $result.Output | Should -Be @($Service.DatastoreId, 'RUN=True GetDatastore')

        $result = Invoke-AhiChildPwsh "Import-Module '$ModuleManifest'`n@(Get-AHIDatastore $connection -ErrorAction Stop).DatastoreId -contains '$($Service.DatastoreId)'`n$LastWarmUp"
        $result.Output | Should -Be @('True', 'RUN=True ListDatastores')
    }

    It 'starts the first-call warm-up for a completion that asks HealthImaging, not for one of a parameter name' {
        $connection = "-EndpointUrl '$($Service.Endpoint)' -Region us-east-1 -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)'"
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
'NAMES=' + ((TabExpansion2 -inputScript 'Get-AHIImageSetVersion -Datas' -cursorColumn 29).CompletionMatches.CompletionText -contains '-DatastoreId')
$LastWarmUp
`$line = "Get-AHIImageSetVersion $connection -DatastoreId "
'IDS=' + ((TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches.CompletionText -contains '$($Service.DatastoreId)')
$LastWarmUp
"@
        $result.Output | Should -Be @('NAMES=True', 'RUN=none', 'IDS=True', 'RUN=True ListDatastores')
    }

    It 'loads the cmdlets through its loader cmdlet, which it neither exports nor leaves to the session' {
        # The psm1 runs commands only: a .NET member call there would make PowerShell compile its dynamic binding.
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
'NESTED=' + ((Get-Module AhiTools).NestedModules.Name -contains 'AhiTools.Shared')
'LOADER=' + [bool](Get-Command Initialize-AhiToolsLoadContext -ErrorAction Ignore)
'EXPORTED=' + [bool]((Get-Module AhiTools).ExportedCommands.Keys -contains 'Initialize-AhiToolsLoadContext')
$Call
"@
        $result.Output | Should -Be @('NESTED=True', 'LOADER=False', 'EXPORTED=False', '1')
    }

    It 'imports, calls, shows its views and completes in ConstrainedLanguage mode, as on a machine locked down by WDAC or AppLocker' {
        # There a script may call methods of core types only: the psm1 and the views' scripts call none.
        $result = Invoke-AhiChildPwsh @"
`$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'
Import-Module '$ModuleManifest'
$Call
Get-AHIImageSetVersion '$($Service.DatastoreId)' '$ImageSetId' -EndpointUrl '$($Service.Endpoint)' -Region us-east-1 -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)' | Out-String -Stream | Where-Object { `$_ -match '^\s+1 ' }
`$line = "Get-AHIImageSetVersion -EndpointUrl '$($Service.Endpoint)' -Region us-east-1 -AccessKey '$($Service.AccessKey)' -SecretKey '$($Service.SecretKey)' -DatastoreId "
'COMPLETES=' + ((TabExpansion2 -inputScript `$line -cursorColumn `$line.Length).CompletionMatches.CompletionText -contains '$($Service.DatastoreId)')
'MODE=' + `$ExecutionContext.SessionState.LanguageMode
"@
        $result.Output[0] | Should -Be '1'
        # The version's row of the table view, its UpdatedAt (a script column) filled in.
        $result.Output[1] | Should -Match '^\s+1 ACTIVE\s+CREATED\s+False\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'
        $result.Output[2] | Should -Be 'COMPLETES=True'
        $result.Output[-1] | Should -Be 'MODE=ConstrainedLanguage'
        $result.Output.Count | Should -Be 4
    }

    It 'imports and makes its first call without making PowerShell import its Utility or Management module' {
        # Importing either costs more than all of the module's own start-up: the psm1 and the views must not need them.
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
$Call
'IMPORTED=' + ((Get-Module).Name -join ',')
"@
        $result.Output[0] | Should -Be '1'
        $result.Output[-1] | Should -Be 'IMPORTED=AhiTools'
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

Describe 'Which build of the module loads' {
    BeforeAll {
        $script:Bin = Join-Path (Split-Path $ModuleManifest) 'bin'
        $shared = [System.Runtime.Loader.AssemblyLoadContext]::Default.LoadFromAssemblyPath((Join-Path $Bin 'AhiTools.Shared.dll'))
        $script:Binaries = $shared.GetType('AhiTools.Shared.ModuleBinaries')
        $script:BuiltRuntimes = @(Get-ChildItem (Join-Path $Bin 'net10.0') -Directory | ForEach-Object Name)

        function script:Get-PortableExecutable([string] $Path) {
            $stream = [IO.File]::OpenRead($Path)
            try {
                $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
                $metadata = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                [pscustomobject]@{
                    References  = @($metadata.AssemblyReferences | ForEach-Object { $metadata.GetString($metadata.GetAssemblyReference($_).Name) })
                    ReadyToRun  = $pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size -gt 0
                }
            }
            finally {
                $stream.Dispose()
            }
        }
    }

    It 'builds the precompiled module for linux-x64, win-x64 and osx-arm64' {
        $BuiltRuntimes | Sort-Object | Should -Be @('linux-x64', 'osx-arm64', 'win-x64')
        foreach ($rid in $BuiltRuntimes) {
            $build = Get-PortableExecutable (Join-Path $Bin "net10.0/$rid/AhiTools.dll")
            $build.ReadyToRun | Should -BeTrue -Because "bin/net10.0/$rid is precompiled"
            $build.References | Should -Contain 'System.Runtime'
            (Get-PortableExecutable (Join-Path $Bin "net10.0/$rid/AWSSDK.Core.dll")).ReadyToRun | Should -BeTrue
        }
    }

    It 'keeps in bin/ the portable netstandard2.0 build that Windows PowerShell 5.1 loads, with every assembly it references' {
        $portable = Get-PortableExecutable (Join-Path $Bin 'AhiTools.dll')
        $portable.ReadyToRun | Should -BeFalse
        $portable.References | Should -Contain 'netstandard'
        $fromHost = 'netstandard', 'mscorlib', 'System.Management.Automation'
        foreach ($reference in $portable.References | Where-Object { $_ -notin $fromHost }) {
            Join-Path $Bin "$reference.dll" | Should -Exist -Because 'AhiTools.dll references it'
        }
    }

    It 'loads in this PowerShell the build made for its runtime and platform' {
        $rid = $Binaries::CurrentRuntimeIdentifier()
        $expected = if ($rid -in $BuiltRuntimes -and [Environment]::Version.Major -ge 10) { Join-Path $Bin "net10.0/$rid/AhiTools.dll" } else { Join-Path $Bin 'AhiTools.dll' }
        $result = Invoke-AhiChildPwsh @"
Import-Module '$ModuleManifest'
(Get-Command Get-AHIImageSetVersion).ImplementingType.Assembly.Location
[Runtime.Loader.AssemblyLoadContext]::GetLoadContext((Get-Command Get-AHIImageSetVersion).ImplementingType.Assembly).Name
$Call
"@
        $result.Output | Should -Be @($expected, 'AhiTools', '1')
    }

    It 'chooses <Expected> for .NET <Runtime> on <Rid>' -ForEach @(
        @{ Runtime = 8; Rid = 'linux-x64'; Expected = 'bin' }
        @{ Runtime = 9; Rid = 'win-x64'; Expected = 'bin' }
        @{ Runtime = 10; Rid = 'linux-x64'; Expected = 'bin/net10.0/linux-x64' }
        @{ Runtime = 10; Rid = 'win-x64'; Expected = 'bin/net10.0/win-x64' }
        @{ Runtime = 11; Rid = 'win-x64'; Expected = 'bin/net10.0/win-x64' }
        @{ Runtime = 10; Rid = 'linux-arm64'; Expected = 'bin' }
        @{ Runtime = 10; Rid = $null; Expected = 'bin' }
    ) {
        $layout = Join-Path $TestDrive 'layout'
        foreach ($folder in 'bin', 'bin/net10.0/linux-x64', 'bin/net10.0/win-x64') {
            New-Item -ItemType Directory (Join-Path $layout $folder) -Force | Out-Null
            Set-Content (Join-Path $layout "$folder/AhiTools.dll") ''
        }
        # A folder without the module in it is not a build.
        New-Item -ItemType Directory (Join-Path $layout 'bin/net10.0/linux-arm64') -Force | Out-Null

        $Binaries::Choose((Join-Path $layout 'bin'), $Runtime, $Rid) | Should -Be (Join-Path $layout $Expected)
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
