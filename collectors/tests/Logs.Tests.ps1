# HTTP.sys error logs and IIS W3C logs.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
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
