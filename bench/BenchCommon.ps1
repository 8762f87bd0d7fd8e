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

# Runs a script in a fresh pwsh and returns its last output line parsed as JSON.
function Invoke-BenchChild([string] $Script) {
    $file = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-bench-" + [guid]::NewGuid().ToString('n') + '.ps1')
    Set-Content $file ("`$PSStyle.OutputRendering = 'PlainText'`n" + $Script)
    try {
        $exe = [Environment]::ProcessPath
        [string[]] $prefix = if ($exe -like '*dotnet*') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
        $lines = @(& $exe @prefix -NoProfile -NonInteractive -File $file)
        Write-Verbose ($lines -join "`n")
        if ($LASTEXITCODE -ne 0) { throw "The bench child failed: $($lines -join "`n")" }
        ($lines | Select-Object -Last 1) | ConvertFrom-Json
    }
    finally {
        Remove-Item $file -ErrorAction SilentlyContinue
    }
}
