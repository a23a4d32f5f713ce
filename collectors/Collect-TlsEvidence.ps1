<#
.SYNOPSIS
    Collects the evidence tls-doctor needs to diagnose HTTPS / TLS problems on a Windows server
    (IIS, HTTP.sys, Schannel) and writes it to one zip file. Changes nothing on the server.

.DESCRIPTION
    Read-only by construction: the script only runs display commands (netsh http show ...,
    reg export, netstat, tasklist, certutil -store, icacls <path>, wevtutil qe, appcmd list) and
    read-only PowerShell cmdlets, and writes files only inside its own output folder. It never
    exports a private key: certificates are saved from their public RawData (.cer, DER) only.

    Every step has its own time limit and error handling; one failing step never stops the others.
    Everything it did, and everything it could not do, is listed in manifest.json inside the zip.
    Works without elevation (with less evidence; the manifest says so). PowerShell 5.1 and 7,
    Windows Server 2012 R2 ... 2025. The only opt-in exception to "changes nothing" is
    -CaptureSeconds, which starts a packet capture (pktmon with port filters on build 19041+,
    netsh trace before) and stops it again on every way out.

    Constrained Language Mode (AppLocker / WDAC) is detected first and explained; Windows
    PowerShell 2.0 is refused by #Requires. See README.md, "Hardened servers".

.PARAMETER OutputDirectory
    Where the evidence folder and the zip are written. Default: the folder this script is in
    (or the TEMP folder when that is not writable).

.PARAMETER CaptureSeconds
    Optional. Capture traffic for this many seconds while the problem is reproduced (needs
    elevation). Build 19041+: pktmon, converted to pcapng. Older builds: netsh trace; the ETL is
    kept (convert it with etl2pcapng, then analyze the pcapng). Q or Ctrl+C stops early.

.PARAMETER CapturePorts
    Ports to capture with pktmon, comma-separated (default: 443 plus every port that has an HTTP.sys
    SSL binding; at most 8). netsh trace has no port filter: it records all traffic.

.PARAMETER IncludePcap
    Optional. A capture file taken with another tool (pcap / pcapng / etl) to add to the bundle.

.PARAMETER Redact
    Replace host names, IP addresses and user names by stable tokens (the same name always gets the
    same token) before zipping. The token map is written next to the zip and never enters it.
    Certificate files (.cer) and packet captures cannot be redacted and are left out.

.PARAMETER MaxEvents
    Most recent events to read per event log (default 2000).

.PARAMETER Days
    Only read events from the last N days (default 14).

.PARAMETER StepTimeoutSeconds
    Time limit of each step (default 120).

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File .\Collect-TlsEvidence.ps1

.EXAMPLE
    powershell -ExecutionPolicy Bypass -File .\Collect-TlsEvidence.ps1 -CaptureSeconds 60 -Redact
#>
#Requires -Version 3.0
[CmdletBinding()]
param(
    [string]$OutputDirectory = '',
    [ValidateRange(0, 3600)]
    [int]$CaptureSeconds = 0,
    [string]$CapturePorts = '',
    [string]$IncludePcap = '',
    [switch]$Redact,
    [ValidateRange(1, 100000)]
    [int]$MaxEvents = 2000,
    [ValidateRange(1, 3650)]
    [int]$Days = 14,
    [ValidateRange(5, 3600)]
    [int]$StepTimeoutSeconds = 120
)

# Constrained Language Mode (AppLocker / WDAC) blocks the .NET calls the collector needs, and its
# errors would mean nothing to the person running it: say so plainly first, before anything runs.
# Only commands and syntax that Constrained Language Mode allows are used up to the exit.
if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
    Write-Host ('This PowerShell session runs in {0} mode (an AppLocker or WDAC application control policy), which blocks what the collector needs. Nothing was collected and nothing was changed. Ask the server''s administrator to allow Collect-TlsEvidence.ps1 (for example sign it with a code-signing certificate the policy trusts, or add an AppLocker / WDAC allow rule for its hash) and run it again. See README.md, "Hardened servers".' -f $ExecutionContext.SessionState.LanguageMode) -ForegroundColor Yellow
    # The same in Simplified Chinese (written as code points: the script stays plain ASCII).
    $zhCodes = @(
        0x6B64,0x0020,0x0050,0x006F,0x0077,0x0065,0x0072,0x0053,0x0068,0x0065,0x006C,0x006C,0x0020,0x4F1A,
        0x8BDD,0x8FD0,0x884C,0x5728,0x53D7,0x7EA6,0x675F,0x8BED,0x8A00,0x6A21,0x5F0F,0xFF08,0x0041,0x0070,
        0x0070,0x004C,0x006F,0x0063,0x006B,0x0065,0x0072,0x0020,0x6216,0x0020,0x0057,0x0044,0x0041,0x0043,
        0x0020,0x5E94,0x7528,0x63A7,0x5236,0x7B56,0x7565,0xFF09,0xFF0C,0x6536,0x96C6,0x811A,0x672C,0x65E0,
        0x6CD5,0x5728,0x6B64,0x6A21,0x5F0F,0x4E0B,0x8FD0,0x884C,0x3002,0x6CA1,0x6709,0x6536,0x96C6,0x4EFB,
        0x4F55,0x5185,0x5BB9,0xFF0C,0x4E5F,0x6CA1,0x6709,0x66F4,0x6539,0x4EFB,0x4F55,0x8BBE,0x7F6E,0x3002,
        0x8BF7,0x670D,0x52A1,0x5668,0x7BA1,0x7406,0x5458,0x5141,0x8BB8,0x0020,0x0043,0x006F,0x006C,0x006C,
        0x0065,0x0063,0x0074,0x002D,0x0054,0x006C,0x0073,0x0045,0x0076,0x0069,0x0064,0x0065,0x006E,0x0063,
        0x0065,0x002E,0x0070,0x0073,0x0031,0xFF08,0x4F8B,0x5982,0x7528,0x7B56,0x7565,0x4FE1,0x4EFB,0x7684,
        0x4EE3,0x7801,0x7B7E,0x540D,0x8BC1,0x4E66,0x5BF9,0x5B83,0x7B7E,0x540D,0xFF0C,0x6216,0x4E3A,0x5B83,
        0x7684,0x54C8,0x5E0C,0x6DFB,0x52A0,0x0020,0x0041,0x0070,0x0070,0x004C,0x006F,0x0063,0x006B,0x0065,
        0x0072,0x0020,0x002F,0x0020,0x0057,0x0044,0x0041,0x0043,0x0020,0x5141,0x8BB8,0x89C4,0x5219,0xFF09,
        0xFF0C,0x7136,0x540E,0x91CD,0x65B0,0x8FD0,0x884C,0x3002,0x8BE6,0x89C1,0x0020,0x0052,0x0045,0x0041,
        0x0044,0x004D,0x0045,0x002E,0x006D,0x0064,0x0020,0x4E2D,0x7684,0x201C,0x52A0,0x56FA,0x7684,0x670D,
        0x52A1,0x5668,0x201D,0x4E00,0x8282,0x3002
    )
    Write-Host (-join [char[]]$zhCodes) -ForegroundColor Yellow
    exit 3
}

Set-StrictMode -Version 2.0
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$script:CollectorName = 'Collect-TlsEvidence.ps1'
$script:CollectorVersion = '0.1.0'  # = package.json version (npm run collector:catalog syncs it)
$script:FormatVersion = 1

