# HTTP.sys URL evidence: netsh http show urlacl / servicestate / setting.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1): netsh answers with the real outputs kept beside the parsers
# (src/parsers/netsh-urlacl.samples.md, netsh-servicestate.samples.md), then the zip is analyzed.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
}

Describe 'HTTP.sys URL reservations, registrations and settings' {
    It 'keeps show urlacl and show servicestate as netsh prints them and the analyzer finds the https URL without a certificate' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'url-no-cert')
        Initialize-SampleHost -Fake $fake -Sample 'httpsys-https-url-without-sslcert'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        @($r.Calls | Where-Object { $_ -like 'netsh http show urlacl' }) | Should -HaveCount 1
        foreach ($id in @('httpsys.urlacl', 'httpsys.servicestate')) {
            (Get-ManifestEntry $r $id).status | Should -Be 'collected' -Because (Get-ManifestEntry $r $id).reason
        }
        (Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'httpsys/netsh-http-show-urlacl.txt')) | Should -Match ([regex]::Escape('https://+:443/ReportServer/'))
        $report = Invoke-Analyzer -Zip $r.Zip
        foreach ($id in @('httpsys.urlacl', 'httpsys.servicestate')) {
            @($report.artifacts | Where-Object { $_.id -eq $id })[0].status | Should -Be 'parsed'
        }
        Get-FindingSet $report | Should -Be @(Get-ExpectedSet 'httpsys-https-url-without-sslcert')
    }

    It 'the healthy twin: the same registration with its 0.0.0.0:443 entry gives no finding' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'url-cert')
        Initialize-SampleHost -Fake $fake -Sample 'httpsys-https-url-with-sslcert'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        $report = Invoke-Analyzer -Zip $r.Zip
        Get-FindingSet $report | Should -Be @(Get-ExpectedSet 'httpsys-https-url-with-sslcert' | Where-Object { $_ })
    }

    It 'show setting: its output is kept and read; a netsh that rejects the command fails only that step' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'setting')
        # synthetic (no real output found: src/parsers/netsh-setting.samples.md)
        $setting = Join-Path $script:RepoRoot 'src/parsers/netsh-setting.sample.synthetic-label-value-sslthrottle.txt'
        Add-FakeResponse -Fake $fake -Pattern 'netsh http show setting' -StdoutFile $setting
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake
        $r = Invoke-Collector -Fake $fake
        (Get-ManifestEntry $r 'httpsys.setting').status | Should -Be 'collected'
        $report = Invoke-Analyzer -Zip $r.Zip
        @($report.artifacts | Where-Object { $_.id -eq 'httpsys.setting' })[0].status | Should -Be 'parsed'
        Get-FindingSet $report | Should -Be @(Get-ExpectedSet 'healthy' | Where-Object { $_ })

        $fake2 = New-FakeWindows -Root (Join-Path $TestDrive 'setting-rejected')
        Initialize-SampleHost -Fake $fake2 -Sample 'healthy'
        Use-FakeWindows -Fake $fake2
        $r2 = Invoke-Collector -Fake $fake2
        (Get-ManifestEntry $r2 'httpsys.setting').status | Should -Be 'failed'
        (Get-ManifestEntry $r2 'httpsys.sslcert').status | Should -Be 'collected'
    }
}
