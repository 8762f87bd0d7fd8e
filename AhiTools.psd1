@{
    RootModule             = 'AhiTools.psm1'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0f3c1e-7a4d-4c2b-9f61-2d8e0a9c4b17'
    Author                 = 'AhiTools contributors'
    CompanyName            = 'AhiTools'
    Copyright              = '(c) AhiTools contributors. Apache-2.0.'
    Description            = 'Safe, pipeline-friendly cmdlets for AWS HealthImaging image sets: list versions, copy, update metadata and revert, with -WhatIf, -Force and waiting on the asynchronous workflow.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'Get-AHIDatastore'
        'Search-AHIImageSet'
        'Remove-AHIImageSet'
        'Get-AHIImageSetVersion'
        'Get-AHIImageSetMetadata'
        'Copy-AHIImageSet'
        'Start-AHILocalService'
        'Stop-AHILocalService'
        'Wait-AHIImageSet'
        'Compare-AHIImageSetMetadata'
        'Update-AHIImageSetMetadata'
        'Undo-AHIImageSetMetadata'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'HealthImaging', 'DICOM', 'MedicalImaging', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/ahitools/AhiTools'
            LicenseUri   = 'https://github.com/ahitools/AhiTools/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0 - first release.
- Get-AHIDatastore lists datastores (or reads the ones named) and Search-AHIImageSet finds image sets by patient,
  study, series, accession number or date, as the pages arrive.
- Get-AHIImageSetVersion lists an image set's versions; Get-AHIImageSetMetadata reads a version's DICOM metadata;
  Compare-AHIImageSetMetadata shows what changed between two versions, element by element.
- Update-AHIImageSetMetadata, Undo-AHIImageSetMetadata, Copy-AHIImageSet and Remove-AHIImageSet change image sets,
  with -WhatIf/-Confirm, -Force as HealthImaging's force flag, optimistic concurrency and -Wait;
  Wait-AHIImageSet waits for many image sets at once.
- Credentials, region and endpoint resolved as AWS.Tools does; retries with backoff (AWS_MAX_ATTEMPTS or the
  profile's max_attempts); an unreachable endpoint is reported as EndpointUnreachable.
- Start-AHILocalService and Stop-AHILocalService run the bundled local HealthImaging service for your own tests.
- Third-party licences: THIRD-PARTY-NOTICES.txt in the module folder.
'@
        }
    }
}