# region artifact catalog (generated from collectors/artifacts.json by `npm run collector:catalog`; do not edit by hand)
$script:Catalog = @(
    @{ Id = 'httpsys.sslcert'; Path = 'httpsys/netsh-http-show-sslcert.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'netsh http show sslcert'; Description = 'HTTP.sys SSL bindings (IP:port, hostname:port, CCS) as netsh prints them' }
    @{ Id = 'httpsys.iplisten'; Path = 'httpsys/netsh-http-show-iplisten.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'netsh http show iplisten'; Description = 'HTTP.sys IP listen list' }
    @{ Id = 'httpsys.servicestate'; Path = 'httpsys/netsh-http-show-servicestate.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'netsh http show servicestate'; Description = 'HTTP.sys request queues and registered URLs' }
    @{ Id = 'httpsys.registry'; Path = 'registry/http-parameters.reg'; Kind = 'text'; NeedsAdmin = $false; Source = 'reg export HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'; Description = 'SslBindingInfo, SslSniBindingInfo, SslCcsBindingInfo and ListenOnlyList' }
    @{ Id = 'schannel.registry'; Path = 'registry/schannel.reg'; Kind = 'text'; NeedsAdmin = $false; Source = 'reg export HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL'; Description = 'Schannel protocols, ciphers, hashes, key exchange, EventLogging' }
    @{ Id = 'schannel.cipher-policy'; Path = 'registry/cipher-suite-policy.reg'; Kind = 'text'; NeedsAdmin = $false; Source = 'reg export HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL and HKLM\SYSTEM\CurrentControlSet\Control\Cryptography\Configuration\Local\SSL'; Description = 'Cipher-suite order policy (group policy and local)' }
    @{ Id = 'schannel.cipher-suites'; Path = 'schannel/get-tlsciphersuite.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'Get-TlsCipherSuite | Format-List (Windows 10 / Server 2016, build 14393, and later)'; Description = 'Cipher suites Schannel offers, in preference order, with the certificate key type and key exchange each needs' }
    @{ Id = 'schannel.ecc-curves'; Path = 'schannel/get-tlsecccurve.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'Get-TlsEccCurve (Windows 10 / Server 2016, build 14393, and later)'; Description = 'Elliptic curves Schannel offers for ECDHE and ECDSA, in preference order' }
    @{ Id = 'schannel.fips-policy'; Path = 'registry/fips-algorithm-policy.reg'; Kind = 'text'; NeedsAdmin = $false; Source = 'reg export HKLM\SYSTEM\CurrentControlSet\Control\Lsa\FipsAlgorithmPolicy; reg query HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v FIPSAlgorithmPolicy'; Description = '"System cryptography: Use FIPS compliant algorithms" policy (Enabled, and the legacy Lsa FIPSAlgorithmPolicy DWORD)' }
    @{ Id = 'dotnet.registry'; Path = 'registry/dotnet-strong-crypto.reg'; Kind = 'text'; NeedsAdmin = $false; Source = 'reg export HKLM\SOFTWARE\Microsoft\.NETFramework v4.0.30319 / v2.0.50727, NET Framework Setup\NDP\v4\Full and Windows\CurrentVersion\Internet Settings\WinHttp (each also under WOW6432Node where it has one)'; Description = 'Outbound TLS of the server''s own programs: .NET SchUseStrongCrypto / SystemDefaultTlsVersions, the .NET Framework 4.x Release, WinHTTP DefaultSecureProtocols' }
    @{ Id = 'time.w32tm'; Path = 'system/w32tm-query-status.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'w32tm /query /status /verbose'; Description = 'Windows Time service status: leap indicator, stratum, time source, last successful sync, phase offset of the last sample (an unsynchronized clock makes certificate validity judgements unreliable)' }
    @{ Id = 'iis.ccs'; Path = 'iis/central-certificate-store.json'; Kind = 'json'; NeedsAdmin = $true; Source = 'Get-ItemProperty HKLM:\SOFTWARE\Microsoft\IIS\CentralCertProvider (Password / PrivateKeyPassword never read: only whether they are set) and the certificate file names in CertStoreLocation (names only, at most 2000, 30 s limit)'; Description = 'IIS Centralized Certificate Store: provider enabled, folder, account, and the certificate file names in the folder as the collecting account sees them' }
    @{ Id = 'iis.version'; Path = 'registry/iis-inetstp.reg'; Kind = 'text'; NeedsAdmin = $false; Source = 'reg export HKLM\SOFTWARE\Microsoft\InetStp'; Description = 'IIS version (MajorVersion, MinorVersion, VersionString, SetupString): IIS 7.5 and older have no SNI and no Centralized Certificate Store' }
    @{ Id = 'net.netstat'; Path = 'network/netstat-anob.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'netstat -anob (netstat -ano when not elevated)'; Description = 'TCP/UDP endpoints with owning PID and image' }
    @{ Id = 'net.tcp-listeners'; Path = 'network/tcp-listeners.json'; Kind = 'json'; NeedsAdmin = $false; Source = 'Get-NetTCPConnection -State Listen | ConvertTo-Json'; Description = 'Listening TCP endpoints, language-neutral' }
    @{ Id = 'net.processes'; Path = 'network/tasklist-svc.csv'; Kind = 'text'; NeedsAdmin = $false; Source = 'tasklist /svc /fo csv'; Description = 'Processes with the services they host' }
    @{ Id = 'cert.store'; Path = 'certificates/store.json'; Kind = 'json'; NeedsAdmin = $false; Source = 'Get-ChildItem Cert:\LocalMachine\{My,WebHosting,CA,Root,AuthRoot,Disallowed,ClientAuthIssuer} and each store a binding names (metadata only)'; Description = 'Certificate metadata: thumbprint, subject, issuer, validity, private key state, EKU, DNS names, key provider and container' }
    @{ Id = 'cert.files'; Path = 'certificates/'; Kind = 'directory'; NeedsAdmin = $false; Source = 'X509Certificate2.RawData of each certificate (public DER only; no key)'; Description = 'Public certificates (.cer) of the My, WebHosting, CA, Root, AuthRoot, Disallowed and ClientAuthIssuer stores and of each store a binding names, named <store>/<thumbprint>.cer' }
    @{ Id = 'cert.certutil'; Path = 'certificates/certutil-v-store-my.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'certutil -v -store my'; Description = 'certutil''s view of the My store, including key provider and key tests' }
    @{ Id = 'cert.machinekeys-acl'; Path = 'certificates/icacls-machinekeys.txt'; Kind = 'text'; NeedsAdmin = $true; Source = 'icacls %ProgramData%\Microsoft\Crypto\RSA\MachineKeys, ...\Crypto\Keys and the bound key files'; Description = 'ACLs of the machine key folders and key files' }
    @{ Id = 'cert.machinekeys-sddl'; Path = 'certificates/machinekeys-acl-sddl.json'; Kind = 'json'; NeedsAdmin = $true; Source = 'Get-Acl of the same paths as icacls (.Owner, .Sddl)'; Description = 'The machine key folder and key file ACLs as SDDL: SIDs and rights codes, the same on every Windows language (icacls prints localized account names). Kept as evidence (no parser yet)' }
    @{ Id = 'events.schannel'; Path = 'events/system-schannel.xml'; Kind = 'text'; NeedsAdmin = $false; Source = 'wevtutil qe System /q:"*[System[Provider[@Name=''Schannel'']]]" /f:xml /e:Events /rd:true'; Description = 'Schannel events from the System log' }
    @{ Id = 'events.capi2'; Path = 'events/capi2-operational.xml'; Kind = 'text'; NeedsAdmin = $false; Source = 'wevtutil qe Microsoft-Windows-CAPI2/Operational /f:xml /e:Events /rd:true'; Description = 'CAPI2 chain-building events' }
    @{ Id = 'events.httpevent'; Path = 'events/system-httpevent.xml'; Kind = 'text'; NeedsAdmin = $false; Source = 'wevtutil qe System /q:"*[System[Provider[@Name=''Microsoft-Windows-HttpEvent'' or @Name=''HTTP'' or @Name=''Microsoft-Windows-WAS'' or @Name=''WAS'' or @Name=''Microsoft-Windows-IIS-W3SVC'' or @Name=''W3SVC'']]]" /f:xml /e:Events /rd:true'; Description = 'HTTP.sys (HttpEvent: 15021 SSL configuration error for an endpoint, 15300 SSL settings deleted, 15005/15007 bind failures ...), WAS and W3SVC events from the System log' }
    @{ Id = 'iis.config'; Path = 'iis/applicationHost.config'; Kind = 'text'; NeedsAdmin = $true; Source = '%windir%\System32\inetsrv\config\applicationHost.config'; Description = 'IIS sites and bindings' }
    @{ Id = 'iis.redirection'; Path = 'iis/redirection.config'; Kind = 'text'; NeedsAdmin = $true; Source = '%windir%\System32\inetsrv\config\redirection.config'; Description = 'IIS shared configuration redirect (enabled, UNC path; password removed). When enabled, the local applicationHost.config is not effective. Kept as evidence; the manifest records the redirect' }
    @{ Id = 'iis.appcmd-sites'; Path = 'iis/appcmd-list-site.txt'; Kind = 'text'; NeedsAdmin = $true; Source = 'appcmd list site'; Description = 'IIS sites with their bindings and state' }
    @{ Id = 'iis.appcmd-sites-config'; Path = 'iis/appcmd-list-site-config.xml'; Kind = 'text'; NeedsAdmin = $true; Source = 'appcmd list site /config /xml'; Description = 'The effective site configuration as IIS reads it (also under shared configuration); passwords removed. Kept as evidence' }
    @{ Id = 'logs.httperr'; Path = 'logs/httperr/'; Kind = 'directory'; NeedsAdmin = $true; Source = 'the newest httperr*.log files of the HTTPERR folder under HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters ErrorLoggingDir (default %SystemRoot%\System32\LogFiles\HTTPERR), newest first, at most 8 MiB in total (a file cut to fit keeps its header and newest lines, marked by a #Remark line; the entry is then partial)'; Description = 'HTTP.sys error logs (W3C): connection time-outs, SSL renegotiation time-outs, dropped connections and requests HTTP.sys rejected itself. Client addresses are redacted in the report' }
    @{ Id = 'logs.iis-w3c'; Path = 'logs/iis/'; Kind = 'directory'; NeedsAdmin = $true; Source = 'the newest W3C log file (u_ex*.log) of each IIS site with an https binding, from its logFile directory in applicationHost.config (site, else siteDefaults, default %SystemDrive%\inetpub\logs\LogFiles) \W3SVC<id>, at most 4 MiB per site and 16 MiB in total, written as logs/iis/W3SVC<id>/<file> (a file cut to fit keeps its header and newest lines, marked by a #Remark line; the entry is then partial)'; Description = 'IIS W3C logs of the HTTPS sites: status, substatus and Win32 status of each request (502.3 with 12175 = the server''s own outbound TLS failed). Client addresses and user names are redacted in the report' }
    @{ Id = 'capture.pcap'; Path = 'capture/'; Kind = 'directory'; NeedsAdmin = $true; Source = 'pktmon start --capture --file-size (build 19041+, converted with pktmon etl2pcap), netsh trace start capture=yes (older builds: the ETL is kept), or -IncludePcap'; Description = 'Optional packet captures (pcap / pcapng); a netsh trace ETL is kept as evidence: convert it with etl2pcapng, then analyze the pcapng' }
)
# endregion artifact catalog

# ---------------------------------------------------------------------------------------------
# State
# ---------------------------------------------------------------------------------------------

$script:Entries = New-Object System.Collections.ArrayList
$script:Utf8NoBom = New-Object System.Text.UTF8Encoding($false)
$script:OutRoot = $null          # the evidence folder: everything the script writes is under it
$script:OutParent = $null        # the folder that holds the evidence folder, the zip and the token map
$script:TmpDir = $null           # scratch files (reg export), removed before zipping
$script:StepNumber = 0
$script:StepCount = 0
$script:BoundThumbprints = @()
$script:BindingStores = @()       # store names the HTTP.sys bindings name (SslCertStoreName)
$script:CertKeyFiles = @{}       # thumbprint -> key file path (from cert.store)
$script:SensitiveNames = New-Object System.Collections.ArrayList
$script:RedactMap = [ordered]@{}
$script:RedactCounters = @{}
$script:HostDomain = $null
$script:BindingPorts = @()
$script:KeyAclTargets = @()      # the paths icacls was run on (Get-Acl reads the same)
$script:IisRedirect = $null      # redirection.config: @{ enabled; path } when present

function Test-Elevated {
    try {
        $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
        return [bool]$principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
    }
    catch {
        return $false
    }
}
$script:IsElevated = Test-Elevated

# 32-bit PowerShell on 64-bit Windows sees SysWOW64 and the 32-bit registry view through System32;
# Sysnative reaches the real one.
$script:Sys32 = Join-Path $env:SystemRoot 'System32'
if ([Environment]::Is64BitOperatingSystem -and -not [Environment]::Is64BitProcess) {
    $script:Sys32 = Join-Path $env:SystemRoot 'Sysnative'
}

# ---------------------------------------------------------------------------------------------
# Console output
# ---------------------------------------------------------------------------------------------

function Write-Status {
    param([string]$Message, [string]$Color = 'Gray')
    Write-Host $Message -ForegroundColor $Color
}

function Get-CatalogEntry {
    param([string]$Id)
    foreach ($c in $script:Catalog) {
        if ($c.Id -eq $Id) {
            return $c
        }
    }
    throw "artifact '$Id' is not in the catalog"
}

# ---------------------------------------------------------------------------------------------
# Writing: every file the script writes goes through these functions, which refuse any path
# outside the evidence folder (or, for the zip and the token map, outside the folder holding it).
# ---------------------------------------------------------------------------------------------

function Get-OutputFilePath {
    # Bundle paths use '/'; the file system uses its own separator.
    param([string]$RelativePath)
    return (Join-Path $script:OutRoot ($RelativePath -replace '[\\/]', [string][System.IO.Path]::DirectorySeparatorChar))
}

function Assert-OutputPath {
    param([string]$Path, [switch]$AllowParent)
    $full = [System.IO.Path]::GetFullPath($Path)
    $sep = [string][System.IO.Path]::DirectorySeparatorChar
    $root = [System.IO.Path]::GetFullPath($script:OutRoot).TrimEnd($sep) + $sep
    # The evidence folder itself (the folder of manifest.json) or anything inside it.
    if ($full.StartsWith($root, [System.StringComparison]::OrdinalIgnoreCase) -or ($full + $sep).Equals($root, [System.StringComparison]::OrdinalIgnoreCase)) {
        return $full
    }
    if ($AllowParent) {
        $parent = [System.IO.Path]::GetFullPath($script:OutParent).TrimEnd($sep) + $sep
        $leaf = [System.IO.Path]::GetFileName($full)
        if ($full.Equals($parent + $leaf, [System.StringComparison]::OrdinalIgnoreCase) -and $leaf.StartsWith('tls-evidence-')) {
            return $full
        }
    }
    throw "refusing to write outside the evidence folder: $Path"
}

function New-OutputFolder {
    param([string]$Path)
    $full = Assert-OutputPath -Path $Path
    if (-not (Test-Path -LiteralPath $full)) {
        [void][System.IO.Directory]::CreateDirectory($full)
    }
    return $full
}

function Initialize-OutputRoot {
    param([string]$Parent, [string]$Name)
    # Relative paths are relative to the PowerShell location, not the process directory.
    $parentFull = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Parent)
    if (-not (Test-Path -LiteralPath $parentFull -PathType Container)) {
        throw "output directory does not exist: $parentFull"
    }
    # A folder of an earlier run in the same second is not "cannot write": pick the next free name.
    $full = Join-Path $parentFull $Name
    $n = 1
    while ((Test-Path -LiteralPath $full) -or (Test-Path -LiteralPath ($full + '.zip'))) {
        $n++
        if ($n -gt 50) {
            throw "already exists: $full"
        }
        $full = Join-Path $parentFull ('{0}-{1}' -f $Name, $n)
    }
    $script:OutParent = $parentFull
    $script:OutRoot = $full
    [void][System.IO.Directory]::CreateDirectory($full)
    $script:TmpDir = New-OutputFolder -Path (Join-Path $full '.tmp')
    return [System.IO.Path]::GetFileName($full)
}

function Write-OutputBytes {
    param([string]$RelativePath, [byte[]]$Bytes)
    $full = Assert-OutputPath -Path (Get-OutputFilePath -RelativePath $RelativePath)
    [void](New-OutputFolder -Path ([System.IO.Path]::GetDirectoryName($full)))
    [System.IO.File]::WriteAllBytes($full, $Bytes)
    return $full
}

function Write-OutputText {
    param([string]$RelativePath, [string]$Text)
    return (Write-OutputBytes -RelativePath $RelativePath -Bytes $script:Utf8NoBom.GetBytes($Text))
}

function Copy-IntoOutput {
    param([string]$Source, [string]$RelativePath)
    $full = Assert-OutputPath -Path (Get-OutputFilePath -RelativePath $RelativePath)
    [void](New-OutputFolder -Path ([System.IO.Path]::GetDirectoryName($full)))
    [System.IO.File]::Copy($Source, $full, $false)
    return $full
}

function Remove-OutputItem {
    param([string]$Path)
    $full = Assert-OutputPath -Path $Path
    if (Test-Path -LiteralPath $full) {
        Remove-Item -LiteralPath $full -Recurse -Force
    }
}

function Write-BesideOutput {
    param([string]$FileName, [string]$Text)
    $full = Assert-OutputPath -Path (Join-Path $script:OutParent $FileName) -AllowParent
    [System.IO.File]::WriteAllText($full, $Text, $script:Utf8NoBom)
    return $full
}

function New-EvidenceZip {
    param([string]$ZipPath)
    $full = Assert-OutputPath -Path $ZipPath -AllowParent
    Add-Type -AssemblyName System.IO.Compression
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $sep = [string][System.IO.Path]::DirectorySeparatorChar
    $rootPrefix = $script:OutRoot.TrimEnd($sep) + $sep
    $fs = [System.IO.File]::Open($full, [System.IO.FileMode]::CreateNew)
    $complete = $false
    try {
        $zip = New-Object System.IO.Compression.ZipArchive($fs, [System.IO.Compression.ZipArchiveMode]::Create)
        try {
            $files = @(Get-ChildItem -LiteralPath $script:OutRoot -Recurse -Force | Where-Object { -not $_.PSIsContainer })
            foreach ($f in $files) {
                $rel = $f.FullName.Substring($rootPrefix.Length)
                if ($rel.StartsWith('.tmp')) {
                    continue
                }
                # Forward slashes: the zip format requires them (Compress-Archive in 5.1 writes '\').
                $entry = $zip.CreateEntry(($rel -replace '\\', '/'), [System.IO.Compression.CompressionLevel]::Optimal)
                $es = $entry.Open()
                try {
                    $in = [System.IO.File]::OpenRead($f.FullName)
                    try {
                        $in.CopyTo($es)
                    }
                    finally {
                        $in.Dispose()
                    }
                }
                finally {
                    $es.Dispose()
                }
            }
        }
        finally {
            $zip.Dispose()
        }
        $complete = $true
    }
    finally {
        $fs.Dispose()
        if (-not $complete) {
            # Never leave a half-written zip that looks like a bundle.
            [System.IO.File]::Delete($full)
        }
    }
    return $full
}

# ---------------------------------------------------------------------------------------------
# Running things with a time limit
# ---------------------------------------------------------------------------------------------

# What each native tool may be asked. Checked here at run time, and by the project's static check
# over this file (src/collector/check.ts) before every release.
$script:ReadOnlyTools = @{
    'netsh'    = '^(http show (sslcert|iplisten|servicestate)|trace start capture=yes report=disabled correlation=disabled maxsize=\d+ tracefile=\S+|trace stop)$'
    'reg'      = '^(export \S+ \S+ /y|query \S+( /s)?)$'
    'netstat'  = '^-ano?b?$'
    'tasklist' = '^/svc /fo csv$'
    'certutil' = '^-v -store my$'
    'icacls'   = '^\S+$'
    'wevtutil' = '^(qe|gl) \S+( /q:\S+)?( /f:xml /e:Events /rd:true /uni:true /c:\d+)?$'
    'appcmd'   = '^list site( /config /xml)?$'
    'w32tm'    = '^/query /status /verbose$'
    'pktmon'   = '^(filter list|filter add tls-doctor-\d+ -t TCP -p \d+|filter remove|stop|unload|start --capture --comp nics --pkt-size 0 --file-size \d+ --file-name \S+|etl2pcap \S+ --out \S+)$'
}

function ConvertTo-ArgumentString {
    param([string[]]$Arguments)
    $parts = New-Object System.Collections.ArrayList
    foreach ($a in $Arguments) {
        if ($a.Length -gt 0 -and $a -notmatch '[\s"]') {
            [void]$parts.Add($a)
            continue
        }
        # CommandLineToArgvW quoting: backslashes before a quote are doubled, quotes escaped.
        $sb = New-Object System.Text.StringBuilder
        [void]$sb.Append('"')
        $slashes = 0
        foreach ($ch in $a.ToCharArray()) {
            if ($ch -eq '\') {
                $slashes++
                continue
            }
            if ($ch -eq '"') {
                [void]$sb.Append(('\' * ((2 * $slashes) + 1)))
                [void]$sb.Append('"')
            }
            else {
                [void]$sb.Append(('\' * $slashes))
                [void]$sb.Append($ch)
            }
            $slashes = 0
        }
        [void]$sb.Append(('\' * (2 * $slashes)))
        [void]$sb.Append('"')
        [void]$parts.Add($sb.ToString())
    }
    return ($parts -join ' ')
}

function Get-ToolPath {
    param([string]$Tool)
    if ($Tool -eq 'appcmd') {
        return (Join-Path (Join-Path $script:Sys32 'inetsrv') 'appcmd.exe')
    }
    return (Join-Path $script:Sys32 ($Tool + '.exe'))
}

function Get-ToolWriteTarget {
    # The files a native tool is told to write (reg export FILE, pktmon --file-name / --out,
    # netsh trace tracefile=): each must lie inside the evidence folder, like our own writes.
    param([string]$Tool, [string[]]$Arguments)
    $targets = New-Object System.Collections.ArrayList
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        $a = $Arguments[$i]
        if ($Tool -eq 'reg' -and $i -eq 2 -and $Arguments[0] -eq 'export') {
            [void]$targets.Add($a)
        }
        if ($Tool -eq 'pktmon' -and ($a -eq '--file-name' -or $a -eq '--out') -and ($i + 1) -lt $Arguments.Count) {
            [void]$targets.Add($Arguments[$i + 1])
        }
        if ($Tool -eq 'netsh' -and $a -match '^tracefile=(.+)$') {
            [void]$targets.Add($Matches[1])
        }
    }
    return @($targets)
}

function Invoke-Tool {
    param([string]$Tool, [string[]]$Arguments, [int]$TimeoutSeconds = $StepTimeoutSeconds, [switch]$NoConsole)
    if (-not $script:ReadOnlyTools.ContainsKey($Tool)) {
        throw "tool '$Tool' is not on the read-only list"
    }
    $pattern = $script:ReadOnlyTools[$Tool]
    $display = ($Arguments -join ' ')
    $checked = ($Arguments | ForEach-Object { ($_ -replace '\s', '_') }) -join ' '
    if ($checked -notmatch $pattern) {
        throw "refusing '$Tool $display': not a read-only form of $Tool"
    }
    foreach ($target in (Get-ToolWriteTarget -Tool $Tool -Arguments $Arguments)) {
        [void](Assert-OutputPath -Path $target)
    }
    $path = Get-ToolPath -Tool $Tool
    if (-not (Test-Path -LiteralPath $path)) {
        return @{ NotFound = $true; Command = "$Tool $display"; Path = $path }
    }
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $path
    $psi.Arguments = ConvertTo-ArgumentString -Arguments $Arguments
    $psi.UseShellExecute = $false
    # Inherit our console: console tools pick their output code page from it. Clean-up calls run
    # without it (-NoConsole), so that a second Ctrl+C cannot stop them half-way.
    $psi.CreateNoWindow = [bool]$NoConsole
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi.WorkingDirectory = $script:TmpDir
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $proc = [System.Diagnostics.Process]::Start($psi)
    $proc.StandardInput.Close()
    $outBuf = New-Object System.IO.MemoryStream
    $errBuf = New-Object System.IO.MemoryStream
    $outTask = $proc.StandardOutput.BaseStream.CopyToAsync($outBuf)
    $errTask = $proc.StandardError.BaseStream.CopyToAsync($errBuf)
    $timedOut = $false
    if (-not $proc.WaitForExit($TimeoutSeconds * 1000)) {
        $timedOut = $true
        try {
            # Our own child process, started above; nothing else is ever stopped.
            $proc.Kill()
        }
        catch {
            Write-Verbose ("could not stop {0}: {1}" -f $Tool, $_.Exception.Message)
        }
    }
    try {
        [void]$outTask.Wait(5000)
        [void]$errTask.Wait(5000)
    }
    catch {
        Write-Verbose ("reading {0} output: {1}" -f $Tool, $_.Exception.Message)
    }
    $exit = $null
    if (-not $timedOut) {
        $proc.WaitForExit()
        $exit = $proc.ExitCode
    }
    return @{
        NotFound   = $false
        Command    = "$Tool $display"
        ExitCode   = $exit
        TimedOut   = $timedOut
        Stdout     = $outBuf.ToArray()
        Stderr     = $errBuf.ToArray()
        DurationMs = [long]$sw.ElapsedMilliseconds
    }
}

function Invoke-WithTimeout {
    param([scriptblock]$ScriptBlock, [object[]]$ArgumentList = @(), [int]$TimeoutSeconds = $StepTimeoutSeconds)
    # Runs PowerShell code in a separate runspace so that a cmdlet that hangs (WMI, a key
    # provider waiting on hardware) is abandoned after the time limit instead of blocking us.
    $ps = [System.Management.Automation.PowerShell]::Create()
    [void]$ps.AddScript($ScriptBlock.ToString())
    foreach ($a in $ArgumentList) {
        [void]$ps.AddArgument($a)
    }
    $async = $ps.BeginInvoke()
    if (-not $async.AsyncWaitHandle.WaitOne($TimeoutSeconds * 1000)) {
        [void]$ps.BeginStop($null, $null)
        throw ("timed out after {0} s" -f $TimeoutSeconds)
    }
    $output = $ps.EndInvoke($async)
    $errors = @($ps.Streams.Error | ForEach-Object { $_.ToString() })
    $ps.Dispose()
    return @{ Output = @($output); Errors = $errors }
}

# ---------------------------------------------------------------------------------------------
# Text decoding: console tools write the OEM code page (or UTF-16 with /uni); the bundle is UTF-8.
# ---------------------------------------------------------------------------------------------

function Get-HostCodePage {
    param([string]$Name)
    try {
        $v = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Nls\CodePage' -Name $Name).$Name
        return [int]$v
    }
    catch {
        if ($Name -eq 'OEMCP') {
            return [System.Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage
        }
        return [System.Globalization.CultureInfo]::CurrentCulture.TextInfo.ANSICodePage
    }
}

function ConvertFrom-ToolBytes {
    param([byte[]]$Bytes, [int]$CodePage)
    # Returns @{ Text; From } where From names the encoding the bytes were in.
    if ($null -eq $Bytes -or $Bytes.Length -eq 0) {
        return @{ Text = ''; From = 'empty' }
    }
    if ($Bytes.Length -ge 3 -and $Bytes[0] -eq 0xEF -and $Bytes[1] -eq 0xBB -and $Bytes[2] -eq 0xBF) {
        return @{ Text = [System.Text.Encoding]::UTF8.GetString($Bytes, 3, $Bytes.Length - 3); From = 'utf-8-bom' }
    }
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) {
        return @{ Text = [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2); From = 'utf-16le-bom' }
    }
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFE -and $Bytes[1] -eq 0xFF) {
        return @{ Text = [System.Text.Encoding]::BigEndianUnicode.GetString($Bytes, 2, $Bytes.Length - 2); From = 'utf-16be-bom' }
    }
    # BOM-less UTF-16LE: many NULs in the odd positions.
    $sample = [Math]::Min($Bytes.Length, 4096)
    $oddNul = 0
    for ($i = 1; $i -lt $sample; $i += 2) {
        if ($Bytes[$i] -eq 0) {
            $oddNul++
        }
    }
    if ($oddNul -gt ($sample / 4)) {
        return @{ Text = [System.Text.Encoding]::Unicode.GetString($Bytes); From = 'utf-16le' }
    }
    $strict = New-Object System.Text.UTF8Encoding($false, $true)
    try {
        return @{ Text = $strict.GetString($Bytes); From = 'utf-8' }
    }
    catch {
        Write-Verbose 'not UTF-8; decoding with the OEM code page'
    }
    try {
        $enc = [System.Text.Encoding]::GetEncoding($CodePage)
        return @{ Text = $enc.GetString($Bytes); From = ('cp' + $CodePage) }
    }
    catch {
        return @{ Text = $null; From = ('cp' + $CodePage) }
    }
}

# ---------------------------------------------------------------------------------------------
# Manifest entries
# ---------------------------------------------------------------------------------------------

function Limit-Text {
    param([string]$Text, [int]$Max = 2000)
    if ($null -eq $Text) {
        return $null
    }
    $t = $Text.Trim()
    if ($t.Length -gt $Max) {
        return $t.Substring(0, $Max) + ' ...'
    }
    return $t
}

function Add-Entry {
    param(
        [string]$Id,
        [string]$Status,
        [string]$Source = $null,
        [object]$ExitCode = $null,
        [string]$Stderr = $null,
        [object]$DurationMs = $null,
        [string]$Encoding = $null,
        [string]$Reason = $null,
        [string]$Path = $null,
        [string[]]$Files = @()
    )
    $cat = Get-CatalogEntry -Id $Id
    if (-not $Path) {
        $Path = $cat.Path
    }
    $e = [ordered]@{ id = $Id; path = $Path; status = $Status }
    if ($Source) { $e.source = $Source }
    if ($null -ne $ExitCode) { $e.exitCode = [int]$ExitCode }
    if ($Stderr) { $e.stderr = (Limit-Text -Text $Stderr) }
    if ($null -ne $DurationMs) { $e.durationMs = [long]$DurationMs }
    if ($Encoding) { $e.encoding = $Encoding }
    if ($Reason) { $e.reason = $Reason }
    $e._files = $Files
    [void]$script:Entries.Add($e)
    return $e
}

function Test-EntryExists {
    param([string]$Id)
    foreach ($e in $script:Entries) {
        if ($e.id -eq $Id) {
            return $true
        }
    }
    return $false
}

function Save-ToolOutput {
    param(
        [string]$Id,
        [string]$Tool,
        [string[]]$Arguments,
        [int]$TimeoutSeconds = $StepTimeoutSeconds,
        [string]$Note = $null,
        [switch]$KeepPartial
    )
    $cat = Get-CatalogEntry -Id $Id
    $r = Invoke-Tool -Tool $Tool -Arguments $Arguments -TimeoutSeconds $TimeoutSeconds
    if ($r.NotFound) {
        [void](Add-Entry -Id $Id -Status 'skipped' -Source $r.Command -Reason ("{0} not found on this system ({1})" -f $Tool, $r.Path))
        return
    }
    $out = ConvertFrom-ToolBytes -Bytes $r.Stdout -CodePage $script:ToolCodePage
    $err = ConvertFrom-ToolBytes -Bytes $r.Stderr -CodePage $script:ToolCodePage
    $reason = $Note
    $status = 'collected'
    $partial = $false
    if ($r.TimedOut) {
        $status = 'failed'
        $reason = ("timed out after {0} s and was stopped; partial output kept" -f $TimeoutSeconds)
        if ($KeepPartial -and $r.Stdout.Length -gt 0) {
            # wevtutil /rd:true writes the newest events first: what arrived is worth reading,
            # but the XML is cut off and the entry says so.
            $status = 'collected'
            $partial = $true
            $reason = ("PARTIAL: timed out after {0} s and was stopped; the output ends where it was cut (newest events first)" -f $TimeoutSeconds)
        }
    }
    elseif ($r.ExitCode -ne 0 -and ($null -eq $out.Text -or $out.Text.Trim().Length -eq 0)) {
        $status = 'failed'
        $reason = ("exit code {0}: {1}" -f $r.ExitCode, (Limit-Text -Text $err.Text -Max 300))
    }
    if ($null -eq $out.Text) {
        [void](Write-OutputBytes -RelativePath $cat.Path -Bytes $r.Stdout)
        $enc = $out.From
    }
    else {
        [void](Write-OutputText -RelativePath $cat.Path -Text $out.Text)
        $enc = 'utf-8'
    }
    $e = Add-Entry -Id $Id -Status $status -Source $r.Command -ExitCode $r.ExitCode -Stderr $err.Text -DurationMs $r.DurationMs -Encoding $enc -Reason $reason
    $e.sourceEncoding = $out.From
    if ($partial) {
        $e.partial = $true
    }
}

function Save-RegistryExport {
    param([string]$Id, [string[]]$Keys, [switch]$AllowAllMissing)
    # reg export writes a UTF-16 file per key; they are merged into one UTF-8 .reg text.
    $cat = Get-CatalogEntry -Id $Id
    $sb = New-Object System.Text.StringBuilder
    [void]$sb.Append("Windows Registry Editor Version 5.00`r`n")
    $missing = New-Object System.Collections.ArrayList
    $errors = New-Object System.Collections.ArrayList
    $found = 0
    $total = [long]0
    $lastExit = 0
    $i = 0
    foreach ($key in $Keys) {
        $i++
        $tmp = Join-Path $script:TmpDir ("{0}-{1}.reg" -f ($Id -replace '[^a-z0-9]', '-'), $i)
        $r = Invoke-Tool -Tool 'reg' -Arguments @('export', $key, $tmp, '/y')
        $total += $r.DurationMs
        if ($r.NotFound) {
            throw 'reg.exe not found'
        }
        if ($r.TimedOut) {
            [void]$errors.Add("$key timed out")
            continue
        }
        if ($r.ExitCode -ne 0 -or -not (Test-Path -LiteralPath $tmp)) {
            $lastExit = $r.ExitCode
            $msg = (ConvertFrom-ToolBytes -Bytes $r.Stderr -CodePage $script:ToolCodePage).Text
            [void]$missing.Add(("{0}: {1}" -f $key, (Limit-Text -Text $msg -Max 200)))
            continue
        }
        $found++
        $text = (ConvertFrom-ToolBytes -Bytes ([System.IO.File]::ReadAllBytes($tmp)) -CodePage $script:ToolCodePage).Text
        Remove-OutputItem -Path $tmp
        $text = $text -replace '^\s*Windows Registry Editor Version 5\.00\s*', ''
        [void]$sb.Append("`r`n")
        [void]$sb.Append($text.TrimEnd())
        [void]$sb.Append("`r`n")
    }
    $source = 'reg export ' + ($Keys -join ' ; reg export ')
    if ($found -eq 0 -and -not $AllowAllMissing) {
        [void](Add-Entry -Id $Id -Status 'failed' -Source $source -ExitCode $lastExit -DurationMs $total -Reason ('no key could be exported: ' + (($missing + $errors) -join ' | ')))
        return
    }
    [void](Write-OutputText -RelativePath $cat.Path -Text $sb.ToString())
    $reason = $null
    if ($missing.Count -gt 0) {
        $reason = 'keys not present (nothing configured there): ' + ($missing -join ' | ')
    }
    if ($errors.Count -gt 0) {
        $reason = (@($reason) + $errors | Where-Object { $_ }) -join ' | '
    }
    [void](Add-Entry -Id $Id -Status 'collected' -Source $source -ExitCode 0 -DurationMs $total -Encoding 'utf-8' -Reason $reason)
}

# --- Cipher suites, curves and FIPS policy (issue 16) -----------------------------------------

function Save-TlsCmdletList {
    # Get-TlsCipherSuite / Get-TlsEccCurve (TLS module, build 14393 and later) as PowerShell
    # prints them: Format-List for the suites (their default view), one name a line for the curves.
    param([string]$Id, [string]$Cmdlet, [int]$Build)
    $cat = Get-CatalogEntry -Id $Id
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    if (-not (Get-Command -Name $Cmdlet -ErrorAction SilentlyContinue)) {
        $why = ('{0} is not available on this system (TLS module of Windows 10 / Server 2016, build 14393 and later; this is build {1}); the analyzer falls back to the cipher-suite policy keys and the defaults of the build' -f $Cmdlet, $Build)
        [void](Add-Entry -Id $Id -Status 'skipped' -Source $Cmdlet -Reason $why)
        return
    }
    $block = { Get-TlsCipherSuite | Format-List | Out-String -Width 4096 }
    if ($Cmdlet -eq 'Get-TlsEccCurve') {
        $block = { (@(Get-TlsEccCurve) | ForEach-Object { [string]$_ }) -join "`r`n" }
    }
    $r = Invoke-WithTimeout -ScriptBlock $block
    $text = (@($r.Output) | ForEach-Object { [string]$_ }) -join "`r`n"
    if ($text.Trim().Length -eq 0) {
        $why = 'no output'
        if ($r.Errors.Count -gt 0) { $why = ($r.Errors -join '; ') }
        [void](Add-Entry -Id $Id -Status 'failed' -Source $Cmdlet -DurationMs $sw.ElapsedMilliseconds -Reason $why)
        return
    }
    [void](Write-OutputText -RelativePath $cat.Path -Text ($text.Trim() + "`r`n"))
    $reason = $null
    if ($r.Errors.Count -gt 0) { $reason = ($r.Errors -join '; ') }
    [void](Add-Entry -Id $Id -Status 'collected' -Source $cat.Source -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
}

function Save-FipsPolicy {
    # The FipsAlgorithmPolicy key as reg exports it; the legacy Lsa FIPSAlgorithmPolicy DWORD
    # (Windows XP / 2003, still honoured) cannot be exported alone (reg export takes keys, and
    # the Lsa key holds far more), so it is read with Get-ItemProperty and appended as a .reg line.
    Save-RegistryExport -Id 'schannel.fips-policy' -AllowAllMissing -Keys @('HKLM\SYSTEM\CurrentControlSet\Control\Lsa\FipsAlgorithmPolicy')
    $legacy = $null
    try {
        $legacy = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa' -Name 'FIPSAlgorithmPolicy' -ErrorAction Stop).FIPSAlgorithmPolicy
    }
    catch {
        $legacy = $null
    }
    # With -AllowAllMissing the export always writes the file (a header alone when the key is absent).
    $cat = Get-CatalogEntry -Id 'schannel.fips-policy'
    $path = Join-Path $script:OutRoot $cat.Path
    if ($null -eq $legacy -or -not (Test-Path -LiteralPath $path)) {
        return
    }
    $line = ('"FIPSAlgorithmPolicy"=dword:{0:x8}' -f [long]$legacy)
    $text = ([System.IO.File]::ReadAllText($path)).TrimEnd() + "`r`n`r`n; value read with Get-ItemProperty (reg export cannot export one value)`r`n[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa]`r`n" + $line + "`r`n"
    [void](Write-OutputText -RelativePath $cat.Path -Text $text)
}

# ---------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------

function Invoke-Step {
    param([string[]]$Ids, [string]$Title, [scriptblock]$Action)
    $script:StepNumber++
    $label = ('[{0,2}/{1}] {2}' -f $script:StepNumber, $script:StepCount, $Title)
    Write-Host ($label + ' ... ') -NoNewline
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $failure = $null
    try {
        & $Action
    }
    catch {
        $failure = $_.Exception.Message
    }
    foreach ($id in $Ids) {
        if (-not (Test-EntryExists -Id $id)) {
            $why = $failure
            if (-not $why) {
                $why = 'the step produced nothing'
            }
            [void](Add-Entry -Id $id -Status 'failed' -DurationMs $sw.ElapsedMilliseconds -Reason $why)
        }
    }
    $states = @($script:Entries | Where-Object { $Ids -contains $_.id } | ForEach-Object { $_.status })
    $secs = ('{0:N1} s' -f $sw.Elapsed.TotalSeconds)
    if ($states -contains 'failed') {
        Write-Status ("failed ({0})" -f $secs) 'Yellow'
        $reasons = @($script:Entries | Where-Object { $Ids -contains $_.id -and $_.Contains('reason') } | ForEach-Object { $_.reason })
        foreach ($r in $reasons) {
            Write-Status ('        ' + (Limit-Text -Text $r -Max 200)) 'DarkYellow'
        }
    }
    elseif ($states -contains 'collected') {
        Write-Status ("ok ({0})" -f $secs) 'Green'
    }
    else {
        Write-Status ("skipped ({0})" -f $secs) 'DarkGray'
    }
}

function Get-HostInfo {
    $info = [ordered]@{}
    $cv = $null
    try {
        $cv = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    }
    catch {
        $cv = $null
    }
    $caption = $null
    $version = $null
    $build = $null
    try {
        $r = Invoke-WithTimeout -TimeoutSeconds 30 -ScriptBlock {
            $os = Get-CimInstance -ClassName Win32_OperatingSystem
            [pscustomobject]@{ Caption = $os.Caption; Version = $os.Version; Build = $os.BuildNumber }
        }
        if ($r.Output.Count -gt 0) {
            $caption = [string]$r.Output[0].Caption
            $version = [string]$r.Output[0].Version
            $build = [string]$r.Output[0].Build
        }
    }
    catch {
        Write-Verbose ('Win32_OperatingSystem: ' + $_.Exception.Message)
    }
    if ($null -ne $cv) {
        if (-not $caption -and ($cv.PSObject.Properties.Name -contains 'ProductName')) { $caption = [string]$cv.ProductName }
        if (-not $build -and ($cv.PSObject.Properties.Name -contains 'CurrentBuildNumber')) { $build = [string]$cv.CurrentBuildNumber }
        if (-not $version) { $version = [Environment]::OSVersion.Version.ToString(3) }
        if ($cv.PSObject.Properties.Name -contains 'UBR') { $version = ('{0}.{1}' -f $version, $cv.UBR) }
    }
    $fqdnDomain = $null
    try {
        $fqdnDomain = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().DomainName
    }
    catch {
        $fqdnDomain = $null
    }
    $info.name = $env:COMPUTERNAME
    if ($caption) { $info.osCaption = $caption.Trim() }
    if ($version) { $info.osVersion = $version }
    if ($build -match '^\d+$') { $info.osBuild = [int]$build }
    $info.uiCulture = (Get-UICulture).Name
    # The format culture and its short date pattern (with the user's overrides) decide how certutil
    # and PowerShell print dates (3/11/2024): the UI language does not.
    $info.culture = [System.Globalization.CultureInfo]::CurrentCulture.Name
    $info.shortDatePattern = [System.Globalization.CultureInfo]::CurrentCulture.DateTimeFormat.ShortDatePattern
    $info.oemCodePage = $script:OemCodePage
    $info.ansiCodePage = $script:AnsiCodePage
    $info.timeZone = [System.TimeZoneInfo]::Local.Id
    $info.elevated = [bool]$script:IsElevated
    $info.psVersion = $PSVersionTable.PSVersion.ToString()
    # .NET Framework 4.x release number (378389 = 4.5, 393295 = 4.6, 394254 = 4.6.1, 528040 = 4.8):
    # it decides which key tests the certificate step can run.
    try {
        $info.dotNetRelease = [int](Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name 'Release').Release
    }
    catch {
        Write-Verbose ('.NET Framework release: ' + $_.Exception.Message)
    }
    $script:HostDomain = $fqdnDomain
    return $info
}

function Get-SslBindingPorts {
    # HTTP.sys SSL bindings, read from the registry (read-only): port numbers and certificate hashes.
    $ports = New-Object System.Collections.ArrayList
    $hashes = New-Object System.Collections.ArrayList
    $stores = New-Object System.Collections.ArrayList
    $base = 'HKLM:\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'
    foreach ($sub in @('SslBindingInfo', 'SslSniBindingInfo', 'SslCcsBindingInfo')) {
        $p = Join-Path $base $sub
        if (-not (Test-Path -LiteralPath $p)) {
            continue
        }
        foreach ($k in @(Get-ChildItem -LiteralPath $p)) {
            if ($k.PSChildName -match ':(\d+)$') {
                [void]$ports.Add([int]$Matches[1])
            }
            if ($sub -eq 'SslSniBindingInfo') {
                [void]$script:SensitiveNames.Add(($k.PSChildName -replace ':\d+$', ''))
            }
            try {
                $hash = (Get-ItemProperty -LiteralPath $k.PSPath -Name 'SslCertHash').SslCertHash
                if ($hash) {
                    [void]$hashes.Add((($hash | ForEach-Object { $_.ToString('X2') }) -join ''))
                }
            }
            catch {
                Write-Verbose ('no SslCertHash under ' + $k.PSChildName)
            }
            # The store each binding names (netsh "Certificate Store Name"): collected beside My.
            try {
                $sn = [string](Get-ItemProperty -LiteralPath $k.PSPath -Name 'SslCertStoreName').SslCertStoreName
                if ($sn) {
                    [void]$stores.Add($sn)
                }
            }
            catch {
                Write-Verbose ('no SslCertStoreName under ' + $k.PSChildName)
            }
        }
    }
    return @{ Ports = @($ports | Sort-Object -Unique); Hashes = @($hashes | Sort-Object -Unique); Stores = @($stores | Sort-Object -Unique) }
}

$script:CertStoreScript = {
    param([string[]]$Stores, [string[]]$Bound)
    Import-Module Microsoft.PowerShell.Security -ErrorAction SilentlyContinue

    function Get-KeyApiSupport {
        # RSACertificateExtensions came with .NET Framework 4.6, ECDsaCertificateExtensions with
        # 4.6.1: Server 2012 R2 with .NET 4.5 has neither, so test for the types before use.
        return @{
            Rsa   = ($null -ne ('System.Security.Cryptography.X509Certificates.RSACertificateExtensions' -as [type]))
            Ecdsa = ($null -ne ('System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions' -as [type]))
        }
    }

    function Get-CertKeyState {
        # Opens the private key read-only to read its provider and container (never exports it).
        param($Certificate, [string]$ProgramData)
        $st = [ordered]@{ Provider = $null; ProviderType = $null; Container = $null; UniqueName = $null; KeyFile = $null; KeyFileExists = $null; Accessible = $null; AccessError = $null; Exportable = $null; TestMethod = $null; KeySpec = $null }
        $api = Get-KeyApiSupport
        $k = $null
        $ownsKey = $true
        try {
            if ($api.Rsa) {
                $st.TestMethod = 'RSACertificateExtensions.GetRSAPrivateKey'
                $k = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($Certificate)
            }
            if ($null -eq $k -and $api.Ecdsa) {
                $st.TestMethod = 'ECDsaCertificateExtensions.GetECDsaPrivateKey'
                $k = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($Certificate)
            }
            if ($null -eq $k -and -not ($api.Rsa -and $api.Ecdsa)) {
                # .NET 4.5: X509Certificate2.PrivateKey opens CAPI (CSP) keys only.
                $st.TestMethod = 'X509Certificate2.PrivateKey (.NET Framework before 4.6.1)'
                $ownsKey = $false
                try {
                    $k = $Certificate.PrivateKey
                }
                catch {
                    $st.AccessError = ('unknown: this .NET Framework cannot open this key (a CNG key needs .NET 4.6 or later): {0}' -f $_.Exception.Message.Trim())
                    return $st
                }
                if ($null -eq $k) {
                    $st.AccessError = 'unknown: this .NET Framework cannot open this key type (a CNG or ECDSA key needs .NET 4.6.1 or later)'
                    return $st
                }
            }
            if ($null -eq $k) {
                throw 'no RSA or ECDSA private key could be opened'
            }
            if ($k.PSObject.Properties.Name -contains 'CspKeyContainerInfo') {
                $info = $k.CspKeyContainerInfo
                $st.Provider = $info.ProviderName
                $st.ProviderType = $info.ProviderType
                $st.Container = $info.KeyContainerName
                $st.UniqueName = $info.UniqueKeyContainerName
                $st.Exportable = $info.Exportable
                # KeyNumber 1 = AT_KEYEXCHANGE, 2 = AT_SIGNATURE: Schannel needs a CAPI server key as AT_KEYEXCHANGE.
                $st.KeySpec = [int]$info.KeyNumber
                $st.KeyFile = Join-Path $ProgramData ('Microsoft\Crypto\RSA\MachineKeys\' + $st.UniqueName)
            }
            elseif ($k.PSObject.Properties.Name -contains 'Key') {
                $st.Provider = $k.Key.Provider.Provider
                $st.ProviderType = 0
                $st.Container = $k.Key.KeyName
                $st.UniqueName = $k.Key.UniqueName
                $st.Exportable = (($k.Key.ExportPolicy.value__ -band 1) -ne 0)
                $st.KeyFile = Join-Path $ProgramData ('Microsoft\Crypto\Keys\' + $st.UniqueName)
                if (-not (Test-Path -LiteralPath $st.KeyFile)) {
                    $alt = Join-Path $ProgramData ('Microsoft\Crypto\RSA\MachineKeys\' + $st.UniqueName)
                    if (Test-Path -LiteralPath $alt) {
                        $st.KeyFile = $alt
                    }
                }
            }
            $st.Accessible = $true
        }
        catch {
            $st.Accessible = $false
            $ex = $_.Exception
            if ($ex.InnerException) {
                $ex = $ex.InnerException
            }
            $st.AccessError = ('{0} (0x{1:X8})' -f $ex.Message.Trim(), $ex.HResult)
        }
        finally {
            if ($null -ne $k -and $ownsKey) {
                $k.Dispose()
            }
        }
        if ($st.KeyFile) {
            $st.KeyFileExists = [bool](Test-Path -LiteralPath $st.KeyFile)
        }
        return $st
    }
    # Metadata of the LocalMachine certificate stores. Private keys are only opened to read their
    # provider and container names (never exported). Shape: docs/bundle-format.md, cert.store.
    $certs = New-Object System.Collections.ArrayList
    $errs = New-Object System.Collections.ArrayList
    $progData = $env:ProgramData
    foreach ($store in $Stores) {
        $path = 'Cert:\LocalMachine\' + $store
        if (-not (Test-Path -LiteralPath $path)) {
            [void]$errs.Add([ordered]@{ Store = $store; Error = 'store not present' })
            continue
        }
        $items = @()
        try {
            $items = @(Get-ChildItem -LiteralPath $path -ErrorAction Stop)
        }
        catch {
            [void]$errs.Add([ordered]@{ Store = $store; Error = $_.Exception.Message })
            continue
        }
        foreach ($c in $items) {
            if (-not ($c -is [System.Security.Cryptography.X509Certificates.X509Certificate2])) {
                continue
            }
            $eku = New-Object System.Collections.ArrayList
            $hasEku = $false
            $dns = New-Object System.Collections.ArrayList
            foreach ($ext in $c.Extensions) {
                if ($ext.Oid.Value -eq '2.5.29.37') {
                    $hasEku = $true
                }
                if ($ext -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]) {
                    foreach ($o in $ext.EnhancedKeyUsages) {
                        [void]$eku.Add([ordered]@{ FriendlyName = $o.FriendlyName; ObjectId = $o.Value })
                    }
                }
            }
            if ($c.PSObject.Properties.Name -contains 'DnsNameList') {
                foreach ($d in @($c.DnsNameList)) {
                    if ($null -ne $d) {
                        [void]$dns.Add([string]$d.Punycode)
                    }
                }
            }
            else {
                foreach ($ext in $c.Extensions) {
                    if ($ext.Oid.Value -eq '2.5.29.17') {
                        foreach ($m in [regex]::Matches($ext.Format($false), 'DNS[^=,]*=([^,\s]+)')) {
                            [void]$dns.Add($m.Groups[1].Value)
                        }
                    }
                }
            }
            $keyAlg = $c.PublicKey.Oid.FriendlyName
            $keySize = $null
            try {
                $rsa = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPublicKey($c)
                if ($null -ne $rsa) {
                    $keySize = $rsa.KeySize
                }
                else {
                    $ec = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPublicKey($c)
                    if ($null -ne $ec) {
                        $keySize = $ec.KeySize
                    }
                }
            }
            catch {
                $keySize = $null
            }
            $keyState = [ordered]@{ Provider = $null; ProviderType = $null; Container = $null; UniqueName = $null; KeyFile = $null; KeyFileExists = $null; Accessible = $null; AccessError = $null; Exportable = $null; TestMethod = $null; KeySpec = $null }
            $serverAuth = ($eku.Count -eq 0 -and -not $hasEku) -or (@($eku | Where-Object { $_.ObjectId -eq '1.3.6.1.5.5.7.3.1' }).Count -gt 0)
            $isBound = ($Bound -contains $c.Thumbprint.ToUpperInvariant())
            if ($c.HasPrivateKey -and -not ($isBound -or $serverAuth)) {
                # Opening a key can prompt for an HSM / smart-card PIN and writes audit events:
                # only the keys a binding uses, or could use, are opened.
                $keyState.TestMethod = 'not tested: neither bound nor valid for Server Authentication'
            }
            elseif ($c.HasPrivateKey) {
                $keyState = Get-CertKeyState -Certificate $c -ProgramData $progData
            }
            [void]$certs.Add([ordered]@{
                    Store              = $store
                    StoreLocation      = 'LocalMachine'
                    Thumbprint         = $c.Thumbprint
                    Subject            = $c.Subject
                    Issuer             = $c.Issuer
                    SerialNumber       = $c.SerialNumber
                    FriendlyName       = $c.FriendlyName
                    NotBefore          = $c.NotBefore.ToUniversalTime().ToString('o')
                    NotAfter           = $c.NotAfter.ToUniversalTime().ToString('o')
                    HasPrivateKey      = $c.HasPrivateKey
                    Archived           = $c.Archived
                    SignatureAlgorithm = [ordered]@{ FriendlyName = $c.SignatureAlgorithm.FriendlyName; Value = $c.SignatureAlgorithm.Value }
                    HasEkuExtension    = $hasEku
                    EnhancedKeyUsageList = @($eku)
                    DnsNameList        = @($dns)
                    KeyAlgorithm       = $keyAlg
                    KeySize            = $keySize
                    KeyProvider        = $keyState.Provider
                    KeyProviderType    = $keyState.ProviderType
                    KeyContainer       = $keyState.Container
                    KeyUniqueName      = $keyState.UniqueName
                    KeyFilePath        = $keyState.KeyFile
                    KeyFileExists      = $keyState.KeyFileExists
                    KeyAccessible      = $keyState.Accessible
                    KeyAccessError     = $keyState.AccessError
                    KeyExportable      = $keyState.Exportable
                    KeyTestMethod      = $keyState.TestMethod
                    KeySpec            = $keyState.KeySpec
                    RawDataBase64      = [System.Convert]::ToBase64String($c.RawData)
                })
        }
    }
    [pscustomobject]@{ Certificates = @($certs); Errors = @($errs) }
}

function Get-CollectedStoreNames {
    # The server and chain stores, the trust stores client authentication and chain building read
    # (AuthRoot: trusted roots Windows fetched; Disallowed: explicitly distrusted; ClientAuthIssuer:
    # the CAs sent to clients when ClientAuthTrustMode is 2), and each store a binding names
    # (a name that is not a plain store name is left out: it only selects a Cert:\ path).
    $names = New-Object System.Collections.ArrayList
    foreach ($n in @('My', 'WebHosting', 'CA', 'Root', 'AuthRoot', 'Disallowed', 'ClientAuthIssuer') + @($script:BindingStores)) {
        if (-not ($n -match '^[A-Za-z0-9 _.-]{1,64}$')) {
            continue
        }
        $known = @($names | Where-Object { $_ -eq $n })
        if ($known.Count -eq 0) {
            [void]$names.Add($n)
        }
    }
    return [string[]]@($names)
}

function Test-ServerStore {
    # Stores holding server certificates (their names are the customer's): My, WebHosting, and
    # any other store a binding names.
    param([string]$Store)
    if ($Store -eq 'My' -or $Store -eq 'WebHosting') {
        return $true
    }
    return (@($script:BindingStores | Where-Object { $_ -eq $Store -and @('CA', 'Root', 'AuthRoot', 'Disallowed', 'ClientAuthIssuer') -notcontains $_ }).Count -gt 0)
}

function Save-CertificateStores {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $storeNames = Get-CollectedStoreNames
    $r = Invoke-WithTimeout -ScriptBlock $script:CertStoreScript -ArgumentList @($storeNames, [string[]]@($script:BoundThumbprints))
    if ($r.Output.Count -eq 0) {
        throw ('no output: ' + ($r.Errors -join '; '))
    }
    $result = $r.Output[0]
    $certs = @($result.Certificates)
    $files = New-Object System.Collections.ArrayList
    $published = New-Object System.Collections.ArrayList
    foreach ($c in $certs) {
        if (Test-ServerStore -Store $c.Store) {
            foreach ($d in $c.DnsNameList) {
                [void]$script:SensitiveNames.Add($d)
            }
            if ($c.Subject -match 'CN=([^,]+)') {
                [void]$script:SensitiveNames.Add($Matches[1].Trim())
            }
        }
        if ($c.KeyFilePath) {
            $script:CertKeyFiles[$c.Thumbprint.ToUpperInvariant()] = $c.KeyFilePath
        }
        if (-not $Redact) {
            $rel = ('certificates/{0}/{1}.cer' -f $c.Store, $c.Thumbprint.ToUpperInvariant())
            [void](Write-OutputBytes -RelativePath $rel -Bytes ([System.Convert]::FromBase64String($c.RawDataBase64)))
            [void]$files.Add($rel)
        }
        $copy = [ordered]@{}
        foreach ($k in $c.Keys) {
            if ($k -ne 'RawDataBase64') {
                $copy[$k] = $c[$k]
            }
        }
        [void]$published.Add($copy)
    }
    $doc = [ordered]@{ formatVersion = 1; certificates = @($published); errors = @($result.Errors); stores = @($storeNames) }
    [void](Write-OutputText -RelativePath 'certificates/store.json' -Text (ConvertTo-Json -InputObject $doc -Depth 6))
    $reasons = New-Object System.Collections.ArrayList
    if ($r.Errors.Count -gt 0) {
        [void]$reasons.Add(($r.Errors -join '; '))
    }
    if (-not $script:IsElevated) {
        [void]$reasons.Add('key tests ran without elevation: a key reported inaccessible may only be inaccessible to this user (run as administrator to test what IIS can use)')
    }
    [void]$reasons.Add('private keys opened only for bound certificates and those valid for Server Authentication')
    $reason = ($reasons -join '; ')
    [void](Add-Entry -Id 'cert.store' -Status 'collected' -Source ('Get-ChildItem Cert:\LocalMachine\' + ($storeNames -join ', ') + ' (metadata; keys opened read-only for provider and container names)') -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
    if ($Redact) {
        [void](Add-Entry -Id 'cert.files' -Status 'skipped' -Source 'X509Certificate2.RawData' -Reason 'left out under -Redact: certificate files contain host names and cannot be redacted without invalidating them')
    }
    else {
        [void](Add-Entry -Id 'cert.files' -Status 'collected' -Source ('X509Certificate2.RawData of Cert:\LocalMachine\' + ($storeNames -join ', ') + ' (public DER only)') -DurationMs $sw.ElapsedMilliseconds -Files @($files))
    }
}

$script:ListenerScript = {
    # Shape: docs/bundle-format.md, net.tcp-listeners.
    $listeners = New-Object System.Collections.ArrayList
    foreach ($c in @(Get-NetTCPConnection -State Listen -ErrorAction Stop)) {
        $created = $null
        if ($null -ne $c.CreationTime) {
            $created = ([datetime]$c.CreationTime).ToUniversalTime().ToString('o')
        }
        [void]$listeners.Add([ordered]@{
                LocalAddress  = [string]$c.LocalAddress
                LocalPort     = [int]$c.LocalPort
                State         = [string]$c.State
                OwningProcess = [int]$c.OwningProcess
                CreationTime  = $created
            })
    }
    $udp = New-Object System.Collections.ArrayList
    foreach ($u in @(Get-NetUDPEndpoint -ErrorAction SilentlyContinue)) {
        [void]$udp.Add([ordered]@{ LocalAddress = [string]$u.LocalAddress; LocalPort = [int]$u.LocalPort; OwningProcess = [int]$u.OwningProcess })
    }
    $pids = @(@($listeners | ForEach-Object { $_.OwningProcess }) + @($udp | ForEach-Object { $_.OwningProcess }) | Sort-Object -Unique)
    $processes = New-Object System.Collections.ArrayList
    foreach ($p in @(Get-Process -ErrorAction SilentlyContinue)) {
        if ($pids -contains [int]$p.Id) {
            $path = $null
            try {
                $path = $p.Path
            }
            catch {
                $path = $null
            }
            [void]$processes.Add([ordered]@{ Id = [int]$p.Id; ProcessName = $p.ProcessName; Path = $path; SessionId = [int]$p.SessionId })
        }
    }
    $services = New-Object System.Collections.ArrayList
    try {
        foreach ($s in @(Get-CimInstance -ClassName Win32_Service -Filter 'ProcessId <> 0' -ErrorAction Stop)) {
            if ($pids -contains [int]$s.ProcessId) {
                [void]$services.Add([ordered]@{ Name = $s.Name; DisplayName = $s.DisplayName; ProcessId = [int]$s.ProcessId; State = [string]$s.State })
            }
        }
    }
    catch {
        Write-Verbose ('Win32_Service: ' + $_.Exception.Message)
    }
    [pscustomobject]@{ Listeners = @($listeners); Udp = @($udp); Processes = @($processes); Services = @($services) }
}

function Save-TcpListeners {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    if (-not (Get-Command -Name 'Get-NetTCPConnection' -ErrorAction SilentlyContinue)) {
        [void](Add-Entry -Id 'net.tcp-listeners' -Status 'skipped' -Source 'Get-NetTCPConnection -State Listen' -Reason 'Get-NetTCPConnection is not available on this system (NetTCPIP module)')
        return
    }
    $r = Invoke-WithTimeout -ScriptBlock $script:ListenerScript
    if ($r.Output.Count -eq 0) {
        throw ('no output: ' + ($r.Errors -join '; '))
    }
    $o = $r.Output[0]
    $doc = [ordered]@{
        formatVersion = 1
        listeners     = @($o.Listeners)
        udpEndpoints  = @($o.Udp)
        processes     = @($o.Processes)
        services      = @($o.Services)
    }
    [void](Write-OutputText -RelativePath 'network/tcp-listeners.json' -Text (ConvertTo-Json -InputObject $doc -Depth 5))
    $reason = $null
    if ($r.Errors.Count -gt 0) {
        $reason = ($r.Errors -join '; ')
    }
    [void](Add-Entry -Id 'net.tcp-listeners' -Status 'collected' -Source 'Get-NetTCPConnection -State Listen; Get-NetUDPEndpoint; Get-Process; Get-CimInstance Win32_Service | ConvertTo-Json' -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
}

function Save-KeyAcls {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $targets = New-Object System.Collections.ArrayList
    [void]$targets.Add((Join-Path $env:ProgramData 'Microsoft\Crypto\RSA\MachineKeys'))
    [void]$targets.Add((Join-Path $env:ProgramData 'Microsoft\Crypto\Keys'))
    $notes = New-Object System.Collections.ArrayList
    foreach ($t in $script:BoundThumbprints) {
        if ($script:CertKeyFiles.ContainsKey($t)) {
            [void]$targets.Add($script:CertKeyFiles[$t])
        }
        else {
            [void]$notes.Add(("no key file known for bound certificate {0}" -f $t))
        }
    }
    $sb = New-Object System.Text.StringBuilder
    $stderr = New-Object System.Collections.ArrayList
    $ok = 0
    foreach ($t in $targets) {
        $exists = $false
        try {
            $exists = Test-Path -LiteralPath $t
        }
        catch {
            [void]$notes.Add(("cannot check {0}: {1}" -f $t, $_.Exception.Message))
            continue
        }
        if (-not $exists) {
            [void]$notes.Add(("not found: {0}" -f $t))
            continue
        }
        $r = Invoke-Tool -Tool 'icacls' -Arguments @($t) -TimeoutSeconds 60
        $text = (ConvertFrom-ToolBytes -Bytes $r.Stdout -CodePage $script:ToolCodePage).Text
        $err = (ConvertFrom-ToolBytes -Bytes $r.Stderr -CodePage $script:ToolCodePage).Text
        if ($text) {
            [void]$sb.Append($text.TrimEnd())
            [void]$sb.Append("`r`n`r`n")
            $ok++
        }
        if ($err -and $err.Trim()) {
            [void]$stderr.Add(("{0}: {1}" -f $t, $err.Trim()))
        }
    }
    $script:KeyAclTargets = @($targets)
    $source = 'icacls ' + ($targets -join ' ; icacls ')
    if ($ok -eq 0) {
        [void](Add-Entry -Id 'cert.machinekeys-acl' -Status 'failed' -Source $source -Stderr ($stderr -join "`n") -DurationMs $sw.ElapsedMilliseconds -Reason ((@($notes) + @($stderr)) -join '; '))
        return
    }
    [void](Write-OutputText -RelativePath 'certificates/icacls-machinekeys.txt' -Text $sb.ToString())
    $reason = $null
    if ($notes.Count -gt 0) {
        $reason = ($notes -join '; ')
    }
    [void](Add-Entry -Id 'cert.machinekeys-acl' -Status 'collected' -Source $source -Stderr ($stderr -join "`n") -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
}

function Save-KeySddl {
    # The same ACLs as SDDL (Get-Acl): SIDs and rights codes read the same on every Windows
    # language, where icacls prints localized account names.
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $items = New-Object System.Collections.ArrayList
    $errs = New-Object System.Collections.ArrayList
    foreach ($t in @($script:KeyAclTargets)) {
        try {
            if (-not $t -or -not (Test-Path -LiteralPath $t)) {
                continue
            }
            $acl = Get-Acl -LiteralPath $t -ErrorAction Stop
            [void]$items.Add([ordered]@{ Path = [string]$t; Owner = [string]$acl.Owner; Sddl = [string]$acl.Sddl })
        }
        catch {
            [void]$errs.Add([ordered]@{ Path = [string]$t; Error = $_.Exception.Message })
        }
    }
    $source = 'Get-Acl ' + (@($script:KeyAclTargets) -join ' ; Get-Acl ')
    if ($items.Count -eq 0) {
        [void](Add-Entry -Id 'cert.machinekeys-sddl' -Status 'failed' -Source $source -DurationMs $sw.ElapsedMilliseconds -Reason ((@('no ACL could be read') + @($errs | ForEach-Object { '{0}: {1}' -f $_.Path, $_.Error })) -join '; '))
        return
    }
    $doc = [ordered]@{ formatVersion = 1; acls = @($items); errors = @($errs) }
    [void](Write-OutputText -RelativePath 'certificates/machinekeys-acl-sddl.json' -Text (ConvertTo-Json -InputObject $doc -Depth 4))
    [void](Add-Entry -Id 'cert.machinekeys-sddl' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8')
}

function Save-Events {
    param([string]$Id, [string]$Log, [string[]]$ProviderFilter)
    $ms = [long]$Days * 86400000
    if ($ProviderFilter) {
        $names = ($ProviderFilter | ForEach-Object { "@Name='$_'" }) -join ' or '
        $query = "*[System[Provider[$names] and TimeCreated[timediff(@SystemTime) <= $ms]]]"
    }
    else {
        $query = "*[System[TimeCreated[timediff(@SystemTime) <= $ms]]]"
    }
    $note = $null
    $gl = Invoke-Tool -Tool 'wevtutil' -Arguments @('gl', $Log) -TimeoutSeconds 30
    if (-not $gl.NotFound -and $gl.ExitCode -eq 0) {
        $glText = (ConvertFrom-ToolBytes -Bytes $gl.Stdout -CodePage $script:ToolCodePage).Text
        if ($glText -match '(?m)^enabled:\s*false') {
            $note = "the $Log log is disabled on this server, so it records no events"
        }
    }
    Save-ToolOutput -Id $Id -Tool 'wevtutil' -Arguments @('qe', $Log, ('/q:' + $query), '/f:xml', '/e:Events', '/rd:true', '/uni:true', ('/c:' + $MaxEvents)) -Note $note -KeepPartial
    $cat = Get-CatalogEntry -Id $Id
    $full = Get-OutputFilePath -RelativePath $cat.Path
    if ((Test-Path -LiteralPath $full) -and (Get-Item -LiteralPath $full).Length -eq 0) {
        [void](Write-OutputText -RelativePath $cat.Path -Text '<Events></Events>')
    }
}

function Remove-ConfigPassword {
    param([string]$Text)
    # Encrypted passwords are of no use off this server: never let them leave it.
    $Text = [regex]::Replace($Text, '(?i)(\b\w*password\s*=\s*")[^"]*(")', '${1}[removed by collector]${2}')
    # ... and so are passwords inside connection strings (Password=...; Pwd=...)
    $Text = [regex]::Replace($Text, '(?i)(?<=[;"''\s])((?:password|pwd)\s*=\s*)(?!")[^;"'']*', '${1}[removed by collector]')
    return $Text
}

function Save-IisRedirection {
    # IIS shared configuration: redirection.config can point IIS at an applicationHost.config on a
    # share, and then the local file is stale while appcmd reads the effective one.
    param([string]$ConfigDir)
    $src = Join-Path $ConfigDir 'redirection.config'
    if (-not (Test-Path -LiteralPath $src)) {
        [void](Add-Entry -Id 'iis.redirection' -Status 'skipped' -Source $src -Reason 'no redirection.config: shared configuration is not set up')
        return
    }
    try {
        $bytes = [System.IO.File]::ReadAllBytes($src)
    }
    catch {
        [void](Add-Entry -Id 'iis.redirection' -Status 'failed' -Source $src -Reason $_.Exception.Message)
        return
    }
    $text = (ConvertFrom-ToolBytes -Bytes $bytes -CodePage $script:AnsiCodePage).Text
    $m = [regex]::Match([string]$text, '(?is)<configurationRedirection\b([^>]*)>')
    $enabled = $false
    $path = $null
    if ($m.Success) {
        $enabled = ($m.Groups[1].Value -match '(?i)\benabled\s*=\s*"\s*true\s*"')
        if ($m.Groups[1].Value -match '(?i)\bpath\s*=\s*"([^"]*)"') {
            $path = $Matches[1]
        }
    }
    $script:IisRedirect = [ordered]@{ enabled = [bool]$enabled; path = $path }
    [void](Write-OutputText -RelativePath 'iis/redirection.config' -Text (Remove-ConfigPassword -Text $text))
    $reason = 'shared configuration is disabled (configurationRedirection enabled is not true)'
    if ($enabled) {
        $reason = ('shared configuration is ENABLED: IIS reads applicationHost.config from {0}' -f $path)
    }
    [void](Add-Entry -Id 'iis.redirection' -Status 'collected' -Source $src -Encoding 'utf-8' -Reason ($reason + '; password attributes replaced by [removed by collector]'))
}

function Save-IisConfig {
    $configDir = Join-Path (Join-Path $script:Sys32 'inetsrv') 'config'
    $src = Join-Path $configDir 'applicationHost.config'
    if (-not (Test-Path -LiteralPath (Join-Path $script:Sys32 'inetsrv'))) {
        [void](Add-Entry -Id 'iis.config' -Status 'skipped' -Source $src -Reason 'IIS is not installed (no inetsrv folder)')
        [void](Add-Entry -Id 'iis.redirection' -Status 'skipped' -Source 'redirection.config' -Reason 'IIS is not installed (no inetsrv folder)')
        return
    }
    Save-IisRedirection -ConfigDir $configDir
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        $bytes = [System.IO.File]::ReadAllBytes($src)
    }
    catch {
        $why = $_.Exception.Message
        if (-not $script:IsElevated) {
            $why = 'needs elevation (run as administrator): ' + $why
        }
        [void](Add-Entry -Id 'iis.config' -Status 'failed' -Source $src -Reason $why)
        return
    }
    $text = Remove-ConfigPassword -Text (ConvertFrom-ToolBytes -Bytes $bytes -CodePage $script:AnsiCodePage).Text
    foreach ($m in [regex]::Matches($text, '(?i)bindingInformation\s*=\s*"[^"]*:\d+:([^"]+)"')) {
        [void]$script:SensitiveNames.Add($m.Groups[1].Value)
    }
    [void](Write-OutputText -RelativePath 'iis/applicationHost.config' -Text $text)
    if ($null -ne $script:IisRedirect -and $script:IisRedirect.enabled) {
        # Kept as evidence, but marked so that the analyzer does not read stale sites from it.
        [void](Add-Entry -Id 'iis.config' -Status 'skipped' -Source $src -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason ('not effective: shared configuration is enabled, IIS reads applicationHost.config from {0}; this local copy is kept as evidence only. The effective sites are in iis/appcmd-list-site.txt and iis/appcmd-list-site-config.xml' -f $script:IisRedirect.path))
        return
    }
    [void](Add-Entry -Id 'iis.config' -Status 'collected' -Source $src -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason 'password attributes replaced by [removed by collector]')
}

function Save-AppcmdSites {
    if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'appcmd'))) {
        [void](Add-Entry -Id 'iis.appcmd-sites' -Status 'skipped' -Source 'appcmd list site' -Reason 'IIS is not installed (no inetsrv\appcmd.exe)')
        return
    }
    Save-ToolOutput -Id 'iis.appcmd-sites' -Tool 'appcmd' -Arguments @('list', 'site')
}

function Save-AppcmdSiteConfig {
    # The effective site configuration (also under shared configuration), as IIS itself reads it.
    if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'appcmd'))) {
        [void](Add-Entry -Id 'iis.appcmd-sites-config' -Status 'skipped' -Source 'appcmd list site /config /xml' -Reason 'IIS is not installed (no inetsrv\appcmd.exe)')
        return
    }
    Save-ToolOutput -Id 'iis.appcmd-sites-config' -Tool 'appcmd' -Arguments @('list', 'site', '/config', '/xml')
    $cat = Get-CatalogEntry -Id 'iis.appcmd-sites-config'
    $full = Get-OutputFilePath -RelativePath $cat.Path
    if (Test-Path -LiteralPath $full) {
        [void](Write-OutputText -RelativePath $cat.Path -Text (Remove-ConfigPassword -Text ([System.IO.File]::ReadAllText($full, $script:Utf8NoBom))))
    }
}

function Save-CcsEvidence {
    # IIS Centralized Certificate Store: the provider's registry values (never the Password /
    # PrivateKeyPassword data, only whether they are set) and the certificate file names in its folder.
    $key = 'HKLM:\SOFTWARE\Microsoft\IIS\CentralCertProvider'
    $source = 'Get-ItemProperty HKLM:\SOFTWARE\Microsoft\IIS\CentralCertProvider; certificate file names in CertStoreLocation'
    if (-not (Test-Path -LiteralPath $key)) {
        [void](Add-Entry -Id 'iis.ccs' -Status 'skipped' -Source $source -Reason 'the Centralized Certificate Store is not configured (no CentralCertProvider key)')
        return
    }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = Get-ItemProperty -LiteralPath $key
    $names = @($p.PSObject.Properties | Where-Object { $_.Name -notlike 'PS*' } | ForEach-Object { $_.Name })
    $reg = [ordered]@{ present = $true; Enabled = $null; CertStoreLocation = $null; UserName = $null; PollingInterval = $null; PasswordSet = ($names -contains 'Password'); PrivateKeyPasswordSet = ($names -contains 'PrivateKeyPassword'); OtherValues = @() }
    foreach ($n in $names) {
        if ($n -eq 'Enabled' -or $n -eq 'PollingInterval') { $reg[$n] = [int]$p.$n }
        elseif ($n -eq 'CertStoreLocation' -or $n -eq 'UserName') { $reg[$n] = [string]$p.$n }
        elseif ($n -ne 'Password' -and $n -ne 'PrivateKeyPassword') { $reg.OtherValues += $n }
    }
    $listing = [ordered]@{ status = 'skipped'; path = $reg.CertStoreLocation; error = $null; files = @(); truncated = $false; maxFiles = 2000 }
    if ($reg.Enabled -ne 1) {
        $listing.error = 'provider not enabled'
    }
    elseif (-not $reg.CertStoreLocation) {
        $listing.error = 'no CertStoreLocation'
    }
    else {
        # A share can hang: names only, bounded, with a time limit. The collecting account may see
        # the folder differently from the account IIS uses (UserName).
        try {
            $r = Invoke-WithTimeout -TimeoutSeconds 30 -ArgumentList @($reg.CertStoreLocation) -ScriptBlock {
                param($Folder)
                Get-ChildItem -LiteralPath $Folder -Filter '*.pfx' -File -ErrorAction Stop | Select-Object -First 2001 | ForEach-Object { $_.Name }
            }
            if ($r.Errors.Count -gt 0) { throw ($r.Errors -join '; ') }
            $files = @($r.Output | ForEach-Object { [string]$_ })
            $listing.status = 'listed'
            $listing.truncated = ($files.Count -gt 2000)
            $listing.files = @($files | Select-Object -First 2000)
        }
        catch {
            $listing.status = 'error'
            $listing.error = $_.Exception.Message
        }
    }
    $doc = [ordered]@{ formatVersion = 1; registry = $reg; listing = $listing }
    [void](Write-OutputText -RelativePath 'iis/central-certificate-store.json' -Text (ConvertTo-Json -InputObject $doc -Depth 4))
    [void](Add-Entry -Id 'iis.ccs' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason 'password values not read (only whether they are set)')
}

# --- HTTP.sys error logs and IIS W3C logs (issue 16) ------------------------------------------

function Read-LogTail {
    # The bytes of a log file HTTP.sys or IIS may be writing: opened for reading only, sharing
    # read and write with the writer. A file larger than MaxBytes keeps its header block (the
    # leading #Software / #Fields lines) and its newest whole lines, with a #Remark saying so.
    param([string]$Path, [long]$MaxBytes)
    $stream = [System.IO.File]::Open($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)
    try {
        $length = [long]$stream.Length
        $want = [long][Math]::Min($length, $MaxBytes)
        $buf = New-Object byte[] ([int]$want)
        if ($length -le $MaxBytes) {
            $got = 0
            while ($got -lt $want) {
                $n = $stream.Read($buf, $got, [int]($want - $got))
                if ($n -le 0) { break }
                $got += $n
            }
            return [pscustomobject]@{ Bytes = [byte[]]$buf[0..([Math]::Max(0, $got - 1))]; Truncated = $false; Length = $length; Kept = [long]$got }
        }
        # the header block: the leading lines that start with '#', within the first 8 KiB
        $headLen = [int][Math]::Min(8192, $length)
        $head = New-Object byte[] $headLen
        $got = 0
        while ($got -lt $headLen) {
            $n = $stream.Read($head, $got, $headLen - $got)
            if ($n -le 0) { break }
            $got += $n
        }
        $end = 0
        while ($end -lt $got -and $head[$end] -eq 0x23) {
            $nl = $end
            while ($nl -lt $got -and $head[$nl] -ne 0x0A) { $nl++ }
            if ($nl -ge $got) { break }
            $end = $nl + 1
        }
        $tailLen = [long]($MaxBytes - $end - 200)
        $stream.Position = $length - $tailLen
        $tail = New-Object byte[] ([int]$tailLen)
        $got = 0
        while ($got -lt $tailLen) {
            $n = $stream.Read($tail, $got, [int]($tailLen - $got))
            if ($n -le 0) { break }
            $got += $n
        }
        # drop the partial first line of the tail
        $first = 0
        while ($first -lt $got -and $tail[$first] -ne 0x0A) { $first++ }
        if ($first + 1 -ge $got) {
            $tailBytes = [byte[]]@()
        }
        else {
            $tailBytes = [byte[]]$tail[($first + 1)..($got - 1)]
        }
        $left = $length - $end - $tailBytes.Length
        $remark = $script:Utf8NoBom.GetBytes(("#Remark: tls-doctor: truncated, {0} bytes left out after this header (newest lines kept)`r`n" -f $left))
        $headBytes = [byte[]]@()
        if ($end -gt 0) { $headBytes = [byte[]]$head[0..($end - 1)] }
        return [pscustomobject]@{ Bytes = [byte[]]($headBytes + $remark + $tailBytes); Truncated = $true; Length = $length; Kept = [long]($end + $tailBytes.Length) }
    }
    finally {
        $stream.Dispose()
    }
}

function ConvertTo-LocalPath {
    # %SystemRoot% / %SystemDrive% expanded; either separator accepted.
    param([string]$Path)
    $p = [Environment]::ExpandEnvironmentVariables($Path)
    return ($p -replace '[\\/]', [string][System.IO.Path]::DirectorySeparatorChar)
}

function Save-HttpErrLogs {
    $maxTotal = [long]8388608
    $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'
    $base = Join-Path $script:Sys32 'LogFiles'
    $from = 'default %SystemRoot%\System32\LogFiles'
    $p = $null
    if (Test-Path -LiteralPath $key) {
        # A key without values (no logging settings at all) reads as the defaults.
        try { $p = Get-ItemProperty -LiteralPath $key } catch { $p = $null }
    }
    if ($null -ne $p) {
        if ($p.PSObject.Properties.Name -contains 'EnableErrorLogging' -and [int]$p.EnableErrorLogging -eq 0) {
            [void](Add-Entry -Id 'logs.httperr' -Status 'skipped' -Source $key -Reason 'HTTP.sys error logging is turned off (EnableErrorLogging = 0)')
            return
        }
        if ($p.PSObject.Properties.Name -contains 'ErrorLoggingDir' -and [string]$p.ErrorLoggingDir) {
            $base = ConvertTo-LocalPath -Path ([string]$p.ErrorLoggingDir)
            $from = 'ErrorLoggingDir ' + [string]$p.ErrorLoggingDir
        }
    }
    $dir = Join-Path $base 'HTTPERR'
    $source = ('httperr*.log in {0} ({1}), newest first, at most {2} bytes' -f $dir, $from, $maxTotal)
    if (-not (Test-Path -LiteralPath $dir -PathType Container)) {
        [void](Add-Entry -Id 'logs.httperr' -Status 'skipped' -Source $source -Reason 'no HTTPERR folder: HTTP.sys has written no error log there')
        return
    }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $files = @(Get-ChildItem -LiteralPath $dir -Filter 'httperr*.log' -File -ErrorAction Stop | Sort-Object -Property LastWriteTimeUtc -Descending)
    if ($files.Count -eq 0) {
        [void](Add-Entry -Id 'logs.httperr' -Status 'skipped' -Source $source -Reason 'the HTTPERR folder holds no httperr*.log file')
        return
    }
    $written = New-Object System.Collections.ArrayList
    $notes = New-Object System.Collections.ArrayList
    $left = $maxTotal
    $partial = $false
    foreach ($f in $files) {
        if ($left -lt 65536) {
            [void]$notes.Add(('{0} older file(s) left out (size limit)' -f ($files.Count - $written.Count)))
            break
        }
        $r = Read-LogTail -Path $f.FullName -MaxBytes $left
        $rel = 'logs/httperr/' + $f.Name
        [void](Write-OutputBytes -RelativePath $rel -Bytes $r.Bytes)
        [void]$written.Add($rel)
        $left -= $r.Bytes.Length
        if ($r.Truncated) {
            $partial = $true
            [void]$notes.Add(('{0}: newest {1} of {2} bytes kept' -f $f.Name, $r.Kept, $r.Length))
        }
    }
    $e = Add-Entry -Id 'logs.httperr' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @($written) -Reason ($notes -join '; ')
    if ($partial) { $e.partial = $true }
}

function Get-HttpsSiteLogFolders {
    # Site id -> W3C log folder of each site with an https binding, from the collected
    # applicationHost.config (logFile directory of the site, else of siteDefaults, else the default).
    $cfg = Get-OutputFilePath -RelativePath 'iis/applicationHost.config'
    $text = [System.IO.File]::ReadAllText($cfg, $script:Utf8NoBom)
    $default = '%SystemDrive%\inetpub\logs\LogFiles'
    $d = [regex]::Match($text, '(?is)<siteDefaults\b.*?</siteDefaults>')
    if ($d.Success) {
        $m = [regex]::Match($d.Value, '(?is)<logFile\b[^>]*\bdirectory\s*=\s*"([^"]+)"')
        if ($m.Success) { $default = $m.Groups[1].Value }
    }
    $out = [ordered]@{}
    foreach ($s in [regex]::Matches($text, '(?is)<site\b([^>]*)>(.*?)</site>')) {
        $id = [regex]::Match($s.Groups[1].Value, '(?i)\bid\s*=\s*"(\d+)"')
        if (-not $id.Success) { continue }
        if ($s.Groups[2].Value -notmatch '(?i)<binding\b[^>]*\bprotocol\s*=\s*"https"') { continue }
        $folder = $default
        $m = [regex]::Match($s.Groups[2].Value, '(?is)<logFile\b[^>]*\bdirectory\s*=\s*"([^"]+)"')
        if ($m.Success) { $folder = $m.Groups[1].Value }
        $out[$id.Groups[1].Value] = Join-Path (ConvertTo-LocalPath -Path $folder) ('W3SVC' + $id.Groups[1].Value)
    }
    return $out
}

function Save-IisSiteLogs {
    $perSite = [long]4194304
    $maxTotal = [long]16777216
    $source = ('the newest u_ex*.log of each site with an https binding (logFile directory from applicationHost.config), at most {0} bytes per site, {1} in total' -f $perSite, $maxTotal)
    if (-not (Test-EntryExists -Id 'iis.config') -or -not (@($script:Entries | Where-Object { $_.id -eq 'iis.config' -and $_.status -eq 'collected' }).Count -gt 0)) {
        [void](Add-Entry -Id 'logs.iis-w3c' -Status 'skipped' -Source $source -Reason 'no effective applicationHost.config was collected (IIS not installed, not readable, or shared configuration): the log folders are unknown')
        return
    }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $folders = Get-HttpsSiteLogFolders
    if ($folders.Count -eq 0) {
        [void](Add-Entry -Id 'logs.iis-w3c' -Status 'skipped' -Source $source -Reason 'no IIS site has an https binding')
        return
    }
    $written = New-Object System.Collections.ArrayList
    $notes = New-Object System.Collections.ArrayList
    $left = $maxTotal
    $partial = $false
    foreach ($id in $folders.Keys) {
        $dir = $folders[$id]
        $newest = $null
        if (Test-Path -LiteralPath $dir -PathType Container) {
            $newest = @(Get-ChildItem -LiteralPath $dir -Filter 'u_ex*.log' -File -ErrorAction Stop | Sort-Object -Property LastWriteTimeUtc -Descending | Select-Object -First 1)
        }
        if ($null -eq $newest -or $newest.Count -eq 0) {
            [void]$notes.Add(('site {0}: no u_ex*.log in {1}' -f $id, $dir))
            continue
        }
        if ($left -lt 65536) {
            [void]$notes.Add(('site {0}: left out (size limit)' -f $id))
            continue
        }
        $r = Read-LogTail -Path $newest[0].FullName -MaxBytes ([Math]::Min($perSite, $left))
        $rel = ('logs/iis/W3SVC{0}/{1}' -f $id, $newest[0].Name)
        [void](Write-OutputBytes -RelativePath $rel -Bytes $r.Bytes)
        [void]$written.Add($rel)
        $left -= $r.Bytes.Length
        if ($r.Truncated) {
            $partial = $true
            [void]$notes.Add(('site {0}: newest {1} of {2} bytes of {3} kept' -f $id, $r.Kept, $r.Length, $newest[0].Name))
        }
    }
    if ($written.Count -eq 0) {
        [void](Add-Entry -Id 'logs.iis-w3c' -Status 'skipped' -Source $source -DurationMs $sw.ElapsedMilliseconds -Reason ('no W3C log file found: ' + ($notes -join '; ')))
        return
    }
    $e = Add-Entry -Id 'logs.iis-w3c' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @($written) -Reason ($notes -join '; ')
    if ($partial) { $e.partial = $true }
}

function Protect-W3cLog {
    # -Redact: the cs-username column of each #Fields: block becomes a token, then the usual
    # address / host / user replacement runs over the whole file.
    param([string]$Text)
    $userAt = -1
    $lines = $Text -split "`n"
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $l = $lines[$i]
        if ($l.StartsWith('#Fields:')) {
            $names = @($l.Substring(8).Trim() -split ' ')
            $userAt = -1
            for ($k = 0; $k -lt $names.Count; $k++) {
                if ($names[$k] -eq 'cs-username') { $userAt = $k }
            }
            continue
        }
        if ($userAt -lt 0 -or $l.StartsWith('#')) { continue }
        $v = $l.TrimEnd("`r") -split ' '
        if ($userAt -lt $v.Count -and $v[$userAt] -ne '-') {
            $v[$userAt] = Get-Token -Kind 'user' -Value $v[$userAt]
            $lines[$i] = ($v -join ' ') + $(if ($l.EndsWith("`r")) { "`r" } else { '' })
        }
    }
    return (Protect-Text -Text ($lines -join "`n"))
}

function Read-CaptureKey {
    # During the capture window Ctrl+C is read as a key (TreatControlCAsInput), so that it ends
    # the capture through the clean-up below instead of stopping the script half-way.
    try {
        if ([Console]::KeyAvailable) {
            $k = [Console]::ReadKey($true)
            if ([string]$k.Key -eq 'Q') {
                return 'q'
            }
            if ([string]$k.Key -eq 'C' -and (([int]$k.Modifiers -band 4) -ne 0)) {
                return 'ctrl-c'
            }
        }
    }
    catch {
        Write-Verbose 'no interactive console: capturing for the full time'
    }
    return $null
}

function Set-ControlCAsInput {
    # Returns the previous setting ($null without a console).
    param([bool]$Value)
    try {
        $old = [Console]::TreatControlCAsInput
        [Console]::TreatControlCAsInput = $Value
        return $old
    }
    catch {
        return $null
    }
}

function Get-EtwSessionName {
    # Running ETW trace sessions, read language-neutrally; $null when they cannot be read.
    if (-not (Get-Command -Name 'Get-EtwTraceSession' -ErrorAction SilentlyContinue)) {
        return $null
    }
    try {
        return @(Get-EtwTraceSession -ErrorAction Stop | ForEach-Object { [string]$_.Name })
    }
    catch {
        return $null
    }
}

function Test-PktmonLoaded {
    # The PktMon driver is loaded once any pktmon command ran; we unload it only if we loaded it.
    try {
        return ([string](Get-Service -Name 'PktMon' -ErrorAction Stop).Status -eq 'Running')
    }
    catch {
        return $false
    }
}

function Get-FreeBytes {
    param([string]$Path)
    try {
        $drive = New-Object System.IO.DriveInfo([System.IO.Path]::GetPathRoot($Path))
        return [long]$drive.AvailableFreeSpace
    }
    catch {
        return $null
    }
}

function Stop-PacketCapture {
    # Each clean-up call has its own try, so one that fails or hangs never skips the next; they run
    # without our console, so a second Ctrl+C cannot stop them.
    param([hashtable]$State)
    if ($State.Started) {
        try {
            if ($State.Engine -eq 'pktmon') {
                $r = Invoke-Tool -Tool 'pktmon' -Arguments @('stop') -TimeoutSeconds $StepTimeoutSeconds -NoConsole
            }
            else {
                $r = Invoke-Tool -Tool 'netsh' -Arguments @('trace', 'stop') -TimeoutSeconds (5 * $StepTimeoutSeconds) -NoConsole
            }
            if ($r.TimedOut -or $r.ExitCode -ne 0) {
                [void]$State.Problems.Add(('{0} exit code {1}{2}' -f $r.Command, $r.ExitCode, $(if ($r.TimedOut) { ' (timed out)' } else { '' })))
            }
        }
        catch {
            [void]$State.Problems.Add(('stopping the capture failed: {0}' -f $_.Exception.Message))
        }
    }
    if ($State.AddedFilters) {
        try {
            $r = Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'remove') -TimeoutSeconds 30 -NoConsole
            if ($r.TimedOut -or $r.ExitCode -ne 0) {
                [void]$State.Problems.Add(('pktmon filter remove exit code {0}' -f $r.ExitCode))
            }
        }
        catch {
            [void]$State.Problems.Add(('removing the pktmon filters failed: {0}' -f $_.Exception.Message))
        }
    }
    if ($State.Unload) {
        try {
            [void](Invoke-Tool -Tool 'pktmon' -Arguments @('unload') -TimeoutSeconds 60 -NoConsole)
        }
        catch {
            [void]$State.Problems.Add(('pktmon unload failed: {0}' -f $_.Exception.Message))
        }
    }
}

function Invoke-PacketCapture {
    # The one opt-in step that touches the system. Build 19041+: pktmon with port filters, converted
    # to pcapng by pktmon itself. Older builds (Server 2012 R2 ... 2019): netsh trace, whose ETL is
    # kept (convert it with etl2pcapng). Whatever happens, the capture is stopped and our filters
    # removed: the flags are set before each start, and the clean-up runs in a finally.
    param([int]$Seconds, [int]$Build)
    if (-not $script:IsElevated) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source 'pktmon / netsh trace' -Reason 'packet capture needs elevation (run as administrator)')
        return
    }
    $engine = 'netsh'
    if ($Build -ge 19041) {
        $engine = 'pktmon'
    }
    $sizeMb = 512
    $capDir = New-OutputFolder -Path (Join-Path $script:OutRoot 'capture')
    $free = Get-FreeBytes -Path $capDir
    # The trace, plus its pcapng copy, plus room for the rest of the bundle and the zip.
    $needed = [long]$sizeMb * 3 * 1048576
    if ($null -ne $free -and $free -lt $needed) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $engine -Reason ('not started: {0} MB free on the output drive, the capture needs {1} MB; pass -OutputDirectory on a drive with more space' -f [long]($free / 1048576), [long]($needed / 1048576)))
        return
    }
    $sessions = Get-EtwSessionName
    $sessionName = 'NetTrace'
    if ($engine -eq 'pktmon') {
        $sessionName = 'PktMon'
    }
    if ($null -ne $sessions -and ($sessions -contains $sessionName)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $engine -Reason ('a {0} capture is already running on this server (ETW session {1}); it was left alone' -f $engine, $sessionName))
        return
    }
    $notes = New-Object System.Collections.ArrayList
    $state = @{ Engine = $engine; Started = $false; AddedFilters = $false; Unload = $false; Problems = (New-Object System.Collections.ArrayList) }
    $ports = @()
    $useFilters = $false
    if ($engine -eq 'pktmon') {
        if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'pktmon'))) {
            [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source 'pktmon' -Reason 'pktmon.exe not found; take a capture with another tool and pass it with -IncludePcap')
            return
        }
        $state.Unload = -not (Test-PktmonLoaded)
        $list = Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'list') -TimeoutSeconds 30
        $listText = (ConvertFrom-ToolBytes -Bytes $list.Stdout -CodePage $script:ToolCodePage).Text
        # Filter rows start with their number; ours are named tls-doctor-<port> (language-neutral).
        $rows = @([regex]::Matches([string]$listText, '(?m)^\s*\d+\s+\S.*$') | ForEach-Object { $_.Value })
        $ours = @($rows | Where-Object { $_ -match 'tls-doctor-\d+' })
        $theirs = @($rows | Where-Object { $_ -notmatch 'tls-doctor-\d+' })
        if ($theirs.Count -gt 0) {
            [void]$notes.Add('pktmon already had filters configured; they were left untouched and used as they are')
        }
        else {
            if ($ours.Count -gt 0) {
                $rm = Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'remove') -TimeoutSeconds 30 -NoConsole
                [void]$notes.Add(('removed {0} tls-doctor-* filter(s) left by an earlier run that was cut short (exit code {1})' -f $ours.Count, $rm.ExitCode))
            }
            $useFilters = $true
        }
        # A string, not [int[]]: powershell -File (collect.cmd) passes every argument as one string.
        $asked = @($CapturePorts -split '[,; ]+' | Where-Object { $_ -match '^\d{1,5}$' } | ForEach-Object { [int]$_ } | Where-Object { $_ -gt 0 -and $_ -lt 65536 })
        $ports = @(@(443) + $script:BindingPorts | Where-Object { $_ -gt 0 } | Sort-Object -Unique | Select-Object -First 8)
        if ($asked.Count -gt 0) {
            $ports = @($asked | Sort-Object -Unique | Select-Object -First 8)
        }
        $etl = Join-Path $capDir 'pktmon.etl'
        $manual = @('pktmon stop')
        if ($useFilters) {
            $manual += 'pktmon filter remove'
        }
        if ($state.Unload) {
            $manual += 'pktmon unload'
        }
    }
    else {
        $etl = Join-Path $capDir 'nettrace.etl'
        $manual = @('netsh trace stop')
    }
    Write-Host ''
    Write-Status ('    If this window is closed during the capture, stop it by hand from an elevated prompt: {0}' -f ($manual -join '  ;  ')) 'Yellow'
    $stopReason = 'the capture time ended'
    $previousCtrlC = $null
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        if ($useFilters) {
            foreach ($p in $ports) {
                $state.AddedFilters = $true
                [void](Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'add', ('tls-doctor-' + $p), '-t', 'TCP', '-p', [string]$p) -TimeoutSeconds 30)
            }
        }
        $state.Started = $true
        if ($engine -eq 'pktmon') {
            $start = Invoke-Tool -Tool 'pktmon' -Arguments @('start', '--capture', '--comp', 'nics', '--pkt-size', '0', '--file-size', [string]$sizeMb, '--file-name', $etl) -TimeoutSeconds $StepTimeoutSeconds
        }
        else {
            $start = Invoke-Tool -Tool 'netsh' -Arguments @('trace', 'start', 'capture=yes', 'report=disabled', 'correlation=disabled', ('maxsize=' + $sizeMb), ('tracefile=' + $etl)) -TimeoutSeconds $StepTimeoutSeconds
        }
        if ($start.TimedOut) {
            throw ('{0} did not return within the time limit' -f $start.Command)
        }
        if ($start.ExitCode -ne 0) {
            $msg = (ConvertFrom-ToolBytes -Bytes $start.Stdout -CodePage $script:ToolCodePage).Text
            throw ('{0} failed (exit code {1}): {2}' -f $start.Command, $start.ExitCode, (Limit-Text -Text $msg -Max 300))
        }
        $what = 'all TCP traffic'
        if ($engine -eq 'pktmon') {
            $what = 'ports ' + ($ports -join ', ')
        }
        Write-Status ('    Capturing {0} for {1} s. Reproduce the problem now (Q or Ctrl+C stops early).' -f $what, $Seconds) 'Cyan'
        $previousCtrlC = Set-ControlCAsInput -Value $true
        $until = (Get-Date).AddSeconds($Seconds)
        while ((Get-Date) -lt $until) {
            Start-Sleep -Milliseconds 200
            $key = Read-CaptureKey
            if ($key -eq 'q') {
                $stopReason = 'stopped early with Q'
                break
            }
            if ($key -eq 'ctrl-c') {
                $stopReason = 'stopped early with Ctrl+C'
                break
            }
        }
    }
    finally {
        if ($null -ne $previousCtrlC) {
            [void](Set-ControlCAsInput -Value $previousCtrlC)
        }
        Stop-PacketCapture -State $state
        if ($state.Problems.Count -gt 0) {
            Write-Status ('    The capture clean-up reported a problem ({0}). Run by hand from an elevated prompt: {1}' -f ($state.Problems -join '; '), ($manual -join '  ;  ')) 'Red'
        }
    }
    [void]$notes.Add($stopReason)
    foreach ($pr in $state.Problems) {
        [void]$notes.Add(('clean-up: {0}; run by hand: {1}' -f $pr, ($manual -join ' ; ')))
    }
    if ($engine -eq 'pktmon') {
        $source = ('pktmon filter add -t TCP -p {0}; pktmon start --capture --file-size {1}; pktmon stop' -f ($ports -join ','), $sizeMb)
    }
    else {
        $source = ('netsh trace start capture=yes report=disabled correlation=disabled maxsize={0}; netsh trace stop' -f $sizeMb)
    }
    if (-not (Test-Path -LiteralPath $etl)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'failed' -Source $source -DurationMs $sw.ElapsedMilliseconds -Reason ((@('no capture file was written') + @($notes)) -join '; '))
        return
    }
    if ($engine -eq 'pktmon') {
        $pcap = Join-Path $capDir 'pktmon.pcapng'
        $conv = $null
        try {
            $conv = Invoke-Tool -Tool 'pktmon' -Arguments @('etl2pcap', $etl, '--out', $pcap) -TimeoutSeconds 300
        }
        catch {
            [void]$notes.Add(('pktmon etl2pcap could not run: {0}' -f $_.Exception.Message))
        }
        if ($null -ne $conv -and $conv.ExitCode -eq 0 -and (Test-Path -LiteralPath $pcap)) {
            Remove-OutputItem -Path $etl
            [void](Add-Entry -Id 'capture.pcap' -Status 'collected' -Source ($source + '; pktmon etl2pcap') -DurationMs $sw.ElapsedMilliseconds -Files @('capture/pktmon.pcapng') -Reason ($notes -join '; '))
            return
        }
        [void]$notes.Add('kept: pktmon etl2pcap failed, so capture/pktmon.etl is the pktmon ETL; convert it on Windows 10 2004 / Server 2022 or later with "pktmon etl2pcap pktmon.etl --out pktmon.pcapng", then analyze the pcapng')
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @('capture/pktmon.etl') -Reason ($notes -join '; '))
        return
    }
    [void]$notes.Add(('kept: capture/nettrace.etl is a netsh trace ETL (Windows build {0} has no pktmon etl2pcap); convert it with etl2pcapng (https://github.com/microsoft/etl2pcapng: etl2pcapng nettrace.etl nettrace.pcapng), then analyze the pcapng' -f $Build))
    [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @('capture/nettrace.etl') -Reason ($notes -join '; '))
}

