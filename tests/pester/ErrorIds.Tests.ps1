BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function Get-AhiSourceErrorId {
        <#
        Every ErrorId the module's source gives as a literal: the first argument of any constructor or method declared
        with a leading "string errorId" parameter (the module's exception types and their helpers), any literal
        assigned to a variable or property named errorId/ErrorId, and any literal
        followed by an ErrorCategory (new ErrorRecord(e, "Id", ErrorCategory.X) in C#, ErrorRecord]::new(..., 'Id',
        [ErrorCategory]::X) in the module's scripts).
        #>
        param([Parameter(Mandatory)] [string] $Root)
        $csharp = Get-ChildItem (Join-Path $Root 'src/AhiTools') -Recurse -Filter *.cs |
            Where-Object FullName -notmatch '[\\/](obj|bin)[\\/]' |
            ForEach-Object { [pscustomobject]@{ Path = $_.FullName; Text = Get-Content $_.FullName -Raw } }
        $takers = $csharp | ForEach-Object { [regex]::Matches($_.Text, '\b(\w+)\s*\(\s*string\s+errorId\b') } | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        $call = [regex]::new("\b(?:$($takers -join '|'))\s*\(\s*`"(\w+)`"")
        $beforeCategory = [regex]::new('"(\w+)"\s*,\s*ErrorCategory\.')
        $assigned = [regex]::new('\b[eE]rrorId\s*=\s*"(\w+)"')
        $scripts = Get-ChildItem (Join-Path $Root 'module') -Recurse -Include *.ps1, *.psm1 |
            ForEach-Object { Get-Content $_.FullName -Raw }
        $scriptCategory = [regex]::new("'(\w+)'\s*,\s*\[System\.Management\.Automation\.ErrorCategory\]")
        $ids = @(
            $csharp | ForEach-Object { $call.Matches($_.Text); $beforeCategory.Matches($_.Text); $assigned.Matches($_.Text) } | ForEach-Object { $_.Groups[1].Value }
            $scripts | ForEach-Object { $scriptCategory.Matches($_) } | ForEach-Object { $_.Groups[1].Value }
        )
        [pscustomobject]@{ Takers = $takers; Ids = @($ids | Sort-Object -Unique) }
    }

    $script:Scan = Get-AhiSourceErrorId -Root $RepoRoot
    $script:About = Get-Content (Join-Path $RepoRoot 'module/en-US/about_AhiTools.help.txt') -Raw
    # Each entry of the ERROR IDS table starts with the ErrorId alone on its line, indented eight spaces.
    $script:Documented = [regex]::Matches($About, '(?m)^ {8}([A-Z]\w+)\r?$') | ForEach-Object { $_.Groups[1].Value }
}

Describe 'The ErrorId table in about_AhiTools' {
    It 'the source scan finds the ErrorIds of every kind of error the module raises' {
        $Scan.Takers | Should -Contain 'ImageSetWriteException'
        $Scan.Takers | Should -Contain 'DocumentValidationException'
        $Scan.Takers | Should -Contain 'ConnectionConfigurationException'
        foreach ($known in 'StaleVersion', 'WrongLevel', 'NoRegion', 'CopyFailed', 'ImportFailed', 'EndpointUnreachable', 'SeedFileNotFound', 'OperationTimedOut', 'PowerShellVersionNotSupported', 'IncompatibleAwsSdkCoreLoaded') {
            $Scan.Ids | Should -Contain $known
        }
    }

    It 'documents every ErrorId that appears in the source' {
        $missing = $Scan.Ids | Where-Object { $_ -cnotin $Documented }
        $missing | Should -BeNullOrEmpty -Because 'every ErrorId needs an entry (when, what to do) in module/en-US/about_AhiTools.help.txt'
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
