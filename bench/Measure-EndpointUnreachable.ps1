<#
.SYNOPSIS
Measures how long a cmdlet takes to report EndpointUnreachable when nothing listens on the endpoint's port.
.DESCRIPTION
Target: with the default settings (6 attempts), a refused connection is reported in under 3 seconds: a refusal comes
back at once, so its retries wait only 0.05 to 0.25 s each. Runs Get-AHIImageSetVersion in a fresh pwsh against a
loopback port that was bound and released (so nothing listens), -Runs times, and reports the slowest and the mean.
.EXAMPLE
dotnet pwsh ./bench/Measure-EndpointUnreachable.ps1 -Runs 3
#>
param([int] $Runs = 3)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start()
$port = $listener.LocalEndpoint.Port
$listener.Stop()

$result = Invoke-BenchChild @"
`$env:AWS_MAX_ATTEMPTS = `$null
`$c = @{ EndpointUrl = 'http://127.0.0.1:$port'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$times = foreach (`$run in 1..$Runs) {
    `$watch = [Diagnostics.Stopwatch]::StartNew()
    Get-AHIImageSetVersion -DatastoreId ('0' * 32) -ImageSetId ('1' * 32) @c -ErrorAction SilentlyContinue -ErrorVariable failure | Out-Null
    `$watch.Elapsed.TotalSeconds
    if (`$failure[0].FullyQualifiedErrorId -notlike 'EndpointUnreachable,*') { throw "Expected EndpointUnreachable, got `$(`$failure[0].FullyQualifiedErrorId)" }
    `$attempts = if (`$failure[0].Exception.Message -match 'all (\d+) attempts') { [int]`$Matches[1] } else { 0 }
}
@{ Times = @(`$times | Where-Object { `$_ -is [double] }); Attempts = `$attempts } | ConvertTo-Json -Compress
"@

[pscustomobject]@{
    Runs        = $Runs
    Attempts    = $result.Attempts
    SlowestSec  = [math]::Round(($result.Times | Measure-Object -Maximum).Maximum, 2)
    MeanSec     = [math]::Round(($result.Times | Measure-Object -Average).Average, 2)
}