function Save-IncludedPcap {
    param([string]$File)
    # .NET resolves relative paths against the process directory, not the PowerShell location.
    $File = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($File)
    if (-not (Test-Path -LiteralPath $File -PathType Leaf)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'failed' -Source ('-IncludePcap ' + $File) -Reason 'file not found')
        return
    }
    $name = [System.IO.Path]::GetFileName($File) -replace '[^A-Za-z0-9._-]', '_'
    $rel = 'capture/included-' + $name
    [void](Copy-IntoOutput -Source $File -RelativePath $rel)
    $status = 'collected'
    $reason = $null
    if ($name -match '\.etl$') {
        $status = 'skipped'
        $reason = 'kept: an ETL file is not a pcap; convert a netsh trace ETL with etl2pcapng (https://github.com/microsoft/etl2pcapng) or a pktmon ETL with "pktmon etl2pcap" (build 19041 or later), then analyze the pcapng'
    }
    [void](Add-Entry -Id 'capture.pcap' -Status $status -Source ('-IncludePcap ' + $File) -Files @($rel) -Reason $reason)
}

# ---------------------------------------------------------------------------------------------
# Redaction: stable tokens for host names, IP addresses and user names
# ---------------------------------------------------------------------------------------------

function Get-Token {
    param([string]$Kind, [string]$Value)
    $key = $Kind + ':' + $Value.ToLowerInvariant()
    if ($script:RedactMap.Contains($key)) {
        return $script:RedactMap[$key]
    }
    if (-not $script:RedactCounters.ContainsKey($Kind)) {
        $script:RedactCounters[$Kind] = 0
    }
    $script:RedactCounters[$Kind]++
    $n = $script:RedactCounters[$Kind]
    switch ($Kind) {
        'ipv4' { $token = ('198.18.{0}.{1}' -f [Math]::Floor($n / 250), (($n % 250) + 1)) }
        'ipv6' { $token = ('2001:db8::{0:x}' -f $n) }
        'label' { $token = ('name{0}' -f $n) }
        'host' { $token = ('HOST{0}' -f $n) }
        'user' { $token = ('user{0}' -f $n) }
        default { $token = ('{0}{1}' -f $Kind, $n) }
    }
    $script:RedactMap[$key] = $token
    return $token
}

