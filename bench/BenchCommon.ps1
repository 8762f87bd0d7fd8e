# Shared by the bench scripts: a built module and local service (dotnet pwsh ./build.ps1 -Task Build first).
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$script:OutPath = if ($env:AHITOOLS_OUT) { $env:AHITOOLS_OUT } else { Join-Path $RepoRoot 'out' }
$script:ModuleManifest = Join-Path $OutPath 'AhiTools/AhiTools.psd1'
$script:ServiceDll = Join-Path $OutPath 'LocalService/AhiTools.LocalService.dll'

function Start-BenchService([string[]] $ArgumentList = @()) {
    $stdout = [IO.Path]::GetTempFileName()
    $process = Start-Process dotnet -ArgumentList (@($ServiceDll, '--port', '0') + $ArgumentList) -PassThru -NoNewWindow `
        -RedirectStandardOutput $stdout -RedirectStandardError ([IO.Path]::GetTempFileName())
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = Get-Content $stdout -ErrorAction SilentlyContinue | Where-Object { $_ -match 'listening on (http://\S+)' } | Select-Object -First 1
        if ($line -and $line -match 'listening on (http://\S+)') {
            $endpoint = $Matches[1].TrimEnd('/')
            $datastore = Invoke-RestMethod -Method Post "$endpoint/_local/datastores" -ContentType 'application/json' -Body '{"datastoreName":"bench"}'
            return [pscustomobject]@{ Process = $process; Endpoint = $endpoint; DatastoreId = $datastore.datastoreId }
        }
        Start-Sleep -Milliseconds 100
    }
    throw 'The local service did not start.'
}

function Stop-BenchService($Service) {
    Stop-Process -Id $Service.Process.Id -Force -ErrorAction SilentlyContinue
}

# The pwsh this script runs in (through `dotnet pwsh` the tool's pwsh.dll), as a command to start again.
function Get-BenchCurrentPwsh {
    $exe = [Environment]::ProcessPath
    if ($exe -like '*dotnet*') { @($exe, (Join-Path $PSHOME 'pwsh.dll')) } else { @($exe) }
}

# bench/PwshHost: the same PowerShell as the tool, precompiled (ReadyToRun) like an installed pwsh, published once
# into $OutPath/PwshHost from its locked restore (several minutes on 2 busy cores). Returns the command that starts it.
function Get-BenchPrecompiledPwsh {
    $target = Join-Path $OutPath 'PwshHost'
    $exe = Join-Path $target ($(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' }))
    if (-not (Test-Path $exe)) {
        $project = Join-Path $RepoRoot 'bench/PwshHost/PwshHost.csproj'
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $rid = "$os-$("$([Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture)".ToLowerInvariant())"
        $artifacts = Join-Path $OutPath 'artifacts'
        & dotnet restore $project --locked-mode --artifacts-path $artifacts --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw 'Restoring bench/PwshHost failed.' }
        & dotnet publish $project -c Release -r $rid --no-restore -o $target --artifacts-path $artifacts --nologo -v quiet
        if ($LASTEXITCODE -ne 0) { throw "Publishing bench/PwshHost for $rid failed (its RuntimeIdentifiers are the module's ReadyToRun list)." }
        # The SDK has no $PSHOME/Modules (Microsoft.PowerShell.Utility and the rest): the tool's, same version.
        $modules = Join-Path $PSHOME 'Modules'
        if ((Test-Path $modules) -and -not (Test-Path (Join-Path $target 'Modules'))) { Copy-Item $modules $target -Recurse }
    }
    @($exe)
}

# Runs a script in a fresh pwsh (-Pwsh: a command from Get-BenchCurrentPwsh or Get-BenchPrecompiledPwsh; default the
# current one) and returns its last output line parsed as JSON.
function Invoke-BenchChild([string] $Script, [string[]] $Pwsh = (Get-BenchCurrentPwsh)) {
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-bench-" + [guid]::NewGuid().ToString('n') + '.ps1')
    Set-Content $file ("`$PSStyle.OutputRendering = 'PlainText'`n" + $Script)
    try {
        $exe = $Pwsh[0]
        [string[]] $prefix = @($Pwsh | Select-Object -Skip 1)
        $lines = @(& $exe @prefix -NoProfile -NonInteractive -File $file)
        Write-Verbose ($lines -join "`n")
        if ($LASTEXITCODE -ne 0) { throw "The bench child failed: $($lines -join "`n")" }
        ($lines | Select-Object -Last 1) | ConvertFrom-Json
    }
    finally {
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}
