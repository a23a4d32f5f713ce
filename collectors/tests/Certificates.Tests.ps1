# Certificate stores and private key tests.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
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

Describe 'EC key curve (issue 16)' {
    It 'records an EC key''s curve as KeyParameters in store.json, and the analyzer finds the curve missing from Get-TlsEccCurve' {
        # The sample's P-384 certificate is real X.509 made by openssl (scripts/gen-certs.ts); the
        # curve list is Get-TlsEccCurve's one-name-a-line output without NistP384.
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'ecc-curve')
        Initialize-SampleHost -Fake $fake -Sample 'cert-ecc-curve-disabled'
        Use-FakeWindows -Fake $fake
        $global:TlsDoctorCurves = @('curve25519', 'NistP256')
        Mock Get-TlsCipherSuite { }
        Mock Get-TlsEccCurve { $global:TlsDoctorCurves }
        $r = Invoke-Collector -Fake $fake
        $r.ExitCode | Should -Be 0 -Because $r.Output
        $store = Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'certificates/store.json') | ConvertFrom-Json
        $ec = @($store.certificates | Where-Object { $_.Thumbprint -eq '798D49CB070B5C0B99E8E37103BC6BA1EDCF2065' })[0]
        $ec.KeyParameters | Should -Be '06052b81040022'
        # RSA keys have NULL parameters (05 00): nothing recorded
        $ca = @($store.certificates | Where-Object { $_.Store -eq 'CA' })[0]
        $ca.KeyParameters | Should -BeNullOrEmpty
        $report = Invoke-Analyzer -Zip $r.Zip
        @($report.findings | Where-Object { $_.ruleId -eq 'certificate-ecc-curve-disabled' }) | Should -HaveCount 1
    }
}
