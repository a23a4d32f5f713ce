# ---------------------------------------------------------------------------------------------
# Packet capture (opt-in: -CaptureSeconds) and -IncludePcap
# ---------------------------------------------------------------------------------------------

function Read-CaptureKey {
    # During the capture window Ctrl+C is read as a key (TreatControlCAsInput), so that it ends
    # the capture through the clean-up below instead of stopping the script half-way.
    try {
        if ([Console]::KeyAvailable) {
            $k = [Console]::ReadKey($true)
            if ([string]$k.Key -eq 'Q') {
                return 'q'
            }
            if ([string]$k.Key -eq 'C' -and (([int]$k.Modifiers -band 4) -ne 0)) {
                return 'ctrl-c'
            }
        }
    }
    catch {
        Write-Verbose 'no interactive console: capturing for the full time'
    }
    return $null
}

function Set-ControlCAsInput {
    # Returns the previous setting ($null without a console).
    param([bool]$Value)
    try {
        $old = [Console]::TreatControlCAsInput
        [Console]::TreatControlCAsInput = $Value
        return $old
    }
    catch {
        return $null
    }
}

function Get-EtwSessionName {
    # Running ETW trace sessions, read language-neutrally; $null when they cannot be read.
    if (-not (Get-Command -Name 'Get-EtwTraceSession' -ErrorAction SilentlyContinue)) {
        return $null
    }
    try {
        return @(Get-EtwTraceSession -ErrorAction Stop | ForEach-Object { [string]$_.Name })
    }
    catch {
        return $null
    }
}

function Test-PktmonLoaded {
    # The PktMon driver is loaded once any pktmon command ran; we unload it only if we loaded it.
    try {
        return ([string](Get-Service -Name 'PktMon' -ErrorAction Stop).Status -eq 'Running')
    }
    catch {
        return $false
    }
}

function Get-FreeBytes {
    param([string]$Path)
    try {
        $drive = New-Object System.IO.DriveInfo([System.IO.Path]::GetPathRoot($Path))
        return [long]$drive.AvailableFreeSpace
    }
    catch {
        return $null
    }
}

function Stop-PacketCapture {
    # Each clean-up call has its own try, so one that fails or hangs never skips the next; they run
    # without our console, so a second Ctrl+C cannot stop them.
    param([hashtable]$State)
    if ($State.Started) {
        try {
            if ($State.Engine -eq 'pktmon') {
                $r = Invoke-Tool -Tool 'pktmon' -Arguments @('stop') -TimeoutSeconds $StepTimeoutSeconds -NoConsole
            }
            else {
                $r = Invoke-Tool -Tool 'netsh' -Arguments @('trace', 'stop') -TimeoutSeconds (5 * $StepTimeoutSeconds) -NoConsole
            }
            if ($r.TimedOut -or $r.ExitCode -ne 0) {
                [void]$State.Problems.Add(('{0} exit code {1}{2}' -f $r.Command, $r.ExitCode, $(if ($r.TimedOut) { ' (timed out)' } else { '' })))
            }
        }
        catch {
            [void]$State.Problems.Add(('stopping the capture failed: {0}' -f $_.Exception.Message))
        }
    }
    if ($State.AddedFilters) {
        try {
            $r = Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'remove') -TimeoutSeconds 30 -NoConsole
            if ($r.TimedOut -or $r.ExitCode -ne 0) {
                [void]$State.Problems.Add(('pktmon filter remove exit code {0}' -f $r.ExitCode))
            }
        }
        catch {
            [void]$State.Problems.Add(('removing the pktmon filters failed: {0}' -f $_.Exception.Message))
        }
    }
    if ($State.Unload) {
        try {
            [void](Invoke-Tool -Tool 'pktmon' -Arguments @('unload') -TimeoutSeconds 60 -NoConsole)
        }
        catch {
            [void]$State.Problems.Add(('pktmon unload failed: {0}' -f $_.Exception.Message))
        }
    }
}