function Initialize-Redaction {
    $script:KeepAccounts = @('NT AUTHORITY', 'BUILTIN', 'NT SERVICE', 'IIS APPPOOL', 'APPLICATION PACKAGE AUTHORITY', 'Window Manager', 'Font Driver Host', 'NT VIRTUAL MACHINE', 'CREATOR OWNER', 'Everyone')
    $single = New-Object System.Collections.ArrayList
    foreach ($n in @($env:COMPUTERNAME, $env:USERDOMAIN)) {
        if ($n -and $n.Length -ge 2 -and $single -notcontains $n) {
            [void]$single.Add($n)
        }
    }
    $domains = New-Object System.Collections.ArrayList
    $all = @($script:SensitiveNames) + @($script:HostDomain, $env:USERDNSDOMAIN)
    foreach ($n in $all) {
        if (-not $n -or $n -eq 'localhost' -or $n -match '^[\d.]+$' -or $n -match ':') {
            continue
        }
        $name = ([string]$n).Trim().TrimStart('*').TrimStart('.').ToLowerInvariant()
        $labels = @($name.Split('.') | Where-Object { $_ })
        if ($labels.Count -ge 2) {
            $d = ($labels[($labels.Count - 2)..($labels.Count - 1)] -join '.')
            if ($domains -notcontains $d -and $d -match '^[a-z0-9-]+\.[a-z0-9-]+$') {
                [void]$domains.Add($d)
            }
        }
        elseif ($labels.Count -eq 1 -and $labels[0].Length -ge 3 -and $single -notcontains $labels[0]) {
            [void]$single.Add($labels[0])
        }
    }
    $script:RedactDomains = @($domains)
    $script:RedactSingles = @($single)
}

