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
    -CaptureSeconds, which starts a pktmon packet capture (and its port filters) and removes them
    again when it ends.

.PARAMETER OutputDirectory
    Where the evidence folder and the zip are written. Default: the folder this script is in
    (or the TEMP folder when that is not writable).

.PARAMETER CaptureSeconds
    Optional. Capture HTTPS traffic with pktmon for this many seconds while the problem is
    reproduced (needs elevation and Windows Server 2019 / Windows 10 1809 or later). Converted to
    pcapng where the OS can (build 19041+); otherwise the ETL file is kept and the manifest says so.

.PARAMETER CapturePorts
    Ports to capture, comma-separated (default: 443 plus every port that has an HTTP.sys SSL
    binding; at most 8).

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
    @{ Id = 'dotnet.registry'; Path = 'registry/dotnet-strong-crypto.reg'; Kind = 'text'; NeedsAdmin = $false; Source = 'reg export HKLM\SOFTWARE\Microsoft\.NETFramework (and WOW6432Node)'; Description = '.NET SchUseStrongCrypto / SystemDefaultTlsVersions' }
    @{ Id = 'net.netstat'; Path = 'network/netstat-anob.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'netstat -anob (netstat -ano when not elevated)'; Description = 'TCP/UDP endpoints with owning PID and image' }
    @{ Id = 'net.tcp-listeners'; Path = 'network/tcp-listeners.json'; Kind = 'json'; NeedsAdmin = $false; Source = 'Get-NetTCPConnection -State Listen | ConvertTo-Json'; Description = 'Listening TCP endpoints, language-neutral' }
    @{ Id = 'net.processes'; Path = 'network/tasklist-svc.csv'; Kind = 'text'; NeedsAdmin = $false; Source = 'tasklist /svc /fo csv'; Description = 'Processes with the services they host' }
    @{ Id = 'cert.store'; Path = 'certificates/store.json'; Kind = 'json'; NeedsAdmin = $false; Source = 'Get-ChildItem Cert:\LocalMachine\{My,WebHosting,CA,Root} (metadata only)'; Description = 'Certificate metadata: thumbprint, subject, issuer, validity, private key state, EKU, DNS names, key provider and container' }
    @{ Id = 'cert.files'; Path = 'certificates/'; Kind = 'directory'; NeedsAdmin = $false; Source = 'X509Certificate2.RawData of each certificate (public DER only; no key)'; Description = 'Public certificates (.cer) of the My, WebHosting, CA and Root stores, named <store>/<thumbprint>.cer' }
    @{ Id = 'cert.certutil'; Path = 'certificates/certutil-v-store-my.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'certutil -v -store my'; Description = 'certutil''s view of the My store, including key provider and key tests' }
    @{ Id = 'cert.machinekeys-acl'; Path = 'certificates/icacls-machinekeys.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'icacls %ProgramData%\Microsoft\Crypto\RSA\MachineKeys, ...\Crypto\Keys and the bound key files'; Description = 'ACLs of the machine key folders and key files' }
    @{ Id = 'events.schannel'; Path = 'events/system-schannel.xml'; Kind = 'text'; NeedsAdmin = $false; Source = 'wevtutil qe System /q:"*[System[Provider[@Name=''Schannel'']]]" /f:xml /e:Events /rd:true'; Description = 'Schannel events from the System log' }
    @{ Id = 'events.capi2'; Path = 'events/capi2-operational.xml'; Kind = 'text'; NeedsAdmin = $false; Source = 'wevtutil qe Microsoft-Windows-CAPI2/Operational /f:xml /e:Events /rd:true'; Description = 'CAPI2 chain-building events' }
    @{ Id = 'iis.config'; Path = 'iis/applicationHost.config'; Kind = 'text'; NeedsAdmin = $true; Source = '%windir%\System32\inetsrv\config\applicationHost.config'; Description = 'IIS sites and bindings' }
    @{ Id = 'iis.appcmd-sites'; Path = 'iis/appcmd-list-site.txt'; Kind = 'text'; NeedsAdmin = $false; Source = 'appcmd list site'; Description = 'IIS sites with their bindings and state' }
    @{ Id = 'capture.pcap'; Path = 'capture/'; Kind = 'directory'; NeedsAdmin = $true; Source = 'pktmon start --capture (converted with pktmon etl2pcap) or -IncludePcap'; Description = 'Optional packet captures (pcap / pcapng)' }
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
$script:CertKeyFiles = @{}       # thumbprint -> key file path (from cert.store)
$script:SensitiveNames = New-Object System.Collections.ArrayList
$script:RedactMap = [ordered]@{}
$script:RedactCounters = @{}
$script:HostDomain = $null
$script:BindingPorts = @()

$script:IsElevated = $false
try {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    $script:IsElevated = $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}
catch {
    $script:IsElevated = $false
}

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

function Assert-OutputPath {
    param([string]$Path, [switch]$AllowParent)
    $full = [System.IO.Path]::GetFullPath($Path)
    $root = [System.IO.Path]::GetFullPath($script:OutRoot).TrimEnd('\') + '\'
    if ($full.StartsWith($root, [System.StringComparison]::OrdinalIgnoreCase)) {
        return $full
    }
    if ($AllowParent) {
        $parent = [System.IO.Path]::GetFullPath($script:OutParent).TrimEnd('\') + '\'
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
    $full = Join-Path $parentFull $Name
    if (Test-Path -LiteralPath $full) {
        throw "already exists: $full"
    }
    $script:OutParent = $parentFull
    $script:OutRoot = $full
    [void][System.IO.Directory]::CreateDirectory($full)
    $script:TmpDir = New-OutputFolder -Path (Join-Path $full '.tmp')
}

function Write-OutputBytes {
    param([string]$RelativePath, [byte[]]$Bytes)
    $full = Assert-OutputPath -Path (Join-Path $script:OutRoot ($RelativePath -replace '/', '\'))
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
    $full = Assert-OutputPath -Path (Join-Path $script:OutRoot ($RelativePath -replace '/', '\'))
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
    $rootPrefix = $script:OutRoot.TrimEnd('\') + '\'
    $fs = [System.IO.File]::Open($full, [System.IO.FileMode]::CreateNew)
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
    }
    finally {
        $fs.Dispose()
    }
    return $full
}

# ---------------------------------------------------------------------------------------------
# Running things with a time limit
# ---------------------------------------------------------------------------------------------

# What each native tool may be asked. Checked here at run time, and by the project's static check
# over this file (src/collector/check.ts) before every release.
$script:ReadOnlyTools = @{
    'netsh'    = '^http show (sslcert|iplisten|servicestate)$'
    'reg'      = '^(export \S+ \S+ /y|query \S+( /s)?)$'
    'netstat'  = '^-ano?b?$'
    'tasklist' = '^/svc /fo csv$'
    'certutil' = '^-v -store my$'
    'icacls'   = '^\S+$'
    'wevtutil' = '^(qe|gl) \S+( /q:\S+)?( /f:xml /e:Events /rd:true /uni:true /c:\d+)?$'
    'appcmd'   = '^list site$'
    'pktmon'   = '^(status|filter list|filter add tls-doctor-\d+ -t TCP -p \d+|filter remove|stop|start --capture --comp nics --pkt-size 0 --file-name \S+|start --etw -p 0 -f \S+|etl2pcap \S+ --out \S+)$'
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
        return (Join-Path $script:Sys32 'inetsrv\appcmd.exe')
    }
    return (Join-Path $script:Sys32 ($Tool + '.exe'))
}

function Invoke-Tool {
    param([string]$Tool, [string[]]$Arguments, [int]$TimeoutSeconds = $StepTimeoutSeconds)
    if (-not $script:ReadOnlyTools.ContainsKey($Tool)) {
        throw "tool '$Tool' is not on the read-only list"
    }
    $pattern = $script:ReadOnlyTools[$Tool]
    $display = ($Arguments -join ' ')
    $checked = ($Arguments | ForEach-Object { ($_ -replace '\s', '_') }) -join ' '
    if ($checked -notmatch $pattern) {
        throw "refusing '$Tool $display': not a read-only form of $Tool"
    }
    $path = Get-ToolPath -Tool $Tool
    if (-not (Test-Path -LiteralPath $path)) {
        return @{ NotFound = $true; Command = "$Tool $display"; Path = $path }
    }
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $path
    $psi.Arguments = ConvertTo-ArgumentString -Arguments $Arguments
    $psi.UseShellExecute = $false
    # Inherit our console: console tools pick their output code page from it.
    $psi.CreateNoWindow = $false
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
        [string]$Note = $null
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
    if ($r.TimedOut) {
        $status = 'failed'
        $reason = ("timed out after {0} s and was stopped; partial output kept" -f $TimeoutSeconds)
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
    $info.oemCodePage = $script:OemCodePage
    $info.ansiCodePage = $script:AnsiCodePage
    $info.timeZone = [System.TimeZoneInfo]::Local.Id
    $info.elevated = [bool]$script:IsElevated
    $info.psVersion = $PSVersionTable.PSVersion.ToString()
    $script:HostDomain = $fqdnDomain
    return $info
}

function Get-SslBindingPorts {
    # HTTP.sys SSL bindings, read from the registry (read-only): port numbers and certificate hashes.
    $ports = New-Object System.Collections.ArrayList
    $hashes = New-Object System.Collections.ArrayList
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
        }
    }
    return @{ Ports = @($ports | Sort-Object -Unique); Hashes = @($hashes | Sort-Object -Unique) }
}

$script:CertStoreScript = {
    param([string[]]$Stores)
    Import-Module Microsoft.PowerShell.Security -ErrorAction SilentlyContinue
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
            $prov = $null
            $provType = $null
            $container = $null
            $unique = $null
            $keyFile = $null
            $keyFileExists = $null
            $accessible = $null
            $accessError = $null
            $exportable = $null
            if ($c.HasPrivateKey) {
                $k = $null
                try {
                    $k = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($c)
                    if ($null -eq $k) {
                        $k = [System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions]::GetECDsaPrivateKey($c)
                    }
                    if ($null -eq $k) {
                        throw 'no RSA or ECDSA private key could be opened'
                    }
                    if ($k.PSObject.Properties.Name -contains 'CspKeyContainerInfo') {
                        $info = $k.CspKeyContainerInfo
                        $prov = $info.ProviderName
                        $provType = $info.ProviderType
                        $container = $info.KeyContainerName
                        $unique = $info.UniqueKeyContainerName
                        $exportable = $info.Exportable
                        $keyFile = Join-Path $progData ('Microsoft\Crypto\RSA\MachineKeys\' + $unique)
                    }
                    else {
                        $prov = $k.Key.Provider.Provider
                        $provType = 0
                        $container = $k.Key.KeyName
                        $unique = $k.Key.UniqueName
                        $exportable = (($k.Key.ExportPolicy.value__ -band 1) -ne 0)
                        $keyFile = Join-Path $progData ('Microsoft\Crypto\Keys\' + $unique)
                        if (-not (Test-Path -LiteralPath $keyFile)) {
                            $alt = Join-Path $progData ('Microsoft\Crypto\RSA\MachineKeys\' + $unique)
                            if (Test-Path -LiteralPath $alt) {
                                $keyFile = $alt
                            }
                        }
                    }
                    $accessible = $true
                }
                catch {
                    $accessible = $false
                    $accessError = $_.Exception.Message
                    if ($_.Exception.InnerException) {
                        $accessError = $_.Exception.InnerException.Message
                    }
                    $hr = $_.Exception.HResult
                    if ($_.Exception.InnerException) {
                        $hr = $_.Exception.InnerException.HResult
                    }
                    $accessError = ('{0} (0x{1:X8})' -f $accessError.Trim(), $hr)
                }
                finally {
                    if ($null -ne $k) {
                        $k.Dispose()
                    }
                }
                if ($keyFile) {
                    $keyFileExists = [bool](Test-Path -LiteralPath $keyFile)
                }
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
                    KeyProvider        = $prov
                    KeyProviderType    = $provType
                    KeyContainer       = $container
                    KeyUniqueName      = $unique
                    KeyFilePath        = $keyFile
                    KeyFileExists      = $keyFileExists
                    KeyAccessible      = $accessible
                    KeyAccessError     = $accessError
                    KeyExportable      = $exportable
                    RawDataBase64      = [System.Convert]::ToBase64String($c.RawData)
                })
        }
    }
    [pscustomobject]@{ Certificates = @($certs); Errors = @($errs) }
}

function Save-CertificateStores {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $r = Invoke-WithTimeout -ScriptBlock $script:CertStoreScript -ArgumentList @(, [string[]]@('My', 'WebHosting', 'CA', 'Root'))
    if ($r.Output.Count -eq 0) {
        throw ('no output: ' + ($r.Errors -join '; '))
    }
    $result = $r.Output[0]
    $certs = @($result.Certificates)
    $files = New-Object System.Collections.ArrayList
    $published = New-Object System.Collections.ArrayList
    foreach ($c in $certs) {
        if ($c.Store -eq 'My' -or $c.Store -eq 'WebHosting') {
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
    $doc = [ordered]@{ formatVersion = 1; certificates = @($published); errors = @($result.Errors) }
    [void](Write-OutputText -RelativePath 'certificates/store.json' -Text (ConvertTo-Json -InputObject $doc -Depth 6))
    $reason = $null
    if ($r.Errors.Count -gt 0) {
        $reason = ($r.Errors -join '; ')
    }
    [void](Add-Entry -Id 'cert.store' -Status 'collected' -Source 'Get-ChildItem Cert:\LocalMachine\My, WebHosting, CA, Root (metadata; keys opened read-only for provider and container names)' -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
    if ($Redact) {
        [void](Add-Entry -Id 'cert.files' -Status 'skipped' -Source 'X509Certificate2.RawData' -Reason 'left out under -Redact: certificate files contain host names and cannot be redacted without invalidating them')
    }
    else {
        [void](Add-Entry -Id 'cert.files' -Status 'collected' -Source 'X509Certificate2.RawData of Cert:\LocalMachine\My, WebHosting, CA, Root (public DER only)' -DurationMs $sw.ElapsedMilliseconds -Files @($files))
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
        if (-not (Test-Path -LiteralPath $t)) {
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

function Save-Events {
    param([string]$Id, [string]$Log, [string]$ProviderFilter)
    $ms = [long]$Days * 86400000
    if ($ProviderFilter) {
        $query = "*[System[Provider[@Name='$ProviderFilter'] and TimeCreated[timediff(@SystemTime) <= $ms]]]"
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
    Save-ToolOutput -Id $Id -Tool 'wevtutil' -Arguments @('qe', $Log, ('/q:' + $query), '/f:xml', '/e:Events', '/rd:true', '/uni:true', ('/c:' + $MaxEvents)) -Note $note
    $cat = Get-CatalogEntry -Id $Id
    $full = Join-Path $script:OutRoot ($cat.Path -replace '/', '\')
    if ((Test-Path -LiteralPath $full) -and (Get-Item -LiteralPath $full).Length -eq 0) {
        [void](Write-OutputText -RelativePath $cat.Path -Text '<Events></Events>')
    }
}

function Save-IisConfig {
    $src = Join-Path $script:Sys32 'inetsrv\config\applicationHost.config'
    if (-not (Test-Path -LiteralPath (Join-Path $script:Sys32 'inetsrv'))) {
        [void](Add-Entry -Id 'iis.config' -Status 'skipped' -Source $src -Reason 'IIS is not installed (no inetsrv folder)')
        return
    }
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
    $text = (ConvertFrom-ToolBytes -Bytes $bytes -CodePage $script:AnsiCodePage).Text
    # Encrypted passwords are of no use off this server: never let them leave it.
    $text = [regex]::Replace($text, '(?i)(\b\w*password\s*=\s*")[^"]*(")', '${1}[removed by collector]${2}')
    # ... and so are passwords inside connection strings (Password=...; Pwd=...)
    $text = [regex]::Replace($text, '(?i)(?<=[;"''\s])((?:password|pwd)\s*=\s*)(?!")[^;"'']*', '${1}[removed by collector]')
    foreach ($m in [regex]::Matches($text, '(?i)bindingInformation\s*=\s*"[^"]*:\d+:([^"]+)"')) {
        [void]$script:SensitiveNames.Add($m.Groups[1].Value)
    }
    [void](Write-OutputText -RelativePath 'iis/applicationHost.config' -Text $text)
    [void](Add-Entry -Id 'iis.config' -Status 'collected' -Source $src -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason 'password attributes replaced by [removed by collector]')
}

function Save-AppcmdSites {
    if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'appcmd'))) {
        [void](Add-Entry -Id 'iis.appcmd-sites' -Status 'skipped' -Source 'appcmd list site' -Reason 'IIS is not installed (no inetsrv\appcmd.exe)')
        return
    }
    Save-ToolOutput -Id 'iis.appcmd-sites' -Tool 'appcmd' -Arguments @('list', 'site')
}

function Invoke-PacketCapture {
    # The one opt-in step that touches the system: it starts pktmon with port filters for
    # -CaptureSeconds and removes the filters and stops pktmon again, even on Ctrl+C.
    param([int]$Seconds, [int]$Build)
    if (-not $script:IsElevated) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source 'pktmon' -Reason 'packet capture needs elevation (run as administrator)')
        return
    }
    if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'pktmon'))) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source 'pktmon' -Reason 'pktmon is not available (Windows Server 2019 / Windows 10 1809 or later); take a capture with another tool and pass it with -IncludePcap')
        return
    }
    $status = Invoke-Tool -Tool 'pktmon' -Arguments @('status') -TimeoutSeconds 30
    $statusText = (ConvertFrom-ToolBytes -Bytes $status.Stdout -CodePage $script:ToolCodePage).Text
    if ($statusText -match '(?i)\b(running|active)\b' -and $statusText -notmatch '(?i)not running') {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source 'pktmon status' -Reason 'pktmon is already in use on this server; it was left alone')
        return
    }
    $list = Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'list') -TimeoutSeconds 30
    $listText = (ConvertFrom-ToolBytes -Bytes $list.Stdout -CodePage $script:ToolCodePage).Text
    $hasFilters = ($listText -match '(?m)^\s*\d+\s+\S')
    # A string, not [int[]]: powershell -File (collect.cmd) passes every argument as one string.
    $asked = @($CapturePorts -split '[,; ]+' | Where-Object { $_ -match '^\d{1,5}$' } | ForEach-Object { [int]$_ } | Where-Object { $_ -gt 0 -and $_ -lt 65536 })
    $ports = @(@(443) + $script:BindingPorts | Where-Object { $_ -gt 0 } | Sort-Object -Unique | Select-Object -First 8)
    if ($asked.Count -gt 0) {
        $ports = @($asked | Sort-Object -Unique | Select-Object -First 8)
    }
    $capDir = New-OutputFolder -Path (Join-Path $script:OutRoot 'capture')
    $etl = Join-Path $capDir 'pktmon.etl'
    $notes = New-Object System.Collections.ArrayList
    $addedFilters = $false
    $started = $false
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        if ($hasFilters) {
            [void]$notes.Add('pktmon already had filters configured; they were left untouched and used as they are')
        }
        else {
            foreach ($p in $ports) {
                [void](Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'add', ('tls-doctor-' + $p), '-t', 'TCP', '-p', [string]$p) -TimeoutSeconds 30)
                $addedFilters = $true
            }
        }
        if ($Build -ge 19041) {
            $start = Invoke-Tool -Tool 'pktmon' -Arguments @('start', '--capture', '--comp', 'nics', '--pkt-size', '0', '--file-name', $etl) -TimeoutSeconds 60
        }
        else {
            $start = Invoke-Tool -Tool 'pktmon' -Arguments @('start', '--etw', '-p', '0', '-f', $etl) -TimeoutSeconds 60
        }
        if ($start.ExitCode -ne 0) {
            $msg = (ConvertFrom-ToolBytes -Bytes $start.Stdout -CodePage $script:ToolCodePage).Text
            throw ('pktmon start failed: ' + (Limit-Text -Text $msg -Max 300))
        }
        $started = $true
        Write-Host ''
        Write-Status ('    Capturing ports {0} for {1} s. Reproduce the problem now (press Q to stop early).' -f ($ports -join ', '), $Seconds) 'Cyan'
        $until = (Get-Date).AddSeconds($Seconds)
        while ((Get-Date) -lt $until) {
            Start-Sleep -Milliseconds 500
            try {
                if ([Console]::KeyAvailable -and [Console]::ReadKey($true).Key -eq 'Q') {
                    break
                }
            }
            catch {
                Write-Verbose 'no interactive console: capturing for the full time'
            }
        }
    }
    finally {
        if ($started) {
            [void](Invoke-Tool -Tool 'pktmon' -Arguments @('stop') -TimeoutSeconds 120)
        }
        if ($addedFilters) {
            [void](Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'remove') -TimeoutSeconds 30)
        }
    }
    $source = ('pktmon filter add -t TCP -p {0}; pktmon start; pktmon stop' -f ($ports -join ','))
    if (-not (Test-Path -LiteralPath $etl)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'failed' -Source $source -DurationMs $sw.ElapsedMilliseconds -Reason 'pktmon wrote no capture file')
        return
    }
    if ($Build -ge 19041) {
        $pcap = Join-Path $capDir 'pktmon.pcapng'
        $conv = Invoke-Tool -Tool 'pktmon' -Arguments @('etl2pcap', $etl, '--out', $pcap) -TimeoutSeconds 300
        if ($conv.ExitCode -eq 0 -and (Test-Path -LiteralPath $pcap)) {
            Remove-OutputItem -Path $etl
            [void](Add-Entry -Id 'capture.pcap' -Status 'collected' -Source ($source + '; pktmon etl2pcap') -DurationMs $sw.ElapsedMilliseconds -Files @('capture/pktmon.pcapng') -Reason (($notes) -join '; '))
            return
        }
        [void]$notes.Add('pktmon etl2pcap failed; the ETL is kept')
    }
    else {
        [void]$notes.Add(('Windows build {0} cannot convert pktmon ETL to pcapng (needs 19041+); the ETL is kept: convert it with microsoft/etl2pcapng' -f $Build))
    }
    [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @('capture/pktmon.etl') -Reason ($notes -join '; '))
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
        $reason = 'an ETL file is not a pcap: convert it with microsoft/etl2pcapng'
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
            if (($o | Where-Object { $_ -gt 255 }).Count -gt 0) { return $m.Value }
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
        $full = Join-Path $script:OutRoot ($cat.Path -replace '/', '\')
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
    foreach ($e in $script:Entries) {
        if ($e.id -eq 'capture.pcap' -and $e._files) {
            foreach ($f in $e._files) {
                Remove-OutputItem -Path (Join-Path $script:OutRoot ($f -replace '/', '\'))
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
                $full = Join-Path $script:OutRoot ($f -replace '/', '\')
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
            $full = Join-Path $script:OutRoot ($e.path -replace '/', '\')
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
    Initialize-OutputRoot -Parent $OutputDirectory -Name $bundleName
}
catch {
    $fallback = [System.IO.Path]::GetTempPath()
    Write-Status ("Cannot write to {0} ({1}); using {2}" -f $OutputDirectory, $_.Exception.Message, $fallback) 'Yellow'
    Initialize-OutputRoot -Parent $fallback -Name $bundleName
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
$bindings = @{ Ports = @(); Hashes = @() }
try {
    $bindings = Get-SslBindingPorts
}
catch {
    Write-Verbose ('HTTP.sys bindings: ' + $_.Exception.Message)
}
$script:BindingPorts = @($bindings.Ports)
$script:BoundThumbprints = @($bindings.Hashes)

$script:StepCount = 17
$capture = ($CaptureSeconds -gt 0)

Invoke-Step -Ids @('capture.pcap') -Title 'packet capture (pktmon)' -Action {
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
Invoke-Step -Ids @('dotnet.registry') -Title 'registry: .NET strong crypto' -Action {
    Save-RegistryExport -Id 'dotnet.registry' -AllowAllMissing -Keys @('HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319', 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319', 'HKLM\SOFTWARE\Microsoft\.NETFramework\v2.0.50727', 'HKLM\SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v2.0.50727')
}
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
Invoke-Step -Ids @('cert.machinekeys-acl') -Title 'icacls of the machine key folders' -Action {
    Save-KeyAcls
}
Invoke-Step -Ids @('events.schannel') -Title ('Schannel events (last {0} days, at most {1})' -f $Days, $MaxEvents) -Action {
    Save-Events -Id 'events.schannel' -Log 'System' -ProviderFilter 'Schannel'
}
Invoke-Step -Ids @('events.capi2') -Title ('CAPI2 events (last {0} days, at most {1})' -f $Days, $MaxEvents) -Action {
    Save-Events -Id 'events.capi2' -Log 'Microsoft-Windows-CAPI2/Operational' -ProviderFilter ''
}
Invoke-Step -Ids @('iis.config', 'iis.appcmd-sites') -Title 'IIS configuration' -Action {
    Save-IisConfig
    Save-AppcmdSites
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
