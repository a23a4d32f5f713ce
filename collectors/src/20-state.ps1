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

