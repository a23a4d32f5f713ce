# Test harness for running Collect-TlsEvidence.ps1 for real under PowerShell 7 on Linux.
#
# Windows is replaced at its edges only:
# - native tools (netsh, reg, netstat, tasklist, certutil, icacls, wevtutil, appcmd, pktmon, w32tm) are
#   fake executables (fake-tool.sh) under a fake %SystemRoot%\System32, the path the script runs
#   them from; each answers with recorded output: the raw files of a sample bundle (samples/<name>/)
#   or the real Windows outputs copied into fixtures/real/ (sources in fixtures/real/SOURCES.md);
# - the registry (HKLM:) and the certificate store (Cert:) are PowerShell drives over a folder
#   tree, with Get-ItemProperty / Get-ChildItem Cert:\ mocked to return the values and certificates
#   (X509Certificate2 objects built from the sample's .cer files);
# - the Windows-only cmdlets (Get-CimInstance, Get-NetTCPConnection, Get-Service, ...) and the few
#   script functions that touch the console or the user token (Test-Elevated, Read-CaptureKey,
#   Get-CertKeyState, Invoke-WithTimeout's runspace) are Pester mocks (see Use-FakeWindows).
# Everything else - the steps, their time limits, decoding, the manifest, the zip - runs as shipped.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:CollectorPath = Join-Path $script:RepoRoot 'collectors/Collect-TlsEvidence.ps1'
$script:SamplesRoot = Join-Path $script:RepoRoot 'samples'
$script:FixturesRoot = Join-Path $PSScriptRoot 'fixtures'
$script:FakeToolPath = Join-Path $PSScriptRoot 'fake-tool.sh'

function New-FakeWindows {
    param([string]$Root)
    $fake = [ordered]@{
        Root        = $Root
        SystemRoot  = Join-Path $Root 'Windows'
        System32    = Join-Path $Root 'Windows/System32'
        ToolsDir    = Join-Path $Root 'tools'
        ToolsLog    = Join-Path $Root 'tools/calls.log'
        Registry    = Join-Path $Root 'registry'
        CertRoot    = Join-Path $Root 'cert'
        Out         = Join-Path $Root 'out'
        Cwd         = Join-Path $Root 'cwd'
        Responses   = 0
        Certs       = @{}
        Keys        = @{}
        Os          = [ordered]@{ Caption = 'Microsoft Windows Server 2022 Datacenter'; Version = '10.0.20348'; Build = '20348' }
        Listeners   = $null
        # Win32_QuickFixEngineering rows (Initialize-SampleHost); 'fail' makes the query throw.
        HotFixes    = @()
    }
    foreach ($d in @($fake.System32, (Join-Path $fake.ToolsDir 'responses'), $fake.Registry, $fake.CertRoot, $fake.Out, $fake.Cwd)) {
        [void](New-Item -ItemType Directory -Force -Path $d)
    }
    [void](New-Item -ItemType File -Force -Path $fake.ToolsLog)
    Set-FakeRegistryValue -Fake $fake -Key 'SYSTEM\CurrentControlSet\Control\Nls\CodePage' -Name 'OEMCP' -Value '437'
    Set-FakeRegistryValue -Fake $fake -Key 'SYSTEM\CurrentControlSet\Control\Nls\CodePage' -Name 'ACP' -Value '1252'
    Set-FakeRegistryValue -Fake $fake -Key 'SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name 'Release' -Value 528449
    return $fake
}

function Install-FakeTool {
    param($Fake, [string[]]$Tools)
    foreach ($t in $Tools) {
        $dir = $Fake.System32
        if ($t -eq 'appcmd') {
            $dir = Join-Path $Fake.System32 'inetsrv'
            [void](New-Item -ItemType Directory -Force -Path $dir)
        }
        $target = Join-Path $dir ($t + '.exe')
        Copy-Item -LiteralPath $script:FakeToolPath -Destination $target -Force
        & chmod +x $target
    }
}

