BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Service, $script:Connection, $script:Datastore = Start-AhiTestSession

    # Two image sets of two versions each; the first one's next metadata read is answered with a malformed body.
    function New-MalformedFixture {
        $broken = New-AhiTestImageSet -Service $Service -AdditionalVersions 1
        $healthy = New-AhiTestImageSet -Service $Service -AdditionalVersions 1
        Set-AhiTestFault -Service $Service -ImageSetId $broken -Action CorruptBody -Operation GetImageSetMetadata
        [pscustomobject]@{ Broken = $broken; Healthy = $healthy }
    }
}

AfterAll {
    Stop-AhiTestService $Service
}

# A metadata document whose gzip is corrupt and that is no JSON either: the same error of that item in every cmdlet
# that reads it, and the other image sets are still read.
Describe 'A malformed answer from the service' {
    It 'is one item''s InvalidDataException in Get-AHIImageSetMetadata, and the pipeline goes on' {
        $f = New-MalformedFixture

        $documents = @($f.Broken, $f.Healthy | Get-AHIImageSetMetadata -DatastoreId $Datastore @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures | Should -BeAhiError InvalidDataException -Category InvalidData -TargetObject $f.Broken
        $documents.ImageSetId | Should -Be @($f.Healthy)
    }

    It 'is the same error with -AsJson and with -Series' {
        $f = New-MalformedFixture
        Set-AhiTestFault -Service $Service -ImageSetId $f.Broken -Action CorruptBody -Operation GetImageSetMetadata

        $json = @($f.Broken, $f.Healthy | Get-AHIImageSetMetadata -DatastoreId $Datastore -AsJson @Connection -ErrorVariable jsonFailures -ErrorAction SilentlyContinue)
        $series = @($f.Broken, $f.Healthy | Get-AHIImageSetMetadata -DatastoreId $Datastore -Series @Connection -ErrorVariable seriesFailures -ErrorAction SilentlyContinue)

        $jsonFailures | Should -BeAhiError InvalidDataException -Category InvalidData -TargetObject $f.Broken
        $seriesFailures | Should -BeAhiError InvalidDataException -Category InvalidData -TargetObject $f.Broken
        $json.Count | Should -Be 1
        ($json[0] | ConvertFrom-Json).ImageSetID | Should -Be $f.Healthy
        $series.ImageSetId | Select-Object -Unique | Should -Be $f.Healthy
    }

    It 'is the same error in Compare-AHIImageSetMetadata, and the pipeline goes on' {
        $f = New-MalformedFixture
        Update-AHIImageSetMetadata $Datastore $f.Healthy -Patient @{ PatientName = 'DOE^JOHN' } -Wait @Connection | Out-Null

        $rows = @($f.Broken, $f.Healthy | Compare-AHIImageSetMetadata -DatastoreId $Datastore @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures | Should -BeAhiError InvalidDataException -Category InvalidData -TargetObject $f.Broken
        $rows.ImageSetId | Select-Object -Unique | Should -Be $f.Healthy
        $rows.Element | Should -Contain 'PatientName'
    }
}
