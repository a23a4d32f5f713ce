# Packet capture: stopped and its filters removed on every way out.
# Runs collectors/Collect-TlsEvidence.ps1 end to end under PowerShell with Windows stubbed at its
# edges (Setup.ps1, Harness.ps1), then analyzes the zip it wrote with tls-doctor.
# Run: npm run test:collector  (scripts/test-collector.mjs finds pwsh and Pester 5.7.1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'Setup.ps1')
}

AfterAll {
    Remove-FakeWindowsDrive
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
        # The capture is stored in the zip (not deflated: the analyzer streams it without
        # inflating); the other files are compressed.
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $z = [System.IO.Compression.ZipFile]::OpenRead($r.Zip)
        try {
            $cap = @($z.Entries | Where-Object { $_.FullName -eq 'capture/pktmon.pcapng' })
            $cap.Count | Should -Be 1
            $cap[0].Length | Should -Be (Get-Item -LiteralPath $script:Pcap).Length
            $cap[0].CompressedLength | Should -BeGreaterOrEqual $cap[0].Length
            $m = @($z.Entries | Where-Object { $_.FullName -eq 'manifest.json' })
            $m[0].CompressedLength | Should -BeLessThan $m[0].Length
        }
        finally {
            $z.Dispose()
        }
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
