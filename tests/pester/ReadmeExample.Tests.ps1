BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # The README marks each file of its runbook example with <!-- example-file: NAME --> before a powershell fence.
    $readme = Get-Content (Join-Path $RepoRoot 'README.md') -Raw
    $script:ExampleFiles = [regex]::Matches($readme, '(?ms)^<!-- example-file: (?<name>[\w.-]+) -->\r?\n```powershell\r?\n(?<code>.*?)^```') |
        ForEach-Object { [pscustomobject]@{ Name = $_.Groups['name'].Value; Code = $_.Groups['code'].Value } }
    $script:Folder = Join-Path $TestDrive 'runbook'
    New-Item -ItemType Directory -Path $Folder | Out-Null
    foreach ($file in $ExampleFiles) {
        Set-Content -Path (Join-Path $Folder $file.Name) -Value $file.Code
    }
    $script:PesterManifest = (Get-Module Pester).Path
}

Describe 'The README section "Testing your runbooks with Pester"' {
    It 'holds a runbook and its Pester test' {
        $ExampleFiles.Name | Should -Be @('Set-StudyDescription.ps1', 'Set-StudyDescription.Tests.ps1')
    }

    It 'passes as written, in a fresh pwsh where AhiTools is imported by name' {
        $tests = Join-Path $Folder 'Set-StudyDescription.Tests.ps1'
        $expected = ([regex]::Matches((Get-Content $tests -Raw), '(?m)^\s*It ')).Count

        $run = Invoke-AhiChildPwsh @"
`$env:PSModulePath = '$OutPath' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module '$PesterManifest'
`$result = Invoke-Pester -Path '$tests' -PassThru -Output Detailed
'RESULT passed=' + `$result.PassedCount + ' failed=' + (`$result.FailedCount + `$result.FailedBlocksCount + `$result.FailedContainersCount)
"@

        $run.Output | Should -Contain "RESULT passed=$expected failed=0" -Because ($run.Output -join "`n")
        $expected | Should -BeGreaterOrEqual 2
    }
}
