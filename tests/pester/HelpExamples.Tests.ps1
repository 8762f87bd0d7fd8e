# Every example of docs/*.md (the source of Get-Help's examples) runs as written against Start-AHILocalService with the
# module's sample seed, each in a fresh service, unless its remarks start with "Needs ", saying plainly what it needs.
# An example may end in an error only when its remarks name that ErrorId, as in "Refused (StaleVersion) if ...".
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $RepoRoot 'tools/New-AhiHelp.ps1'), [ref]$null, [ref]$null)
    $reader = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Read-HelpMarkdown' }, $true)
    . ([scriptblock]::Create($reader.Extent.Text))

    $script:Examples = foreach ($file in Get-ChildItem (Join-Path $RepoRoot 'docs') -Filter '*-AHI*.md' | Sort-Object Name) {
        $doc = Read-HelpMarkdown $file.FullName
        foreach ($example in $doc.Examples) {
            @{
                Cmdlet   = $file.BaseName
                Title    = $example.Title
                Code     = $example.Code
                Remarks  = $example.Remarks
                Runnable = $example.Remarks -notmatch '^Needs '
            }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force -Global
    $script:Seed = Join-Path (Get-Module AhiTools).ModuleBase 'LocalService/samples/seed.json'
}

Describe 'The help examples' {
    It 'are parsed from docs/*.md, and nearly all run' {
        $Examples.Count | Should -BeGreaterOrEqual 45
        @($Examples | Where-Object { -not $_.Runnable }).Count | Should -BeLessOrEqual 2
    }
}

# Only the runnable ones: an example that says what it "Needs " is counted above, not skipped here.
Describe '<Cmdlet> <Title>' -ForEach @($Examples | Where-Object Runnable) {
    It 'runs as written against the local service with the sample seed' {
        $service = Start-AHILocalService -SeedPath $Seed -SetDefaults -WorkflowDelayMilliseconds 20
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        Push-Location $folder
        try {
            $script = ($Code -split "`r?`n" | ForEach-Object { $_ -replace '^PS> ?', '' }) -join "`n"
            # A child scope, so the example's variables stay its own; nobody answers prompts, so the test confirms; errors
            # are collected as a user would see them, not stopped at.
            $output = & {
                $ConfirmPreference = 'None'
                $ErrorActionPreference = 'Continue'
                & ([scriptblock]::Create($script))
            } 2>&1 | ForEach-Object { $_ }
        }
        finally {
            Pop-Location
            Stop-AHILocalService -All -ErrorAction SilentlyContinue
        }

        # An example shows something, unless it only says what it would do, stops services, or writes files.
        $shown = @($output | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $lastLine = @($script -split "`n")[-1]
        if ($lastLine -notmatch '-WhatIf\s*$|Stop-AHILocalService') {
            ($shown.Count + @(Get-ChildItem $folder).Count) | Should -BeGreaterThan 0 -Because "the example should show something:`n$script"
        }

        $errors = @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        foreach ($record in $errors) {
            $errorId = ($record.FullyQualifiedErrorId -split ',')[0]
            $Remarks | Should -Match "\b$([regex]::Escape($errorId))\b" -Because "the example failed with $($record.FullyQualifiedErrorId): $record"
        }
    }
}
