# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

$startedAt = Get-Date
$script:OemCodePage = Get-HostCodePage -Name 'OEMCP'
$script:AnsiCodePage = Get-HostCodePage -Name 'ACP'
# Console tools write in the console's output code page (the OEM one unless someone ran chcp).
$script:ToolCodePage = $script:OemCodePage
try {
    if ([Console]::OutputEncoding.CodePage -gt 0) {
        $script:ToolCodePage = [Console]::OutputEncoding.CodePage
    }
}
catch {
    Write-Verbose 'no console: using the OEM code page for tool output'
}

if (-not $OutputDirectory) {
    $OutputDirectory = $PSScriptRoot
    if (-not $OutputDirectory) {
        $OutputDirectory = (Get-Location).Path
    }
}
$stamp = $startedAt.ToString('yyyyMMdd-HHmmss')
$hostPart = ($env:COMPUTERNAME -replace '[^A-Za-z0-9-]', '_')
if ($Redact) {
    $hostPart = 'redacted'
}
$bundleName = ('tls-evidence-{0}-{1}' -f $hostPart, $stamp)
try {
    $bundleName = Initialize-OutputRoot -Parent $OutputDirectory -Name $bundleName
}
catch {
    $fallback = [System.IO.Path]::GetTempPath()
    Write-Status ("Cannot write to {0} ({1}); using {2}" -f $OutputDirectory, $_.Exception.Message, $fallback) 'Yellow'
    $bundleName = Initialize-OutputRoot -Parent $fallback -Name $bundleName
}

Write-Status ''
Write-Status ('tls-doctor evidence collector {0}  (read-only: changes nothing on this server)' -f $script:CollectorVersion) 'Cyan'
Write-Status ('Output folder: {0}' -f $script:OutRoot)
if (-not $script:IsElevated) {
    Write-Status 'Not running as administrator: some evidence (netstat -b, IIS configuration, key ACLs, capture) will be missing. Right-click collect.cmd > Run as administrator for a complete bundle.' 'Yellow'
}
Write-Status ''

$hostInfo = Get-HostInfo
$osBuild = 0
if ($hostInfo.Contains('osBuild')) {
    $osBuild = [int]$hostInfo.osBuild
}
$bindings = @{ Ports = @(); Hashes = @(); Stores = @() }
try {
    $bindings = Get-SslBindingPorts
}
catch {
    Write-Verbose ('HTTP.sys bindings: ' + $_.Exception.Message)
}
$script:BindingPorts = @($bindings.Ports)
$script:BoundThumbprints = @($bindings.Hashes)
$script:BindingStores = @($bindings.Stores)

$script:StepCount = 24
$capture = ($CaptureSeconds -gt 0)

