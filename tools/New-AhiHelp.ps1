# Generates MAML help (AhiTools.dll-Help.xml) from docs/<Cmdlet>.md and the cmdlets' own parameter metadata.
# The markdown holds what people write (synopsis, description, examples, parameter descriptions); the cmdlet holds
# what must not drift (types, mandatory, positions, pipeline input, aliases, parameter sets).
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# -WhatIf and -Confirm are documented like the cmdlet's own parameters, as PowerShell's built-in help does.
$CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + @('UseTransaction')

function Read-HelpMarkdown([string] $Path) {
    $doc = @{
        Synopsis = ''; Description = ''; Examples = [System.Collections.Generic.List[object]]::new(); Parameters = @{}
        Defaults = @{}; Inputs = [System.Collections.Generic.List[object]]::new(); Outputs = [System.Collections.Generic.List[object]]::new()
        HasInputs = $false
    }
    $section = $null; $current = $null; $inCode = $false; $inFence = $false
    $buffer = [System.Text.StringBuilder]::new()
    $flush = {
        $text = $buffer.ToString().Trim()
        [void]$buffer.Clear()
        switch ($section) {
            'SYNOPSIS' { $doc.Synopsis = $text }
            'DESCRIPTION' { $doc.Description = $text }
            'EXAMPLE' { if ($current) { $current.Remarks = $text } }
            'PARAMETER' { if ($current) { $doc.Parameters[$current] = $text } }
            { $_ -in 'INPUT', 'OUTPUT' } { if ($current) { $current.Description = $text } }
            # Prose straight under INPUTS/OUTPUTS, without a ### type heading, describes the section as a whole.
            'INPUTS' { if ($text) { $doc.Inputs.Add([pscustomobject]@{ Type = ''; Description = $text }) } }
            'OUTPUTS' { if ($text) { $doc.Outputs.Add([pscustomobject]@{ Type = ''; Description = $text }) } }
        }
    }
    foreach ($line in Get-Content $Path) {
        if ($section -eq 'EXAMPLE' -and $line -match '^```') {
            if ($inCode) { $inCode = $false } else { $inCode = $true; [void]$buffer.Clear() }
            continue
        }
        if ($inCode) {
            $current.Code += $(if ($current.Code) { "`n" } else { '' }) + $line
            continue
        }
        if ($section -eq 'PARAMETER') {
            # "Default value: X" (a line of its own, or inside a platyPS-style yaml block) is the parameter's default.
            if ($line -match '^\s*Default value:\s*(.*?)\s*$') { $doc.Defaults[$current] = $Matches[1]; continue }
            if ($line -match '^```') { $inFence = -not $inFence; continue }
            if ($inFence) { continue }
        }
        if ($line -match '^## (SYNOPSIS|DESCRIPTION|EXAMPLES|PARAMETERS|INPUTS|OUTPUTS)\s*$') {
            & $flush
            $section = $Matches[1]
            $current = $null; $inFence = $false
            if ($section -eq 'INPUTS') { $doc.HasInputs = $true }
            continue
        }
        if ($line -match '^## ') {
            & $flush
            $section = $null; $current = $null
            continue
        }
        if ($line -match '^### (Example.*)$' -and $section -in 'EXAMPLES', 'EXAMPLE') {
            & $flush
            $section = 'EXAMPLE'
            $current = [pscustomobject]@{ Title = $Matches[1].Trim(); Code = ''; Remarks = '' }
            $doc.Examples.Add($current)
            continue
        }
        if ($line -match '^### -(\w+)\s*$' -and $section -in 'PARAMETERS', 'PARAMETER') {
            & $flush
            $section = 'PARAMETER'
            $current = $Matches[1]; $inFence = $false
            continue
        }
        if ($line -match '^### (\S.*?)\s*$' -and $section -in 'INPUTS', 'INPUT', 'OUTPUTS', 'OUTPUT') {
            & $flush
            $section = if ($section -like 'INPUT*') { 'INPUT' } else { 'OUTPUT' }
            $current = [pscustomobject]@{ Type = $Matches[1]; Description = '' }
            if ($section -eq 'INPUT') { $doc.Inputs.Add($current) } else { $doc.Outputs.Add($current) }
            continue
        }
        if ($line -match '^# ') { continue }
        [void]$buffer.AppendLine($line)
    }
    & $flush
    $doc
}

