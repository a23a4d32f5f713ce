# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (see Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
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
        Mock Test-Elevated { $global:TlsDoctorFakeElevated }
        Mock Read-CaptureKey { $null }
        Mock Get-FreeBytes { [long]100GB }
        Mock Get-EtwSessionName { @('EventLog-System', 'Circular Kernel Context Logger') }
        Mock Test-PktmonLoaded { $false }
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
                KeyFileExists = $(if ($rec.KeyFilePath) { [bool](Test-Path -LiteralPath ($rec.KeyFilePath -replace '\\', '/')) } else { $null })
                Accessible = $rec.KeyAccessible; AccessError = $rec.KeyAccessError; Exportable = $rec.KeyExportable
                TestMethod = 'RSACertificateExtensions.GetRSAPrivateKey'
            }
        }
        Mock Get-CimInstance -ParameterFilter { $ClassName -eq 'Win32_OperatingSystem' } {
            [pscustomobject]@{ Caption = $global:TlsDoctorFake.Os.Caption; Version = $global:TlsDoctorFake.Os.Version; BuildNumber = $global:TlsDoctorFake.Os.Build }
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
}

AfterAll {
    if (Get-PSDrive -Name HKLM -ErrorAction SilentlyContinue) { Remove-PSDrive -Name HKLM -Scope Global -Force }
    if (Get-PSDrive -Name Cert -ErrorAction SilentlyContinue) { Remove-PSDrive -Name Cert -Scope Global -Force }
}

Describe 'round trip: the stubs print a sample''s raw files, the analyzer finds what the sample expects' {
    It '<sample>' -ForEach @(
        @{ sample = 'healthy' }
        @{ sample = 's4-empty-hash' }
        @{ sample = 's1-missing-private-key' }
        @{ sample = 'binding-certificate-not-found' }
        @{ sample = 'iis-httpsys-mismatch' }
        @{ sample = 's3-port-conflict' }
    ) {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive $sample)
        Initialize-SampleHost -Fake $fake -Sample $sample
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Zip | Should -Not -BeNullOrEmpty -Because $r.Output
        $report = Invoke-Analyzer -Zip $r.Zip
        Get-FindingSet $report | Should -Be (Get-ExpectedSet $sample)
    }
}