function Protect-Text {
    param([string]$Text)
    if (-not $Text) {
        return $Text
    }
    # Host names under a known domain, label by label (keeps *.example.com matching www.example.com).
    if ($script:RedactDomains.Count -gt 0) {
        $alt = ($script:RedactDomains | ForEach-Object { [regex]::Escape($_) }) -join '|'
        $pattern = '(?i)(?<![A-Za-z0-9_-])((?:[A-Za-z0-9*_-]+\.)*)(' + $alt + ')(?![A-Za-z0-9_-])'
        $Text = [regex]::Replace($Text, $pattern, [System.Text.RegularExpressions.MatchEvaluator] {
                param($m)
                $labels = $m.Value.Split('.')
                $out = for ($i = 0; $i -lt $labels.Count; $i++) {
                    $l = $labels[$i]
                    if ($i -eq $labels.Count - 1 -or $l -eq '*' -or $l -eq '') {
                        $l
                    }
                    else {
                        Get-Token -Kind 'label' -Value $l
                    }
                }
                ($out -join '.')
            })
    }
    # user names: DOMAIN\user and user@domain
    $Text = [regex]::Replace($Text, '(?<![A-Za-z0-9_.-])([A-Za-z0-9][A-Za-z0-9._-]{0,30})\\([A-Za-z0-9._$-]{1,64})(?![A-Za-z0-9_$-])', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $dom = $m.Groups[1].Value
            if ($script:KeepAccounts -contains $dom) {
                return $m.Value
            }
            $isHost = $false
            foreach ($s in $script:RedactSingles) {
                if ($dom -ieq $s) {
                    $isHost = $true
                }
            }
            if (-not $isHost) {
                return $m.Value
            }
            return ((Get-Token -Kind 'host' -Value $dom) + '\' + (Get-Token -Kind 'user' -Value $m.Groups[2].Value))
        })
    if ($env:USERNAME -and $env:USERNAME.Length -ge 3 -and $env:USERNAME -ne 'Administrator' -and $env:USERNAME -ne 'SYSTEM') {
        $Text = [regex]::Replace($Text, '(?i)(?<![A-Za-z0-9_-])' + [regex]::Escape($env:USERNAME) + '(?![A-Za-z0-9_-])', [System.Text.RegularExpressions.MatchEvaluator] {
                param($m)
                Get-Token -Kind 'user' -Value $m.Value
            })
    }
    foreach ($s in $script:RedactSingles) {
        $Text = [regex]::Replace($Text, '(?i)(?<![A-Za-z0-9_-])' + [regex]::Escape($s) + '(?![A-Za-z0-9_-])', [System.Text.RegularExpressions.MatchEvaluator] {
                param($m)
                Get-Token -Kind 'host' -Value $m.Value
            })
    }
    # IPv4 (not OIDs, not versions, not loopback / unspecified / broadcast / masks)
    $Text = [regex]::Replace($Text, '(?<![\d.])(?<!ersion=)(?<!ersion=")(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $o = @([int]$m.Groups[1].Value, [int]$m.Groups[2].Value, [int]$m.Groups[3].Value, [int]$m.Groups[4].Value)
            if (@($o | Where-Object { $_ -gt 255 }).Count -gt 0) { return $m.Value }
            if ($o[0] -eq 0 -or $o[0] -eq 127 -or $o[0] -eq 255) { return $m.Value }
            if ($o[0] -eq 198 -and ($o[1] -eq 18 -or $o[1] -eq 19)) { return $m.Value }
            return (Get-Token -Kind 'ipv4' -Value $m.Value)
        })
    # IPv6 (validated; :: and ::1 kept)
    $Text = [regex]::Replace($Text, '(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\d+)?(?![0-9A-Fa-f:.])', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $v = $m.Value
            $bare = ($v -split '%')[0]
            if ($bare -eq '::' -or $bare -eq '::1' -or $bare -notmatch '[0-9A-Fa-f]' -or $bare -like '2001:db8:*') { return $v }
            $addr = $null
            if (-not [System.Net.IPAddress]::TryParse($bare, [ref]$addr)) { return $v }
            if ($addr.AddressFamily -ne [System.Net.Sockets.AddressFamily]::InterNetworkV6) { return $v }
            return (Get-Token -Kind 'ipv6' -Value $v)
        })
    return $Text
}