function Invoke-PacketCapture {
    # The one opt-in step that touches the system. Build 19041+: pktmon with port filters, converted
    # to pcapng by pktmon itself. Older builds (Server 2012 R2 ... 2019): netsh trace, whose ETL is
    # kept (convert it with etl2pcapng). Whatever happens, the capture is stopped and our filters
    # removed: the flags are set before each start, and the clean-up runs in a finally.
    param([int]$Seconds, [int]$Build)
    if (-not $script:IsElevated) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source 'pktmon / netsh trace' -Reason 'packet capture needs elevation (run as administrator)')
        return
    }
    $engine = 'netsh'
    if ($Build -ge 19041) {
        $engine = 'pktmon'
    }
    $sizeMb = 512
    $capDir = New-OutputFolder -Path (Join-Path $script:OutRoot 'capture')
    $free = Get-FreeBytes -Path $capDir
    # The trace, plus its pcapng copy, plus room for the rest of the bundle and the zip.
    $needed = [long]$sizeMb * 3 * 1048576
    if ($null -ne $free -and $free -lt $needed) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $engine -Reason ('not started: {0} MB free on the output drive, the capture needs {1} MB; pass -OutputDirectory on a drive with more space' -f [long]($free / 1048576), [long]($needed / 1048576)))
        return
    }
    $sessions = Get-EtwSessionName
    $sessionName = 'NetTrace'
    if ($engine -eq 'pktmon') {
        $sessionName = 'PktMon'
    }
    if ($null -ne $sessions -and ($sessions -contains $sessionName)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $engine -Reason ('a {0} capture is already running on this server (ETW session {1}); it was left alone' -f $engine, $sessionName))
        return
    }
    $notes = New-Object System.Collections.ArrayList
    $state = @{ Engine = $engine; Started = $false; AddedFilters = $false; Unload = $false; Problems = (New-Object System.Collections.ArrayList) }
    $ports = @()
    $useFilters = $false
    if ($engine -eq 'pktmon') {
        if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'pktmon'))) {
            [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source 'pktmon' -Reason 'pktmon.exe not found; take a capture with another tool and pass it with -IncludePcap')
            return
        }
        $state.Unload = -not (Test-PktmonLoaded)
        $list = Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'list') -TimeoutSeconds 30
        $listText = (ConvertFrom-ToolBytes -Bytes $list.Stdout -CodePage $script:ToolCodePage).Text
        # Filter rows start with their number; ours are named tls-doctor-<port> (language-neutral).
        $rows = @([regex]::Matches([string]$listText, '(?m)^\s*\d+\s+\S.*$') | ForEach-Object { $_.Value })
        $ours = @($rows | Where-Object { $_ -match 'tls-doctor-\d+' })
        $theirs = @($rows | Where-Object { $_ -notmatch 'tls-doctor-\d+' })
        if ($theirs.Count -gt 0) {
            [void]$notes.Add('pktmon already had filters configured; they were left untouched and used as they are')
        }
        else {
            if ($ours.Count -gt 0) {
                $rm = Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'remove') -TimeoutSeconds 30 -NoConsole
                [void]$notes.Add(('removed {0} tls-doctor-* filter(s) left by an earlier run that was cut short (exit code {1})' -f $ours.Count, $rm.ExitCode))
            }
            $useFilters = $true
        }
        # A string, not [int[]]: powershell -File (collect.cmd) passes every argument as one string.
        $asked = @($CapturePorts -split '[,; ]+' | Where-Object { $_ -match '^\d{1,5}$' } | ForEach-Object { [int]$_ } | Where-Object { $_ -gt 0 -and $_ -lt 65536 })
        $ports = @(@(443) + $script:BindingPorts | Where-Object { $_ -gt 0 } | Sort-Object -Unique | Select-Object -First 8)
        if ($asked.Count -gt 0) {
            $ports = @($asked | Sort-Object -Unique | Select-Object -First 8)
        }
        $etl = Join-Path $capDir 'pktmon.etl'
        $manual = @('pktmon stop')
        if ($useFilters) {
            $manual += 'pktmon filter remove'
        }
        if ($state.Unload) {
            $manual += 'pktmon unload'
        }
    }
    else {
        $etl = Join-Path $capDir 'nettrace.etl'
        $manual = @('netsh trace stop')
    }
    Write-Host ''
    Write-Status ('    If this window is closed during the capture, stop it by hand from an elevated prompt: {0}' -f ($manual -join '  ;  ')) 'Yellow'
    $stopReason = 'the capture time ended'
    $previousCtrlC = $null
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        if ($useFilters) {
            foreach ($p in $ports) {
                $state.AddedFilters = $true
                [void](Invoke-Tool -Tool 'pktmon' -Arguments @('filter', 'add', ('tls-doctor-' + $p), '-t', 'TCP', '-p', [string]$p) -TimeoutSeconds 30)
            }
        }
        $state.Started = $true
        if ($engine -eq 'pktmon') {
            $start = Invoke-Tool -Tool 'pktmon' -Arguments @('start', '--capture', '--comp', 'nics', '--pkt-size', '0', '--file-size', [string]$sizeMb, '--file-name', $etl) -TimeoutSeconds $StepTimeoutSeconds
        }
        else {
            $start = Invoke-Tool -Tool 'netsh' -Arguments @('trace', 'start', 'capture=yes', 'report=disabled', 'correlation=disabled', ('maxsize=' + $sizeMb), ('tracefile=' + $etl)) -TimeoutSeconds $StepTimeoutSeconds
        }
        if ($start.TimedOut) {
            throw ('{0} did not return within the time limit' -f $start.Command)
        }
        if ($start.ExitCode -ne 0) {
            $msg = (ConvertFrom-ToolBytes -Bytes $start.Stdout -CodePage $script:ToolCodePage).Text
            throw ('{0} failed (exit code {1}): {2}' -f $start.Command, $start.ExitCode, (Limit-Text -Text $msg -Max 300))
        }
        $what = 'all TCP traffic'
        if ($engine -eq 'pktmon') {
            $what = 'ports ' + ($ports -join ', ')
        }
        Write-Status ('    Capturing {0} for {1} s. Reproduce the problem now (Q or Ctrl+C stops early).' -f $what, $Seconds) 'Cyan'
        $previousCtrlC = Set-ControlCAsInput -Value $true
        $until = (Get-Date).AddSeconds($Seconds)
        while ((Get-Date) -lt $until) {
            Start-Sleep -Milliseconds 200
            $key = Read-CaptureKey
            if ($key -eq 'q') {
                $stopReason = 'stopped early with Q'
                break
            }
            if ($key -eq 'ctrl-c') {
                $stopReason = 'stopped early with Ctrl+C'
                break
            }
        }
    }
    finally {
        if ($null -ne $previousCtrlC) {
            [void](Set-ControlCAsInput -Value $previousCtrlC)
        }
        Stop-PacketCapture -State $state
        if ($state.Problems.Count -gt 0) {
            Write-Status ('    The capture clean-up reported a problem ({0}). Run by hand from an elevated prompt: {1}' -f ($state.Problems -join '; '), ($manual -join '  ;  ')) 'Red'
        }
    }
    [void]$notes.Add($stopReason)
    foreach ($pr in $state.Problems) {
        [void]$notes.Add(('clean-up: {0}; run by hand: {1}' -f $pr, ($manual -join ' ; ')))
    }
    if ($engine -eq 'pktmon') {
        $source = ('pktmon filter add -t TCP -p {0}; pktmon start --capture --file-size {1}; pktmon stop' -f ($ports -join ','), $sizeMb)
    }
    else {
        $source = ('netsh trace start capture=yes report=disabled correlation=disabled maxsize={0}; netsh trace stop' -f $sizeMb)
    }
    if (-not (Test-Path -LiteralPath $etl)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'failed' -Source $source -DurationMs $sw.ElapsedMilliseconds -Reason ((@('no capture file was written') + @($notes)) -join '; '))
        return
    }
    if ($engine -eq 'pktmon') {
        $pcap = Join-Path $capDir 'pktmon.pcapng'
        $conv = $null
        try {
            $conv = Invoke-Tool -Tool 'pktmon' -Arguments @('etl2pcap', $etl, '--out', $pcap) -TimeoutSeconds 300
        }
        catch {
            [void]$notes.Add(('pktmon etl2pcap could not run: {0}' -f $_.Exception.Message))
        }
        if ($null -ne $conv -and $conv.ExitCode -eq 0 -and (Test-Path -LiteralPath $pcap)) {
            Remove-OutputItem -Path $etl
            [void](Add-Entry -Id 'capture.pcap' -Status 'collected' -Source ($source + '; pktmon etl2pcap') -DurationMs $sw.ElapsedMilliseconds -Files @('capture/pktmon.pcapng') -Reason ($notes -join '; '))
            return
        }
        [void]$notes.Add('kept: pktmon etl2pcap failed, so capture/pktmon.etl is the pktmon ETL; convert it on Windows 10 2004 / Server 2022 or later with "pktmon etl2pcap pktmon.etl --out pktmon.pcapng", then analyze the pcapng')
        [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @('capture/pktmon.etl') -Reason ($notes -join '; '))
        return
    }
    [void]$notes.Add(('kept: capture/nettrace.etl is a netsh trace ETL (Windows build {0} has no pktmon etl2pcap); convert it with etl2pcapng (https://github.com/microsoft/etl2pcapng: etl2pcapng nettrace.etl nettrace.pcapng), then analyze the pcapng' -f $Build))
    [void](Add-Entry -Id 'capture.pcap' -Status 'skipped' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @('capture/nettrace.etl') -Reason ($notes -join '; '))
}

function Save-IncludedPcap {
    param([string]$File)
    # .NET resolves relative paths against the process directory, not the PowerShell location.
    $File = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($File)
    if (-not (Test-Path -LiteralPath $File -PathType Leaf)) {
        [void](Add-Entry -Id 'capture.pcap' -Status 'failed' -Source ('-IncludePcap ' + $File) -Reason 'file not found')
        return
    }
    $name = [System.IO.Path]::GetFileName($File) -replace '[^A-Za-z0-9._-]', '_'
    $rel = 'capture/included-' + $name
    [void](Copy-IntoOutput -Source $File -RelativePath $rel)
    $status = 'collected'
    $reason = $null
    if ($name -match '\.etl$') {
        $status = 'skipped'
        $reason = 'kept: an ETL file is not a pcap; convert a netsh trace ETL with etl2pcapng (https://github.com/microsoft/etl2pcapng) or a pktmon ETL with "pktmon etl2pcap" (build 19041 or later), then analyze the pcapng'
    }
    [void](Add-Entry -Id 'capture.pcap' -Status $status -Source ('-IncludePcap ' + $File) -Files @($rel) -Reason $reason)
}

