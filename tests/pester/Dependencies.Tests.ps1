BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:ManifestData = Import-PowerShellDataFile (Join-Path $RepoRoot 'AhiTools.psd1')
    $script:Bin = Join-Path $OutPath 'AhiTools/bin'
    $script:NoticesCheck = Join-Path $RepoRoot 'tools/Assert-ThirdPartyNotices.ps1'
    $script:LockFile = Join-Path $RepoRoot 'src/AhiTools/packages.lock.json'
    $script:Assets = Join-Path $OutPath 'artifacts/obj/AhiTools/project.assets.json'
    $script:Projects = @(Get-ChildItem (Join-Path $RepoRoot 'src'), (Join-Path $RepoRoot 'tests'), (Join-Path $RepoRoot 'tools'), (Join-Path $RepoRoot 'bench') -Recurse -Include *.csproj, *.proj |
            Where-Object FullName -notmatch '[\\/](bin|obj|node_modules)[\\/]')

    # Runs the notices check on copies of the real inputs, one of them changed by $Change.
    function Invoke-NoticesCheck([scriptblock] $Change = {}) {
        $work = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path (Join-Path $work 'bin') | Out-Null
        Copy-Item (Join-Path $Bin '*.dll') (Join-Path $work 'bin')
        $paths = @{
            BinPath      = Join-Path $work 'bin'
            NoticesPath  = Join-Path $work 'THIRD-PARTY-NOTICES.txt'
            LockFilePath = Join-Path $work 'packages.lock.json'
            AssetsPath   = Join-Path $work 'project.assets.json'
        }
        Copy-Item (Join-Path $RepoRoot 'THIRD-PARTY-NOTICES.txt') $paths.NoticesPath
        Copy-Item $LockFile $paths.LockFilePath
        Copy-Item $Assets $paths.AssetsPath
        & $Change $paths
        & $NoticesCheck @paths
    }
}