function Protect-RegText {
    param([string]$Text)
    # REG_MULTI_SZ / REG_EXPAND_SZ values are hex-encoded UTF-16 (ListenOnlyList holds IPs).
    $Text = [regex]::Replace($Text, '(?i)=(hex\((?:2|7)\)):((?:[0-9a-f]{2},?(?:\\\r?\n\s*)?)+)', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $hexes = [regex]::Matches($m.Groups[2].Value, '[0-9a-fA-F]{2}')
            $bytes = New-Object -TypeName 'System.Byte[]' -ArgumentList $hexes.Count
            for ($i = 0; $i -lt $hexes.Count; $i++) {
                $bytes[$i] = [System.Convert]::ToByte($hexes[$i].Value, 16)
            }
            $plain = [System.Text.Encoding]::Unicode.GetString($bytes)
            $safe = Protect-Text -Text $plain
            if ($safe -eq $plain) {
                return $m.Value
            }
            $outBytes = [System.Text.Encoding]::Unicode.GetBytes($safe)
            $trail = ''
            if ($m.Value -match '\r?\n$') {
                $trail = "`r`n"
            }
            return ('=' + $m.Groups[1].Value + ':' + (($outBytes | ForEach-Object { $_.ToString('x2') }) -join ',') + $trail)
        })
    return (Protect-Text -Text $Text)
}

