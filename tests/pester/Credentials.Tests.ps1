BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Service = Start-AhiTestService
    $script:Datastore = $Service.DatastoreId
    $script:ImageSetId = New-AhiTestImageSet -Service $Service
    $script:Target = @{ DatastoreId = $Datastore; ImageSetId = $ImageSetId; EndpointUrl = $Service.Endpoint; Region = 'us-east-1' }
    $script:WrongSecret = 'wrong-secret-key-000000000000000000000000'

    # The tests set $StoredAWSCredentials as Set-AWSCredential would; whatever the session had is put back afterwards.
    $script:SavedStoredCredentials = Get-Variable -Name StoredAWSCredentials -Scope Global -ErrorAction SilentlyContinue
    Remove-Variable -Name StoredAWSCredentials -Scope Global -ErrorAction SilentlyContinue
    # A fresh session's credentials come from the environment and the shared files: the children get empty files and
    # no profile, so what the machine running the tests has configured plays no part.
    $script:EmptyFile = Join-Path $TestDrive 'empty'
    Set-Content -Path $EmptyFile -Value ''
    $script:IsolatedChild = @"
foreach (`$name in 'AWS_ACCESS_KEY_ID','AWS_SECRET_ACCESS_KEY','AWS_SESSION_TOKEN','AWS_PROFILE','AWS_DEFAULT_PROFILE','AWS_CONTAINER_CREDENTIALS_RELATIVE_URI','AWS_CONTAINER_CREDENTIALS_FULL_URI','AWS_WEB_IDENTITY_TOKEN_FILE') { Remove-Item "env:`$name" -ErrorAction SilentlyContinue }
`$env:AWS_SHARED_CREDENTIALS_FILE = '$EmptyFile'; `$env:AWS_CONFIG_FILE = '$EmptyFile'; `$env:AWS_EC2_METADATA_DISABLED = 'true'
"@

    $script:ProfileFile = Join-Path $TestDrive 'credentials'
    Set-Content -Path $ProfileFile -Value @"
[imaging-ops]
aws_access_key_id = $($Service.AccessKey)
aws_secret_access_key = $($Service.SecretKey)

[stale]
aws_access_key_id = $($Service.AccessKey)
aws_secret_access_key = $WrongSecret
"@

    # What another AWSSDK.Core's credentials look like from here: an object with GetCredentials().
    class ForeignImmutableCredentials { [string] $AccessKey; [string] $SecretKey; [string] $Token }
    class ForeignAwsCredentials {
        [string] $AccessKey; [string] $SecretKey
        ForeignAwsCredentials([string] $a, [string] $s) { $this.AccessKey = $a; $this.SecretKey = $s }
        [object] GetCredentials() { return [ForeignImmutableCredentials]@{ AccessKey = $this.AccessKey; SecretKey = $this.SecretKey } }
    }
    # Set-AWSCredential stores an AWSPSCredentials: a Name and, in a non-public member, the SDK credentials.
    class StoredAwsPSCredentials {
        [string] $Name
        hidden [object] $Credentials
        StoredAwsPSCredentials([string] $n, [object] $c) { $this.Name = $n; $this.Credentials = $c }
    }
}

AfterAll {
    Stop-AhiTestService $Service
    Remove-Variable -Name StoredAWSCredentials -Scope Global -ErrorAction SilentlyContinue
    if ($SavedStoredCredentials) { Set-Variable -Name StoredAWSCredentials -Scope Global -Value $SavedStoredCredentials.Value }
}

Describe 'Credentials' {
    AfterEach {
        Remove-Variable -Name StoredAWSCredentials -Scope Global -ErrorAction SilentlyContinue
    }

    It 'takes a PSCredential: user name is the access key, password the secret' {
        $credential = [pscredential]::new($Service.AccessKey, (ConvertTo-SecureString $Service.SecretKey -AsPlainText -Force))
        (Get-AHIImageSetVersion @Target -Credential $credential).VersionId | Should -Be '1'
    }

    It 'takes a credentials object made by another AWS SDK through its GetCredentials()' {
        $foreign = [ForeignAwsCredentials]::new($Service.AccessKey, $Service.SecretKey)
        (Get-AHIImageSetVersion @Target -Credential $foreign).VersionId | Should -Be '1'
    }

    It 'reads a named profile from -ProfileLocation, and its aliases StoredCredentials and AWSProfileName' {
        (Get-AHIImageSetVersion @Target -ProfileName imaging-ops -ProfileLocation $ProfileFile).VersionId | Should -Be '1'
        (Get-AHIImageSetVersion @Target -StoredCredentials imaging-ops -ProfileLocation $ProfileFile).VersionId | Should -Be '1'
        (Get-AHIImageSetVersion @Target -AWSProfileName imaging-ops -ProfileLocation $ProfileFile).VersionId | Should -Be '1'
    }

    It 'says so when a profile does not exist' {
        { Get-AHIImageSetVersion @Target -ProfileName no-such-profile -ProfileLocation $ProfileFile -ErrorAction Stop } |
            Should -Throw -ErrorId 'ProfileNotFound,AhiTools.Commands.GetImageSetVersionCommand'
    }

    It 'uses $StoredAWSCredentials as Set-AWSCredential leaves it' {
        $global:StoredAWSCredentials = [StoredAwsPSCredentials]::new('stored', [ForeignAwsCredentials]::new($Service.AccessKey, $Service.SecretKey))
        (Get-AHIImageSetVersion @Target).VersionId | Should -Be '1'
    }

    It 'prefers explicit keys, then -ProfileName, then -Credential over $StoredAWSCredentials' {
        $global:StoredAWSCredentials = [StoredAwsPSCredentials]::new('stale', [ForeignAwsCredentials]::new($Service.AccessKey, $WrongSecret))
        (Get-AHIImageSetVersion @Target -AccessKey $Service.AccessKey -SecretKey $Service.SecretKey).VersionId | Should -Be '1'
        (Get-AHIImageSetVersion @Target -ProfileName imaging-ops -ProfileLocation $ProfileFile).VersionId | Should -Be '1'
        (Get-AHIImageSetVersion @Target -Credential ([ForeignAwsCredentials]::new($Service.AccessKey, $Service.SecretKey))).VersionId | Should -Be '1'
        # And the stale stored credentials really are what is used when nothing else is given.
        Get-AHIImageSetVersion @Target -ErrorAction SilentlyContinue -ErrorVariable denied | Should -BeNullOrEmpty
        $denied[0] | Should -BeAhiError InvalidSignatureException
    }

    It 'prefers explicit keys over -ProfileName' {
        (Get-AHIImageSetVersion @Target -ProfileName stale -ProfileLocation $ProfileFile -AccessKey $Service.AccessKey -SecretKey $Service.SecretKey).VersionId | Should -Be '1'
    }

    It 'falls back to the environment in a fresh session' {
        $result = Invoke-AhiChildPwsh @"
$IsolatedChild
`$env:AWS_ACCESS_KEY_ID = '$($Service.AccessKey)'; `$env:AWS_SECRET_ACCESS_KEY = '$($Service.SecretKey)'; `$env:AWS_REGION = 'us-east-1'
Import-Module '$ModuleManifest'
(Get-AHIImageSetVersion '$Datastore' '$ImageSetId' -EndpointUrl '$($Service.Endpoint)' -ErrorAction Stop).VersionId
"@
        $result.Output | Should -Be @('1')
    }

    It 'says how to set credentials when there are none' {
        $result = Invoke-AhiChildPwsh @"
$IsolatedChild
Import-Module '$ModuleManifest'
try { Get-AHIImageSetVersion '$Datastore' '$ImageSetId' -EndpointUrl '$($Service.Endpoint)' -Region us-east-1 -ErrorAction Stop }
catch { "ERRORID=`$(`$_.FullyQualifiedErrorId)"; "MESSAGE=`$(`$_.Exception.Message)" }
"@
        $text = $result.Output -join "`n"
        $text | Should -Match 'ERRORID=NoCredentials'
        $text | Should -Match 'Set-AWSCredential'
    }
}