function Write-TypeList([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Items) {
    $maml = 'http://schemas.microsoft.com/maml/2004/10'; $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $Writer.WriteStartElement('command', $ListName, $cmd)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $ItemName, $cmd)
        $Writer.WriteStartElement('dev', 'type', $dev); $Writer.WriteElementString('maml', 'name', $maml, $item.Type); $Writer.WriteEndElement()
        $Writer.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $Writer $item.Description; $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Add-Paragraphs([System.Xml.XmlWriter] $Writer, [string] $Text) {
    foreach ($para in ($Text -split "(`r?`n){2,}" | Where-Object { $_.Trim() })) {
        $Writer.WriteElementString('maml', 'para', 'http://schemas.microsoft.com/maml/2004/10', ($para -replace "`r?`n", ' ').Trim())
    }
}

function Get-PipelineInput($ParameterSets) {
    $byValue = $ParameterSets | Where-Object { $_.ValueFromPipeline }
    $byName = $ParameterSets | Where-Object { $_.ValueFromPipelineByPropertyName }
    if ($byValue -and $byName) { return 'True (ByValue, ByPropertyName)' }
    if ($byValue) { return 'True (ByValue)' }
    if ($byName) { return 'True (ByPropertyName)' }
    'False'
}

# The type as a reader writes it: Int32 for Nullable`1[Int32], String[] for arrays, List[String] for other generics.
function Get-FriendlyTypeName([type] $Type) {
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { return Get-FriendlyTypeName $underlying }
    if ($Type.IsArray) { return (Get-FriendlyTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        return ($Type.Name -replace '`\d+$', '') + '[' + (($Type.GetGenericArguments() | ForEach-Object { Get-FriendlyTypeName $_ }) -join ', ') + ']'
    }
    $Type.Name
}

function Write-Parameter([System.Xml.XmlWriter] $Writer, $Parameter, $SetInfo, [string] $Description, [string] $Default) {
    $maml = 'http://schemas.microsoft.com/maml/2004/10'; $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $sets = @($Parameter.ParameterSets.Values)
    $required = if ($SetInfo) { $SetInfo.IsMandatory } else { [bool]($sets | Where-Object IsMandatory) }
    $positions = if ($SetInfo) { @($SetInfo.Position) } else { @($sets.Position) }
    $position = $positions | Where-Object { $_ -ge 0 } | Select-Object -First 1
    $position = if ($null -ne $position) { [string]$position } else { 'named' }
    $aliases = if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }
    $typeName = Get-FriendlyTypeName $Parameter.ParameterType
    $Writer.WriteStartElement('command', 'parameter', $cmd)
    $Writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $Parameter.ParameterType.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', 'false')
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInput $sets))
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $aliases)
    $Writer.WriteElementString('maml', 'name', $maml, $Parameter.Name)
    $Writer.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $Writer $Description; $Writer.WriteEndElement()
    if ($Parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $Writer.WriteStartElement('command', 'parameterValue', $cmd)
        $Writer.WriteAttributeString('required', 'true'); $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($typeName); $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $dev); $Writer.WriteElementString('maml', 'name', $maml, $Parameter.ParameterType.FullName); $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $dev, $Default)
    $Writer.WriteEndElement()
}

$manifest = Join-Path $ModulePath 'AhiTools.psd1'
Import-Module $manifest -Force
$module = Get-Module AhiTools
$commands = Get-Command -Module AhiTools -CommandType Cmdlet | Sort-Object Name
$problems = [System.Collections.Generic.List[string]]::new()
$commonDoc = Read-HelpMarkdown (Join-Path $DocsPath '_CommonParameters.md')

