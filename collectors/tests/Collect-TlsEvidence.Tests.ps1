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
    if (Get-PSDrive -Name C -ErrorAction SilentlyContinue) { Remove-PSDrive -Name C -Scope Global -Force }
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
        @{ sample = 'clientauth-root-tls13' }
        @{ sample = 'cert-disallowed-issuer' }
        @{ sample = 'clientauth-healthy' }
        @{ sample = 'outbound-tls-defaults-2012' }
        # HTTP.sys error logs and IIS W3C logs (issue 16)
        @{ sample = 'arr-backend-tls-failure' }
        @{ sample = 'httperr-ssl-renegotiation' }
    ) {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive $sample)
        Initialize-SampleHost -Fake $fake -Sample $sample
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $r.Zip | Should -Not -BeNullOrEmpty -Because $r.Output
        # every artifact the sample has was collected again from the stubs
        foreach ($a in @((Get-Content -Raw -LiteralPath (Join-Path $script:SamplesRoot "$sample/manifest.json") | ConvertFrom-Json).artifacts | Where-Object { $_.status -eq 'collected' })) {
            (Get-ManifestEntry $r $a.id).status | Should -Be 'collected' -Because ('{0}: {1}' -f $a.id, (Get-ManifestEntry $r $a.id).reason)
        }
        $report = Invoke-Analyzer -Zip $r.Zip
        Get-FindingSet $report | Should -Be (Get-ExpectedSet $sample)
    }
}

