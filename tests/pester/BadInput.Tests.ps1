# Bad input never crashes the pipeline or corrupts an image set: each case is refused before sending, as a
# non-terminating error per image set with a stable ErrorId, and the next image set is still processed.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession
    $script:Document = New-AhiTestDocument -SeriesCount 2 -InstancesPerSeries 1
    $script:Ids = @(
        New-AhiTestImageSet -Service $Service -Document $Document
        New-AhiTestImageSet -Service $Service -Document $Document
    )
    $script:SeriesUids = @($Document.Study.Series.Keys)

    # Runs the update over both image sets and returns the errors; no image set may get a new version.
    function Invoke-Refused {
        param([hashtable] $Arguments)
        $before = $Ids | ForEach-Object { Get-AhiTestVersionCount -Service $Service -ImageSetId $_ }
        $output = $Ids | Update-AHIImageSetMetadata -DatastoreId $Datastore @Arguments @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
        $output | Should -BeNullOrEmpty
        $after = $Ids | ForEach-Object { Get-AhiTestVersionCount -Service $Service -ImageSetId $_ }
        $after | Should -Be $before
        , $failures
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

Describe 'Update-AHIImageSetMetadata refuses bad input per image set' {
    It 'refuses <Case> as <ErrorId>, once per image set, without echoing values' -ForEach @(
        @{ Case = 'a Latin-1 file'; ErrorId = 'InvalidTextEncoding'; Names = 'UTF-8', 'Latin-1', 'Set-Content -Encoding utf8' }
        @{ Case = 'a lone surrogate in a -Patient value'; ErrorId = 'InvalidTextEncoding'; Names = 'PatientName', 'surrogate', 'U+FFFD' }
        @{ Case = 'a lone surrogate escape in JSON text'; ErrorId = 'InvalidTextEncoding'; Names = 'surrogate', 'U+FFFD' }
        @{ Case = 'a number as a -Patient key'; ErrorId = 'InvalidAttributeName'; Names = "'7'", 'DICOM keyword' }
        @{ Case = 'a boolean as a -Series key'; ErrorId = 'InvalidUid'; Names = "'True'", 'series UID' }
        @{ Case = 'a duplicate key in JSON text'; ErrorId = 'DuplicateJsonKey'; Names = 'StudyDescription', 'twice' }
        @{ Case = 'an empty document'; ErrorId = 'NothingToUpdate'; Names = 'identical version' }
        @{ Case = 'a document with empty levels'; ErrorId = 'NothingToUpdate'; Names = 'identical version' }
        @{ Case = 'NaN as a value'; ErrorId = 'InvalidAttributeValue'; Names = 'SliceThickness', 'NaN' }
        @{ Case = 'a value nested deeper than JSON allows'; ErrorId = 'InvalidDocument'; Names = 'ReferencedStudySequence', '48 levels' }
        @{ Case = 'a VR with a -Patient value'; ErrorId = 'VRNotAccepted'; Names = '-Patient.PatientName', 'Patient level', '-Patient @{' }
        @{ Case = 'DICOMVRs at Study level of a raw document'; ErrorId = 'VRNotAccepted'; Names = 'DICOMVRs', 'Study level', '-Study @{' }
        @{ Case = 'a mistyped -Study keyword'; ErrorId = 'UnknownKeyword'; Names = "'StudyDescripton'", 'Did you mean StudyDescription?' }
        @{ Case = 'a mistyped keyword in a raw document'; ErrorId = 'UnknownKeyword'; Names = "'PateintName'", 'Did you mean PatientName?' }
        @{ Case = 'a standard tag given by number'; ErrorId = 'StandardTagByNumber'; Names = '00100010 (PatientName)', 'Give it as PatientName.' }
        @{ Case = 'a mistyped keyword to remove'; ErrorId = 'UnknownKeyword'; Names = "'AccesionNumber'", 'Did you mean AccessionNumber?' }
    ) {
        $arguments = switch ($Case) {
            'a Latin-1 file' {
                $file = Join-Path $TestDrive 'latin1.json'
                [IO.File]::WriteAllBytes($file, [Text.Encoding]::Latin1.GetBytes('{"Patient":{"DICOM":{"PatientName":"QXMÜLLER^ANNA"}}}'))
                @{ UpdatableAttributes = $file }
            }
            'a lone surrogate in a -Patient value' { @{ Patient = @{ PatientName = "QXM$([char]0xD800)^ANNA" } } }
            'a lone surrogate escape in JSON text' { @{ UpdatableAttributes = '{"Patient":{"DICOM":{"PatientName":"QXM\ud800^ANNA"}}}' } }
            'a number as a -Patient key' { @{ Patient = @{ 7 = 'QXM' } } }
            'a boolean as a -Series key' { @{ Series = @{ $true = @{ SeriesDescription = 'QXM' } } } }
            'a duplicate key in JSON text' { @{ UpdatableAttributes = '{"Study":{"DICOM":{"StudyDescription":"QXM1","StudyDescription":"QXM2"}}}' } }
            'an empty document' { @{ UpdatableAttributes = '{}' } }
            'a document with empty levels' { @{ UpdatableAttributes = '{"SchemaVersion":"1.1","Patient":{},"Study":{"DICOM":{}}}' } }
            'NaN as a value' { @{ Instance = @{ "$($SeriesUids[0])/$(@($Document.Study.Series[$SeriesUids[0]].Instances.Keys)[0])" = @{ SliceThickness = [double]::NaN } } } }
            'a value nested deeper than JSON allows' {
                $item = @{ CodeValue = 'QXM' }
                foreach ($level in 1..40) { $item = @{ ReferencedSOPSequence = @($item) } }
                @{ Study = @{ ReferencedStudySequence = @($item) }; Force = $true }
            }
            'a VR with a -Patient value' { @{ Patient = @{ PatientName = @{ Value = 'QXM^ANNA'; VR = 'PN' } } } }
            'DICOMVRs at Study level of a raw document' { @{ UpdatableAttributes = '{"Study":{"DICOM":{"StudyDescription":"QXM"},"DICOMVRs":{"StudyDescription":"LO"}}}' } }
            'a mistyped -Study keyword' { @{ Study = @{ StudyDescripton = 'QXM' } } }
            'a mistyped keyword in a raw document' { @{ UpdatableAttributes = '{"Patient":{"DICOM":{"PateintName":"QXM"}}}' } }
            'a standard tag given by number' { @{ UpdatableAttributes = '{"Patient":{"DICOM":{"00100010":"QXM^ANNA"}}}' } }
            'a mistyped keyword to remove' { @{ RemoveAttribute = 'Study.AccesionNumber' } }
        }

        $failures = Invoke-Refused $arguments

        $failures.Count | Should -Be 2
        for ($i = 0; $i -lt 2; $i++) {
            $failures[$i] | Should -BeAhiError $ErrorId -Category InvalidArgument
            $failures[$i].Exception.GetType().Name | Should -Not -BeIn 'InvalidCastException', 'ArgumentException', 'NullReferenceException'
        }
        # One error per image set; checks against the metadata end in the order the image sets are read, not given.
        @($failures.TargetObject | Sort-Object) | Should -Be @($Ids | Sort-Object)
        $explained = "$($failures[0]) $($failures[0].ErrorDetails.RecommendedAction)"
        foreach ($name in $Names) { $explained | Should -BeLike "*$name*" }
        $explained | Should -Not -Match 'QXM'
    }

    It 'refuses a -Series UID the image set does not have, suggesting its closest series' {
        $typo = $SeriesUids[0].Substring(0, $SeriesUids[0].Length - 1) + ([int]::Parse($SeriesUids[0][-1]) + 1) % 10

        $failures = Invoke-Refused @{ Series = @{ $typo = @{ SeriesDescription = 'QXM' } } }

        $failures.Count | Should -Be 2
        $failures[0] | Should -BeAhiError SeriesNotFound
        "$($failures[0])" | Should -BeLike "*no series $typo. Did you mean $($SeriesUids[0])*"
    }

    It 'sets a series element with its VR (the level where HealthImaging keeps VRs)' {
        $id = New-AhiTestImageSet -Service $Service -Document $Document

        Update-AHIImageSetMetadata $Datastore $id -Series @{ $SeriesUids[1] = @{ SeriesDescription = @{ Value = 'CORONAL'; VR = 'LO' } } } -Wait @Connection | Out-Null

        $series = (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Study.Series.($SeriesUids[1])
        $series.DICOM.SeriesDescription | Should -Be 'CORONAL'
        $series.DICOMVRs.SeriesDescription | Should -Be 'LO'
    }

    It 'stores non-ASCII text from a UTF-8 file unchanged' {
        $id = New-AhiTestImageSet -Service $Service -Document $Document
        $file = Join-Path $TestDrive 'utf8.json'
        [IO.File]::WriteAllText($file, '{"Patient":{"DICOM":{"PatientName":"MÜLLER^ZOË"}}}', [Text.UTF8Encoding]::new($false))

        Update-AHIImageSetMetadata $Datastore $id -UpdatableAttributes $file -Wait @Connection | Out-Null

        (Get-AhiTestMetadata -Service $Service -ImageSetId $id).Patient.DICOM.PatientName | Should -BeExactly 'MÜLLER^ZOË'
    }

    It 'goes on with the next statement after a refusal (non-terminating)' {
        $result = & {
            Update-AHIImageSetMetadata $Datastore $Ids[0] -Patient @{ 7 = 'x' } @Connection -ErrorAction Continue 2>$null
            'next'
        }
        $result | Should -Be 'next'
    }
}

Describe 'Copy-AHIImageSet refuses unknown series per source' {
    It 'refuses a -Series UID the source does not have, suggesting its closest series, and copies nothing' {
        $typo = $SeriesUids[1] + '9'
        $before = Get-AhiTestImageSetCount -Service $Service

        $output = $Ids | Copy-AHIImageSet -DatastoreId $Datastore -Series $typo @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        $output | Should -BeNullOrEmpty
        $failures.Count | Should -Be 2
        # Errors come in the order copies finish: the second source's error is found by its target.
        $second = $failures | Where-Object TargetObject -eq $Ids[1]
        $second | Should -BeAhiError SeriesNotFound
        "$second" | Should -BeLike "*-Series: the image set has no series $typo. Did you mean $($SeriesUids[1])*"
        Get-AhiTestImageSetCount -Service $Service | Should -Be $before
    }
}

Describe 'ID parameters' {
    It 'refuses <Parameter> with a trailing newline before sending' -ForEach @(
        @{ Parameter = 'ImageSetId' }
        @{ Parameter = 'DatastoreId' }
        @{ Parameter = 'LatestVersionId' }
    ) {
        $arguments = @{ DatastoreId = $Datastore; ImageSetId = $Ids[0]; Study = @{ StudyDescription = 'NL' } }
        $arguments[$Parameter] = if ($Parameter -eq 'LatestVersionId') { "1`n" } else { "$($arguments[$Parameter])`n" }
        $before = Get-AhiTestVersionCount -Service $Service -ImageSetId $Ids[0]

        { Update-AHIImageSetMetadata @arguments @Connection -ErrorAction Stop } | Should -Throw -ErrorId "ParameterArgumentValidationError,AhiTools.Commands.UpdateImageSetMetadataCommand"

        Get-AhiTestVersionCount -Service $Service -ImageSetId $Ids[0] | Should -Be $before
    }

    It 'refuses a piped ID with a trailing newline and goes on with the next one' {
        $id = New-AhiTestImageSet -Service $Service -Document $Document

        $output = "$($Ids[0])`n", $id | Update-AHIImageSetMetadata -DatastoreId $Datastore -Study @{ StudyDescription = 'PIPED' } @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -BeAhiError ParameterArgumentValidationError
        @($output).ImageSetId | Should -Be @($id)
    }
}
