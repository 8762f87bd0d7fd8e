# Should -BeAhiError: one error record with the given ErrorId and, when given, category and target.
#
#   $failures | Should -BeAhiError StaleVersion -Category InvalidOperation -TargetObject $id
#
# The actual value is the errors a command wrote (an -ErrorVariable list, piped or passed whole) or one ErrorRecord;
# there must be exactly one. The ErrorId is the part of FullyQualifiedErrorId before the first comma (PowerShell adds
# the command's type after it); several ErrorIds mean any one of them (for a fault the service picks at random).
# Loaded by common.ps1; Add-ShouldOperator ignores an identical second registration.

function Test-AhiErrorRecord {
    param(
        $ActualValue,
        [string[]] $ExpectedValue,
        $Category,
        $TargetObject,
        [switch] $Negate,
        [string] $Because,
        $CallerSessionState
    )

    # The records: a piped list arrives as an array, an -ErrorVariable list passed whole as one ArrayList.
    $records = @(foreach ($item in @($ActualValue)) {
            if ($item -is [System.Collections.IEnumerable] -and $item -isnot [string] -and $item -isnot [System.Management.Automation.ErrorRecord]) {
                foreach ($inner in $item) { $inner }
            }
            elseif ($null -ne $item) {
                $item
            }
        })
    $records = @(foreach ($record in $records) {
            if ($record -is [System.Management.Automation.IContainsErrorRecord]) { $record.ErrorRecord } else { $record }
        })

    $expected = "an error with ErrorId '$($ExpectedValue -join "' or '")'"
    if ($PSBoundParameters.ContainsKey('Category')) {
        # A misspelt category fails here, not as a confusing mismatch.
        $Category = [System.Management.Automation.ErrorCategory] $Category
        $expected += ", category $Category"
    }
    if ($PSBoundParameters.ContainsKey('TargetObject')) {
        $expected += ", target '$TargetObject'"
    }
    $reason = if ($Because) { " because $($Because.Trim())" } else { '' }

    $problem = $null
    if ($records.Count -ne 1) {
        $ids = ($records | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.FullyQualifiedErrorId } else { "$_" } }) -join '; '
        $problem = if ($records.Count -eq 0) { 'no error' } else { "$($records.Count) errors: $ids" }
    }
    elseif ($records[0] -isnot [System.Management.Automation.ErrorRecord]) {
        $problem = "a $($records[0].GetType().FullName) that is not an ErrorRecord: $($records[0])"
    }
    else {
        $record = $records[0]
        $actualId = ($record.FullyQualifiedErrorId -split ',', 2)[0]
        $actualTarget = $record.TargetObject
        if ($actualId -cnotin $ExpectedValue) {
            $problem = "ErrorId '$actualId' ($($record.FullyQualifiedErrorId))"
        }
        elseif ($PSBoundParameters.ContainsKey('Category') -and $record.CategoryInfo.Category -ne $Category) {
            $problem = "category $($record.CategoryInfo.Category)"
        }
        elseif ($PSBoundParameters.ContainsKey('TargetObject') -and -not $(
                if ($TargetObject -is [string]) { $actualTarget -is [string] -and [string]::Equals($actualTarget, $TargetObject, [StringComparison]::Ordinal) }
                else { [object]::Equals($actualTarget, $TargetObject) })) {
            $problem = "target '$actualTarget'"
        }
        if ($problem) {
            $problem += ": $($record.Exception.Message)"
        }
    }

    $matched = $null -eq $problem
    if ($Negate) {
        return [pscustomobject]@{
            Succeeded      = -not $matched
            FailureMessage = if ($matched) { "Expected anything but $expected$reason, but got exactly that: $($records[0].Exception.Message)" }
        }
    }
    [pscustomobject]@{
        Succeeded      = $matched
        FailureMessage = if (-not $matched) { "Expected $expected$reason, but got $problem" }
    }
}

Add-ShouldOperator -Name BeAhiError -Test ${function:Test-AhiErrorRecord} -SupportsArrayInput
