BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
    $script:Offline = @{ EndpointUrl = 'http://127.0.0.1:9'; AccessKey = 'A'; SecretKey = 'B'; Region = 'us-east-1' }

    function New-SearchFixture([string] $PatientId, [string] $Accession, [string] $StudyDate, [string] $StudyTime = '101500') {
        $document = New-AhiTestDocument -PatientId $PatientId
        $document.Study.DICOM.AccessionNumber = $Accession
        $document.Study.DICOM.StudyDate = $StudyDate
        $document.Study.DICOM.StudyTime = $StudyTime
        # Each fixture is stamped a later millisecond than the one before: sorting by createdAt has no ties.
        Wait-AhiTestNextMillisecond
        [pscustomobject]@{
            ImageSetId        = New-AhiTestImageSet -Service $Service -Document $document
            StudyInstanceUID  = $document.Study.DICOM.StudyInstanceUID
            SeriesInstanceUID = @($document.Study.Series.Keys)[0]
            StudyDate         = $StudyDate
        }
    }

    # Patient A has three studies in 2023 and 2024, made in this order.
    $script:PatientA = 'PID-A-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
    $script:A = @(
        New-SearchFixture $PatientA 'ACC-A1' '20230110'
        New-SearchFixture $PatientA 'ACC-A2' '20230615'
        New-SearchFixture $PatientA 'ACC-A3' '20240220'
    )
    $script:B = New-SearchFixture 'PID-B' 'ACC-B1' '20230615'
    $script:PatientBulk = 'PID-BULK'
    $script:Bulk = 1..55 | ForEach-Object { (New-SearchFixture $PatientBulk ('ACC-BULK-{0:d2}' -f $_) '20220101').ImageSetId }

    function Get-VerboseRequests($Stream) {
        @($Stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -like 'SearchImageSets*' })
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Search-AHIImageSet' {
    Context 'filters' {
        It 'finds a patient''s image sets as AhiTools.ImageSetSummary objects with their DICOM attributes' {
            $found = @(Search-AHIImageSet $Datastore -PatientId $PatientA @Connection)
            $found.Count | Should -Be 3
            ($found.ImageSetId | Sort-Object) | Should -Be ($A.ImageSetId | Sort-Object)
            $first = $found | Where-Object ImageSetId -eq $A[0].ImageSetId
            $first | Should -BeOfType ([AhiTools.ImageSetSummary])
            $first.DatastoreId | Should -Be $Datastore
            $first.VersionId | Should -BeOfType ([long])
            $first.VersionId | Should -Be 1
            $first.PatientId | Should -Be $PatientA
            $first.PatientName | Should -Be 'DOE^JANE'
            $first.AccessionNumber | Should -Be 'ACC-A1'
            $first.StudyDate | Should -Be '20230110'
            $first.StudyTime | Should -Be '101500'
            $first.StudyInstanceUID | Should -Be $A[0].StudyInstanceUID
            $first.SeriesInstanceUID | Should -Be $A[0].SeriesInstanceUID
            $first.SeriesModality | Should -Be 'CT'
            $first.NumberOfStudyRelatedSeries | Should -Be 1
            $first.NumberOfStudyRelatedInstances | Should -Be 2
            $first.CreatedAt | Should -BeOfType ([DateTimeOffset])
            $first.IsPrimary | Should -BeFalse
        }

        It 'finds one study by accession number, study instance UID, series instance UID and study ID' {
            (Search-AHIImageSet $Datastore -AccessionNumber 'ACC-A2' @Connection).ImageSetId | Should -Be $A[1].ImageSetId
            (Search-AHIImageSet $Datastore -StudyInstanceUID $A[2].StudyInstanceUID @Connection).ImageSetId | Should -Be $A[2].ImageSetId
            (Search-AHIImageSet $Datastore -SeriesInstanceUID $B.SeriesInstanceUID @Connection).ImageSetId | Should -Be $B.ImageSetId
            @(Search-AHIImageSet $Datastore -StudyId '1' -PatientId $PatientA @Connection).Count | Should -Be 3
        }

        It 'filters by study date range, with either bound left open' {
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateFrom 2023-06-01 @Connection).ImageSetId | Sort-Object |
                Should -Be (@($A[1].ImageSetId, $A[2].ImageSetId) | Sort-Object)
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateTo 2023-06-15 @Connection).Count | Should -Be 2
            @(Search-AHIImageSet $Datastore -StudyDateFrom 2023-06-15 -StudyDateTo 2023-06-15 @Connection).ImageSetId | Sort-Object |
                Should -Be (@($A[1].ImageSetId, $B.ImageSetId) | Sort-Object)
        }

        It 'reads DICOM dates (yyyyMMdd, typed as a number or as text) and ISO dates alike' {
            $june = @($A[1].ImageSetId)
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateFrom 20230601 -StudyDateTo 20231231 @Connection).ImageSetId | Should -Be $june
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateFrom '20230601' -StudyDateTo '20231231' @Connection).ImageSetId | Should -Be $june
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateFrom '2023-06-01' -StudyDateTo '2023-12-31T23:00:00Z' @Connection).ImageSetId | Should -Be $june
            # The whole last day counts, whatever the study's time.
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateFrom 20230615 -StudyDateTo 20230615 @Connection).ImageSetId | Should -Be $june
            # A created-at bound typed the DICOM way is a date too, not the year 1.
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -CreatedBefore 20000101 @Connection) | Should -BeNullOrEmpty
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -CreatedAfter 20000101 @Connection).Count | Should -Be 3
        }

        It 'shows the date bounds it sends in verbose output, and still no patient ID' {
            $stream = @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateFrom 20230601 -Verbose @Connection 4>&1)
            $requests = Get-VerboseRequests $stream
            "$($requests[0])" | Should -Match 'DICOMStudyDate BETWEEN 20230601 AND 99991231 \(whole days\)'
            ($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" | Should -Not -Match $PatientA

            $stream = @(Search-AHIImageSet $Datastore -CreatedAfter '2024-03-01T10:00:00+02:00' -CreatedBefore '2024-03-02T00:00:00Z' -Verbose @Connection 4>&1)
            "$((Get-VerboseRequests $stream)[0])" | Should -Match 'createdAt BETWEEN 2024-03-01T08:00:00Z AND 2024-03-02T00:00:00Z'
        }

        It 'filters by creation and update time' {
            # Everything made so far is stamped before $before, and the late fixture after it (New-SearchFixture moves
            # on to the next millisecond before it creates).
            Wait-AhiTestNextMillisecond
            $before = Get-Date
            $late = New-SearchFixture $PatientA 'ACC-A4' '20240301'
            try {
                @(Search-AHIImageSet $Datastore -PatientId $PatientA -CreatedAfter $before @Connection).ImageSetId | Should -Be @($late.ImageSetId)
                @(Search-AHIImageSet $Datastore -PatientId $PatientA -CreatedBefore $before @Connection).Count | Should -Be 3
                @(Search-AHIImageSet $Datastore -UpdatedAfter $before -UpdatedBefore (Get-Date).AddMinutes(1) @Connection).ImageSetId | Should -Be @($late.ImageSetId)
            }
            finally {
                Remove-AHIImageSet $Datastore $late.ImageSetId -Confirm:$false -Wait @Connection | Out-Null
            }
        }

        It 'filters on the primary flag' {
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -IsPrimary $false @Connection).Count | Should -Be 3
            @(Search-AHIImageSet $Datastore -PatientId $PatientA -IsPrimary $true @Connection) | Should -BeNullOrEmpty
        }

        It 'sorts by study date and time, either way' {
            (Search-AHIImageSet $Datastore -PatientId $PatientA -SortBy StudyDateAndTime -SortOrder Ascending @Connection).StudyDate |
                Should -Be @('20230110', '20230615', '20240220')
            (Search-AHIImageSet $Datastore -PatientId $PatientA -SortBy StudyDateAndTime @Connection).StudyDate |
                Should -Be @('20240220', '20230615', '20230110')
            (Search-AHIImageSet $Datastore -PatientId $PatientA -SortBy CreatedAt -SortOrder Ascending @Connection).ImageSetId |
                Should -Be $A.ImageSetId
        }
    }

    Context 'refused before sending' {
        It 'refuses more than two filters, naming the parameters and not the values' {
            $err = { Search-AHIImageSet $Datastore -PatientId 'PID-SECRET-7' -AccessionNumber 'ACC-SECRET' -CreatedAfter 2024-01-01 @Offline } |
                Should -Throw -PassThru
            $err | Should -BeAhiError TooManySearchFilters -Category InvalidArgument
            $err.Exception.Message | Should -Match '-PatientId, -AccessionNumber, -CreatedAfter/-CreatedBefore make 3'
            $err.Exception.Message | Should -Match 'Nothing was sent'
            "$err $($err.ErrorDetails.RecommendedAction)" | Should -Not -Match 'SECRET'
        }

        It 'refuses a date range whose start is after its end' {
            { Search-AHIImageSet $Datastore -CreatedAfter 2024-02-01 -CreatedBefore 2024-01-01 @Offline } |
                Should -Throw -ErrorId 'InvalidSearchRange,AhiTools.Commands.SearchImageSetCommand'
            { Search-AHIImageSet $Datastore -StudyDateFrom 2024-02-01 -StudyDateTo 2024-01-01 @Offline } |
                Should -Throw -ErrorId 'InvalidSearchRange,AhiTools.Commands.SearchImageSetCommand'
        }

        It 'refuses a UID that is not digits and dots, without echoing it' {
            $err = { Search-AHIImageSet $Datastore -StudyInstanceUID '1.2.3 SECRET' @Offline } |
                Should -Throw -ErrorId 'InvalidSearchUid,AhiTools.Commands.SearchImageSetCommand' -PassThru
            "$err" | Should -Not -Match 'SECRET'
            { Search-AHIImageSet $Datastore -SeriesInstanceUID 'abc' @Offline } |
                Should -Throw -ErrorId 'InvalidSearchUid,AhiTools.Commands.SearchImageSetCommand'
        }

        It 'refuses an impossible date range, naming both bounds' {
            $err = { Search-AHIImageSet $Datastore -StudyDateFrom 20240201 -StudyDateTo 20240131 @Offline } |
                Should -Throw -ErrorId 'InvalidSearchRange,AhiTools.Commands.SearchImageSetCommand' -PassThru
            $err.Exception.Message | Should -BeLike '*-StudyDateFrom (20240201) is later than -StudyDateTo (20240131)*Nothing was sent*'
            { Search-AHIImageSet $Datastore -UpdatedAfter '2024-02-01T00:00:00Z' -UpdatedBefore '2024-01-31T23:59:59Z' @Offline } |
                Should -Throw -ErrorId 'InvalidSearchRange,AhiTools.Commands.SearchImageSetCommand'
        }

        It 'refuses a date before 1900 for <Parameter>, saying how to give a date' -TestCases @(
            @{ Parameter = 'StudyDateFrom'; Value = [datetime]::MinValue }
            @{ Parameter = 'StudyDateTo'; Value = '18991231' }
            @{ Parameter = 'CreatedAfter'; Value = '1899-12-31' }
            @{ Parameter = 'UpdatedBefore'; Value = [datetime]'1850-06-01' }
        ) {
            $arguments = @{ $Parameter = $Value }
            $err = { Search-AHIImageSet $Datastore @arguments @Offline } |
                Should -Throw -PassThru
            $err | Should -BeAhiError InvalidSearchDate -Category InvalidArgument
            $err.Exception.Message | Should -BeLike "-$Parameter is *, before 1900-01-01*Nothing was sent*"
            $err.ErrorDetails.RecommendedAction | Should -BeLike '*20240301*'
        }

        It 'refuses text or a number that is no date, before sending' {
            $err = { Search-AHIImageSet $Datastore -StudyDateFrom 'last tuesday' @Offline } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,AhiTools.Commands.SearchImageSetCommand' -PassThru
            $err.Exception.Message | Should -BeLike '*is not a date*20240301*'
            { Search-AHIImageSet $Datastore -StudyDateFrom 20231301 @Offline } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,AhiTools.Commands.SearchImageSetCommand' -ExpectedMessage '*no calendar date*'
            { Search-AHIImageSet $Datastore -CreatedAfter 2024 @Offline } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,AhiTools.Commands.SearchImageSetCommand' -ExpectedMessage '*only a DICOM date*'
        }

        It 'refuses text with an unpaired surrogate in <Parameter> as InvalidTextEncoding, as Update does' -TestCases @(
            @{ Parameter = 'PatientId' }
            @{ Parameter = 'AccessionNumber' }
            @{ Parameter = 'StudyId' }
            @{ Parameter = 'StudyInstanceUID' }
        ) {
            $arguments = @{ $Parameter = "P$([char]0xD800)" }
            $err = { Search-AHIImageSet $Datastore @arguments @Offline } |
                Should -Throw -ErrorId 'InvalidTextEncoding,AhiTools.Commands.SearchImageSetCommand' -PassThru
            $err.Exception.Message | Should -BeLike "-$Parameter holds an unpaired UTF-16 surrogate*Nothing was sent*"
        }

        It 'does not find the U+FFFD image set that a lone surrogate would have matched' {
            $replaced = New-SearchFixture "P$([char]0xFFFD)" 'ACC-FFFD' '20230101'
            try {
                (Search-AHIImageSet $Datastore -PatientId "P$([char]0xFFFD)" @Connection).ImageSetId | Should -Be $replaced.ImageSetId
                $found = [System.Collections.Generic.List[object]]::new()
                { Search-AHIImageSet $Datastore -PatientId "P$([char]0xD800)" @Connection | ForEach-Object { $found.Add($_) } } |
                    Should -Throw -ErrorId 'InvalidTextEncoding,AhiTools.Commands.SearchImageSetCommand'
                $found.Count | Should -Be 0
            }
            finally {
                Remove-AHIImageSet $Datastore $replaced.ImageSetId -Confirm:$false @Connection | Out-Null
            }
        }

        It 'refuses a UID longer than 64 characters, or with empty parts, as Update does' {
            $long = '1.' + ('2' * 63)
            $err = { Search-AHIImageSet $Datastore -StudyInstanceUID $long @Offline } |
                Should -Throw -ErrorId 'InvalidSearchUid,AhiTools.Commands.SearchImageSetCommand' -PassThru
            $err.Exception.Message | Should -BeLike '*-StudyInstanceUID is 65 characters long, and a DICOM UID has at most 64*'
            "$err" | Should -Not -Match $long
            { Search-AHIImageSet $Datastore -SeriesInstanceUID '1..2' @Offline } |
                Should -Throw -ErrorId 'InvalidSearchUid,AhiTools.Commands.SearchImageSetCommand'
            # 64 characters is a UID.
            @(Search-AHIImageSet $Datastore -StudyInstanceUID ('1.' + ('2' * 62)) @Connection) | Should -BeNullOrEmpty
        }

        It 'refuses a value longer than the service takes, and unknown sort fields' {
            { Search-AHIImageSet $Datastore -PatientId ('P' * 513) @Offline } |
                Should -Throw -ErrorId 'SearchValueTooLong,AhiTools.Commands.SearchImageSetCommand'
            { Search-AHIImageSet $Datastore -SortBy PatientName @Offline } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,AhiTools.Commands.SearchImageSetCommand'
        }
    }

    Context 'paging and streaming' {
        It 'reads every page and writes the first page before it asks for the second' {
            $stream = @(Search-AHIImageSet $Datastore -PatientId $PatientBulk -Verbose @Connection 4>&1)
            @($stream | Where-Object { $_ -is [AhiTools.ImageSetSummary] }).Count | Should -Be 55
            $requests = @(0..($stream.Count - 1) | Where-Object { $stream[$_] -is [System.Management.Automation.VerboseRecord] -and "$($stream[$_])" -like 'SearchImageSets*' })
            $requests.Count | Should -Be 2
            @($stream[$requests[0]..$requests[1]] | Where-Object { $_ -is [AhiTools.ImageSetSummary] }).Count | Should -Be 50
            "$($stream[$requests[1]])" | Should -Match 'next page'
        }

        It 'asks for no more than -First needs and applies -Skip' {
            $stream = @(Search-AHIImageSet $Datastore -PatientId $PatientBulk -First 3 -Verbose @Connection 4>&1)
            @($stream | Where-Object { $_ -is [AhiTools.ImageSetSummary] }).Count | Should -Be 3
            $requests = Get-VerboseRequests $stream
            $requests.Count | Should -Be 1
            "$($requests[0])" | Should -Match 'maxResults 3\b'
            @(Search-AHIImageSet $Datastore -PatientId $PatientBulk -Skip 50 @Connection).Count | Should -Be 5
        }

        It 'names the filters in verbose output but never the patient ID' {
            $stream = @(Search-AHIImageSet $Datastore -PatientId $PatientA -StudyDateFrom 2023-01-01 -SortBy CreatedAt -Verbose @Connection 4>&1)
            $requests = Get-VerboseRequests $stream
            "$($requests[0])" | Should -Match 'DICOMPatientId EQUAL, DICOMStudyDate BETWEEN 20230101 AND 99991231 \(whole days\); sort createdAt DESC'
            ($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) -join "`n" | Should -Not -Match $PatientA
        }
    }

    Context 'stopping' {
        It 'stops a search waiting on a slow service promptly when the pipeline is stopped (Ctrl+C)' {
            $slow = Start-AhiTestService -ArgumentList '--fault-latency-ms', '60000'
            $shell = [PowerShell]::Create()
            try {
                $arguments = @{ DatastoreId = $slow.DatastoreId; PatientId = 'PID-SLOW'; Verbose = $true } + (Get-AhiTestConnection $slow)
                $null = $shell.AddCommand('Import-Module').AddParameter('Name', $ModuleManifest).AddStatement().AddCommand('Search-AHIImageSet').AddParameters($arguments)
                # The cmdlet names the request just before it sends it; the open connection says it is on its way, and
                # the service answers it after a minute.
                Stop-AhiTestInvocation $shell -Ready { (Get-VerboseRequests $shell.Streams.Verbose) -and (Test-AhiTestRequestOpen $slow) }
            }
            finally {
                $shell.Dispose()
                Stop-AhiTestService $slow
            }
        }
    }

    Context 'pipelines' {
        It 'takes datastores from Get-AHIDatastore and reports an unknown datastore per item' {
            @(Get-AHIDatastore -Name pester @Connection | Search-AHIImageSet -PatientId $PatientA @Connection).Count | Should -Be 3
            $missing = '0' * 32
            $found = @($missing, $Datastore | Search-AHIImageSet -PatientId $PatientA @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)
            $found.Count | Should -Be 3
            $failures | Should -BeAhiError ResourceNotFoundException -TargetObject $missing
            "$($failures[0]) $($failures[0].ErrorDetails)" | Should -Not -Match $PatientA
        }

        It 'pipes its results into Get-AHIImageSetVersion, Get-AHIImageSetMetadata, Update, Undo and Remove' {
            $patient = 'PID-PIPE-' + [guid]::NewGuid().ToString('n').Substring(0, 6)
            $ids = 1..2 | ForEach-Object { (New-SearchFixture $patient "ACC-P$_" '20240101').ImageSetId }

            @(Search-AHIImageSet $Datastore -PatientId $patient @Connection | Get-AHIImageSetVersion @Connection).Count | Should -Be 2
            $updated = @(Search-AHIImageSet $Datastore -PatientId $patient @Connection |
                    Update-AHIImageSetMetadata -Study @{ StudyDescription = 'FOUND' } -Wait @Connection)
            $updated.VersionId | Should -Be @(2, 2)
            (Search-AHIImageSet $Datastore -PatientId $patient @Connection).StudyDescription | Should -Be @('FOUND', 'FOUND')
            (Search-AHIImageSet $Datastore -PatientId $patient @Connection | Get-AHIImageSetMetadata @Connection).Study.DICOM.StudyDescription |
                Should -Be @('FOUND', 'FOUND')

            # A search result names the latest version: piped into Undo-AHIImageSetMetadata it undoes the latest change.
            $undone = @(Search-AHIImageSet $Datastore -PatientId $patient @Connection | Undo-AHIImageSetMetadata -Wait @Connection)
            $undone.VersionId | Should -Be @(3, 3)
            (Search-AHIImageSet $Datastore -PatientId $patient @Connection).StudyDescription | Should -Be @('CT CHEST', 'CT CHEST')

            $removed = @(Search-AHIImageSet $Datastore -PatientId $patient @Connection | Remove-AHIImageSet -Confirm:$false -Wait @Connection)
            ($removed.ImageSetId | Sort-Object) | Should -Be ($ids | Sort-Object)
            Search-AHIImageSet $Datastore -PatientId $patient @Connection | Should -BeNullOrEmpty
        }

        It 'exports VersionId as a number, and shows a table without patient identifiers' {
            $found = Search-AHIImageSet $Datastore -AccessionNumber 'ACC-A1' @Connection
            ($found | ConvertTo-Json -Compress) | Should -Match '"VersionId":1[,}]'
            $table = $found | Out-String -Width 200
            $table | Should -Match 'ImageSetId\s+VersionId\s+StudyDate\s+Modality\s+StudyDescription\s+IsPrimary\s+UpdatedAt'
            $table | Should -Match "$($A[0].ImageSetId)\s+1 20230110\s+CT\s+CT CHEST"
            $table | Should -Not -Match $PatientA
        }
    }
}
