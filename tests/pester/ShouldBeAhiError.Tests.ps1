# The test helper Should -BeAhiError (ShouldBeAhiError.ps1): it passes on the error it names and fails, saying why,
# on any other.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function New-TestErrorRecord([string] $FullyQualifiedErrorId, [string] $Category, $Target, [string] $Message = 'The latest version is 3.') {
        [System.Management.Automation.ErrorRecord]::new([InvalidOperationException]::new($Message), $FullyQualifiedErrorId, $Category, $Target)
    }

    $script:Stale = New-TestErrorRecord 'StaleVersion,AhiTools.Commands.UpdateImageSetMetadataCommand' InvalidOperation 'abc'
}

Describe 'Should -BeAhiError' {
    Context 'the error it names' {
        It 'passes on the ErrorId alone' {
            $Stale | Should -BeAhiError StaleVersion
        }

        It 'passes on the ErrorId, category and target' {
            $Stale | Should -BeAhiError StaleVersion -Category InvalidOperation -TargetObject 'abc'
        }

        It 'passes on an -ErrorVariable list holding that one error, piped or passed whole' {
            $list = [System.Collections.ArrayList]::new()
            $null = $list.Add($Stale)
            $list | Should -BeAhiError StaleVersion
            Should -ActualValue $list -BeAhiError StaleVersion -Category InvalidOperation
        }

        It 'passes on the exception of a terminating error, by its ErrorRecord' {
            $exception = [System.Management.Automation.RuntimeException]::new('stale', $null, $Stale)
            $exception | Should -BeAhiError StaleVersion
        }

        It 'passes on any one of several ErrorIds' {
            $Stale | Should -BeAhiError ConflictException, StaleVersion
        }

        It 'with -Not, passes on another error' {
            $Stale | Should -Not -BeAhiError ConflictException
        }
    }

    Context 'anything else' {
        It 'fails on <Case> and says what it got' -ForEach @(
            @{ Case = 'another ErrorId'; Assertion = { $Stale | Should -BeAhiError ConflictException }; Message = "Expected an error with ErrorId 'ConflictException', but got ErrorId 'StaleVersion' (StaleVersion,AhiTools.Commands.UpdateImageSetMetadataCommand): The latest version is 3." }
            @{ Case = 'an ErrorId that only starts the same'; Assertion = { $Stale | Should -BeAhiError Stale }; Message = "Expected an error with ErrorId 'Stale', but got ErrorId 'StaleVersion'*" }
            @{ Case = 'the ErrorId in other letter case'; Assertion = { $Stale | Should -BeAhiError staleversion }; Message = "Expected an error with ErrorId 'staleversion', but got ErrorId 'StaleVersion'*" }
            @{ Case = 'none of several ErrorIds'; Assertion = { $Stale | Should -BeAhiError ConflictException, ImageSetDeleted }; Message = "Expected an error with ErrorId 'ConflictException' or 'ImageSetDeleted', but got ErrorId 'StaleVersion'*" }
            @{ Case = 'another category'; Assertion = { $Stale | Should -BeAhiError StaleVersion -Category InvalidArgument }; Message = "Expected an error with ErrorId 'StaleVersion', category InvalidArgument, but got category InvalidOperation: The latest version is 3." }
            @{ Case = 'another target'; Assertion = { $Stale | Should -BeAhiError StaleVersion -TargetObject 'abd' }; Message = "Expected an error with ErrorId 'StaleVersion', target 'abd', but got target 'abc': The latest version is 3." }
            @{ Case = 'no error'; Assertion = { @() | Should -BeAhiError StaleVersion }; Message = "Expected an error with ErrorId 'StaleVersion', but got no error" }
            @{ Case = 'an empty -ErrorVariable list'; Assertion = { Should -ActualValue ([System.Collections.ArrayList]::new()) -BeAhiError StaleVersion }; Message = "Expected an error with ErrorId 'StaleVersion', but got no error" }
            @{ Case = 'two errors'; Assertion = { $Stale, $Stale | Should -BeAhiError StaleVersion }; Message = "Expected an error with ErrorId 'StaleVersion', but got 2 errors: StaleVersion,AhiTools.Commands.UpdateImageSetMetadataCommand; StaleVersion,AhiTools.Commands.UpdateImageSetMetadataCommand" }
            @{ Case = 'something that is not an error'; Assertion = { 'StaleVersion' | Should -BeAhiError StaleVersion }; Message = "Expected an error with ErrorId 'StaleVersion', but got a System.String that is not an ErrorRecord: StaleVersion" }
            @{ Case = 'the named error with -Not'; Assertion = { $Stale | Should -Not -BeAhiError StaleVersion }; Message = "Expected anything but an error with ErrorId 'StaleVersion', but got exactly that: The latest version is 3." }
        ) {
            $Assertion | Should -Throw -ExpectedMessage $Message
        }

        It 'gives the reason it was told' {
            { $Stale | Should -BeAhiError ConflictException -Because 'the other writer came first' } |
                Should -Throw -ExpectedMessage "Expected an error with ErrorId 'ConflictException' because the other writer came first, but got*"
        }

        It 'refuses a category that does not exist' {
            { $Stale | Should -BeAhiError StaleVersion -Category InvalidOperations } | Should -Throw -ExpectedMessage '*InvalidOperations*'
        }
    }
}
