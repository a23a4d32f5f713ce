# Failures on real servers and writing only inside the evidence folder.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
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