function Add-FakeResponse {
    # Responses are tried in the order they were added; the first matching pattern answers.
    param(
        $Fake,
        [string]$Pattern,
        [byte[]]$Stdout = $null,
        [string]$StdoutFile = $null,
        [string]$Stderr = $null,
        [int]$Exit = 0,
        [switch]$Hang,
        [string]$Write = $null,
        [byte[]]$Payload = $null,
        [string]$PayloadFile = $null
    )
    $Fake.Responses++
    $d = Join-Path (Join-Path $Fake.ToolsDir 'responses') ('{0:D3}' -f $Fake.Responses)
    [void](New-Item -ItemType Directory -Force -Path $d)
    [System.IO.File]::WriteAllText((Join-Path $d 'pattern'), $Pattern)
    if ($StdoutFile) {
        Copy-Item -LiteralPath $StdoutFile -Destination (Join-Path $d 'stdout')
    }
    elseif ($null -ne $Stdout) {
        [System.IO.File]::WriteAllBytes((Join-Path $d 'stdout'), $Stdout)
    }
    if ($Stderr) {
        [System.IO.File]::WriteAllText((Join-Path $d 'stderr'), $Stderr)
    }
    [System.IO.File]::WriteAllText((Join-Path $d 'exit'), [string]$Exit)
    if ($Hang) {
        [System.IO.File]::WriteAllText((Join-Path $d 'hang'), '1')
    }
    if ($Write) {
        [System.IO.File]::WriteAllText((Join-Path $d 'write'), $Write)
        if ($PayloadFile) {
            Copy-Item -LiteralPath $PayloadFile -Destination (Join-Path $d 'payload')
        }
        else {
            [System.IO.File]::WriteAllBytes((Join-Path $d 'payload'), $Payload)
        }
    }
}

function Get-FakeToolCall {
    param($Fake)
    return @(Get-Content -LiteralPath $Fake.ToolsLog | Where-Object { $_ })
}

# --- registry: a folder per key, values in values.json -----------------------------------------

function Get-FakeKeyFolder {
    param($Fake, [string]$Key)
    $rel = ($Key -replace '^(HKEY_LOCAL_MACHINE|HKLM:?)\\?', '') -replace '\\', '/'
    return (Join-Path $Fake.Registry $rel)
}

function Set-FakeRegistryValue {
    param($Fake, [string]$Key, [string]$Name, $Value)
    $dir = Get-FakeKeyFolder -Fake $Fake -Key $Key
    [void](New-Item -ItemType Directory -Force -Path $dir)
    $file = Join-Path $dir 'values.json'
    $values = @{}
    if (Test-Path -LiteralPath $file) {
        $values = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json -AsHashtable
    }
    if ($Value -is [byte[]]) {
        $values[$Name] = @{ hex = (($Value | ForEach-Object { $_.ToString('x2') }) -join '') }
    }
    else {
        $values[$Name] = $Value
    }
    [System.IO.File]::WriteAllText($file, ($values | ConvertTo-Json -Depth 4))
}

function Import-FakeRegistry {
    # Loads a .reg export (UTF-16LE or UTF-8) into the fake registry: keys, hex / dword / string values.
    param($Fake, [string]$RegFile)
    $text = [System.IO.File]::ReadAllText($RegFile)
    $text = $text -replace '\\\r?\n\s*', ''
    $key = $null
    foreach ($line in ($text -split '\r?\n')) {
        if ($line -match '^\[(.+)\]\s*$') {
            $key = $Matches[1]
            [void](New-Item -ItemType Directory -Force -Path (Get-FakeKeyFolder -Fake $Fake -Key $key))
            continue
        }
        if (-not $key) { continue }
        if ($line -match '^"([^"]+)"=hex:([0-9a-fA-F,]*)\s*$') {
            $bytes = [byte[]]@($Matches[2] -split ',' | Where-Object { $_ } | ForEach-Object { [Convert]::ToByte($_, 16) })
            Set-FakeRegistryValue -Fake $Fake -Key $key -Name $Matches[1] -Value $bytes
        }
        elseif ($line -match '^"([^"]+)"=dword:([0-9a-fA-F]{8})\s*$') {
            Set-FakeRegistryValue -Fake $Fake -Key $key -Name $Matches[1] -Value ([Convert]::ToInt64($Matches[2], 16))
        }
        elseif ($line -match '^"([^"]+)"="(.*)"\s*$') {
            Set-FakeRegistryValue -Fake $Fake -Key $key -Name $Matches[1] -Value $Matches[2]
        }
    }
}