Describe 'packet capture: never left running' {
    BeforeAll {
        # pktmon filter list with no filter / with a filter of an earlier aborted run. Synthetic:
        # no real copy of this output is on file; only the number + name columns are read.
        $script:NoFilters = [System.Text.Encoding]::ASCII.GetBytes("Packet Filters:`r`n    None`r`n")
        $script:OurOldFilter = [System.Text.Encoding]::ASCII.GetBytes("Packet Filters:`r`n     # Name           Protocol Port`r`n     - ----           -------- ----`r`n     1 tls-doctor-443 TCP       443`r`n")
        $script:Pcap = Join-Path $script:SamplesRoot 's5-protocol-mismatch/capture/s5-protocol-mismatch.pcap'

        function New-CaptureHost {
            param([string]$Name, [int]$Build = 20348)
            $fake = New-FakeWindows -Root (Join-Path $TestDrive $Name)
            Initialize-SampleHost -Fake $fake -Sample 'healthy'
            $fake.Os.Build = [string]$Build
            $fake.Os.Version = '10.0.' + $Build
            Install-FakeTool -Fake $fake -Tools @('pktmon')
            return $fake
        }

        function Get-CaptureCall {
            param($Result)
            return @($Result.Calls | Where-Object { $_ -match '^(pktmon|netsh trace)' } | ForEach-Object { ($_ -replace '(\s)(\w+=)?[^\s=]*[\\/]\S*', '$1$2<path>') })
        }
    }

    It 'normal stop: filters, start with --file-size, stop, filter remove, unload, etl2pcap; the pcapng is in the zip' {
        $fake = New-CaptureHost 'normal'
        Add-FakeResponse -Fake $fake -Pattern 'pktmon filter list' -Stdout $script:NoFilters
        Add-FakeResponse -Fake $fake -Pattern 'pktmon start *' -Write 'after:--file-name' -Payload ([byte[]](1, 2, 3, 4))
        Add-FakeResponse -Fake $fake -Pattern 'pktmon etl2pcap *' -Write 'after:--out' -PayloadFile $script:Pcap
        Add-FakeResponse -Fake $fake -Pattern 'pktmon *' -Stdout ([byte[]]@())
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 1 }
        Get-CaptureCall $r | Should -Be @(
            'pktmon filter list'
            'pktmon filter add tls-doctor-443 -t TCP -p 443'
            'pktmon start --capture --comp nics --pkt-size 0 --file-size 512 --file-name <path>'
            'pktmon stop'
            'pktmon filter remove'
            'pktmon unload'
            'pktmon etl2pcap <path> --out <path>'
        )
        $e = Get-ManifestEntry $r 'capture.pcap'
        $e.status | Should -Be 'collected'
        $e.files.path | Should -Be @('capture/pktmon.pcapng')
        $r.Output | Should -Match 'stop it by hand from an elevated prompt: pktmon stop  ;  pktmon filter remove  ;  pktmon unload'
        # The manual clean-up is printed before the capture starts.
        $r.Output.IndexOf('stop it by hand') | Should -BeLessThan $r.Output.IndexOf('Capturing ports 443')
    }

    It 'start timeout: the start hangs and is stopped, and the capture is still stopped and the filters removed' {
        $fake = New-CaptureHost 'start-timeout'
        Add-FakeResponse -Fake $fake -Pattern 'pktmon filter list' -Stdout $script:NoFilters
        Add-FakeResponse -Fake $fake -Pattern 'pktmon start *' -Hang
        Add-FakeResponse -Fake $fake -Pattern 'pktmon *' -Stdout ([byte[]]@())
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 1; StepTimeoutSeconds = 5 }
        Get-CaptureCall $r | Should -Be @(
            'pktmon filter list'
            'pktmon filter add tls-doctor-443 -t TCP -p 443'
            'pktmon start --capture --comp nics --pkt-size 0 --file-size 512 --file-name <path>'
            'pktmon stop'
            'pktmon filter remove'
            'pktmon unload'
        )
        $e = Get-ManifestEntry $r 'capture.pcap'
        $e.status | Should -Be 'failed'
        $e.reason | Should -Match 'did not return within the time limit'
        $r.Zip | Should -Not -BeNullOrEmpty
    }

    It 'stop throwing: every clean-up call is still tried, each failure is reported with the manual commands' {
        $fake = New-CaptureHost 'stop-throws'
        Add-FakeResponse -Fake $fake -Pattern 'pktmon filter list' -Stdout $script:NoFilters
        Add-FakeResponse -Fake $fake -Pattern 'pktmon start *' -Write 'after:--file-name' -Payload ([byte[]](1, 2, 3, 4))
        Add-FakeResponse -Fake $fake -Pattern 'pktmon *' -Stdout ([byte[]]@())
        Use-FakeWindows -Fake $fake
        # During the capture window pktmon.exe stops being runnable: Process.Start throws for the
        # stop, and for each clean-up call after it.
        $global:TlsDoctorPktmon = Join-Path $fake.System32 'pktmon.exe'
        Mock Read-CaptureKey { & chmod -x $global:TlsDoctorPktmon; 'q' }
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 5 }
        $e = Get-ManifestEntry $r 'capture.pcap'
        $e.reason | Should -Match 'stopping the capture failed'
        $e.reason | Should -Match 'removing the pktmon filters failed'
        $e.reason | Should -Match 'pktmon unload failed'
        $r.Output | Should -Match 'The capture clean-up reported a problem .*Run by hand from an elevated prompt: pktmon stop  ;  pktmon filter remove  ;  pktmon unload'
        $r.Zip | Should -Not -BeNullOrEmpty
    }

    It 'stop hanging: the stop is abandoned after its time limit and the filters are still removed' {
        $fake = New-CaptureHost 'stop-hangs'
        Add-FakeResponse -Fake $fake -Pattern 'pktmon filter list' -Stdout $script:NoFilters
        Add-FakeResponse -Fake $fake -Pattern 'pktmon start *' -Write 'after:--file-name' -Payload ([byte[]](1, 2, 3, 4))
        Add-FakeResponse -Fake $fake -Pattern 'pktmon stop' -Hang
        Add-FakeResponse -Fake $fake -Pattern 'pktmon etl2pcap *' -Write 'after:--out' -PayloadFile $script:Pcap
        Add-FakeResponse -Fake $fake -Pattern 'pktmon *' -Stdout ([byte[]]@())
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 1; StepTimeoutSeconds = 5 }
        Get-CaptureCall $r | Should -Contain 'pktmon filter remove'
        Get-CaptureCall $r | Should -Contain 'pktmon unload'
        (Get-ManifestEntry $r 'capture.pcap').reason | Should -Match 'pktmon stop exit code  \(timed out\)'
    }

    It 'Ctrl+C during the capture window is read as input: the capture ends early through the clean-up' {
        $fake = New-CaptureHost 'ctrl-c'
        Add-FakeResponse -Fake $fake -Pattern 'pktmon filter list' -Stdout $script:NoFilters
        Add-FakeResponse -Fake $fake -Pattern 'pktmon start *' -Write 'after:--file-name' -Payload ([byte[]](1, 2, 3, 4))
        Add-FakeResponse -Fake $fake -Pattern 'pktmon etl2pcap *' -Write 'after:--out' -PayloadFile $script:Pcap
        Add-FakeResponse -Fake $fake -Pattern 'pktmon *' -Stdout ([byte[]]@())
        Use-FakeWindows -Fake $fake
        Mock Read-CaptureKey { 'ctrl-c' }
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 600 }
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 300
        Get-CaptureCall $r | Should -Contain 'pktmon stop'
        Get-CaptureCall $r | Should -Contain 'pktmon filter remove'
        Get-CaptureCall $r | Should -Contain 'pktmon unload'
        (Get-ManifestEntry $r 'capture.pcap').reason | Should -Match 'stopped early with Ctrl\+C'
    }

    It 'an error thrown during the capture window still runs the clean-up (the finally a real Ctrl+C runs too)' {
        $fake = New-CaptureHost 'pipeline-stopped'
        Add-FakeResponse -Fake $fake -Pattern 'pktmon filter list' -Stdout $script:NoFilters
        Add-FakeResponse -Fake $fake -Pattern 'pktmon start *' -Write 'after:--file-name' -Payload ([byte[]](1, 2, 3, 4))
        Add-FakeResponse -Fake $fake -Pattern 'pktmon *' -Stdout ([byte[]]@())
        Use-FakeWindows -Fake $fake
        # A real Ctrl+C (PipelineStoppedException) runs the same finally, but would stop Pester too.
        Mock Read-CaptureKey { throw 'the console went away' }
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 600 }
        Get-CaptureCall $r | Should -Contain 'pktmon stop'
        Get-CaptureCall $r | Should -Contain 'pktmon filter remove'
        Get-CaptureCall $r | Should -Contain 'pktmon unload'
    }

    It 'removes the tls-doctor-* filters an aborted earlier run left, and does not unload a driver that was loaded before' {
        $fake = New-CaptureHost 'leftover'
        Add-FakeResponse -Fake $fake -Pattern 'pktmon filter list' -Stdout $script:OurOldFilter
        Add-FakeResponse -Fake $fake -Pattern 'pktmon start *' -Write 'after:--file-name' -Payload ([byte[]](1, 2, 3, 4))
        Add-FakeResponse -Fake $fake -Pattern 'pktmon etl2pcap *' -Write 'after:--out' -PayloadFile $script:Pcap
        Add-FakeResponse -Fake $fake -Pattern 'pktmon *' -Stdout ([byte[]]@())
        Use-FakeWindows -Fake $fake
        Mock Test-PktmonLoaded { $true }
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 1 }
        $calls = Get-CaptureCall $r
        $calls[0..2] | Should -Be @('pktmon filter list', 'pktmon filter remove', 'pktmon filter add tls-doctor-443 -t TCP -p 443')
        $calls | Should -Not -Contain 'pktmon unload'
        (Get-ManifestEntry $r 'capture.pcap').reason | Should -Match 'removed 1 tls-doctor-\* filter\(s\) left by an earlier run'
    }

    It 'does not start when a capture is already running, or when the output drive is short of space' {
        $fake = New-CaptureHost 'busy'
        Use-FakeWindows -Fake $fake
        Mock Get-EtwSessionName { @('PktMon') }
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 1 }
        Get-CaptureCall $r | Should -Be @()
        (Get-ManifestEntry $r 'capture.pcap').reason | Should -Match 'already running'

        $fake2 = New-CaptureHost 'no-space'
        Use-FakeWindows -Fake $fake2
        Mock Get-FreeBytes { [long]200MB }
        $r2 = Invoke-Collector -Fake $fake2 -Parameters @{ CaptureSeconds = 1 }
        Get-CaptureCall $r2 | Should -Be @()
        (Get-ManifestEntry $r2 'capture.pcap').reason | Should -Match 'not started: 200 MB free'
    }

    It 'Server 2019 (build 17763): netsh trace, stopped with netsh trace stop; the ETL is kept and the analyzer says how to convert it' {
        $fake = New-CaptureHost 'server2019' -Build 17763
        Add-FakeResponse -Fake $fake -Pattern 'netsh trace start *' -Write 'kv:tracefile=' -Payload ([byte[]](1, 2, 3, 4))
        Add-FakeResponse -Fake $fake -Pattern 'netsh trace stop' -Stdout ([System.Text.Encoding]::ASCII.GetBytes("Tracing session was successfully stopped.`r`n"))
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake -Parameters @{ CaptureSeconds = 1 }
        Get-CaptureCall $r | Should -Be @(
            'netsh trace start capture=yes report=disabled correlation=disabled maxsize=512 tracefile=<path>'
            'netsh trace stop'
        )
        $r.Calls | Should -Not -Match '^pktmon'
        $e = Get-ManifestEntry $r 'capture.pcap'
        $e.status | Should -Be 'skipped'
        $e.files.path | Should -Be @('capture/nettrace.etl')
        $e.reason | Should -Match 'convert it with etl2pcapng'
        $report = Invoke-Analyzer -Zip $r.Zip
        $cap = @($report.artifacts | Where-Object { $_.id -eq 'capture.pcap' })[0]
        $cap.files[0].path | Should -Be 'capture/nettrace.etl'
        $cap.files[0].issues[0].message | Should -Match '^kept, not parsed: capture/nettrace.etl is an ETL trace; convert it with etl2pcapng'
        $cap.files[0].issues[0].message | Should -Match 'then analyze the pcapng'
    }
}