Invoke-Step -Ids @('capture.pcap') -Title 'packet capture (pktmon / netsh trace)' -Action {
    if ($Redact -and ($capture -or $IncludePcap)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Reason 'not taken under -Redact: packet captures hold IP addresses and host names that cannot be redacted')
        return
    }
    if ($IncludePcap) {
        Save-IncludedPcap -File $IncludePcap
    }
    if ($capture) {
        Invoke-PacketCapture -Seconds $CaptureSeconds -Build $osBuild
    }
    elseif (-not $IncludePcap) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Reason 'no capture requested (-CaptureSeconds N or -IncludePcap FILE)')
    }
}
Invoke-Step -Ids @('httpsys.sslcert') -Title 'netsh http show sslcert' -Action {
    Save-ToolOutput -Id 'httpsys.sslcert' -Tool 'netsh' -Arguments @('http', 'show', 'sslcert')
}
Invoke-Step -Ids @('httpsys.iplisten') -Title 'netsh http show iplisten' -Action {
    Save-ToolOutput -Id 'httpsys.iplisten' -Tool 'netsh' -Arguments @('http', 'show', 'iplisten')
}
Invoke-Step -Ids @('httpsys.servicestate') -Title 'netsh http show servicestate' -Action {
    Save-ToolOutput -Id 'httpsys.servicestate' -Tool 'netsh' -Arguments @('http', 'show', 'servicestate')
}
Invoke-Step -Ids @('httpsys.urlacl') -Title 'netsh http show urlacl' -Action {
    Save-ToolOutput -Id 'httpsys.urlacl' -Tool 'netsh' -Arguments @('http', 'show', 'urlacl')
}
Invoke-Step -Ids @('httpsys.setting') -Title 'netsh http show setting' -Action {
    Save-ToolOutput -Id 'httpsys.setting' -Tool 'netsh' -Arguments @('http', 'show', 'setting')
}
Invoke-Step -Ids @('httpsys.registry') -Title 'registry: HTTP\Parameters' -Action {
    Save-RegistryExport -Id 'httpsys.registry' -Keys @('HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters')
}
Invoke-Step -Ids @('schannel.registry') -Title 'registry: SCHANNEL' -Action {
    Save-RegistryExport -Id 'schannel.registry' -Keys @('HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL')
}
Invoke-Step -Ids @('schannel.cipher-policy') -Title 'registry: cipher-suite policy' -Action {
    Save-RegistryExport -Id 'schannel.cipher-policy' -AllowAllMissing -Keys @('HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL', 'HKLM\SYSTEM\CurrentControlSet\Control\Cryptography\Configuration\Local\SSL')
}
Invoke-Step -Ids @('schannel.cipher-suites', 'schannel.ecc-curves', 'schannel.fips-policy') -Title 'cipher suites, curves and FIPS policy' -Action {
    Save-TlsCmdletList -Id 'schannel.cipher-suites' -Cmdlet 'Get-TlsCipherSuite' -Build $osBuild
    Save-TlsCmdletList -Id 'schannel.ecc-curves' -Cmdlet 'Get-TlsEccCurve' -Build $osBuild
    Save-FipsPolicy
}
Invoke-Step -Ids @('dotnet.registry') -Title 'registry: .NET strong crypto, .NET release, WinHTTP default protocols' -Action {
    # Outbound TLS of the server's own programs: .NET Framework keys and release, WinHTTP defaults (both bitnesses).
    Save-RegistryExport -Id 'dotnet.registry' -AllowAllMissing -Keys @('HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319', 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319', 'HKLM\SOFTWARE\Microsoft\.NETFramework\v2.0.50727', 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v2.0.50727', 'HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full', 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\WinHttp', 'HKLM\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Internet Settings\WinHttp')
}
Invoke-Step -Ids @('time.w32tm') -Title 'w32tm /query /status /verbose' -Action {
    # The clock decides whether certificate validity judgements (and clients' ones) hold.
    Save-ToolOutput -Id 'time.w32tm' -Tool 'w32tm' -Arguments @('/query', '/status', '/verbose') -TimeoutSeconds 30 -ErrorOutputIsEvidence
}
# Installed updates (issue 16): a listed update is installed; an unlisted one may be in a rollup.
Invoke-Step -Ids @('system.hotfixes') -Title 'installed updates (Win32_QuickFixEngineering)' -Action {
    Save-HotFixes
}
# --- host evidence (issue 16, round 4): IIS version -------------------------------------------
Invoke-Step -Ids @('iis.version') -Title 'registry: IIS version (InetStp)' -Action {
    # IIS 7.5 and older have no SNI and no Centralized Certificate Store; absent when IIS is not installed.
    Save-RegistryExport -Id 'iis.version' -AllowAllMissing -Keys @('HKLM\SOFTWARE\Microsoft\InetStp')
}
# --- end of host evidence (round 4) -----------------------------------------------------------
Invoke-Step -Ids @('net.netstat') -Title 'netstat' -Action {
    if ($script:IsElevated) {
        Save-ToolOutput -Id 'net.netstat' -Tool 'netstat' -Arguments @('-anob') -TimeoutSeconds ([Math]::Max($StepTimeoutSeconds, 180))
    }
    else {
        Save-ToolOutput -Id 'net.netstat' -Tool 'netstat' -Arguments @('-ano') -Note 'not elevated: netstat -ano (no image names; see network/tasklist-svc.csv)'
    }
}
# The server's own addresses: whether the HTTP.sys IP listen list names them (judge6 M11b).
Invoke-Step -Ids @('net.ipconfig') -Title 'ipconfig /all' -Action {
    Save-ToolOutput -Id 'net.ipconfig' -Tool 'ipconfig' -Arguments @('/all')
}
Invoke-Step -Ids @('net.tcp-listeners') -Title 'Get-NetTCPConnection -State Listen' -Action {
    Save-TcpListeners
}
Invoke-Step -Ids @('net.processes') -Title 'tasklist /svc' -Action {
    Save-ToolOutput -Id 'net.processes' -Tool 'tasklist' -Arguments @('/svc', '/fo', 'csv')
}
Invoke-Step -Ids @('cert.store', 'cert.files') -Title 'certificate stores (public parts only)' -Action {
    Save-CertificateStores
}
Invoke-Step -Ids @('cert.certutil') -Title 'certutil -v -store my' -Action {
    Save-ToolOutput -Id 'cert.certutil' -Tool 'certutil' -Arguments @('-v', '-store', 'my')
}
Invoke-Step -Ids @('cert.machinekeys-acl', 'cert.machinekeys-sddl') -Title 'icacls and SDDL of the machine key folders' -Action {
    Save-KeyAcls
    Save-KeySddl
}
Invoke-Step -Ids @('events.schannel') -Title ('Schannel events (last {0} days, at most {1})' -f $Days, $MaxEvents) -Action {
    Save-Events -Id 'events.schannel' -Log 'System' -ProviderFilter 'Schannel'
}
Invoke-Step -Ids @('events.capi2') -Title ('CAPI2 events (last {0} days, at most {1})' -f $Days, $MaxEvents) -Action {
    Save-Events -Id 'events.capi2' -Log 'Microsoft-Windows-CAPI2/Operational' -ProviderFilter ''
}
Invoke-Step -Ids @('events.httpevent') -Title ('HTTP.sys, WAS and W3SVC events (last {0} days, at most {1})' -f $Days, $MaxEvents) -Action {
    # Manifest provider names and their classic event source names.
    Save-Events -Id 'events.httpevent' -Log 'System' -ProviderFilter @('Microsoft-Windows-HttpEvent', 'HTTP', 'Microsoft-Windows-WAS', 'WAS', 'Microsoft-Windows-IIS-W3SVC', 'W3SVC')
}
Invoke-Step -Ids @('iis.config', 'iis.redirection', 'iis.appcmd-sites', 'iis.appcmd-sites-config') -Title 'IIS configuration' -Action {
    Save-IisConfig
    Save-AppcmdSites
    Save-AppcmdSiteConfig
}
Invoke-Step -Ids @('iis.ccs') -Title 'IIS Centralized Certificate Store (registry, file names)' -Action {
    Save-CcsEvidence
}
# HTTP.sys error logs and IIS W3C logs (issue 16): after the IIS step, which reads the log folders
Invoke-Step -Ids @('logs.httperr') -Title 'HTTP.sys error logs (HTTPERR, newest first, bounded)' -Action {
    Save-HttpErrLogs
}
Invoke-Step -Ids @('logs.iis-w3c') -Title 'IIS logs of the HTTPS sites (newest file per site, bounded)' -Action {
    Save-IisSiteLogs
}

$mapFile = $null
if ($Redact) {
    Write-Status 'Redacting host names, IP addresses and user names ...'
    try {
        Invoke-Redaction
        $hostInfo.name = Protect-Text -Text $hostInfo.name
    }
    catch {
        # Never zip evidence that was meant to be redacted and is not.
        Write-Status ('Redaction failed ({0}); no zip was made. The folder {1} is NOT redacted: do not send it.' -f $_.Exception.Message, $script:OutRoot) 'Red'
        exit 1
    }
    $lines = New-Object System.Collections.ArrayList
    [void]$lines.Add('kind,original,token')
    foreach ($k in $script:RedactMap.Keys) {
        $cut = $k.IndexOf(':')
        [void]$lines.Add(('{0},"{1}","{2}"' -f $k.Substring(0, $cut), ($k.Substring($cut + 1) -replace '"', '""'), $script:RedactMap[$k]))
    }
    $mapFile = Write-BesideOutput -FileName ($bundleName + '-redaction-map.csv') -Text (($lines -join "`r`n") + "`r`n")
}

Remove-OutputItem -Path $script:TmpDir
Complete-Entries
Save-Manifest -HostInfo $hostInfo -StartedAt $startedAt
$zipPath = $null
$zipError = $null
try {
    $zipPath = New-EvidenceZip -ZipPath (Join-Path $script:OutParent ($bundleName + '.zip'))
}
catch {
    $zipError = $_.Exception.Message
}

$collected = @($script:Entries | Where-Object { $_.status -eq 'collected' }).Count
$failed = @($script:Entries | Where-Object { $_.status -eq 'failed' }).Count
$skipped = @($script:Entries | Where-Object { $_.status -eq 'skipped' }).Count
Write-Status ''
Write-Status ('{0} collected, {1} failed, {2} skipped (details in manifest.json).' -f $collected, $failed, $skipped)
if ($mapFile) {
    Write-Status ('Redaction token map (keep it on this server, do not send it): {0}' -f $mapFile) 'Yellow'
}
if ($zipPath) {
    Write-Status ('Evidence zip: {0}' -f $zipPath) 'Green'
}
else {
    Write-Status ('The zip could not be written ({0}). Zip and send this folder instead: {1}' -f $zipError, $script:OutRoot) 'Yellow'
}
