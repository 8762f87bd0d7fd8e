BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Cmdlets = @(Get-Command -Module AhiTools -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters
}

Describe 'Help of <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Command = Get-Command $Name
    }

    It 'says what binds from the pipeline (INPUTS)' {
        $inputs = @($Help.inputTypes.inputType)
        $inputs | Should -Not -BeNullOrEmpty
        $inputs.type.name | Where-Object { $_ } | Should -Not -BeNullOrEmpty
        $text = ($inputs | ForEach-Object { "$($_.type.name) $($_.description.Text)" }) -join ' '
        $piped = $Command.Parameters.Values | Where-Object { $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } }
        foreach ($parameter in $piped) {
            $text | Should -Match "\b$($parameter.Name)\b" -Because "-$($parameter.Name) binds from the pipeline"
        }
        if (-not $piped) {
            $inputs[0].type.name | Should -Be 'None'
        }
    }

    It 'says what it writes (OUTPUTS)' {
        @($Help.returnValues.returnValue).type.name | Where-Object { $_ } | Should -Not -BeNullOrEmpty
    }

    It 'gives every parameter a description and a default value' {
        $parameters = @($Help.parameters.parameter)
        $expected = $Command.Parameters.Keys | Where-Object { $_ -notin $Common }
        $parameters.name | Sort-Object | Should -Be ($expected | Sort-Object) -Because 'every parameter is in the help'
        foreach ($parameter in $parameters) {
            $parameter.defaultValue | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a 'Default value:' line"
            ($parameter.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'names related cmdlets and the about topic (RELATED LINKS)' {
        $links = @($Help.relatedLinks.navigationLink.linkText)
        $links | Should -Contain 'about_AhiTools'
        $links | Should -Not -Contain $Name
        foreach ($link in $links) {
            (Get-Help $link -ErrorAction SilentlyContinue) | Should -Not -BeNullOrEmpty -Because "$link is shown as related"
        }
        (Get-Help $Name -Full | Out-String -Width 300) | Should -Match '(?ms)^RELATED LINKS\s*\r?\n\s+\S'
    }

    It 'shows readable type names in the syntax' {
        $syntax = Get-Help $Name | Select-Object -ExpandProperty syntax | Out-String -Width 1000
        $syntax | Should -Not -Match '`'
        $syntax | Should -Not -Match 'Nullable'
    }

    It 'states the cmdlet''s own ConfirmImpact under -Confirm, when it has -Confirm' {
        if (-not $Command.Parameters.ContainsKey('Confirm')) {
            @($Help.parameters.parameter.name) | Should -Not -Contain 'Confirm'
            return
        }
        $impact = $Command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact
        $confirm = $Help.parameters.parameter | Where-Object name -eq 'Confirm'
        "$($confirm.description.Text) $($confirm.defaultValue)" | Should -Match "ConfirmImpact $impact\b"
        "$($confirm.description.Text) $($confirm.defaultValue)" | Should -Not -Match "ConfirmImpact (?!$impact\b)(Low|Medium|High)"
    }

    It 'shows the inputs and defaults in Get-Help -Full' {
        $text = Get-Help $Name -Full | Out-String -Width 300
        $text | Should -Match '(?m)^INPUTS'
        $text | Should -Match 'Default value\s+\S'
    }
}

Describe 'Help texts that depend on the cmdlet' {
    It 'describes -WhatIf of <_> in terms of the local service, not image sets' -ForEach 'Start-AHILocalService', 'Stop-AHILocalService' {
        $whatIf = (Get-Help $_ -Parameter WhatIf).description.Text -join ' '
        $whatIf | Should -Match 'service'
        $whatIf | Should -Not -Match 'image set'
    }

    It 'says Remove-AHIImageSet prompts by default (ConfirmImpact High)' {
        $confirm = Get-Help Remove-AHIImageSet -Parameter Confirm
        ($confirm.description.Text -join ' ') | Should -Match 'ConfirmImpact High'
        ($confirm.description.Text -join ' ') | Should -Not -Match 'Medium'
    }
}

Describe 'The about topics shipped with the module' {
    It 'has about_AhiTools, which points only to help the module ships' {
        $text = Get-Help about_AhiTools | Out-String
        $text | Should -Match 'about_AhiTools_LocalService'
        $text | Should -Not -Match 'README'
    }

    It 'has about_AhiTools_LocalService, covering the service, the sample seed and the seed format with generate' {
        $text = Get-Help about_AhiTools_LocalService | Out-String
        $text | Should -Match 'Start-AHILocalService'
        $text | Should -Match 'samples/seed.json'
        $text | Should -Match '"generate"'
        foreach ($option in 'patients', 'studiesPerPatient', 'seriesPerStudy', 'instancesPerSeries', 'targetBytes') {
            $text | Should -Match "\b$option\b"
        }
        $text | Should -Not -Match 'ahitools-local-secret' -Because 'secrets are never in text, not even the local one'
    }
}

Describe 'The help generator reading docs/*.md' {
    BeforeAll {
        # Read-HelpMarkdown from tools/New-AhiHelp.ps1, loaded alone (the script itself generates the whole module's help).
        $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $RepoRoot 'tools/New-AhiHelp.ps1'), [ref]$null, [ref]$null)
        $reader = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Read-HelpMarkdown' }, $true)
        . ([scriptblock]::Create($reader.Extent.Text))

        $doc = Join-Path $TestDrive 'Get-Thing.md'
        Set-Content $doc @'
# Get-Thing
## SYNOPSIS
Gets things.
## INPUTS
### System.String
-Name binds by value.
## OUTPUTS
### Thing
A thing.
## PARAMETERS
### -Name
The name.
Default value: every name
### -Count
How many, in the platyPS layout.
```yaml
Type: Int32
Required: False
Default value: 10
```
## NOTES
Not a parameter's text.
'@
        $script:Parsed = Read-HelpMarkdown $doc
    }

    It 'takes "Default value:" lines, alone or inside a yaml block, out of the description' {
        $Parsed.Defaults['Name'] | Should -Be 'every name'
        $Parsed.Defaults['Count'] | Should -Be '10'
        $Parsed.Parameters['Name'] | Should -Be 'The name.'
        $Parsed.Parameters['Count'] | Should -Be 'How many, in the platyPS layout.'
    }

    It 'reads INPUTS and OUTPUTS types with their descriptions' {
        $Parsed.HasInputs | Should -BeTrue
        $Parsed.Inputs[0].Type | Should -Be 'System.String'
        $Parsed.Inputs[0].Description | Should -Be '-Name binds by value.'
        $Parsed.Outputs[0].Type | Should -Be 'Thing'
    }
}
