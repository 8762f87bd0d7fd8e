BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # The ErrorIds class of the staged core, read by reflection in a fresh pwsh (so this session loads no module
    # assembly): every constant as Name=Value.
    $core = Join-Path $OutPath 'AhiTools/bin/AhiTools.Core.dll'
    $child = Invoke-AhiChildPwsh -Script @"
`$type = [Reflection.Assembly]::LoadFile('$core').GetType('AhiTools.Errors.ErrorIds', `$true)
`$type.GetFields([Reflection.BindingFlags] 'Public, Static') | Where-Object IsLiteral | ForEach-Object { "`$(`$_.Name)=`$(`$_.GetRawConstantValue())" }
"@
    $script:ChildExitCode = $child.ExitCode
    $script:Constants = @($child.Output | Where-Object { $_ -match '^\w+=\w+$' } | ForEach-Object {
            $name, $value = $_ -split '=', 2
            [pscustomobject]@{ Name = $name; Value = $value }
        })
    $script:Ids = @($Constants.Value)

    # The module's script raises two ErrorIds itself, before any assembly is loaded.
    $scriptCategory = [regex]::new("'(\w+)'\s*,\s*\[System\.Management\.Automation\.ErrorCategory\]")
    $script:ScriptIds = @(Get-ChildItem (Join-Path $RepoRoot 'module') -Recurse -Include *.ps1, *.psm1 |
            ForEach-Object { $scriptCategory.Matches((Get-Content $_.FullName -Raw)) } | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)

    $script:About = Get-Content (Join-Path $RepoRoot 'module/en-US/about_AhiTools.help.txt') -Raw
    # Each entry of the ERROR IDS table starts with the ErrorId alone on its line, indented eight spaces.
    $script:Documented = @([regex]::Matches($About, '(?m)^ {8}([A-Z]\w+)\r?$') | ForEach-Object { $_.Groups[1].Value })
}

Describe 'The ErrorId table in about_AhiTools' {
    It 'reads the ErrorIds from the staged core assembly' {
        $ChildExitCode | Should -Be 0
        foreach ($known in 'StaleVersion', 'WrongLevel', 'NoRegion', 'CopyFailed', 'ImportFailed', 'EndpointUnreachable', 'SeedFileNotFound', 'OperationTimedOut', 'ResourceNotFoundException', 'HttpRequestException') {
            $Ids | Should -Contain $known
        }
    }

    It 'names each constant as its value' {
        $renamed = $Constants | Where-Object { $_.Name -cne $_.Value } | ForEach-Object { "$($_.Name)=$($_.Value)" }
        $renamed | Should -BeNullOrEmpty -Because 'ErrorIds.X is the ErrorId "X"'
    }

    It 'documents every ErrorId of the core' {
        $missing = $Ids | Where-Object { $_ -cnotin $Documented }
        $missing | Should -BeNullOrEmpty -Because 'every ErrorId needs an entry (when, what to do) in module/en-US/about_AhiTools.help.txt'
    }

    It 'documents no ErrorId that the core does not have' {
        $unknown = $Documented | Where-Object { $_ -cnotin $Ids }
        $unknown | Should -BeNullOrEmpty -Because 'an entry in about_AhiTools for an ErrorId nothing raises misleads; add it to AhiTools.Core Errors/ErrorIds.cs or remove the entry'
    }

    It 'has the ErrorIds that the module script raises in the class too' {
        $ScriptIds | Should -Contain 'PowerShellVersionNotSupported'
        $ScriptIds | Should -Contain 'IncompatibleAwsSdkCoreLoaded'
        $ScriptIds | Where-Object { $_ -cnotin $Ids } | Should -BeNullOrEmpty
    }

    It 'documents the ErrorIds that come from the service and from the network' {
        foreach ($id in 'ResourceNotFoundException', 'ConflictException', 'ValidationException', 'AccessDeniedException', 'ThrottlingException', 'ServiceQuotaExceededException', 'InternalServerException', 'ServiceUnavailableException', 'HttpRequestException') {
            $Documented | Should -Contain $id
        }
    }

    It 'gives each entry a sentence of when and what to do' {
        foreach ($id in $Documented) {
            $About | Should -Match "(?m)^ {8}$id\r?\n {12}\S.{20,}" -Because "$id needs a description under it"
        }
    }
}
