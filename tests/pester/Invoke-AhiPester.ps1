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

# The tests name their endpoint, keys and region; what else steers the module (AWS_MAX_ATTEMPTS, a profile and its
# max_attempts, another config file, endpoint variables) must not come from the machine that runs them. This pwsh is
# the test run's own, so those variables are cleared for it; tests that want one set it (and put it back) themselves.
foreach ($name in 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_MEDICAL_IMAGING', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE') {
    [Environment]::SetEnvironmentVariable($name, $null)
}
$env:AWS_EC2_METADATA_DISABLED = 'true'

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