Describe 'hardened hosts' {
    It 'Constrained Language Mode: exits at once with a plain English and Chinese message, writes nothing' {
        $out = Join-Path $TestDrive 'clm-out'
        [void](New-Item -ItemType Directory -Path $out)
        $pwsh = $(if ($env:TLS_DOCTOR_PWSH) { $env:TLS_DOCTOR_PWSH } else { 'pwsh' })
        $cmd = "`$ExecutionContext.SessionState.LanguageMode = 'ConstrainedLanguage'; & '$($script:CollectorPath)' -OutputDirectory '$out'; Write-Output ('RC=' + `$LASTEXITCODE)"
        $text = & $pwsh -NoProfile -NonInteractive -Command $cmd 2>&1 | Out-String
        $text | Should -Match 'RC=3'
        $text | Should -Match 'ConstrainedLanguage mode \(an AppLocker or WDAC application control policy\)'
        $text | Should -Match 'Nothing was collected and nothing was changed'
        $text | Should -Match ([regex]::Escape('受约束语言模式'))
        $text | Should -Match ([regex]::Escape('没有收集任何内容'))
        @(Get-ChildItem -LiteralPath $out -Force) | Should -HaveCount 0
    }

    It 'Windows PowerShell 2.0 is refused by #Requires -Version 3.0 before any line runs' {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:CollectorPath, [ref]$tokens, [ref]$errors)
        $errors | Should -HaveCount 0
        $ast.ScriptRequirements.RequiredPSVersion | Should -Be ([version]'3.0')
        # and the language-mode check is the first statement after param()
        $first = $ast.EndBlock.Statements[0].Extent.Text
        $first | Should -Match '^if \(\$ExecutionContext\.SessionState\.LanguageMode -ne ''FullLanguage''\)'
    }
}

Describe 'IIS shared configuration' {
    It 'collects redirection.config without its password, records the redirect, marks the local applicationHost.config not effective and runs appcmd list site /config /xml' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'shared')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        # The shape of redirection.config as IIS Manager writes it (synthetic: no real copy on file).
        $redir = @'
<configuration>
    <configSections>
        <section name="configurationRedirection" />
    </configSections>
    <configurationRedirection enabled="true" path="\\fs01\iisconfig$" userName="CONTOSO\iis-share" password="[enc:IISCngProvider:c2VjcmV0c2VjcmV0:enc]" />
</configuration>
'@
        [System.IO.File]::WriteAllText((Join-Path $fake.System32 'inetsrv/config/redirection.config'), $redir)
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $r.Manifest.iisSharedConfiguration.enabled | Should -BeTrue
        $r.Manifest.iisSharedConfiguration.path | Should -Be '\\fs01\iisconfig$'
        $kept = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'iis/redirection.config')
        $kept | Should -Not -Match 'c2VjcmV0'
        $kept | Should -Match 'password="\[removed by collector\]"'
        $cfg = Get-ManifestEntry $r 'iis.config'
        $cfg.status | Should -Be 'skipped'
        $cfg.reason | Should -Match '^not effective: shared configuration is enabled, IIS reads applicationHost.config from \\\\fs01\\iisconfig\$'
        (Get-ManifestEntry $r 'iis.redirection').status | Should -Be 'collected'
        $r.Calls | Should -Contain 'appcmd list site /config /xml'
        # The analyzer keeps the stale copy as evidence and reads no sites from it.
        $report = Invoke-Analyzer -Zip $r.Zip
        $iis = @($report.artifacts | Where-Object { $_.id -eq 'iis.config' })[0]
        $iis.status | Should -Be 'not-collected'
        $iis.reason | Should -Match '^not effective'
    }
}

