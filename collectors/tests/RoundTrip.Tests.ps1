# The round trip: a sample's raw files through the collector and back through the analyzer.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
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
        # the cipher-suite order policy (issue 16): only ECDSA suites for an RSA certificate
        @{ sample = 'cipher-order-no-suite-for-key' }
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
