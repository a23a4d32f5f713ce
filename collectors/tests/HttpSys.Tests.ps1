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

Describe 'a native command that prints its error on stdout (netsh not elevated)' {
    # The en-US and zh-CN texts of ERROR_ELEVATION_REQUIRED are the ones src/artifacts/tool-errors.ts
    # reads (netsh prints them on stdout, exit code 1); /work/shared/real holds no capture of them.
    # The de-DE, fr-FR and ja-JP texts are synthetic (Windows' message texts, unverified).
    BeforeAll {
        $script:ElevationEn = 'The requested operation requires elevation (Run as administrator).'
        $script:ElevationZh = -join ([char[]]@(0x8bf7, 0x6c42, 0x7684, 0x64cd, 0x4f5c, 0x9700, 0x8981, 0x63d0, 0x5347, 0x0028, 0x4f5c, 0x4e3a, 0x7ba1, 0x7406, 0x5458, 0x8fd0, 0x884c, 0x0029, 0x3002))
        $script:ElevationDe = 'Der angeforderte Vorgang erfordert erh' + [char]0x00f6 + 'hte Rechte (Als Administrator ausf' + [char]0x00fc + 'hren).'
        $script:ElevationFr = 'L' + [char]0x2019 + 'op' + [char]0x00e9 + 'ration demand' + [char]0x00e9 + 'e n' + [char]0x00e9 + 'cessite une ' + [char]0x00e9 + 'l' + [char]0x00e9 + 'vation (Ex' + [char]0x00e9 + 'cuter en tant qu' + [char]0x2019 + 'administrateur).'
        $script:ElevationJa = -join ([char[]]@(0x8981, 0x6c42, 0x3055, 0x308c, 0x305f, 0x64cd, 0x4f5c, 0x306b, 0x306f, 0x3001, 0x7ba1, 0x7406, 0x8005, 0x7279, 0x6a29, 0x304c, 0x5fc5, 0x8981, 0x3067, 0x3059, 0x3002))
        $script:NetshTitle = "`r`nSSL Certificate bindings:`r`n-------------------------`r`n`r`n"
    }

    It 'exit code 1: the step is failed with the error (in any language), the file is kept, and the analyzer leaves HTTP.sys bindings not checked' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'netsh-exit-1')
        Add-FakeResponse -Fake $fake -Pattern 'netsh http show sslcert' -Exit 1 -Stdout ([System.Text.Encoding]::UTF8.GetBytes($script:NetshTitle + $script:ElevationEn + "`r`n"))
        # A language no pattern knows: the exit code alone fails the step.
        Add-FakeResponse -Fake $fake -Pattern 'netsh http show iplisten' -Exit 1 -Stdout ([System.Text.Encoding]::UTF8.GetBytes($script:ElevationJa + "`r`n"))
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Use-FakeWindows -Fake $fake -Elevated $false
        $r = Invoke-Collector -Fake $fake
        $ssl = Get-ManifestEntry $r 'httpsys.sslcert'
        $ssl.status | Should -Be 'failed'
        $ssl.exitCode | Should -Be 1
        $ssl.reason | Should -Match ('^exit code 1: ' + [regex]::Escape($script:ElevationEn) + ' \(requires elevation')
        (Get-Content -Raw -LiteralPath (Join-Path $r.Folder 'httpsys/netsh-http-show-sslcert.txt')) | Should -Match ([regex]::Escape($script:ElevationEn))
        $ipl = Get-ManifestEntry $r 'httpsys.iplisten'
        $ipl.status | Should -Be 'failed'
        $ipl.reason | Should -Match ('^exit code 1: ' + [regex]::Escape($script:ElevationJa) + ' \(the collector ran without elevation\)')
        Test-Path -LiteralPath (Join-Path $r.Folder 'httpsys/netsh-http-show-iplisten.txt') | Should -BeTrue
        (Get-ManifestEntry $r 'cert.certutil').status | Should -Be 'collected'

        $report = Invoke-Analyzer -Zip $r.Zip
        @($report.artifacts | Where-Object { $_.id -eq 'httpsys.sslcert' })[0].status | Should -Be 'not-collected'
        $report.coverage.evaluated | Should -Not -Contain 'httpsys'
        @($report.verdict.notChecked | ForEach-Object { $_.area }) | Should -Contain 'httpsys'
        $denied = @($report.verdict.denied | Where-Object { $_.id -eq 'httpsys.sslcert' })
        $denied | Should -HaveCount 1
        $denied[0].why | Should -Be 'elevation'
        $report.verdict.headline | Should -Not -Match 'No problem found in[^;]*HTTP\.sys bindings'
        @($report.findings | Where-Object { $_.severity -in @('critical', 'high', 'medium') }) | Should -HaveCount 0
    }

    It 'exit code 0 with only the error: a zh-CN console (code page 936) prints the elevation error, the step is failed' {
        $fake = New-FakeWindows -Root (Join-Path $TestDrive 'netsh-exit-0-zh')
        $gbk = [System.Text.Encoding]::GetEncoding(936)
        Add-FakeResponse -Fake $fake -Pattern 'netsh http show sslcert' -Exit 0 -Stdout ($gbk.GetBytes($script:ElevationZh + "`r`n"))
        Add-FakeResponse -Fake $fake -Pattern 'netsh http show iplisten' -Exit 0 -Stdout ([System.Text.Encoding]::ASCII.GetBytes("Access is denied.`r`n"))
        Initialize-SampleHost -Fake $fake -Sample 'healthy'
        Set-FakeRegistryValue -Fake $fake -Key 'SYSTEM\CurrentControlSet\Control\Nls\CodePage' -Name 'OEMCP' -Value '936'
        Use-FakeWindows -Fake $fake -Elevated $false
        # The collector decodes tool output in the console's code page: a zh-CN console's is 936.
        $console = [Console]::OutputEncoding
        try {
            [Console]::OutputEncoding = $gbk
            $r = Invoke-Collector -Fake $fake
        }
        finally {
            [Console]::OutputEncoding = $console
        }
        $ssl = Get-ManifestEntry $r 'httpsys.sslcert'
        $ssl.status | Should -Be 'failed'
        $ssl.exitCode | Should -Be 0
        $ssl.sourceEncoding | Should -Be 'cp936'
        $ssl.reason | Should -Match ('^exit code 0: ' + [regex]::Escape($script:ElevationZh) + ' \(requires elevation')
        $ipl = Get-ManifestEntry $r 'httpsys.iplisten'
        $ipl.status | Should -Be 'failed'
        $ipl.reason | Should -Match '^exit code 0: Access is denied\. \(access denied\)'
        (Get-ManifestEntry $r 'cert.certutil').status | Should -Be 'collected'
        $report = Invoke-Analyzer -Zip $r.Zip
        @($report.verdict.notChecked | ForEach-Object { $_.area }) | Should -Contain 'httpsys'
    }

    Context 'the error texts (Get-ToolErrorKind)' {
        BeforeAll {
            $tokens = $null
            $errors = $null
            $ast = [System.Management.Automation.Language.Parser]::ParseFile($script:CollectorPath, [ref]$tokens, [ref]$errors)
            $script:Defs = ($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -like 'Get-ToolError*' }, $true) | ForEach-Object { $_.Extent.Text }) -join "`n`n"
            $script:Vars = ($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Left.Extent.Text -match '^\$script:(ElevationRequiredLine|AccessDeniedLine|ToolErrorHeaderLine)$' }, $false) | ForEach-Object { $_.Extent.Text }) -join "`n"
        }
        BeforeEach {
            . ([scriptblock]::Create($script:Vars + "`n" + $script:Defs))
        }

        It 'names <want> for <name>' -ForEach @(
            @{ name = 'the en-US elevation error after netsh''s title'; text = 'title+en'; exit = 0; want = 'elevation' }
            @{ name = 'the zh-CN elevation error'; text = 'zh'; exit = 0; want = 'elevation' }
            @{ name = 'the de-DE elevation error (synthetic)'; text = 'de'; exit = 0; want = 'elevation' }
            @{ name = 'the fr-FR elevation error (synthetic)'; text = 'fr'; exit = 1; want = 'elevation' }
            @{ name = 'exit code 740 (ERROR_ELEVATION_REQUIRED), any text'; text = 'ja'; exit = 740; want = 'elevation' }
            @{ name = 'CertUtil: Access is denied.'; text = 'CertUtil: Access is denied.'; exit = 0; want = 'access-denied' }
            @{ name = 'exit code 5 (ERROR_ACCESS_DENIED), any text'; text = 'ja'; exit = 5; want = 'access-denied' }
            @{ name = 'an access-denied line among records'; text = "    IP:port                      : 0.0.0.0:443`r`nAccess is denied."; exit = 0; want = '' }
            @{ name = 'netsh''s empty table'; text = 'title'; exit = 0; want = '' }
            @{ name = 'a language no pattern knows'; text = 'ja'; exit = 1; want = '' }
        ) {
            $t = switch ($text) {
                'title+en' { $script:NetshTitle + $script:ElevationEn }
                'title' { $script:NetshTitle }
                'zh' { $script:ElevationZh }
                'de' { $script:ElevationDe }
                'fr' { $script:ElevationFr }
                'ja' { $script:ElevationJa }
                default { $text }
            }
            [string](Get-ToolErrorKind -Text $t -ExitCode $exit) | Should -Be $want
        }
    }
}
