# Shared setup of the collector's Pester files (*.Tests.ps1): dot-source it from each file's
# BeforeAll, and call Remove-FakeWindowsDrive from its AfterAll. It loads Harness.ps1 (the fake
# Windows host and the collector run) and defines the mocks of one fake host.

. (Join-Path $PSScriptRoot 'Harness.ps1')

function Use-FakeWindows {
    # The Pester mocks for one fake host; call from It / BeforeEach.
    param($Fake, [bool]$Elevated = $true)
    $global:TlsDoctorFake = $Fake
    $global:TlsDoctorFakeElevated = $Elevated
    if (Get-PSDrive -Name HKLM -ErrorAction SilentlyContinue) { Remove-PSDrive -Name HKLM -Scope Global -Force }
    if (Get-PSDrive -Name Cert -ErrorAction SilentlyContinue) { Remove-PSDrive -Name Cert -Scope Global -Force }
    [void](New-PSDrive -Name HKLM -PSProvider FileSystem -Root $Fake.Registry -Scope Global)
    [void](New-PSDrive -Name Cert -PSProvider FileSystem -Root $Fake.CertRoot -Scope Global)
    # C:\ProgramData\... (the key paths Windows reports) resolve under the fake host's folder.
    if (Get-PSDrive -Name C -ErrorAction SilentlyContinue) { Remove-PSDrive -Name C -Scope Global -Force }
    [void](New-Item -ItemType Directory -Force -Path (Join-Path $Fake.Root 'drive-c'))
    [void](New-PSDrive -Name C -PSProvider FileSystem -Root (Join-Path $Fake.Root 'drive-c') -Scope Global)
    Mock Test-Elevated { $global:TlsDoctorFakeElevated }
    Mock Read-CaptureKey { $null }
    Mock Get-FreeBytes { [long]100GB }
    Mock Get-EtwSessionName { @('EventLog-System', 'Circular Kernel Context Logger') }
    Mock Test-PktmonLoaded { $false }
    # Get-Acl's answer for the key folders (synthetic SDDL: owner Administrators, SYSTEM full).
    Mock Get-Acl { [pscustomobject]@{ Owner = 'BUILTIN\Administrators'; Sddl = 'O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)' } }
    # The runspace of Invoke-WithTimeout would not see the mocks: run the block here instead.
    Mock Invoke-WithTimeout {
        $out = & $ScriptBlock @ArgumentList
        @{ Output = @($out); Errors = @() }
    }
    Mock Get-ItemProperty {
        $p = $LiteralPath
        $provider = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($p)
        $v = Get-FakeRegistryValues -ProviderPath $provider
        if ($Name) {
            foreach ($n in $Name) {
                if (-not ($v.PSObject.Properties.Name -contains $n)) {
                    throw [System.Management.Automation.PSArgumentException]::new("Property $n does not exist at path $p.")
                }
            }
        }
        $v
    }
    Mock Get-ChildItem -ParameterFilter { [string]$LiteralPath -like 'Cert:*' } {
        $store = ([string]$LiteralPath -split '[\\/]')[-1]
        $global:TlsDoctorFake.Certs[$store]
    }
    Mock Get-CertKeyState {
        $rec = $global:TlsDoctorFake.Keys[$Certificate.Thumbprint]
        [ordered]@{
            Provider = $rec.KeyProvider; ProviderType = $rec.KeyProviderType; Container = $rec.KeyContainer
            UniqueName = $rec.KeyUniqueName; KeyFile = $rec.KeyFilePath
            KeyFileExists = $(if ($rec.KeyFilePath) { [bool](Test-Path -LiteralPath $rec.KeyFilePath) } else { $null })
            Accessible = $rec.KeyAccessible; AccessError = $rec.KeyAccessError; Exportable = $rec.KeyExportable
            TestMethod = 'RSACertificateExtensions.GetRSAPrivateKey'
            # Samples written before KeySpec was recorded have no such field (strict mode).
            KeySpec = $(if ($rec.PSObject.Properties.Name -contains 'KeySpec') { $rec.KeySpec } else { $null })
        }
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } {
        [pscustomobject]@{ Caption = $global:TlsDoctorFake.Os.Caption; Version = $global:TlsDoctorFake.Os.Version; BuildNumber = $global:TlsDoctorFake.Os.Build }
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_QuickFixEngineering' } {
        if ($global:TlsDoctorFake.HotFixes -eq 'fail') { throw 'Get-CimInstance : Access denied' }
        $global:TlsDoctorFake.HotFixes
    }
    Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_Service' } {
        if ($global:TlsDoctorFake.Listeners) {
            $global:TlsDoctorFake.Listeners.services | ForEach-Object { [pscustomobject]@{ Name = $_.Name; DisplayName = $_.DisplayName; ProcessId = $_.ProcessId; State = $_.State } }
        }
    }
    Mock Get-NetTCPConnection {
        if ($null -eq $global:TlsDoctorFake.Listeners) { throw 'Get-NetTCPConnection : not available on this fake host' }
        $global:TlsDoctorFake.Listeners.listeners | ForEach-Object {
            [pscustomobject]@{ LocalAddress = $_.LocalAddress; LocalPort = $_.LocalPort; State = 'Listen'; OwningProcess = $_.OwningProcess; CreationTime = $null }
        }
    }
    Mock Get-NetUDPEndpoint {
        if ($global:TlsDoctorFake.Listeners -and ($global:TlsDoctorFake.Listeners.PSObject.Properties.Name -contains 'udpEndpoints')) {
            $global:TlsDoctorFake.Listeners.udpEndpoints | ForEach-Object { [pscustomobject]@{ LocalAddress = $_.LocalAddress; LocalPort = $_.LocalPort; OwningProcess = $_.OwningProcess } }
        }
    }
    Mock Get-Process {
        if ($global:TlsDoctorFake.Listeners) {
            $global:TlsDoctorFake.Listeners.processes | ForEach-Object { [pscustomobject]@{ Id = $_.Id; ProcessName = $_.ProcessName; Path = $_.Path; SessionId = $_.SessionId } }
        }
    }
}

function Get-FindingSet {
    param($Report)
    return @($Report.findings | ForEach-Object { '{0} | {1}' -f $_.ruleId, $_.entity.key } | Sort-Object)
}

function Get-ExpectedSet {
    param([string]$Sample)
    $e = Get-Content -Raw -LiteralPath (Join-Path $script:SamplesRoot "$Sample/expected-findings.json") | ConvertFrom-Json
    return @($e.findings | ForEach-Object { '{0} | {1}' -f $_.ruleId, $_.entity } | Sort-Object)
}

function Remove-FakeWindowsDrive {
    if (Get-PSDrive -Name C -ErrorAction SilentlyContinue) { Remove-PSDrive -Name C -Scope Global -Force }
    if (Get-PSDrive -Name HKLM -ErrorAction SilentlyContinue) { Remove-PSDrive -Name HKLM -Scope Global -Force }
    if (Get-PSDrive -Name Cert -ErrorAction SilentlyContinue) { Remove-PSDrive -Name Cert -Scope Global -Force }
}
