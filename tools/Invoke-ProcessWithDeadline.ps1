<#
.SYNOPSIS
Runs a program with this console's output, stops it and every process it started at a deadline, and tries again if
asked.

.DESCRIPTION
A build step that hangs would otherwise hold CI until CI's own limit, which says nothing about where it stopped. npm ci
is known to stall now and then, on a registry fetch or after its work is done (npm/cli#4028); another attempt gets
through. A test run that hangs is stopped and counted as failed.

.OUTPUTS
ExitCode (null when the last attempt was stopped at the deadline), TimedOut and Attempts.

.EXAMPLE
./tools/Invoke-ProcessWithDeadline.ps1 -FilePath npm -ArgumentList ci -Deadline '00:05:00' -Attempts 3
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $FilePath,

    [string[]] $ArgumentList = @(),

    [string] $WorkingDirectory = (Get-Location).Path,

    [Parameter(Mandatory)]
    [TimeSpan] $Deadline,

    # Attempts after the first run only when it failed or was stopped: for steps that fetch from the network.
    [ValidateRange(1, 10)]
    [int] $Attempts = 1
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# On Windows npm is npm.cmd: Get-Command finds it by PATHEXT, as a shell would.
$program = (Get-Command $FilePath -CommandType Application)[0].Source
$name = Split-Path $FilePath -Leaf

for ($attempt = 1; ; $attempt++) {
    $start = [System.Diagnostics.ProcessStartInfo]::new($program)
    foreach ($argument in $ArgumentList) {
        $start.ArgumentList.Add($argument)
    }
    $start.UseShellExecute = $false
    $start.WorkingDirectory = $WorkingDirectory
    $process = [System.Diagnostics.Process]::Start($start)
    try {
        $exited = $process.WaitForExit([int] $Deadline.TotalMilliseconds)
        if ($exited) {
            # The overload without a timeout also waits for the output the child wrote before it ended.
            $process.WaitForExit()
            $exitCode = $process.ExitCode
        }
        else {
            $process.Kill($true)
            $process.WaitForExit()
            $exitCode = $null
            Write-Host "$name did not finish within $Deadline (attempt $attempt of $Attempts): stopped it and every process it started."
        }
    }
    finally {
        $process.Dispose()
    }

    if ($exitCode -eq 0 -or $attempt -ge $Attempts) {
        return [pscustomobject]@{ ExitCode = $exitCode; TimedOut = -not $exited; Attempts = $attempt }
    }
    if ($exited) {
        Write-Host "$name exited with code $exitCode (attempt $attempt of $Attempts): trying again."
    }
}