function Invoke-Redaction {
    Initialize-Redaction
    foreach ($e in $script:Entries) {
        if ($e.status -eq 'skipped' -and -not $e._files) {
            continue
        }
        $cat = Get-CatalogEntry -Id $e.id
        if ($cat.Kind -eq 'directory') {
            continue
        }
        $full = Get-OutputFilePath -RelativePath $cat.Path
        if (-not (Test-Path -LiteralPath $full)) {
            continue
        }
        $text = [System.IO.File]::ReadAllText($full, $script:Utf8NoBom)
        if ($cat.Path -like '*.reg') {
            $safe = Protect-RegText -Text $text
        }
        else {
            $safe = Protect-Text -Text $text
        }
        if ($cat.Id -eq 'cert.certutil') {
            # hex dumps show names split across lines, beyond the reach of text replacement
            $safe = [regex]::Replace($safe, '(?m)^\s*[0-9a-f]{4}\s+(?:[0-9a-f]{2}\s){1,16}.*\r?\n', '')
        }
        [void](Write-OutputText -RelativePath $cat.Path -Text $safe)
    }
    # HTTP.sys and IIS logs (issue 16): client addresses and user names in every kept file
    foreach ($e in $script:Entries) {
        if (($e.id -eq 'logs.httperr' -or $e.id -eq 'logs.iis-w3c') -and $e._files) {
            foreach ($f in $e._files) {
                $full = Get-OutputFilePath -RelativePath $f
                [void](Write-OutputText -RelativePath $f -Text (Protect-W3cLog -Text ([System.IO.File]::ReadAllText($full, $script:Utf8NoBom))))
            }
        }
    }
    foreach ($e in $script:Entries) {
        if ($e.id -eq 'capture.pcap' -and $e._files) {
            foreach ($f in $e._files) {
                Remove-OutputItem -Path (Get-OutputFilePath -RelativePath $f)
            }
            $e.status = 'skipped'
            $e._files = @()
            $e.reason = 'left out under -Redact: packet captures hold IP addresses and host names that cannot be redacted'
        }
        foreach ($k in @('source', 'stderr', 'reason')) {
            if ($e.Contains($k)) {
                $e[$k] = Protect-Text -Text $e[$k]
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------------------------

function Get-FileSha256 {
    param([string]$Path)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        return (($sha.ComputeHash($stream) | ForEach-Object { $_.ToString('x2') }) -join '')
    }
    finally {
        $stream.Dispose()
        $sha.Dispose()
    }
}

function Complete-Entries {
    foreach ($e in $script:Entries) {
        $cat = Get-CatalogEntry -Id $e.id
        if ($cat.Kind -eq 'directory') {
            $list = New-Object System.Collections.ArrayList
            $total = [long]0
            foreach ($f in @($e._files)) {
                $full = Get-OutputFilePath -RelativePath $f
                if (Test-Path -LiteralPath $full) {
                    $len = (Get-Item -LiteralPath $full).Length
                    $total += $len
                    [void]$list.Add([ordered]@{ path = $f; size = $len; sha256 = (Get-FileSha256 -Path $full) })
                }
            }
            if ($list.Count -gt 0) {
                $e.size = $total
                $e.files = @($list)
            }
        }
        else {
            $full = Get-OutputFilePath -RelativePath $e.path
            if ((Test-Path -LiteralPath $full -PathType Leaf)) {
                $e.size = (Get-Item -LiteralPath $full).Length
                $e.sha256 = Get-FileSha256 -Path $full
            }
        }
        $e.Remove('_files')
    }
}

function Save-Manifest {
    param([object]$HostInfo, [datetime]$StartedAt)
    $m = [ordered]@{
        formatVersion = $script:FormatVersion
        collector     = [ordered]@{ name = $script:CollectorName; version = $script:CollectorVersion }
        host          = $HostInfo
        startedAt     = $StartedAt.ToString('o')
        finishedAt    = (Get-Date).ToString('o')
        redacted      = [bool]$Redact
        iisSharedConfiguration = $script:IisRedirect
        options       = [ordered]@{ maxEvents = $MaxEvents; days = $Days; captureSeconds = $CaptureSeconds; stepTimeoutSeconds = $StepTimeoutSeconds }
        artifacts     = @($script:Entries)
    }
    [void](Write-OutputText -RelativePath 'manifest.json' -Text (ConvertTo-Json -InputObject $m -Depth 8))
}

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

$script:StepCount = 23
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
    Save-ToolOutput -Id 'time.w32tm' -Tool 'w32tm' -Arguments @('/query', '/status', '/verbose') -TimeoutSeconds 30
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
