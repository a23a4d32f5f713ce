# Host evidence: HttpEvent events, cipher suites / curves / FIPS, w32tm, IIS version, CCS.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
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

Describe 'host evidence: ipconfig' {
    It 'runs ipconfig /all only and keeps its output as net.ipconfig (the real listing of the stub)' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'ipconfig')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        @($r.Calls | Where-Object { $_ -like 'ipconfig*' }) | Should -Be @('ipconfig /all')
        $e = Get-ManifestEntry $r 'net.ipconfig'
        $e.status | Should -Be 'collected' -Because $e.reason
        (Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'network/ipconfig-all.txt')) | Should -Match '192\.168\.8\.201\(Preferred\)'
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

Describe 'host evidence: installed updates' {
    It 'lists Win32_QuickFixEngineering as CSV, keeps an empty InstalledOn empty, and the analyzer reads it' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'hotfix')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        # The real Learn rows, plus one as real machines list it: no InstalledOn, a domain account.
        $fake.HotFixes = @($fake.HotFixes) + @([pscustomobject]@{ HotFixID = 'KB3140245'; Description = 'Update'; InstalledOn = $null; InstalledBy = 'CONTOSO\admin.jdoe' })
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'system.hotfixes'
        $e.status | Should -Be 'collected' -Because $e.reason
        $e.reason | Should -Match '4 updates listed'
        $lines = @(Get-Content -LiteralPath (Join-Path $r.Folder 'system/hotfixes.csv'))
        $lines[0] | Should -Be '"HotFixID","Description","InstalledOn","InstalledBy"'
        $lines | Should -Contain '"KB3140245","Update","","CONTOSO\admin.jdoe"'
        $lines | Should -Contain '"KB4470788","Security Update","1/22/2019 00:00:00","NT AUTHORITY\SYSTEM"'
        $report = Invoke-Analyzer -Zip $r.Zip
        $a = @($report.artifacts | Where-Object { $_.id -eq 'system.hotfixes' })
        $a[0].status | Should -Be 'parsed'
        @($a[0].files | ForEach-Object { $_.issues }) | Should -BeNullOrEmpty
        Get-FindingSet $report | Should -Be @(Get-ExpectedSet 'healthy')
    }

    It '-Redact replaces who installed an update by a token, built-in accounts stay' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'hotfix-redact')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        $fake.HotFixes = @($fake.HotFixes) + @([pscustomobject]@{ HotFixID = 'KB3140245'; Description = 'Update'; InstalledOn = ''; InstalledBy = 'FABRIKAM\pat.lee' })
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake -Parameters @{ Redact = $true }
        $text = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'system/hotfixes.csv')
        $text | Should -Not -Match 'pat\.lee|FABRIKAM'
        $text | Should -Match '"KB3140245","Update","","user\d+"'
        $text | Should -Match '"KB4470788","Security Update","1/22/2019 00:00:00","NT AUTHORITY\\SYSTEM"'
    }

    It 'a WMI failure: the step fails with the reason, the rest is collected' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'hotfix-fail')
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        $fake.HotFixes = 'fail'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $e = Get-ManifestEntry $r 'system.hotfixes'
        $e.status | Should -Be 'failed'
        $e.reason | Should -Match 'Access denied'
        (Get-ManifestEntry $r 'httpsys.sslcert').status | Should -Be 'collected'
    }
}