Describe 'One pinned dependency graph' {
    It 'has a project file for each of src, tests and tools' {
        $Projects.Name | Should -Contain 'AhiTools.csproj'
        $Projects.Name | Should -Contain 'AhiTools.Tests.csproj'
        $Projects.Name | Should -Contain 'TestTools.proj'
    }

    It 'gives no package version in a project: Directory.Packages.props decides, except exact test tool downloads' {
        foreach ($project in $Projects) {
            $xml = [xml](Get-Content $project.FullName -Raw)
            @($xml.SelectNodes('//PackageReference[@Version or @VersionOverride]')) | Should -BeNullOrEmpty -Because $project.Name
            foreach ($download in $xml.SelectNodes('//PackageDownload')) {
                $download.Version | Should -Match '^\[[^,\]]+\]$' -Because "$($project.Name) downloads $($download.Include) at one exact version"
            }
        }
    }

    It 'commits a lock file for every project' {
        $tracked = git -C $RepoRoot ls-files
        foreach ($project in $Projects) {
            $lock = [IO.Path]::GetRelativePath($RepoRoot, (Join-Path $project.DirectoryName 'packages.lock.json')) -replace '\\', '/'
            $tracked | Should -Contain $lock -Because "$($project.Name) records its resolved graph"
        }
    }

    It 'restores every project in locked mode with NU1603 and NU1605 as errors, and versions the assemblies from the manifest' {
        foreach ($project in $Projects | Where-Object Extension -eq '.csproj') {
            $properties = (dotnet msbuild $project.FullName -getProperty:RestoreLockedMode -getProperty:RestorePackagesWithLockFile `
                    -getProperty:WarningsAsErrors -getProperty:NoWarn -getProperty:Version -getProperty:ManagePackageVersionsCentrally | ConvertFrom-Json).Properties
            $properties.RestoreLockedMode | Should -Be 'true' -Because $project.Name
            $properties.RestorePackagesWithLockFile | Should -Be 'true' -Because $project.Name
            $properties.ManagePackageVersionsCentrally | Should -Be 'true' -Because $project.Name
            $properties.WarningsAsErrors -split ';' | Should -Contain 'NU1603' -Because $project.Name
            $properties.WarningsAsErrors -split ';' | Should -Contain 'NU1605' -Because $project.Name
            $properties.NoWarn -split ';' | Should -Not -Contain 'NU1603' -Because $project.Name
            $properties.Version | Should -Be $ManifestData.ModuleVersion -Because $project.Name
        }
    }

    It 'takes exactly the locked versions, with empty caches, when the feed also offers an older satisfying version' {
        $result = & (Join-Path $RepoRoot 'tools/Test-LockedRestore.ps1') -OlderPackage 'Microsoft.Bcl.AsyncInterfaces/8.0.0'
        # The control: the older version satisfies what a dependent in the graph asks for (AWSSDK.Core: >= 8.0.0), and the
        # feed that offers it restores. Without the lock file and the pins it is not taken either, as System.Text.Json
        # asks for 10.0.0: no package of today's graph is pinned above what its dependents ask (Polly.Core's were).
        $result.UnpinnedExitCode | Should -Be 0 -Because ($result.UnpinnedOutput -join "`n")
        $lock = Get-Content (Join-Path $RepoRoot 'src/AhiTools/packages.lock.json') -Raw | ConvertFrom-Json -AsHashtable
        $asked = foreach ($package in $lock.dependencies.'.NETStandard,Version=v2.0'.Values) {
            if ($package.ContainsKey('dependencies') -and $package.dependencies.ContainsKey('Microsoft.Bcl.AsyncInterfaces')) { $package.dependencies['Microsoft.Bcl.AsyncInterfaces'] }
        }
        $asked | Should -Contain '8.0.0'

        $result.LockedExitCode | Should -Be 0 -Because ($result.LockedOutput -join "`n")
        $result.Drift | Should -BeNullOrEmpty
        $result.Locked.Count | Should -BeGreaterThan 10
        $result.LockedResolved['Microsoft.Bcl.AsyncInterfaces'] | Should -Be $result.Locked['Microsoft.Bcl.AsyncInterfaces']
        $result.LockedResolved['Microsoft.Bcl.AsyncInterfaces'] | Should -Not -Be '8.0.0'
    }
}

Describe 'The third-party notices check' {
    It 'passes for the staged module' {
        { Invoke-NoticesCheck } | Should -Not -Throw
    }

    It 'names the package, both versions and the fix when the notices list another version than the build resolved' {
        $resolved = (Get-Content $LockFile -Raw | ConvertFrom-Json).dependencies.'.NETStandard,Version=v2.0'.'Microsoft.Bcl.TimeProvider'.resolved
        $change = { param($paths)
            (Get-Content $paths.NoticesPath -Raw) -replace "Package:   Microsoft.Bcl.TimeProvider $([regex]::Escape($resolved))", 'Package:   Microsoft.Bcl.TimeProvider 8.0.0' |
                Set-Content $paths.NoticesPath -NoNewline
        }
        { Invoke-NoticesCheck $change } | Should -Throw -ExpectedMessage "*bin/Microsoft.Bcl.TimeProvider.dll: the notices list Microsoft.Bcl.TimeProvider 8.0.0, the build resolved Microsoft.Bcl.TimeProvider $resolved. Pin*Directory.Packages.props*UpdateLockFiles*"
    }

    It 'names a lock file that disagrees with what the restore resolved' {
        $change = { param($paths)
            $lock = Get-Content $paths.LockFilePath -Raw | ConvertFrom-Json
            $lock.dependencies.'.NETStandard,Version=v2.0'.'System.Text.Json'.resolved = '9.0.0'
            $lock | ConvertTo-Json -Depth 10 | Set-Content $paths.LockFilePath
        }
        { Invoke-NoticesCheck $change } | Should -Throw -ExpectedMessage '*System.Text.Json: packages.lock.json locks 9.0.0, the restore resolved 10.0.0*'
    }

    It 'names an assembly that is shipped but not listed, and one that is listed but not shipped' {
        $change = { param($paths)
            (Get-Content $paths.NoticesPath -Raw) -replace 'bin/AWSSDK\.SSO\.dll', 'bin/AWSSDK.Gone.dll' | Set-Content $paths.NoticesPath -NoNewline
        }
        { Invoke-NoticesCheck $change } | Should -Throw -ExpectedMessage '*bin/AWSSDK.SSO.dll (AWSSDK.SSO 4.0.100.26) is not listed*bin/AWSSDK.Gone.dll is listed but no longer shipped*'
    }
}

Describe 'One version source' {
    It 'gives the staged assemblies the manifest''s ModuleVersion' {
        $expected = [version]$ManifestData.ModuleVersion
        foreach ($dll in 'AhiTools.dll', 'AhiTools.Shared.dll') {
            $version = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $Bin $dll)).Version
            "$($version.Major).$($version.Minor).$($version.Build)" | Should -Be "$expected" -Because $dll
        }
        $service = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $OutPath 'AhiTools/LocalService/AhiTools.LocalService.dll')).Version
        "$($service.Major).$($service.Minor).$($service.Build)" | Should -Be "$expected"
    }

    It 'names every exported cmdlet in the release notes' {
        $notes = $ManifestData.PrivateData.PSData.ReleaseNotes
        $ManifestData.CmdletsToExport | Should -Not -BeNullOrEmpty
        foreach ($cmdlet in $ManifestData.CmdletsToExport) {
            $notes | Should -Match "\b$([regex]::Escape($cmdlet))\b" -Because 'the release notes say what the release brings'
        }
    }
}