Describe 'certificate key tests' {
    BeforeAll {
        # The functions of the script, defined here without running it.
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:CollectorPath, [ref]$tokens, [ref]$errors)
        $script:ScriptFunctions = @{}
        foreach ($f in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $true)) {
            $script:ScriptFunctions[$f.Name] = $f.Extent.Text
        }
    }

    It 'on .NET 4.5 (no RSACertificateExtensions) falls back to PrivateKey and records "unknown" with the reason when that cannot open the key' {
        . ([scriptblock]::Create($script:ScriptFunctions['Get-CertKeyState']))
        Mock Get-KeyApiSupport { @{ Rsa = $false; Ecdsa = $false } }
        # A key X509Certificate2.PrivateKey cannot open (here ECDSA, which PrivateKey refuses as
        # .NET 4.5 refuses a CNG key): no guess, "unknown" with the reason.
        $ec = [System.Security.Cryptography.ECDsa]::Create([System.Security.Cryptography.ECCurve+NamedCurves]::nistP256)
        $req = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=www.contoso.com', $ec, [System.Security.Cryptography.HashAlgorithmName]::SHA256)
        $cert = $req.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-1), [datetimeoffset]::UtcNow.AddDays(30))
        $st = Get-CertKeyState -Certificate $cert -ProgramData 'C:\ProgramData'
        $st.TestMethod | Should -Match 'X509Certificate2.PrivateKey'
        $st.Accessible | Should -BeNullOrEmpty
        $st.AccessError | Should -Match '^unknown: this .NET Framework cannot open this key'
    }

    It 'records the KeySpec of a CAPI key from CspKeyContainerInfo.KeyNumber (2 = AT_SIGNATURE)' {
        . ([scriptblock]::Create($script:ScriptFunctions['Get-CertKeyState']))
        Mock Get-KeyApiSupport { @{ Rsa = $false; Ecdsa = $false } }
        # Stub of what X509Certificate2.PrivateKey returns for a CAPI key (RSACryptoServiceProvider):
        # only the CspKeyContainerInfo the collector reads; a CSP cannot be opened on this test host.
        $info = [pscustomobject]@{
            ProviderName = 'Microsoft Strong Cryptographic Provider'; ProviderType = 1
            KeyContainerName = '{EA75381E-6D9B-4BDC-B6C7-5144C96507DD}'
            UniqueKeyContainerName = '3d40ebea7d109ee93b238b96721f0e6d_4be58f30-7127-42f5-9b76-f47187495247'
            Exportable = $false; KeyNumber = [System.Security.Cryptography.KeyNumber]::Signature
        }
        $cert = [pscustomobject]@{ PrivateKey = [pscustomobject]@{ CspKeyContainerInfo = $info } }
        $st = Get-CertKeyState -Certificate $cert -ProgramData $TestDrive
        $st.Accessible | Should -BeTrue
        $st.Provider | Should -Be 'Microsoft Strong Cryptographic Provider'
        $st.KeySpec | Should -Be 2
    }

    It 'where the types exist, opens a real RSA key with RSACertificateExtensions (read-only, never exported)' {
        . ([scriptblock]::Create($script:ScriptFunctions['Get-CertKeyState']))
        . ([scriptblock]::Create($script:ScriptFunctions['Get-KeyApiSupport']))
        $rsa = [System.Security.Cryptography.RSA]::Create(2048)
        $req = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=www.contoso.com', $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $cert = $req.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-1), [datetimeoffset]::UtcNow.AddDays(30))
        $st = Get-CertKeyState -Certificate $cert -ProgramData 'C:\ProgramData'
        $st.TestMethod | Should -Be 'RSACertificateExtensions.GetRSAPrivateKey'
        $st.Accessible | Should -BeTrue
    }

    It 'records the .NET Framework release and says when the key tests ran unelevated' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'unelevated')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Set-FakeRegistryValue -Fake $fake -Key 'SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name 'Release' -Value 378389
        Use-FakeWindows -Fake $fake -Elevated $false
        $r = Invoke-Collector -Fake $fake
        $r.Manifest.host.dotNetRelease | Should -Be 378389
        $r.Manifest.host.elevated | Should -BeFalse
        (Get-ManifestEntry $r 'cert.store').reason | Should -Match 'key tests ran without elevation'
        $r.Calls | Should -Contain 'netstat -ano'
    }

    It 'opens private keys only of bound certificates and those valid for Server Authentication' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'which-keys')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        # A client-authentication-only certificate with a key (generated: cert-file sample of the parsers)
        $client = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new([System.IO.File]::ReadAllBytes((Join-Path $script:RepoRoot 'src/parsers/cert-file.sample.generated-client-auth-only.cer')))
        $client | Add-Member -NotePropertyName HasPrivateKey -NotePropertyValue $true -Force
        $fake.Certs['My'] = @($fake.Certs['My']) + $client
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        (Get-ManifestEntry $r 'cert.store').status | Should -Be 'collected' -Because ((Get-ManifestEntry $r 'cert.store').reason)
        # the same paths icacls was run on, as SDDL
        (Get-ManifestEntry $r 'cert.machinekeys-sddl').status | Should -Be 'collected' -Because ((Get-ManifestEntry $r 'cert.machinekeys-sddl').reason)
        $sddl = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'certificates/machinekeys-acl-sddl.json') | ConvertFrom-Json
        @($sddl.acls).Count | Should -BeGreaterThan 1
        $sddl.acls[0].Sddl | Should -Be 'O:BAG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)'
        (Get-ManifestEntry $r 'cert.machinekeys-sddl').status | Should -Be 'collected'
        Should -Invoke Get-CertKeyState -Times 1 -Exactly -ParameterFilter { $Certificate.Thumbprint -eq 'A3A24DDC3DB9C858165EB1AA0210D1732F4388C3' }
        $store = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'certificates/store.json') | ConvertFrom-Json
        $entry = @($store.certificates | Where-Object { $_.Thumbprint -eq $client.Thumbprint })[0]
        $entry.KeyTestMethod | Should -Match '^not tested'
        $global:TlsDoctorClientThumb = $client.Thumbprint
        Should -Invoke Get-CertKeyState -Times 0 -Exactly -ParameterFilter { $Certificate.Thumbprint -eq $global:TlsDoctorClientThumb }
    }
}

