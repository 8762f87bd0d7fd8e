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

    It 'shows the inputs and defaults in Get-Help -Full' {
        $text = Get-Help $Name -Full | Out-String -Width 300
        $text | Should -Match '(?m)^INPUTS'
        $text | Should -Match 'Default value\s+\S'
    }
}
