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