Describe 'trust stores and the store each binding names' {
    It 'reads AuthRoot, Disallowed, ClientAuthIssuer and a binding''s own store into store.json, lists them, and keeps a missing store as an error' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'trust-stores')
        Initialize-SampleHost -Fake $fake -Sample 'cert-disallowed-issuer'
        # The 0.0.0.0:443 binding names a custom store (SslCertStoreName), as netsh "Certificate Store Name" shows it.
        Set-FakeRegistryValue -Fake $fake -Key 'SYSTEM\CurrentControlSet\Services\HTTP\Parameters\SslBindingInfo\0.0.0.0:443' -Name 'SslCertStoreName' -Value 'WebServerCerts'
        $fake.Certs['WebServerCerts'] = @($fake.Certs['My'])
        [void](New-Item -ItemType Directory -Force -Path (Join-Path $fake.CertRoot 'LocalMachine/WebServerCerts'))
        [void](New-Item -ItemType Directory -Force -Path (Join-Path $fake.CertRoot 'LocalMachine/ClientAuthIssuer'))
        $fake.Certs['ClientAuthIssuer'] = @()
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $entry = Get-ManifestEntry $r 'cert.store'
        $entry.status | Should -Be 'collected' -Because $entry.reason
        $entry.source | Should -Match 'AuthRoot, Disallowed, ClientAuthIssuer, WebServerCerts'
        $store = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'certificates/store.json') | ConvertFrom-Json
        @($store.stores) | Should -Be @('My', 'WebHosting', 'CA', 'Root', 'AuthRoot', 'Disallowed', 'ClientAuthIssuer', 'WebServerCerts')
        @($store.certificates | Where-Object { $_.Store -eq 'Disallowed' } | ForEach-Object { $_.Thumbprint }) | Should -Be @('567C75B5E77B9A8E75F987E816578E01D3AFDA04')
        @($store.certificates | Where-Object { $_.Store -eq 'WebServerCerts' } | ForEach-Object { $_.Thumbprint }) | Should -Be @('A3A24DDC3DB9C858165EB1AA0210D1732F4388C3')
        # metadata only: no key material, no raw bytes in store.json
        (Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'certificates/store.json')) | Should -Not -Match 'RawDataBase64|PRIVATE KEY'
        # this fake host has no AuthRoot store: an error entry, the step still collected
        @($store.errors | Where-Object { $_.Store -eq 'AuthRoot' }).Count | Should -Be 1
        Test-Path -LiteralPath (Join-Path $r.Folder 'certificates/Disallowed/567C75B5E77B9A8E75F987E816578E01D3AFDA04.cer') | Should -BeTrue
        # the analyzer reads them: the distrusted issuer is found
        $report = Invoke-Analyzer -Zip $r.Zip
        @($report.findings | Where-Object { $_.ruleId -eq 'certificate-distrusted' }).Count | Should -Be 1
    }
}

Describe 'failures on real servers' {
    It 'access denied, a failing exit code, a hung tool and a cut-off wevtutil: each step says what happened, the zip is still written' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'failures')
        # Answers taken first, before the sample's own answers for the same commands.
        Add-FakeResponse -Fake $fake -Pattern 'netsh http show sslcert' -Exit 5 -Stderr "Access is denied.`r`n"
        Add-FakeResponse -Fake $fake -Pattern 'certutil -v -store my' -Stdout ([System.Text.Encoding]::ASCII.GetBytes("================ Certificate 0 ================`r`n")) -Hang
        $events = [System.IO.File]::ReadAllText((Join-Path $script:SamplesRoot 's2-untrusted-root-events/events/system-schannel.xml'))
        $cut = $events.Substring(0, [int]($events.Length * 0.6))
        Add-FakeResponse -Fake $fake -Pattern 'wevtutil qe System *' -Stdout ([System.Text.Encoding]::Unicode.GetBytes($cut)) -Hang
        Add-FakeResponse -Fake $fake -Pattern 'reg export *SCHANNEL* * /y' -Exit 1 -Stderr "ERROR: Access is denied.`r`n"
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake -Parameters @{ StepTimeoutSeconds = 5 }
        $r.Zip | Should -Not -BeNullOrEmpty
        $ssl = Get-ManifestEntry $r 'httpsys.sslcert'
        $ssl.status | Should -Be 'failed'
        $ssl.exitCode | Should -Be 5
        $ssl.reason | Should -Match 'exit code 5: Access is denied'
        $cu = Get-ManifestEntry $r 'cert.certutil'
        $cu.status | Should -Be 'failed'
        $cu.reason | Should -Match 'timed out after 5 s'
        $ev = Get-ManifestEntry $r 'events.schannel'
        $ev.status | Should -Be 'collected'
        $ev.partial | Should -BeTrue
        $ev.reason | Should -Match '^PARTIAL: timed out'
        $sc = Get-ManifestEntry $r 'schannel.registry'
        $sc.status | Should -Be 'failed'
        $sc.reason | Should -Match 'Access is denied'
        # The other steps are unaffected.
        (Get-ManifestEntry $r 'httpsys.iplisten').status | Should -Be 'collected'
        (Get-ManifestEntry $r 'cert.store').status | Should -Be 'collected'
        # The analyzer reads the cut-off events file with a parse issue and loses nothing else.
        $report = Invoke-Analyzer -Zip $r.Zip
        $report | Should -Not -BeNullOrEmpty
    }
}

