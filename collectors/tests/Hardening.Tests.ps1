# Hardened hosts (Constrained Language Mode, PowerShell 2.0) and IIS shared configuration.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
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
