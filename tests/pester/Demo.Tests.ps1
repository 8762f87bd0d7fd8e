BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'The README demo' {
    It 'tells the whole story on the sample image sets and ends with the metadata restored' {
        $demo = Join-Path $RepoRoot 'tools/Invoke-AhiDemo.ps1'
        $seed = Join-Path $RepoRoot 'src/AhiTools.LocalService/samples/seed.json'
        $result = Invoke-AhiChildPwsh "& '$demo' -ModulePath '$ModuleManifest' -ServiceDll '$ServiceDll' -SeedPath '$seed'"
        $text = $result.Output -join "`n"
        $result.ExitCode | Should -Be 0 -Because $text
        $text | Should -Match 'What if: .*Update metadata: set Patient\.PatientName'
        $text | Should -Match 'DOE\^JANE\^MARIE'
        $text | Should -Match 'CopyFailed,AhiTools\.Commands\.CopyImageSetCommand.*Patient of SourceImageSet and DestinationImageSet don''t match'
        $text | Should -Match 'COPIED\s+True'
        $text | Should -Match 'The latest document equals version \d+\.'
    }
}