Describe 'writing only inside the evidence folder' {
    BeforeAll {
        $tokens = $null
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:CollectorPath, [ref]$tokens, [ref]$errors)
        $script:Defs = ($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Parent.Parent -is [System.Management.Automation.Language.ScriptBlockAst] -and $null -eq $n.Parent.Parent.Parent }, $true) | ForEach-Object { $_.Extent.Text }) -join "`n`n"
    }
    BeforeEach {
        . ([scriptblock]::Create($script:Defs))
        $StepTimeoutSeconds = 5
        $script:ReadOnlyTools = @{
            'reg'    = '^(export \S+ \S+ /y)$'
            'pktmon' = '^(etl2pcap \S+ --out \S+)$'
            'netsh'  = '^(trace start capture=yes report=disabled correlation=disabled maxsize=\d+ tracefile=\S+)$'
        }
        $parent = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        [void](New-Item -ItemType Directory -Path $parent)
        $script:Parent = $parent
    }

    It 'an existing evidence folder of the same name is not "cannot write": the next free name is used' {
        [void](New-Item -ItemType Directory -Path (Join-Path $script:Parent 'tls-evidence-WEB01-20261206-101010'))
        $name = Initialize-OutputRoot -Parent $script:Parent -Name 'tls-evidence-WEB01-20261206-101010'
        $name | Should -Be 'tls-evidence-WEB01-20261206-101010-2'
        Test-Path -LiteralPath (Join-Path $script:Parent "$name/.tmp") | Should -BeTrue
    }

    It 'refuses a native tool''s write target outside the evidence folder (reg export, pktmon --out, netsh tracefile=)' {
        [void](Initialize-OutputRoot -Parent $script:Parent -Name 'tls-evidence-x')
        { Invoke-Tool -Tool 'reg' -Arguments @('export', 'HKLM\SOFTWARE\x', '/etc/x.reg', '/y') } | Should -Throw '*refusing to write outside the evidence folder*'
        { Invoke-Tool -Tool 'pktmon' -Arguments @('etl2pcap', 'a.etl', '--out', (Join-Path $script:Parent 'elsewhere.pcapng')) } | Should -Throw '*refusing to write outside*'
        { Invoke-Tool -Tool 'netsh' -Arguments @('trace', 'start', 'capture=yes', 'report=disabled', 'correlation=disabled', 'maxsize=512', 'tracefile=/tmp/x.etl') } | Should -Throw '*refusing to write outside*'
    }

    It 'removes a zip it could not finish' {
        [void](Initialize-OutputRoot -Parent $script:Parent -Name 'tls-evidence-x')
        [System.IO.File]::WriteAllText((Join-Path $script:OutRoot 'manifest.json'), '{}')
        # A file that vanished under the collector (a dangling link): reading it fails mid-zip.
        & ln -s (Join-Path $script:Parent 'gone.txt') (Join-Path $script:OutRoot 'vanished.txt')
        $zip = Join-Path $script:Parent 'tls-evidence-x.zip'
        { New-EvidenceZip -ZipPath $zip } | Should -Throw
        Test-Path -LiteralPath $zip | Should -BeFalse
    }

    It 'abandons a PowerShell step that hangs after its time limit' {
        $sw = [System.Diagnostics.Stopwatch]::StartNew()
        { Invoke-WithTimeout -TimeoutSeconds 2 -ScriptBlock { Start-Sleep -Seconds 60 } } | Should -Throw 'timed out after 2 s'
        $sw.Elapsed.TotalSeconds | Should -BeLessThan 30
    }
}

Describe 'HTTP.sys events (HttpEvent, WAS, W3SVC)' {
    It 'asks wevtutil for the HttpEvent / WAS / W3SVC providers of the System log and the analyzer parses what it wrote' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'httpevent')
        $xml = Join-Path $script:RepoRoot 'src/parsers/event-xml.sample.synthetic-httpevent-15021-15300-was.txt'
        Add-FakeResponse -Fake $fake -Pattern "wevtutil qe System *@Name='Microsoft-Windows-HttpEvent'*" -Stdout (ConvertTo-Utf16Bytes $xml)
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $call = @($r.Calls | Where-Object { $_ -like 'wevtutil qe System*HttpEvent*' })
        $call | Should -HaveCount 1
        foreach ($p in @('Microsoft-Windows-HttpEvent', 'HTTP', 'Microsoft-Windows-WAS', 'WAS', 'Microsoft-Windows-IIS-W3SVC', 'W3SVC')) {
            $call[0] | Should -Match ([regex]::Escape("@Name='$p'"))
        }
        $e = Get-ManifestEntry $r 'events.httpevent'
        $e.status | Should -Be 'collected'
        $e.sourceEncoding | Should -Be 'utf-16le'
        $report = Invoke-Analyzer -Zip $r.Zip
        $a = @($report.artifacts | Where-Object { $_.id -eq 'events.httpevent' })[0]
        $a.status | Should -Be 'parsed'
        # The healthy bindings stay healthy; the 15021 these events log for 0.0.0.0:443 is reported
        # on its own (httpevent-ssl-configuration-error, read-only fix), since no certificate rule fires.
        Get-FindingSet $report | Should -Be @(@(Get-ExpectedSet 'healthy') + 'httpevent-ssl-configuration-error | httpevent-15021-0.0.0.0:443' | Where-Object { $_ })
    }
}

