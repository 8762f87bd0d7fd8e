# Runs every Pester file in this folder in this (fresh) pwsh and writes the counts for build.ps1 to total.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [string[]] $Path = @($PSScriptRoot)
)

$ErrorActionPreference = 'Stop'
# Plain text keeps escape codes out of failure messages and the NUnit report.
$PSStyle.OutputRendering = 'PlainText'
Import-Module (Resolve-Path $PesterPath).Path -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'

$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
New-Item -ItemType Directory -Path (Split-Path $SummaryPath) -Force | Out-Null
@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount } |
    ConvertTo-Json | Set-Content -Path $SummaryPath