$settings = [System.Xml.XmlWriterSettings]::new(); $settings.Indent = $true; $settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$helpFile = Join-Path $ModulePath 'en-US/AhiTools.dll-Help.xml'
New-Item -ItemType Directory -Path (Split-Path $helpFile) -Force | Out-Null
$writer = [System.Xml.XmlWriter]::Create($helpFile, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'; $cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$writer.WriteStartDocument()
$writer.WriteStartElement('helpItems', 'http://msh'); $writer.WriteAttributeString('schema', 'maml')
foreach ($command in $commands) {
    $docPath = Join-Path $DocsPath "$($command.Name).md"
    if (-not (Test-Path $docPath)) { $problems.Add("$($command.Name): no $docPath"); continue }
    $doc = Read-HelpMarkdown $docPath
    # The shared texts may name the cmdlet's own ConfirmImpact as {ConfirmImpact}; a cmdlet's doc can replace any of them.
    $cmdletAttribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true) | Select-Object -First 1
    $confirmImpact = [string]$cmdletAttribute.ConfirmImpact
    foreach ($name in $commonDoc.Parameters.Keys) {
        if (-not $doc.Parameters.ContainsKey($name)) { $doc.Parameters[$name] = $commonDoc.Parameters[$name].Replace('{ConfirmImpact}', $confirmImpact) }
        if (-not $doc.Defaults.ContainsKey($name) -and $commonDoc.Defaults.ContainsKey($name)) { $doc.Defaults[$name] = $commonDoc.Defaults[$name].Replace('{ConfirmImpact}', $confirmImpact) }
    }
    $parameters = $command.Parameters.Values | Where-Object { $_.Name -notin $CommonParameters }
    foreach ($p in $parameters) { if (-not $doc.Parameters.ContainsKey($p.Name)) { $problems.Add("$($command.Name): parameter -$($p.Name) is not described") } }
    foreach ($p in $parameters) { if (-not $doc.Defaults[$p.Name]) { $problems.Add("$($command.Name): parameter -$($p.Name) has no 'Default value:' line") } }
    if (-not $doc.HasInputs) { $problems.Add("$($command.Name): no INPUTS section") }
    $inputText = ($doc.Inputs | ForEach-Object { "$($_.Type) $($_.Description)" }) -join ' '
    foreach ($p in $parameters | Where-Object { $_.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName } }) {
        if ($inputText -notmatch "\b$($p.Name)\b") { $problems.Add("$($command.Name): INPUTS does not say that -$($p.Name) binds from the pipeline") }
    }
    if ($doc.Examples.Count -lt 2) { $problems.Add("$($command.Name): fewer than two examples") }

    $writer.WriteStartElement('command', 'command', $cmd)
    $writer.WriteAttributeString('xmlns', 'maml', $null, $maml); $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $writer.WriteStartElement('command', 'details', $cmd)
    $writer.WriteElementString('command', 'name', $cmd, $command.Name)
    $writer.WriteElementString('command', 'verb', $cmd, $command.Verb)
    $writer.WriteElementString('command', 'noun', $cmd, $command.Noun)
    $writer.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $writer $doc.Synopsis; $writer.WriteEndElement()
    $writer.WriteEndElement()
    $writer.WriteStartElement('maml', 'description', $maml); Add-Paragraphs $writer $doc.Description; $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $writer.WriteStartElement('command', 'syntaxItem', $cmd)
        $writer.WriteElementString('maml', 'name', $maml, $command.Name)
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $CommonParameters }) {
            $full = $command.Parameters[$p.Name]
            Write-Parameter $writer $full $p ($doc.Parameters[$p.Name]) ($doc.Defaults[$p.Name])
        }
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    $writer.WriteStartElement('command', 'parameters', $cmd)
    foreach ($p in $parameters) { Write-Parameter $writer $p $null ($doc.Parameters[$p.Name]) ($doc.Defaults[$p.Name]) }
    $writer.WriteEndElement()

    $inputs = if ($doc.Inputs.Count) { $doc.Inputs } else { @([pscustomobject]@{ Type = 'None'; Description = 'Nothing binds from the pipeline.' }) }
    Write-TypeList $writer 'inputTypes' 'inputType' $inputs
    # The cmdlet's OutputType names what it writes; the markdown's OUTPUTS section describes it.
    $outputs = if ($doc.Outputs.Count) { $doc.Outputs } else { @($command.OutputType | ForEach-Object { [pscustomobject]@{ Type = $_.Name; Description = '' } }) }
    Write-TypeList $writer 'returnValues' 'returnValue' $outputs

    $writer.WriteStartElement('command', 'examples', $cmd)
    foreach ($example in $doc.Examples) {
        $writer.WriteStartElement('command', 'example', $cmd)
        $writer.WriteElementString('maml', 'title', $maml, "-------------------------- $($example.Title) --------------------------")
        $writer.WriteElementString('dev', 'code', $dev, $example.Code)
        $writer.WriteStartElement('dev', 'remarks', $dev); Add-Paragraphs $writer $example.Remarks; $writer.WriteEndElement()
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()

    # RELATED LINKS: the other cmdlets the page mentions, then the about topics. No online URI: the project has no
    # public help site yet, so there is no HelpUri either.
    $pageText = Get-Content $docPath -Raw
    $related = @($commands.Name | Where-Object { $_ -ne $command.Name -and $pageText -match "\b$([regex]::Escape($_))\b" })
    $related += 'about_AhiTools'
    if ($command.Noun -eq 'AHILocalService' -or $pageText -match 'Start-AHILocalService') { $related += 'about_AhiTools_LocalService' }
    $writer.WriteStartElement('maml', 'relatedLinks', $maml)
    foreach ($link in $related) {
        $writer.WriteStartElement('maml', 'navigationLink', $maml)
        $writer.WriteElementString('maml', 'linkText', $maml, $link)
        $writer.WriteElementString('maml', 'uri', $maml, '')
        $writer.WriteEndElement()
    }
    $writer.WriteEndElement()
    $writer.WriteEndElement()
}
$writer.WriteEndElement()
$writer.WriteEndDocument()
$writer.Dispose()

# PowerShell looks for a binary module's help beside its assembly.
$binHelp = Join-Path $ModulePath 'bin/en-US'
New-Item -ItemType Directory -Path $binHelp -Force | Out-Null
Copy-Item $helpFile $binHelp

if ($problems.Count) {
    $problems | ForEach-Object { Write-Host "Help: $_" }
    if ($env:AHITOOLS_STRICT_HELP -eq '1') { exit 1 }
}