Describe 'cipher suites, curves and FIPS policy' {
    # Get-TlsCipherSuite / Get-TlsEccCurve print Microsoft Learn's documented examples (no real
    # output is on file; src/parsers/tls-cipher-suite.samples.md): the mock returns the objects
    # and PowerShell formats them again, as on Windows.
    BeforeAll {
        $script:SuitesText = Join-Path $script:RepoRoot 'src/parsers/tls-cipher-suite.sample.synthetic-learn-example1-format-list.txt'
        $script:CurvesText = Join-Path $script:RepoRoot 'src/parsers/tls-ecc-curve.sample.synthetic-learn-example1.txt'
    }

    It 'Server 2019 (build 17763): writes Get-TlsCipherSuite / Get-TlsEccCurve and the FIPS keys, and the analyzer reads them' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'ciphers-2022')
        Set-FakeRegistryValue -Fake $fake -Key 'SYSTEM\CurrentControlSet\Control\Lsa' -Name 'FIPSAlgorithmPolicy' -Value 1
        $fips = Join-Path $TestDrive 'fips.reg'
        [System.IO.File]::WriteAllText($fips, "Windows Registry Editor Version 5.00`r`n`r`n[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\FipsAlgorithmPolicy]`r`n`"Enabled`"=dword:00000001`r`n", [System.Text.Encoding]::Unicode)
        Add-FakeResponse -Fake $fake -Pattern 'reg export HKLM?SYSTEM?CurrentControlSet?Control?Lsa?FipsAlgorithmPolicy * /y' -Write 'arg:3' -PayloadFile $fips -Stdout ([System.Text.Encoding]::ASCII.GetBytes("The operation completed successfully.`r`n"))
        # after the FIPS answer: responses are tried in order and the sample's catch-all comes last
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $global:TlsDoctorSuites = ConvertFrom-FormatListText -Path $script:SuitesText
        $global:TlsDoctorCurves = @(Get-Content -LiteralPath $script:CurvesText | Where-Object { $_ -and $_ -notmatch '^PS ' })
        Mock Get-TlsCipherSuite { $global:TlsDoctorSuites }
        Mock Get-TlsEccCurve { $global:TlsDoctorCurves }
        $r = Invoke-Collector -Fake $fake
        foreach ($id in @('schannel.cipher-suites', 'schannel.ecc-curves', 'schannel.fips-policy')) {
            (Get-ManifestEntry $r $id).status | Should -Be 'collected' -Because ('{0}: {1}' -f $id, (Get-ManifestEntry $r $id).reason)
        }
        $suites = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'schannel/get-tlsciphersuite.txt')
        $suites | Should -Match 'Name\s+: TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'
        $suites | Should -Match 'BaseCipherSuite\s+: 49199'
        (Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'schannel/get-tlsecccurve.txt')).Trim() -split '\r?\n' | Should -Be @('curve25519', 'NistP256', 'NistP384')
        $reg = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'registry/fips-algorithm-policy.reg')
        $reg | Should -Match '\[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy\]'
        $reg | Should -Match '"FIPSAlgorithmPolicy"=dword:00000001'
        $report = Invoke-Analyzer -Zip $r.Zip
        foreach ($id in @('schannel.cipher-suites', 'schannel.ecc-curves', 'schannel.fips-policy')) {
            @($report.artifacts | Where-Object { $_.id -eq $id })[0].status | Should -Be 'parsed'
        }
        # FIPS on with no failure it explains stays informational
        @($report.findings | Where-Object { $_.ruleId -eq 'fips-policy-enabled' }) | Should -HaveCount 1
    }

    It 'Server 2012 R2 (no TLS module): records "not available" with the reason; the FIPS key is still read' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'ciphers-2012r2')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        $fake.Os.Build = '9600'
        $fake.Os.Version = '10.0.9600'
        Use-FakeWindows -Fake $fake
        Mock Get-Command -ParameterFilter { $Name -like 'Get-Tls*' } { $null }
        $r = Invoke-Collector -Fake $fake
        foreach ($id in @('schannel.cipher-suites', 'schannel.ecc-curves')) {
            $e = Get-ManifestEntry $r $id
            $e.status | Should -Be 'skipped'
            $e.reason | Should -Match 'not available on this system.*build 14393'
        }
        (Get-ManifestEntry $r 'schannel.fips-policy').status | Should -Be 'collected'
    }
}

Describe 'host evidence: w32tm' {
    It 'runs w32tm /query /status /verbose only, keeps its output, and a stopped time service is evidence too' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'w32tm')
        # the real error line of a stopped Windows Time service (src/parsers/w32tm.samples.md), exit code 0x80070426
        $stopped = Join-Path $script:RepoRoot 'src/parsers/w32tm.sample.en-service-not-started-0x80070426.txt'
        Add-FakeResponse -Fake $fake -Pattern 'w32tm /query /status /verbose' -StdoutFile $stopped -Exit -2147023834
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        @($r.Calls | Where-Object { $_ -like 'w32tm *' }) | Should -Be @('w32tm /query /status /verbose')
        $e = Get-ManifestEntry $r 'time.w32tm'
        $e.status | Should -Be 'collected' -Because $e.reason
        (Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'system/w32tm-query-status.txt')) | Should -Match '0x80070426'
        $report = Invoke-Analyzer -Zip $r.Zip
        # not running = nothing synchronizes the clock: the low finding only (the certificate is old)
        Get-FindingSet $report | Should -Be @('clock-not-synchronized | WEB01')
    }

    It 'a server without w32tm.exe: the step is skipped with the reason, the rest is collected' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'no-w32tm')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Remove-Item -LiteralPath (Join-Path $fake.System32 'w32tm.exe') -Force
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'time.w32tm'
        $e.status | Should -Be 'skipped'
        $e.reason | Should -Match 'w32tm not found'
        (Get-ManifestEntry $r 'httpsys.sslcert').status | Should -Be 'collected'
    }
}

Describe 'host evidence: IIS version' {
    It 'exports InetStp and the analyzer reads IIS 7.5 under an SNI binding' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'iis75')
        Initialize-SampleHost -Fake $fake -Sample 'iis75-sni-binding'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'iis.version'
        $e.status | Should -Be 'collected' -Because $e.reason
        Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'registry/iis-inetstp.reg') | Should -Match '"MajorVersion"=dword:00000007'
        $report = Invoke-Analyzer -Zip $r.Zip
        @(Get-FindingSet $report) | Should -Contain 'iis-sni-ccs-binding-before-iis8 | site/2/https/1'
    }
}

Describe 'host evidence: IIS Centralized Certificate Store' {
    It 'records the provider without its password values and lists only certificate file names of its folder' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'ccs')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        $folder = Join-Path $fake.Root 'ccs-share'
        [void](New-Item -ItemType Directory -Force -Path $folder)
        foreach ($n in @('www.contoso.com.pfx', '_.fabrikam.com.pfx', 'readme.txt')) { [void](New-Item -ItemType File -Force -Path (Join-Path $folder $n)) }
        $key = 'SOFTWARE\Microsoft\IIS\CentralCertProvider'
        Set-FakeRegistryValue -Fake $fake -Key $key -Name 'Enabled' -Value 1
        Set-FakeRegistryValue -Fake $fake -Key $key -Name 'CertStoreLocation' -Value $folder
        Set-FakeRegistryValue -Fake $fake -Key $key -Name 'UserName' -Value 'CONTOSO\svc-ccs'
        Set-FakeRegistryValue -Fake $fake -Key $key -Name 'Password' -Value ([byte[]]@(0x53, 0x45, 0x43, 0x52, 0x45, 0x54, 0x2d, 0x50, 0x57))
        Set-FakeRegistryValue -Fake $fake -Key $key -Name 'PrivateKeyPassword' -Value 'SECRET-PKPW'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'iis.ccs'
        $e.status | Should -Be 'collected' -Because $e.reason
        $text = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'iis/central-certificate-store.json')
        $text | Should -Not -Match 'SECRET'
        $text | Should -Not -Match '53,45|534543'
        $doc = $text | ConvertFrom-Json
        $doc.registry.PasswordSet | Should -BeTrue
        $doc.registry.PrivateKeyPasswordSet | Should -BeTrue
        $doc.registry.UserName | Should -Be 'CONTOSO\svc-ccs'
        $doc.listing.status | Should -Be 'listed'
        @($doc.listing.files | Sort-Object) | Should -Be @('_.fabrikam.com.pfx', 'www.contoso.com.pfx')
        # and nowhere else in the bundle either
        foreach ($f in (Get-ChildItem -LiteralPath $r.Folder -Recurse -File)) {
            [System.IO.File]::ReadAllText($f.FullName) | Should -Not -Match 'SECRET' -Because $f.FullName
        }
        $report = Invoke-Analyzer -Zip $r.Zip
        (@($report.artifacts | Where-Object { $_.id -eq 'iis.ccs' })[0]).status | Should -Be 'parsed'
    }

    It 'a server without the provider key: skipped with the reason' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'no-ccs')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'iis.ccs'
        $e.status | Should -Be 'skipped'
        $e.reason | Should -Match 'not configured'
    }
}

# HTTP.sys error logs and IIS W3C logs (issue 16)
Describe 'logs: HTTPERR and the IIS logs of HTTPS sites' {
    BeforeAll {
        $script:W3cFixtures = Join-Path $script:RepoRoot 'src/parsers'
    }

    It 'a server without logs: both skipped as not present, not failed' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'no-logs')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'logs.httperr'
        $e.status | Should -Be 'skipped' -Because $e.reason
        $e.reason | Should -Match 'no HTTPERR folder'
        $e = Get-ManifestEntry $r 'logs.iis-w3c'
        $e.status | Should -Be 'skipped' -Because $e.reason
        $e.reason | Should -Match 'no W3C log file found'
    }

    It 'reads the HTTPERR folder ErrorLoggingDir names, newest first, the cut file keeping its header' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'httperr')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        $logs = Join-Path $fake.Root 'drive-d/Logs'
        $dir = Join-Path $logs 'HTTPERR'
        [void](New-Item -ItemType Directory -Force -Path $dir)
        Set-FakeRegistryValue -Fake $fake -Key 'SYSTEM\CurrentControlSet\Services\HTTP\Parameters' -Name 'ErrorLoggingDir' -Value $logs
        $sample = [System.IO.File]::ReadAllText((Join-Path $script:W3cFixtures 'w3c-log.sample.synthetic-httperr-443-ssl-renegotiation.txt'))
        $header = ($sample -split "`n" | Where-Object { $_.StartsWith('#') }) -join "`r`n"
        $line = '2026-11-30 08:14:02 203.0.113.24 51622 10.0.0.5 443 HTTP/1.1 GET /portal/login - - 2 Timer_SslRenegotiation PortalPool'
        $body = New-Object System.Text.StringBuilder
        [void]$body.Append($header + "`r`n")
        for ($i = 0; $i -lt 80000; $i++) { [void]$body.Append($line + "`r`n") }
        [System.IO.File]::WriteAllText((Join-Path $dir 'httperr1.log'), $sample)
        (Get-Item -LiteralPath (Join-Path $dir 'httperr1.log')).LastWriteTimeUtc = (Get-Date).ToUniversalTime().AddDays(-2)
        [System.IO.File]::WriteAllText((Join-Path $dir 'httperr2.log'), $body.ToString())
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'logs.httperr'
        $e.status | Should -Be 'collected' -Because $e.reason
        $e.partial | Should -BeTrue
        @($e.files | ForEach-Object { $_.path }) | Should -Be @('logs/httperr/httperr2.log')
        $e.reason | Should -Match 'older file'
        $kept = [System.IO.File]::ReadAllText((Join-Path $r.Folder 'logs/httperr/httperr2.log'))
        $kept.Length | Should -BeLessOrEqual 8388608
        $kept | Should -Match '^#Software: Microsoft HTTP API 2.0'
        $kept | Should -Match '#Remark: tls-doctor: truncated'
        # every data line after the remark is whole
        foreach ($l in (($kept -split "`r`n") | Where-Object { $_ -and -not $_.StartsWith('#') } | Select-Object -First 3)) { $l | Should -Be $line }
        $report = Invoke-Analyzer -Zip $r.Zip
        (@($report.artifacts | Where-Object { $_.id -eq 'logs.httperr' })[0]).status | Should -Be 'parsed'
    }

    It 'copies the newest log of each HTTPS site from its logFile directory; -Redact removes addresses and user names' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'w3c')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        $site = Get-FakeDrivePath -Fake $fake -Path 'C:\inetpub\logs\LogFiles\W3SVC1'
        [void](New-Item -ItemType Directory -Force -Path $site)
        Copy-Item -LiteralPath (Join-Path $script:W3cFixtures 'w3c-log.sample.en-iis75-logjoint-webdav-ipv6.txt') -Destination (Join-Path $site 'u_ex130207.log')
        (Get-Item -LiteralPath (Join-Path $site 'u_ex130207.log')).LastWriteTimeUtc = (Get-Date).ToUniversalTime().AddDays(-1)
        Copy-Item -LiteralPath (Join-Path $script:W3cFixtures 'w3c-log.sample.synthetic-iis10-arr-502-3-12175.txt') -Destination (Join-Path $site 'u_ex261130.log')
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake -Parameters @{ Redact = $true }
        $e = Get-ManifestEntry $r 'logs.iis-w3c'
        $e.status | Should -Be 'collected' -Because $r.Output
        @($e.files | ForEach-Object { $_.path }) | Should -Be @('logs/iis/W3SVC1/u_ex261130.log')
        $kept = [System.IO.File]::ReadAllText((Join-Path $r.Folder 'logs/iis/W3SVC1/u_ex261130.log'))
        $kept | Should -Match ' 502 3 12175 '
        $kept | Should -Not -Match 'jdoe'
        $kept | Should -Not -Match '203\.0\.113\.24'
        $report = Invoke-Analyzer -Zip $r.Zip
        (@($report.artifacts | Where-Object { $_.id -eq 'logs.iis-w3c' })[0]).status | Should -Be 'parsed'
    }
}
