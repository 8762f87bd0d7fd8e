<#
.SYNOPSIS
The timeline of one bulk update run: when the first read and the first write leave, the burst, the first throttle.
.DESCRIPTION
Runs the module's job of Measure-BulkUpdates.ps1's Update100 scenario (200 image sets, `$ids |
Update-AHIImageSetMetadata -ThrottleLimit 8 -Verbose`, against a fresh local service at --quota-preset aws with 100 ms
per request) in a fresh pwsh that listens to .NET's own HTTP events (System.Net.Http EventSource: each request's
start and stop, with its status) and timestamps the verbose lines, all counted from the stopwatch that
Measure-BulkUpdates.ps1 starts just before the pipeline. Each mark carries the methods JIT-compiled so far in the
process (System.Runtime.JitInfo). Prints the marks (-All: every one) and a summary.

The listener is compiled once per run into a temporary assembly and loaded before the module, so its own JIT work is
done before the stopwatch starts. -JitListing writes the JIT's list of compiled methods (DOTNET_JitStdOutFile with
DOTNET_JitDisasmSummary=1) to that file: its first lines, up to the count at the first write, are what the first
write waited for.
.EXAMPLE
dotnet pwsh -NoProfile -c "./bench/Measure-BulkTimeline.ps1"
.EXAMPLE
dotnet pwsh -NoProfile -c "./bench/Measure-BulkTimeline.ps1 -ImageSetCount 12 -QuotaPreset aws-2024 -All"
#>
param(
    [int] $ImageSetCount = 200,
    [int] $ThrottleLimit = 8,
    [int] $LatencyMs = 100,
    # The local service's quota preset: aws (UpdateImageSetMetadata 10 TPS burst 40) or aws-2024 (0.25 TPS burst 1).
    [ValidateSet('aws', 'aws-2024')]
    [string] $QuotaPreset = 'aws',
    [string] $JitListing,
    # As in Measure-BulkUpdates.ps1: the dotnet tool's PowerShell, or bench/PwshHost (precompiled, as installed).
    [ValidateSet('Tool', 'Precompiled')]
    [string] $Pwsh = 'Tool',
    [switch] $All
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchCommon.ps1')

$listenerSource = @'
using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;

public sealed class AhiBenchHttpTimeline : EventListener
{
    public static long Origin = Stopwatch.GetTimestamp();
    public static readonly ConcurrentQueue<string> Marks = new ConcurrentQueue<string>();
    private readonly ConcurrentDictionary<Guid, string> _operations = new ConcurrentDictionary<Guid, string>();

    public static void Mark(string what)
    {
        double ms = (Stopwatch.GetTimestamp() - Origin) * 1000.0 / Stopwatch.Frequency;
        Marks.Enqueue(ms.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "|" + System.Runtime.JitInfo.GetCompiledMethodCount(false) + "|" + what);
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        // Activity IDs pair each request's stop with its start.
        if (source.Name == "System.Threading.Tasks.TplEventSource") EnableEvents(source, EventLevel.LogAlways, (EventKeywords)0x80);
        if (source.Name == "System.Net.Http") EnableEvents(source, EventLevel.Informational);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventSource.Name != "System.Net.Http") return;
        if (e.EventName == "RequestStart")
        {
            // The module's warm-up (Import-Module) sends its requests to an in-memory connection: not the job's.
            if ((e.Payload[1] ?? "").ToString() == "warm-up.invalid") { _operations[e.ActivityId] = ""; return; }
            string path = (e.Payload[3] ?? "").ToString();
            int query = path.IndexOf('?');
            if (query >= 0) path = path.Substring(0, query);
            string operation = path.Substring(path.LastIndexOf('/') + 1);
            _operations[e.ActivityId] = operation;
            Mark("start " + operation);
        }
        else if (e.EventName == "RequestStop")
        {
            string operation;
            _operations.TryGetValue(e.ActivityId, out operation);
            if (operation == "") return;
            Mark("stop " + (operation ?? "?") + " " + (e.Payload != null && e.Payload.Count > 0 ? e.Payload[0] : ""));
        }
        else if (e.EventName == "ConnectionEstablished")
        {
            Mark("connection");
        }
    }
}
'@

$listenerDll = Join-Path ([IO.Path]::GetTempPath()) ("ahitools-bench-timeline-" + [guid]::NewGuid().ToString('n') + '.dll')
Add-Type -TypeDefinition $listenerSource -OutputAssembly $listenerDll -OutputType Library