function Get-FakeRegistryValues {
    param([string]$ProviderPath)
    $file = Join-Path $ProviderPath 'values.json'
    if (-not (Test-Path -LiteralPath $file)) {
        throw [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '$ProviderPath' because it does not exist.")
    }
    $values = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json -AsHashtable
    $o = [ordered]@{}
    foreach ($k in $values.Keys) {
        $v = $values[$k]
        if ($v -is [hashtable] -and $v.ContainsKey('hex')) {
            $h = [string]$v.hex
            $o[$k] = [byte[]]@(for ($i = 0; $i -lt $h.Length; $i += 2) { [Convert]::ToByte($h.Substring($i, 2), 16) })
        }
        else {
            $o[$k] = $v
        }
    }
    return [pscustomobject]$o
}

# --- a sample bundle as the Windows host the stubs answer for -----------------------------------

function Get-SampleFile {
    param([string]$Sample, [string]$Rel)
    $p = Join-Path (Join-Path $script:SamplesRoot $Sample) $Rel
    if (Test-Path -LiteralPath $p -PathType Leaf) {
        return $p
    }
    return $null
}

function ConvertTo-Utf16Bytes {
    # wevtutil /uni:true writes UTF-16LE; the samples keep the decoded text.
    param([string]$File)
    $text = [System.IO.File]::ReadAllText($File)
    return [System.Text.Encoding]::Unicode.GetBytes($text)
}

$script:NotFoundKey = 'ERROR: The system was unable to find the specified registry key or value.'

function Get-FakeDrivePath {
    # C:\ProgramData\... of the Windows host -> <root>/drive-c/ProgramData/... (the fake C: drive)
    param($Fake, [string]$Path)
    return (Join-Path (Join-Path $Fake.Root 'drive-c') (($Path -replace '^[A-Za-z]:', '') -replace '\\', '/'))
}

function Initialize-SampleHost {
    # Makes the fake Windows answer like the host the sample was taken on.
    param($Fake, [string]$Sample)
    $dir = Join-Path $script:SamplesRoot $Sample
    $manifest = Get-Content -Raw -LiteralPath (Join-Path $dir 'manifest.json') | ConvertFrom-Json
    $h = $manifest.host
    $Fake.HostName = [string]$h.name
    $build = 20348
    if ($h.PSObject.Properties.Name -contains 'osBuild') { $build = [int]$h.osBuild }
    $Fake.Os = [ordered]@{ Caption = [string]$h.osCaption; Version = ('10.0.{0}' -f $build); Build = [string]$build }
    if ($h.PSObject.Properties.Name -contains 'oemCodePage') {
        Set-FakeRegistryValue -Fake $Fake -Key 'SYSTEM\CurrentControlSet\Control\Nls\CodePage' -Name 'OEMCP' -Value ([string]$h.oemCodePage)
    }
    Set-FakeRegistryValue -Fake $Fake -Key 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'CurrentBuildNumber' -Value ([string]$build)
    Set-FakeRegistryValue -Fake $Fake -Key 'SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'ProductName' -Value ([string]$h.osCaption)

    $tools = @('netsh', 'reg', 'netstat', 'tasklist', 'certutil', 'icacls', 'wevtutil')
    # netsh
    foreach ($what in @('sslcert', 'iplisten', 'servicestate', 'urlacl', 'setting')) {
        $f = Get-SampleFile $Sample "httpsys/netsh-http-show-$what.txt"
        if ($f) { Add-FakeResponse -Fake $Fake -Pattern "netsh http show $what" -StdoutFile $f }
        else { Add-FakeResponse -Fake $Fake -Pattern "netsh http show $what" -Exit 1 -Stderr 'The parameter is incorrect.' }
    }
    # reg export <key> <file> /y: the sample's .reg file, as reg writes it
    $regs = [ordered]@{
        'HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'                     = 'registry/http-parameters.reg'
        'HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL'           = 'registry/schannel.reg'
        'HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319'                            = 'registry/dotnet-strong-crypto.reg'
        'HKLM\SOFTWARE\Microsoft\InetStp'                                             = 'registry/iis-inetstp.reg'
        # the SSL Cipher Suite Order group policy (issue 16); the Local\SSL key answers "not found"
        'HKLM\SOFTWARE\Policies\Microsoft\Cryptography\Configuration\SSL'            = 'registry/cipher-suite-policy.reg'
    }
    foreach ($k in $regs.Keys) {
        $f = Get-SampleFile $Sample $regs[$k]
        $pat = 'reg export ' + ($k -replace '\\', '?') + ' * /y'
        if ($f) {
            Add-FakeResponse -Fake $Fake -Pattern $pat -Write 'arg:3' -PayloadFile $f -Stdout ([System.Text.Encoding]::ASCII.GetBytes("The operation completed successfully.`r`n"))
            Import-FakeRegistry -Fake $Fake -RegFile $f
        }
    }
    Add-FakeResponse -Fake $Fake -Pattern 'reg export *' -Exit 1 -Stderr $script:NotFoundKey
    # netstat / tasklist / certutil
    $f = Get-SampleFile $Sample 'network/netstat-anob.txt'
    if ($f) { Add-FakeResponse -Fake $Fake -Pattern 'netstat -ano*' -StdoutFile $f } else { $tools = $tools | Where-Object { $_ -ne 'netstat' } }
    $f = Get-SampleFile $Sample 'network/tasklist-svc.csv'
    if ($f) { Add-FakeResponse -Fake $Fake -Pattern 'tasklist /svc /fo csv' -StdoutFile $f } else { $tools = $tools | Where-Object { $_ -ne 'tasklist' } }
    $f = Get-SampleFile $Sample 'certificates/certutil-v-store-my.txt'
    if ($f) { Add-FakeResponse -Fake $Fake -Pattern 'certutil -v -store my' -StdoutFile $f } else { $tools = $tools | Where-Object { $_ -ne 'certutil' } }
    # icacls: one block of the sample's listing per path asked
    $f = Get-SampleFile $Sample 'certificates/icacls-machinekeys.txt'
    if ($f) {
        $blocks = [regex]::Split([System.IO.File]::ReadAllText($f), '(?<=files\r?\n)\r?\n')
        foreach ($b in $blocks) {
            if ($b -match '^(\S+)') {
                $path = $Matches[1]
                $leaf = ($path -split '\\')[-1]
                Add-FakeResponse -Fake $Fake -Pattern ('icacls *' + $leaf) -Stdout ([System.Text.Encoding]::UTF8.GetBytes($b.TrimEnd() + "`r`n"))
                $itemType = 'File'
                if ($leaf -eq 'MachineKeys' -or $leaf -eq 'Keys') { $itemType = 'Directory' }
                [void](New-Item -ItemType $itemType -Force -Path (Get-FakeDrivePath -Fake $Fake -Path $path))
            }
        }
    }
    Add-FakeResponse -Fake $Fake -Pattern 'icacls *' -Exit 2 -Stderr 'The system cannot find the file specified.'
    # wevtutil: the sample's event XML, in UTF-16 as /uni:true writes it
    Add-FakeResponse -Fake $Fake -Pattern 'wevtutil gl *' -Stdout ([System.Text.Encoding]::ASCII.GetBytes("name: x`r`nenabled: true`r`n"))
    $f = Get-SampleFile $Sample 'events/system-schannel.xml'
    if ($f) { Add-FakeResponse -Fake $Fake -Pattern "wevtutil qe System *Schannel*" -Stdout (ConvertTo-Utf16Bytes $f) }
    $f = Get-SampleFile $Sample 'events/capi2-operational.xml'
    if ($f) { Add-FakeResponse -Fake $Fake -Pattern "wevtutil qe Microsoft-Windows-CAPI2/Operational *" -Stdout (ConvertTo-Utf16Bytes $f) }
    $f = Get-SampleFile $Sample 'events/system-httpevent.xml'
    if ($f) { Add-FakeResponse -Fake $Fake -Pattern "wevtutil qe System *HttpEvent*" -Stdout (ConvertTo-Utf16Bytes $f) }
    Add-FakeResponse -Fake $Fake -Pattern 'wevtutil qe *' -Stdout ([byte[]]@())
    # ipconfig /all: the sample's own, else a real four-adapter listing
    $tools += 'ipconfig'
    $f = Get-SampleFile $Sample 'network/ipconfig-all.txt'
    if (-not $f) { $f = Join-Path $script:FixturesRoot 'real/ipconfig-all.txt' }
    Add-FakeResponse -Fake $Fake -Pattern 'ipconfig /all' -StdoutFile $f
    # w32tm /query /status /verbose: the sample's own, else a synchronized clock (real output)
    $tools += 'w32tm'
    $f = Get-SampleFile $Sample 'system/w32tm-query-status.txt'
    if (-not $f) { $f = Join-Path $script:FixturesRoot 'real/w32tm-query-status-verbose.txt' }
    Add-FakeResponse -Fake $Fake -Pattern 'w32tm /query /status /verbose' -StdoutFile $f
    # IIS
    $f = Get-SampleFile $Sample 'iis/appcmd-list-site.txt'
    if ($f) {
        $tools += 'appcmd'
        Add-FakeResponse -Fake $Fake -Pattern 'appcmd list site' -StdoutFile $f
        Add-FakeResponse -Fake $Fake -Pattern 'appcmd list site /config /xml' -Exit 1 -Stderr 'ERROR ( message:not in this sample. )'
        $cfg = Get-SampleFile $Sample 'iis/applicationHost.config'
        $cfgDir = Join-Path $Fake.System32 'inetsrv/config'
        [void](New-Item -ItemType Directory -Force -Path $cfgDir)
        if ($cfg) { Copy-Item -LiteralPath $cfg -Destination (Join-Path $cfgDir 'applicationHost.config') }
    }
    Install-FakeTool -Fake $Fake -Tools $tools

    # HTTP.sys error logs and IIS W3C logs (issue 16): the sample's files where Windows keeps them
    # (the default HTTPERR folder; %SystemDrive%\inetpub\logs\LogFiles\W3SVC<id> on the fake C:)
    $logs = Join-Path $dir 'logs/httperr'
    if (Test-Path -LiteralPath $logs) {
        $to = Join-Path $Fake.System32 'LogFiles/HTTPERR'
        [void](New-Item -ItemType Directory -Force -Path $to)
        Copy-Item -Path (Join-Path $logs '*') -Destination $to
    }
    $logs = Join-Path $dir 'logs/iis'
    if (Test-Path -LiteralPath $logs) {
        foreach ($site in (Get-ChildItem -LiteralPath $logs -Directory)) {
            $to = Get-FakeDrivePath -Fake $Fake -Path ('C:\inetpub\logs\LogFiles\' + $site.Name)
            [void](New-Item -ItemType Directory -Force -Path $to)
            Copy-Item -Path (Join-Path $site.FullName '*') -Destination $to
        }
    }

    # certificate store: the sample's .cer files with the key state store.json recorded
    $storeJson = Get-SampleFile $Sample 'certificates/store.json'
    $records = @{}
    if ($storeJson) {
        foreach ($c in (Get-Content -Raw -LiteralPath $storeJson | ConvertFrom-Json).certificates) {
            $records[('{0}/{1}' -f $c.Store, $c.Thumbprint.ToUpperInvariant())] = $c
        }
    }
    # the four stores every host has, and any other store folder the sample holds (AuthRoot,
    # Disallowed, ClientAuthIssuer, a store a binding names)
    $storeNames = @('My', 'WebHosting', 'CA', 'Root')
    if (Test-Path -LiteralPath (Join-Path $dir 'certificates')) {
        $storeNames += @(Get-ChildItem -LiteralPath (Join-Path $dir 'certificates') -Directory | ForEach-Object { $_.Name } | Where-Object { $storeNames -notcontains $_ })
    }
    foreach ($store in $storeNames) {
        $sdir = Join-Path $dir "certificates/$store"
        [void](New-Item -ItemType Directory -Force -Path (Join-Path $Fake.CertRoot "LocalMachine/$store"))
        $list = New-Object System.Collections.ArrayList
        if (Test-Path -LiteralPath $sdir) {
            foreach ($cer in (Get-ChildItem -LiteralPath $sdir -Filter '*.cer')) {
                $x = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new([System.IO.File]::ReadAllBytes($cer.FullName))
                $rec = $records[('{0}/{1}' -f $store, $x.Thumbprint)]
                $hasKey = $false
                if ($null -ne $rec) { $hasKey = [bool]$rec.HasPrivateKey }
                # A .cer carries no key: the private-key state is the one the sample recorded.
                $x | Add-Member -NotePropertyName HasPrivateKey -NotePropertyValue $hasKey -Force
                [void]$list.Add($x)
                if ($null -ne $rec) { $Fake.Keys[$x.Thumbprint] = $rec }
            }
        }
        $Fake.Certs[$store] = @($list)
    }
    foreach ($rec in $records.Values) {
        if ($rec.KeyFilePath) {
            [void](New-Item -ItemType File -Force -Path (Get-FakeDrivePath -Fake $Fake -Path $rec.KeyFilePath))
        }
    }
    $f = Get-SampleFile $Sample 'network/tcp-listeners.json'
    if ($f) { $Fake.Listeners = Get-Content -Raw -LiteralPath $f | ConvertFrom-Json }
    # Installed updates: the sample's own list, else the real Get-HotFix example of Microsoft Learn.
    $f = Get-SampleFile $Sample 'system/hotfixes.csv'
    if ($f) { $Fake.HotFixes = @(Import-Csv -LiteralPath $f) }
    else { $Fake.HotFixes = @(ConvertFrom-HotFixTable -Path (Join-Path $script:FixturesRoot 'real/get-hotfix-ms-learn.txt')) }
}

function ConvertFrom-HotFixTable {
    # Get-HotFix's table (Source Description HotFixID InstalledBy InstalledOn) as WMI objects.
    param([string]$Path)
    foreach ($l in (Get-Content -LiteralPath $Path)) {
        if ($l -match '^(\S+)\s+(.+?)\s+(KB\d+)\s+(.*?)\s*(\d+/\d+/\d{4}.*)$') {
            [pscustomobject]@{ HotFixID = $Matches[3]; Description = $Matches[2]; InstalledOn = $Matches[5].Trim(); InstalledBy = $Matches[4] }
        }
    }
}

# --- mocks: call inside a Pester It / BeforeEach block -----------------------------------------

# Script functions and Windows-only cmdlets the mocks stand in for: Pester mocks only commands that
# exist, so these stubs (never called: the mocks take their place) declare the parameters.
function global:Test-Elevated { }
function global:Read-CaptureKey { }
function global:Get-CertKeyState { param($Certificate, [string]$ProgramData) }
function global:Get-KeyApiSupport { }
function global:Invoke-WithTimeout { param([scriptblock]$ScriptBlock, [object[]]$ArgumentList = @(), [int]$TimeoutSeconds = 120) }
function global:Get-FreeBytes { param([string]$Path) }
function global:Get-EtwSessionName { }
function global:Test-PktmonLoaded { }
if (-not (Get-Command -Name 'Get-CimInstance' -ErrorAction SilentlyContinue)) {
    function global:Get-CimInstance { [CmdletBinding()] param([string]$ClassName, [string]$Filter) }
}
if (-not (Get-Command -Name 'Get-NetTCPConnection' -ErrorAction SilentlyContinue)) {
    function global:Get-NetTCPConnection { [CmdletBinding()] param([string]$State) }
    function global:Get-NetUDPEndpoint { [CmdletBinding()] param() }
}
if (-not (Get-Command -Name 'Get-Acl' -ErrorAction SilentlyContinue)) {
    function global:Get-Acl { [CmdletBinding()] param([string]$LiteralPath) }
}
if (-not (Get-Command -Name 'Get-Service' -ErrorAction SilentlyContinue)) {
    function global:Get-Service { [CmdletBinding()] param([string]$Name) }
}
# Cipher suites, curves and FIPS policy (issue 16): the TLS module exists only on Windows.
if (-not (Get-Command -Name 'Get-TlsCipherSuite' -ErrorAction SilentlyContinue)) {
    function global:Get-TlsCipherSuite { [CmdletBinding()] param([string]$Name) }
    function global:Get-TlsEccCurve { [CmdletBinding()] param([string]$Name) }
}

function ConvertFrom-FormatListText {
    # The objects behind a Format-List text (Get-TlsCipherSuite's view), properties in order, so a
    # mock hands the collector objects that PowerShell formats again as Windows printed them.
    param([string]$Path)
    $objects = New-Object System.Collections.ArrayList
    $current = $null
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        if ($line -match '^(\w+)\s*: ?(.*)$') {
            if ($null -eq $current -or $current.Contains($Matches[1])) {
                $current = [ordered]@{}
                [void]$objects.Add($current)
            }
            $current[$Matches[1]] = $Matches[2].TrimEnd()
        }
    }
    return @($objects | ForEach-Object { [pscustomobject]$_ })
}

function Invoke-Collector {
    # Runs the collector as shipped, in this session (so that the mocks apply), against $Fake.
    param($Fake, [hashtable]$Parameters = @{})
    $saved = @{ SystemRoot = $env:SystemRoot; ProgramData = $env:ProgramData; COMPUTERNAME = $env:COMPUTERNAME; SystemDrive = $env:SystemDrive }
    $env:SystemRoot = $Fake.SystemRoot
    # %SystemDrive%\inetpub\logs\LogFiles (IIS log folders) resolves on the fake C: drive.
    $env:SystemDrive = 'C:'
    $env:ProgramData = 'C:\ProgramData'
    $env:COMPUTERNAME = $(if ($Fake.Contains('HostName') -and $Fake.HostName) { $Fake.HostName } else { 'WEB01' })
    $env:FAKE_TOOLS_DIR = $Fake.ToolsDir
    $env:FAKE_TOOLS_LOG = $Fake.ToolsLog
    $p = @{ OutputDirectory = $Fake.Out; StepTimeoutSeconds = 10 }
    foreach ($k in $Parameters.Keys) { $p[$k] = $Parameters[$k] }
    Push-Location -LiteralPath $Fake.Cwd
    try {
        $output = & $script:CollectorPath @p 6>&1 2>&1 | ForEach-Object { [string]$_ }
        $code = $LASTEXITCODE
    }
    finally {
        Pop-Location
        $env:SystemRoot = $saved.SystemRoot
        $env:ProgramData = $saved.ProgramData
        $env:COMPUTERNAME = $saved.COMPUTERNAME
        $env:SystemDrive = $saved.SystemDrive
    }
    $zip = @(Get-ChildItem -LiteralPath $Fake.Out -Filter 'tls-evidence-*.zip')
    $folder = @(Get-ChildItem -LiteralPath $Fake.Out -Directory -Filter 'tls-evidence-*')
    $manifest = $null
    if ($folder.Count -gt 0 -and (Test-Path -LiteralPath (Join-Path $folder[0].FullName 'manifest.json'))) {
        $manifest = Get-Content -Raw -LiteralPath (Join-Path $folder[0].FullName 'manifest.json') | ConvertFrom-Json
    }
    return [pscustomobject]@{
        Output   = ($output -join "`n")
        ExitCode = $code
        Zip      = $(if ($zip.Count -gt 0) { $zip[0].FullName } else { $null })
        Folder   = $(if ($folder.Count -gt 0) { $folder[0].FullName } else { $null })
        Manifest = $manifest
        Calls    = Get-FakeToolCall -Fake $Fake
    }
}

function Get-ManifestEntry {
    param($Result, [string]$Id)
    return @($Result.Manifest.artifacts | Where-Object { $_.id -eq $Id })
}

function Invoke-Analyzer {
    # tls-doctor analyze ZIP -f json, from the sources (node + tsx), as the CLI is run.
    param([string]$Zip)
    $tsx = Join-Path $script:RepoRoot 'node_modules/tsx/dist/cli.mjs'
    $cli = Join-Path $script:RepoRoot 'src/cli.ts'
    $json = & node $tsx $cli analyze $Zip -f json --fail-on none 2>$null
    if ($LASTEXITCODE -ne 0) {
        throw "tls-doctor analyze $Zip exited with $LASTEXITCODE"
    }
    return (($json -join "`n") | ConvertFrom-Json -Depth 50)
}
