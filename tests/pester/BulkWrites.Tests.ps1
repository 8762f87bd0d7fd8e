# Many items in flight (-ThrottleLimit): order per image set, ShouldProcess on the pipeline thread, -ErrorAction Stop,
# Ctrl+C with several writes on their way, and progress. Nothing here measures time: the local service holds requests
# (Set-AhiTestFault -Action Hold) to keep writes in flight while the test looks.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession -ArgumentList '--workflow-delay-ms', '50'
    $script:OtherWriterStudy = @{ Study = @{ DICOM = @{ StudyDescription = 'OTHER WRITER' } } }

    if (-not ('AhiAnsweringHost' -as [type])) {
        # A host that answers ShouldProcess prompts from a script and records what it was asked.
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

public sealed class AhiAnsweringHost : PSHost
{
    private readonly AhiAnsweringUI _ui;
    public AhiAnsweringHost(string[] answers) { _ui = new AhiAnsweringUI(answers); }
    public List<string> Prompts { get { return _ui.Prompts; } }
    public override string Name { get { return "AhiAnsweringHost"; } }
    public override Version Version { get { return new Version(1, 0); } }
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI { get { return _ui; } }
    public override CultureInfo CurrentCulture { get { return CultureInfo.InvariantCulture; } }
    public override CultureInfo CurrentUICulture { get { return CultureInfo.InvariantCulture; } }
    public override void SetShouldExit(int exitCode) { }
    public override void EnterNestedPrompt() { throw new NotSupportedException(); }
    public override void ExitNestedPrompt() { throw new NotSupportedException(); }
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

public sealed class AhiAnsweringUI : PSHostUserInterface
{
    private readonly Queue<string> _answers;
    public AhiAnsweringUI(string[] answers) { _answers = new Queue<string>(answers); }
    public List<string> Prompts { get; } = new List<string>();
    public override PSHostRawUserInterface RawUI { get { return null; } }
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Prompts.Add(message);
        string answer = _answers.Dequeue();
        for (int i = 0; i < choices.Count; i++) { if (choices[i].Label.Replace("&", "") == answer) return i; }
        throw new InvalidOperationException("No choice " + answer);
    }
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) { throw new NotSupportedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) { throw new NotSupportedException(); }
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) { throw new NotSupportedException(); }
    public override string ReadLine() { throw new NotSupportedException(); }
    public override SecureString ReadLineAsSecureString() { throw new NotSupportedException(); }
    public override void Write(string value) { }
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { }
    public override void WriteLine(string value) { }
    public override void WriteErrorLine(string value) { }
    public override void WriteDebugLine(string message) { }
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override void WriteVerboseLine(string message) { }
    public override void WriteWarningLine(string message) { }
}
'@
    }

    function Get-MetadataJson([string] $ImageSetId, [string] $VersionId) { Get-AhiTestMetadataJson -Service $Service -ImageSetId $ImageSetId -VersionId $VersionId }

    function New-ShellWithModule {
        param([System.Management.Automation.Host.PSHost] $AnsweringHost)
        $shell = [PowerShell]::Create()
        if ($AnsweringHost) {
            $runspace = [runspacefactory]::CreateRunspace($AnsweringHost)
            $runspace.Open()
            $shell.Runspace = $runspace
        }
        $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement()
        $shell
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Bulk writes with several items in flight' {
    It 'keeps the input order of the writes to each image set, while other image sets are written meanwhile' {
        # A workflow that outlasts the checks below: the second revert of each image set surely meets the first one's
        # version LOCKED, and reading a version before its workflow is over (it still shows the document it started
        # from) fails every time, not now and then.
        $slow = Start-AhiTestService -ArgumentList '--workflow-delay-ms', '1000'
        try {
            $c = Get-AhiTestConnection $slow
            $d = $slow.DatastoreId
            # Versions 2 and 3 (settled at once) change the study description.
            $x, $y = foreach ($imageSet in 1, 2) {
                $document = New-AhiTestDocument
                $id = New-AhiTestImageSet -Service $slow -Document $document
                foreach ($description in 'SECOND', 'THIRD') {
                    $document.Study.DICOM.StudyDescription = $description
                    Invoke-RestMethod -Method Post -Uri "$($slow.Endpoint)/_local/datastore/$d/imageSet/$id/versions" `
                        -ContentType 'application/json' -Body ($document | ConvertTo-Json -Depth 20) | Out-Null
                }
                $id
            }

            # Back to version 1, then to version 2, for both image sets, interleaved: the second revert of each must
            # come after its first, or version 5 would equal version 1.
            $reverts = @(
                [pscustomobject]@{ ImageSetId = $x; VersionId = '1' }
                [pscustomobject]@{ ImageSetId = $y; VersionId = '1' }
                [pscustomobject]@{ ImageSetId = $x; VersionId = '2' }
                [pscustomobject]@{ ImageSetId = $y; VersionId = '2' }
            )
            $out = @($reverts | Undo-AHIImageSetMetadata -DatastoreId $d -ThrottleLimit 8 @c -ErrorVariable failures)

            $failures | Should -BeNullOrEmpty
            $out.Count | Should -Be 4
            # Without -Wait the last reverts are still in their workflow: version 5 shows its content only once it is over.
            (Wait-AHIImageSet -DatastoreId $d -ImageSetId $x, $y @c).WorkflowStatus | Should -Be @('UPDATED', 'UPDATED')
            foreach ($id in $x, $y) {
                Get-AhiTestVersionCount -Service $slow -ImageSetId $id | Should -Be 5
                Get-AhiTestMetadataJson -Service $slow -ImageSetId $id -VersionId 4 | Should -Be (Get-AhiTestMetadataJson -Service $slow -ImageSetId $id -VersionId 1)
                Get-AhiTestMetadataJson -Service $slow -ImageSetId $id -VersionId 5 | Should -Be (Get-AhiTestMetadataJson -Service $slow -ImageSetId $id -VersionId 2)
            }
        }
        finally {
            Stop-AhiTestService $slow
        }
    }

    It 'writes an image set piped in several times once per time, with no error' {
        $a = New-AhiTestImageSet -Service $Service
        $b = New-AhiTestImageSet -Service $Service

        $out = @($a, $b, $a, $b, $a | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'AGAIN' } -ThrottleLimit 4 @Connection -ErrorVariable failures)

        $failures | Should -BeNullOrEmpty
        $out.Count | Should -Be 5
        Get-AhiTestVersionCount -Service $Service -ImageSetId $a | Should -Be 4
        Get-AhiTestVersionCount -Service $Service -ImageSetId $b | Should -Be 3
    }

    It 'asks before each write with -Confirm, on the pipeline thread, and Yes to All stops asking' {
        $ids = @(1..4 | ForEach-Object { New-AhiTestImageSet -Service $Service })
        $answering = [AhiAnsweringHost]::new([string[]]@('Yes', 'No', 'Yes to All'))
        $shell = New-ShellWithModule -AnsweringHost $answering
        try {
            $arguments = @{ DatastoreId = $Datastore; ImageSetId = $ids; Study = @{ StudyDescription = 'ASKED' }; Confirm = $true; ThrottleLimit = 4 } + $Connection
            $out = @($shell.AddCommand('Update-AHIImageSetMetadata').AddParameters($arguments).Invoke())

            $shell.Streams.Error | Should -BeNullOrEmpty
            $answering.Prompts.Count | Should -Be 3
            $refused = @($ids | Where-Object { $answering.Prompts[1] -like "*$_*" })
            $refused.Count | Should -Be 1
            $out.Count | Should -Be 3
            $out.ImageSetId | Should -Not -Contain $refused[0]
            foreach ($id in $ids) {
                Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be ($(if ($id -eq $refused[0]) { 1 } else { 2 }))
            }
        }
        finally {
            $shell.Runspace.Dispose()
            $shell.Dispose()
        }
    }

    It '-WhatIf sends nothing for any item and says what each would do' {
        $ids = @(1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service })
        $text = Invoke-AhiModuleInChild -Service $Service -Command "'$($ids -join "','")' | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'WHATIF' } -ThrottleLimit 3 -WhatIf @c"

        ([regex]::Matches($text, 'What if:')).Count | Should -Be 3
        foreach ($id in $ids) {
            $text | Should -BeLike "*Image set $id in datastore $Datastore (latest version 1)*"
            Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be 1
        }
    }

    It '-ErrorAction Stop starts nothing after the failing item, and finishes and reports the write already in flight' {
        $held = New-AhiTestImageSet -Service $Service
        $signal = New-AhiTestImageSet -Service $Service
        $after = New-AhiTestImageSet -Service $Service
        $missing = 'c' * 32
        # The first update is held on its way, so it is still in flight when the missing image set fails.
        Set-AhiTestFault -Service $Service -ImageSetId $held -Action Hold -DelayMs 5000 -OtherWriterUpdate $OtherWriterStudy -OtherWriterImageSetId $signal

        $out = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            $held, $missing, $after | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'STOP' } -ThrottleLimit 2 -ErrorAction Stop @Connection | ForEach-Object { $out.Add($_) }
        }
        catch {
            $caught = $_
        }

        $caught | Should -Not -BeNullOrEmpty
        $caught | Should -BeAhiError ResourceNotFoundException -TargetObject $missing
        $out.ImageSetId | Should -Be @($held)
        Get-AhiTestVersionCount -Service $Service -ImageSetId $held | Should -Be 2
        Get-AhiTestVersionCount -Service $Service -ImageSetId $after | Should -Be 1 -Because 'nothing starts after the failing item'
    }

    It 'Ctrl+C stops promptly and names every write that was on its way, with how to check it' {
        $ids = @(1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service })
        $signals = @{}
        foreach ($id in $ids) {
            $signals[$id] = New-AhiTestImageSet -Service $Service
            Set-AhiTestFault -Service $Service -ImageSetId $id -Action Hold -DelayMs 60000 -OtherWriterUpdate $OtherWriterStudy -OtherWriterImageSetId $signals[$id]
        }
        $shell = New-ShellWithModule
        try {
            $arguments = @{ DatastoreId = $Datastore; ImageSetId = $ids; Patient = @{ PatientSex = 'M' }; ThrottleLimit = 4 } + $Connection
            $null = $shell.AddCommand('Update-AHIImageSetMetadata').AddParameters($arguments)
            Stop-AhiTestInvocation $shell -Ready { @($ids | Where-Object { (Get-AhiTestVersionCount -Service $Service -ImageSetId $signals[$_]) -ge 2 }).Count -eq 3 }

            $warnings = @($shell.Streams.Warning.Message)
            $warnings.Count | Should -Be 3
            foreach ($id in $ids) {
                Get-AhiTestVersionCount -Service $Service -ImageSetId $id | Should -Be 1 -Because 'the held updates were stopped before the service carried them out'
                @($warnings | Where-Object { $_ -like "Stopped while the update of image set $id in datastore $Datastore was being sent: the service may or may not have carried it out. If Get-AHIImageSetVersion -DatastoreId $Datastore -ImageSetId $id shows a version after 1, it did*" }).Count | Should -Be 1
            }
        }
        finally {
            $shell.Dispose()
        }
    }

    It 'shows progress: done of the total when the IDs are given as a parameter, in flight, failed, throttled and the rate' {
        $ids = @(1..3 | ForEach-Object { New-AhiTestImageSet -Service $Service })
        $shell = New-ShellWithModule
        try {
            $arguments = @{ DatastoreId = $Datastore; ImageSetId = $ids + @('d' * 32); Study = @{ StudyDescription = 'PROGRESS' }; Wait = $true; ErrorAction = 'SilentlyContinue' } + $Connection
            $null = $shell.AddCommand('Update-AHIImageSetMetadata').AddParameters($arguments).Invoke()

            $records = @($shell.Streams.Progress | Where-Object Activity -eq 'Updating image sets')
            $records.Count | Should -BeGreaterThan 1
            $records[0].StatusDescription | Should -Match '^\d+ of 4 done, \d+ in flight, \d+ failed, \d+ throttled, \d+\.\d/s$'
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally {
            $shell.Dispose()
        }
    }

    It 'shows progress without a total for IDs piped in' {
        $ids = @(1..2 | ForEach-Object { New-AhiTestImageSet -Service $Service })
        $shell = New-ShellWithModule
        try {
            $arguments = @{ DatastoreId = $Datastore; Study = @{ StudyDescription = 'PIPED' } } + $Connection
            $null = $shell.AddScript('param($Ids, $Arguments) $Ids | Update-AHIImageSetMetadata @Arguments').AddArgument($ids).AddArgument($arguments).Invoke()

            $records = @($shell.Streams.Progress | Where-Object Activity -eq 'Updating image sets')
            $records[0].StatusDescription | Should -Match '^\d+ done, \d+ in flight, 0 failed, \d+ throttled, \d+\.\d/s$'
            $records[0].PercentComplete | Should -Be -1
        }
        finally {
            $shell.Dispose()
        }
    }
}
