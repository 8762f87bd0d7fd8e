BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:StagedModule = Split-Path $ModuleManifest
    $script:Manifest = Import-PowerShellDataFile $ModuleManifest
}

Describe 'What the staged module ships' {
    It 'carries its licence and the third-party notices' {
        Join-Path $StagedModule 'LICENSE' | Should -FileContentMatch 'Apache License'
        Join-Path $StagedModule 'THIRD-PARTY-NOTICES.txt' | Should -Exist
    }

    It 'lists every third-party assembly it ships in THIRD-PARTY-NOTICES.txt, with a licence' {
        $notices = Get-Content (Join-Path $StagedModule 'THIRD-PARTY-NOTICES.txt') -Raw
        $shipped = Get-ChildItem (Join-Path $StagedModule 'bin') -Filter *.dll | Where-Object Name -notlike 'AhiTools*'
        $shipped | Should -Not -BeNullOrEmpty
        foreach ($dll in $shipped) {
            $notices | Should -Match "(?m)^bin/$([regex]::Escape($dll.Name))\r?\n\s+Package:\s+\S+ [\d.]+\r?\n\s+License:\s+(Apache-2\.0|MIT|BSD-3-Clause)\r?$" -Because "$($dll.Name) is shipped"
        }
    }

    It 'names its project, licence, release notes and tags for the gallery' {
        $data = $Manifest.PrivateData.PSData
        $data.ProjectUri | Should -Match '^https://'
        $data.LicenseUri | Should -Match '^https://.+/LICENSE$'
        $data.ReleaseNotes | Should -Match "^$([regex]::Escape($Manifest.ModuleVersion)) "
        $data.Tags | Should -Contain 'HealthImaging'
    }

    It 'carries the local service, so Start-AHILocalService works once installed' {
        Join-Path $StagedModule 'LocalService/AhiTools.LocalService.dll' | Should -Exist
        Join-Path $StagedModule 'LocalService/AhiTools.LocalService.runtimeconfig.json' | Should -Exist
        Join-Path $StagedModule 'LocalService/samples/seed.json' | Should -Exist
    }
}

Describe 'The package' {
    BeforeAll {
        # PSResourceGet's repository list and the CurrentUser module folder live under the user's home and local
        # application data folders: the child sessions get a temporary home so the user's own are never touched.
        # .NET ignores a data folder that does not exist, so each is made first.
        $script:Sandbox = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-package-" + [guid]::NewGuid().ToString('n'))
        $script:Repository = Join-Path $Sandbox 'repository'
        $script:Redirected = @{
            HOME            = Join-Path $Sandbox 'home'
            XDG_DATA_HOME   = Join-Path $Sandbox 'home/.local/share'
            XDG_CONFIG_HOME = Join-Path $Sandbox 'home/.config'
            LOCALAPPDATA    = Join-Path $Sandbox 'home/AppData/Local'
            USERPROFILE     = Join-Path $Sandbox 'home'
        }
        $script:Saved = @{}
        New-Item -ItemType Directory -Path $Repository -Force | Out-Null
        foreach ($name in $Redirected.Keys) {
            New-Item -ItemType Directory -Path $Redirected[$name] -Force | Out-Null
            $Saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $Redirected[$name])
        }
        # Refuses to go on unless the child's data folder really is the sandbox.
        $script:Guard = "if (-not [Environment]::GetFolderPath('LocalApplicationData').StartsWith('$Sandbox')) { throw 'The local application data folder is not the sandbox: refusing to touch the real one.' }`n"

        $script:Packed = Invoke-AhiChildPwsh "(& '$RepoRoot/tools/New-AhiPackage.ps1' -ModulePath '$StagedModule' -DestinationPath '$Repository').FullName"
        $script:Package = Join-Path $Repository "AhiTools.$($Manifest.ModuleVersion).nupkg"
    }

    AfterAll {
        foreach ($name in $Saved.Keys) {
            [Environment]::SetEnvironmentVariable($name, $Saved[$name])
        }
        Remove-Item $Sandbox -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'is AhiTools.(version).nupkg with the module, its licence, notices and local service' {
        @($Packed.Output)[-1] | Should -Be $Package -Because ($Packed.Output -join "`n")
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $entries = $zip.Entries.FullName
            $nuspec = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'AhiTools.nuspec').Open()).ReadToEnd()
        }
        finally {
            $zip.Dispose()
        }
        $entries | Should -Contain 'AhiTools.psd1'
        $entries | Should -Contain 'bin/AhiTools.dll'
        $entries | Should -Contain 'LICENSE'
        $entries | Should -Contain 'THIRD-PARTY-NOTICES.txt'
        $entries | Should -Contain 'LocalService/AhiTools.LocalService.dll'
        $entries | Should -Contain 'en-US/about_AhiTools.help.txt'
        $entries | Should -Contain 'en-US/about_AhiTools_LocalService.help.txt'
        $nuspec | Should -Match ([regex]::Escape("<projectUrl>$($Manifest.PrivateData.PSData.ProjectUri)</projectUrl>"))
        $nuspec | Should -Match '<releaseNotes>'
    }

    It 'installs with Install-PSResource from a local repository, imports by name in a fresh pwsh and works against the local service' {
        $installed = Invoke-AhiChildPwsh @"
$Guard
Register-PSResourceRepository -Name AhiToolsTest -Uri '$Repository' -Trusted
Install-PSResource -Name AhiTools -Repository AhiToolsTest -Scope CurrentUser -TrustRepository -Quiet
'INSTALLED=' + (Get-InstalledPSResource -Name AhiTools -Scope CurrentUser).InstalledLocation
"@
        $location = ($installed.Output | Where-Object { $_ -like 'INSTALLED=*' }) -replace '^INSTALLED='
        $location | Should -BeLike "$($Redirected.HOME)*" -Because ($installed.Output -join "`n")

        $used = Invoke-AhiChildPwsh ($Guard + @'
Import-Module AhiTools -ErrorAction Stop
'BASE=' + (Get-Module AhiTools).ModuleBase
$service = Start-AHILocalService -SetDefaults
try {
    $document = '{"SchemaVersion":"1.1","Patient":{"DICOM":{"PatientID":"P1"}},"Study":{"DICOM":{"StudyInstanceUID":"2.25.1"},"Series":{}}}'
    $imageSetId = (Invoke-RestMethod -Method Post -Uri "$($service.EndpointUrl)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' -Body $document).imageSetId
    'VERSION=' + (Get-AHIImageSetVersion -DatastoreId $service.DatastoreId -ImageSetId $imageSetId -ErrorAction Stop).VersionId
}
finally {
    $service | Stop-AHILocalService
}
'@)
        $used.Output | Should -Contain 'VERSION=1' -Because ($used.Output -join "`n")
        ($used.Output | Where-Object { $_ -like 'BASE=*' }) -replace '^BASE=' | Should -BeLike "$($Redirected.HOME)*"
    }
}
