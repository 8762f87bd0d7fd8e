# tools/Invoke-ProcessWithDeadline.ps1, which keeps a hung build step (npm ci, a test run) from holding CI.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:WithDeadline = Join-Path $RepoRoot 'tools/Invoke-ProcessWithDeadline.ps1'

    # A node program that exits 0 once $Marker exists; before that it makes the marker and fails. With -Hang it hangs
    # instead, after starting a child process that appends to $Heartbeat every 50 ms for as long as it lives; the child
    # makes the marker after its first beat.
    function Get-FlakyProgram([string] $Marker, [string] $Heartbeat, [switch] $Hang) {
        $script = @'
const fs = require('fs');
const { spawn } = require('child_process');
const [marker, heartbeat, hang] = process.argv.slice(1);
if (fs.existsSync(marker)) process.exit(0);
if (hang !== 'hang') { fs.writeFileSync(marker, ''); process.exit(1); }
const beat = `const fs = require('fs');
  const [heartbeat, marker] = process.argv.slice(1);
  fs.appendFileSync(heartbeat, '.');
  fs.writeFileSync(marker, '');
  setInterval(() => fs.appendFileSync(heartbeat, '.'), 50);`;
spawn(process.execPath, ['-e', beat, heartbeat, marker], { stdio: 'ignore' });
setInterval(() => {}, 1000);
'@
        @('-e', $script, $Marker, $Heartbeat, $(if ($Hang) { 'hang' } else { 'fail' }))
    }
}

Describe 'Invoke-ProcessWithDeadline' {
    It 'gives back the exit code of a program that ends before its deadline' {
        $run = & $WithDeadline -FilePath node -ArgumentList '-e', 'process.exit(3)' -Deadline '00:05:00'

        $run.ExitCode | Should -Be 3
        $run.TimedOut | Should -BeFalse
        $run.Attempts | Should -Be 1
    }

    It 'tries a failed program again, up to -Attempts' {
        $marker = Join-Path $TestDrive 'failed-once'
        $arguments = Get-FlakyProgram -Marker $marker -Heartbeat (Join-Path $TestDrive 'unused')

        $run = & $WithDeadline -FilePath node -ArgumentList $arguments -Deadline '00:05:00' -Attempts 3 6>$null

        $run.ExitCode | Should -Be 0
        $run.Attempts | Should -Be 2
    }

    It 'stops a program that hangs at the deadline, with the processes it started, and tries it again' {
        $marker = Join-Path $TestDrive 'hung-once'
        $heartbeat = Join-Path $TestDrive 'heartbeat'
        $arguments = Get-FlakyProgram -Marker $marker -Heartbeat $heartbeat -Hang

        $run = & $WithDeadline -FilePath node -ArgumentList $arguments -Deadline '00:00:10' -Attempts 2 6>$null

        $run.ExitCode | Should -Be 0
        $run.Attempts | Should -Be 2
        # The hung attempt's child process is gone too: its heartbeat stopped.
        $beats = (Get-Item $heartbeat).Length
        Start-Sleep -Seconds 1
        (Get-Item $heartbeat).Length | Should -Be $beats
    }

    It 'reports a program stopped at the deadline on its last attempt, with no exit code' {
        $run = & $WithDeadline -FilePath node -ArgumentList '-e', 'setInterval(() => {}, 1000)' -Deadline '00:00:02' 6>$null

        $run.TimedOut | Should -BeTrue
        $run.ExitCode | Should -BeNullOrEmpty
        $run.Attempts | Should -Be 1
    }
}
