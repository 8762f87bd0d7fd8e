# Windows PowerShell 5.1 has one load context: an AWSSDK.Core that another module loaded first is the one AhiTools
# gets. Refuse an older one at import with a message that says what to do, rather than failing later mid-call.
function Assert-AhiAwsSdkCoreCompatible {
    param(
        [Parameter(Mandatory)] [string] $LoadedAssemblyPath,
        [Parameter(Mandatory)] [string] $ShippedAssemblyPath
    )

    $loadedName = [System.Reflection.AssemblyName]::GetAssemblyName($LoadedAssemblyPath)
    $shippedName = [System.Reflection.AssemblyName]::GetAssemblyName($ShippedAssemblyPath)
    $loadedVersion = [version][System.Diagnostics.FileVersionInfo]::GetVersionInfo($LoadedAssemblyPath).FileVersion
    $shippedVersion = [version][System.Diagnostics.FileVersionInfo]::GetVersionInfo($ShippedAssemblyPath).FileVersion
    if ($loadedName.Version -eq $shippedName.Version -and $loadedVersion -ge $shippedVersion) {
        return
    }

    $message = "AhiTools needs AWSSDK.Core $shippedVersion, but this Windows PowerShell session already loaded " +
        "AWSSDK.Core $loadedVersion (from $LoadedAssemblyPath), and Windows PowerShell cannot load two versions side by side. " +
        'Start a new session and import AhiTools before any AWS.Tools or AWSPowerShell module, ' +
        'or use PowerShell 7, where AhiTools loads beside any AWSSDK version.'
    throw [System.Management.Automation.ErrorRecord]::new(
        [System.InvalidOperationException]::new($message),
        'IncompatibleAwsSdkCoreLoaded',
        [System.Management.Automation.ErrorCategory]::ResourceUnavailable,
        $LoadedAssemblyPath)
}