$service = Start-BenchService @('--quota-preset', $QuotaPreset, '--fault-latency-ms', "$LatencyMs", '--workflow-delay-ms', '100')
$idFile = [IO.Path]::GetTempFileName()
try {
    $document = @{
        SchemaVersion = '1.1'
        Patient = @{ DICOM = @{ PatientName = 'DOE^J'; PatientID = 'B' } }
        Study = @{ DICOM = @{ StudyInstanceUID = '2.25.1'; StudyDescription = 'OLD' } }
    } | ConvertTo-Json -Depth 10 -Compress
    $ids = foreach ($n in 1..$ImageSetCount) {
        (Invoke-RestMethod -Method Post "$($service.Endpoint)/_local/datastore/$($service.DatastoreId)/imageSets" -ContentType 'application/json' -Body $document).imageSetId
    }
    Set-Content $idFile $ids
    if ($JitListing) {
        $env:DOTNET_JitStdOutFile = $JitListing
        $env:DOTNET_JitDisasmSummary = '1'
    }
    $run = Invoke-BenchChild @"
[void][Reflection.Assembly]::LoadFrom('$listenerDll')
`$listener = [AhiBenchHttpTimeline]::new()
`$c = @{ EndpointUrl = '$($service.Endpoint)'; Region = 'us-east-1'; AccessKey = 'AKIALOCALAHITOOLS000'; SecretKey = 'ahitools-local-secret-key-0000000000000' }
Import-Module '$ModuleManifest'
`$ids = @(Get-Content '$idFile')
[AhiBenchHttpTimeline]::Origin = [Diagnostics.Stopwatch]::GetTimestamp()
[AhiBenchHttpTimeline]::Mark('stopwatch started')
`$written = @(`$ids | Update-AHIImageSetMetadata -DatastoreId '$($service.DatastoreId)' -Study @{ StudyDescription = 'CHEST CT' } -ThrottleLimit $ThrottleLimit @c -Verbose -ErrorAction SilentlyContinue -ErrorVariable failures 4>&1 |
    ForEach-Object { if (`$_ -is [System.Management.Automation.VerboseRecord]) { [AhiBenchHttpTimeline]::Mark('verbose ' + `$_.Message) } else { `$_ } })
[AhiBenchHttpTimeline]::Mark('pipeline over')
@{ written = `$written.Count; errors = `$failures.Count; marks = @([AhiBenchHttpTimeline]::Marks) } | ConvertTo-Json -Compress
"@ -Pwsh $(if ($Pwsh -eq 'Precompiled') { @(Get-BenchPrecompiledPwsh) } else { @(Get-BenchCurrentPwsh) })
    $quotas = Invoke-RestMethod "$($service.Endpoint)/_local/quotas"
}
finally {
    Remove-Item Env:DOTNET_JitStdOutFile, Env:DOTNET_JitDisasmSummary -ErrorAction SilentlyContinue
    Remove-Item $idFile -ErrorAction SilentlyContinue
    Stop-BenchService $service
}

$marks = foreach ($line in $run.marks) {
    $ms, $jit, $what = $line -split '\|', 3
    [pscustomobject]@{ Ms = [double]$ms; Jit = [int]$jit; What = $what }
}
if ($All) { $marks | Format-Table -AutoSize | Out-String -Width 250 }

function First([scriptblock] $Where, [int] $Nth = 1) { @($marks | Where-Object $Where)[$Nth - 1] }
$summary = [ordered]@{
    'stopwatch started'              = First { $_.What -eq 'stopwatch started' }
    'connection resolved (verbose)'  = First { $_.What -like 'verbose Connection*' -or $_.What -like 'verbose *endpoint*' }
    'first GetImageSet sent'         = First { $_.What -eq 'start getImageSet' }
    'first GetImageSet answered'     = First { $_.What -like 'stop getImageSet*' }
    'first write sent'               = First { $_.What -eq 'start updateImageSetMetadata' }
    'first write answered'           = First { $_.What -like 'stop updateImageSetMetadata*' }
    '40th write sent'                = First { $_.What -eq 'start updateImageSetMetadata' } 40
    'first throttle answered'        = First { $_.What -like 'stop updateImageSetMetadata 429' }
    'last write answered'            = @($marks | Where-Object { $_.What -like 'stop updateImageSetMetadata*' })[-1]
    'pipeline over'                  = First { $_.What -eq 'pipeline over' }
}
$summary.GetEnumerator() | ForEach-Object {
    [pscustomobject]@{ Mark = $_.Key; Ms = $_.Value.Ms; JitCompiled = $_.Value.Jit; Event = $_.Value.What }
} | Format-Table -AutoSize | Out-String -Width 250
$firstWrite = $summary['first write sent'].Ms
$over = $summary['pipeline over'].Ms
"written $($run.written), errors $($run.errors), throttled $($quotas.throttledTotal) of $($quotas.requestTotal) calls; " +
"from the first write: $([math]::Round(($over - $firstWrite) / 1000, 2)) s; whole pipeline: $([math]::Round($over / 1000, 2)) s"
Remove-Item $listenerDll -ErrorAction SilentlyContinue
