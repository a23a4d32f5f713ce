# ---------------------------------------------------------------------------------------------
# Running things with a time limit
# ---------------------------------------------------------------------------------------------

# What each native tool may be asked. Checked here at run time, and by the project's static check
# over this file (src/collector/check.ts) before every release.
$script:ReadOnlyTools = @{
    'netsh'    = '^(http show (sslcert|iplisten|servicestate|urlacl|setting)|trace start capture=yes report=disabled correlation=disabled maxsize=\d+ tracefile=\S+|trace stop)$'
    'reg'      = '^(export \S+ \S+ /y|query \S+( /s)?)$'
    'netstat'  = '^-ano?b?$'
    'tasklist' = '^/svc /fo csv$'
    'ipconfig' = '^/all$'
    'certutil' = '^-v -store my$'
    'icacls'   = '^\S+$'
    'wevtutil' = '^(qe|gl) \S+( /q:\S+)?( /f:xml /e:Events /rd:true /uni:true /c:\d+)?$'
    'appcmd'   = '^list site( /config /xml)?$'
    'w32tm'    = '^/query /status /verbose$'
    'pktmon'   = '^(filter list|filter add tls-doctor-\d+ -t TCP -p \d+|filter remove|stop|unload|start --capture --comp nics --pkt-size 0 --file-size \d+ --file-name \S+|etl2pcap \S+ --out \S+)$'
}

function ConvertTo-ArgumentString {
    param([string[]]$Arguments)
    $parts = New-Object System.Collections.ArrayList
    foreach ($a in $Arguments) {
        if ($a.Length -gt 0 -and $a -notmatch '[\s"]') {
            [void]$parts.Add($a)
            continue
        }
        # CommandLineToArgvW quoting: backslashes before a quote are doubled, quotes escaped.
        $sb = New-Object System.Text.StringBuilder
        [void]$sb.Append('"')
        $slashes = 0
        foreach ($ch in $a.ToCharArray()) {
            if ($ch -eq '\') {
                $slashes++
                continue
            }
            if ($ch -eq '"') {
                [void]$sb.Append(('\' * ((2 * $slashes) + 1)))
                [void]$sb.Append('"')
            }
            else {
                [void]$sb.Append(('\' * $slashes))
                [void]$sb.Append($ch)
            }
            $slashes = 0
        }
        [void]$sb.Append(('\' * (2 * $slashes)))
        [void]$sb.Append('"')
        [void]$parts.Add($sb.ToString())
    }
    return ($parts -join ' ')
}

function Get-ToolPath {
    param([string]$Tool)
    if ($Tool -eq 'appcmd') {
        return (Join-Path (Join-Path $script:Sys32 'inetsrv') 'appcmd.exe')
    }
    return (Join-Path $script:Sys32 ($Tool + '.exe'))
}

function Get-ToolWriteTarget {
    # The files a native tool is told to write (reg export FILE, pktmon --file-name / --out,
    # netsh trace tracefile=): each must lie inside the evidence folder, like our own writes.
    param([string]$Tool, [string[]]$Arguments)
    $targets = New-Object System.Collections.ArrayList
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        $a = $Arguments[$i]
        if ($Tool -eq 'reg' -and $i -eq 2 -and $Arguments[0] -eq 'export') {
            [void]$targets.Add($a)
        }
        if ($Tool -eq 'pktmon' -and ($a -eq '--file-name' -or $a -eq '--out') -and ($i + 1) -lt $Arguments.Count) {
            [void]$targets.Add($Arguments[$i + 1])
        }
        if ($Tool -eq 'netsh' -and $a -match '^tracefile=(.+)$') {
            [void]$targets.Add($Matches[1])
        }
    }
    return @($targets)
}

function Invoke-Tool {
    param([string]$Tool, [string[]]$Arguments, [int]$TimeoutSeconds = $StepTimeoutSeconds, [switch]$NoConsole)
    if (-not $script:ReadOnlyTools.ContainsKey($Tool)) {
        throw "tool '$Tool' is not on the read-only list"
    }
    $pattern = $script:ReadOnlyTools[$Tool]
    $display = ($Arguments -join ' ')
    $checked = ($Arguments | ForEach-Object { ($_ -replace '\s', '_') }) -join ' '
    if ($checked -notmatch $pattern) {
        throw "refusing '$Tool $display': not a read-only form of $Tool"
    }
    foreach ($target in (Get-ToolWriteTarget -Tool $Tool -Arguments $Arguments)) {
        [void](Assert-OutputPath -Path $target)
    }
    $path = Get-ToolPath -Tool $Tool
    if (-not (Test-Path -LiteralPath $path)) {
        return @{ NotFound = $true; Command = "$Tool $display"; Path = $path }
    }
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $path
    $psi.Arguments = ConvertTo-ArgumentString -Arguments $Arguments
    $psi.UseShellExecute = $false
    # Inherit our console: console tools pick their output code page from it. Clean-up calls run
    # without it (-NoConsole), so that a second Ctrl+C cannot stop them half-way.
    $psi.CreateNoWindow = [bool]$NoConsole
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.RedirectStandardInput = $true
    $psi.WorkingDirectory = $script:TmpDir
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $proc = [System.Diagnostics.Process]::Start($psi)
    $proc.StandardInput.Close()
    $outBuf = New-Object System.IO.MemoryStream
    $errBuf = New-Object System.IO.MemoryStream
    $outTask = $proc.StandardOutput.BaseStream.CopyToAsync($outBuf)
    $errTask = $proc.StandardError.BaseStream.CopyToAsync($errBuf)
    $timedOut = $false
    if (-not $proc.WaitForExit($TimeoutSeconds * 1000)) {
        $timedOut = $true
        try {
            # Our own child process, started above; nothing else is ever stopped.
            $proc.Kill()
        }
        catch {
            Write-Verbose ("could not stop {0}: {1}" -f $Tool, $_.Exception.Message)
        }
    }
    try {
        [void]$outTask.Wait(5000)
        [void]$errTask.Wait(5000)
    }
    catch {
        Write-Verbose ("reading {0} output: {1}" -f $Tool, $_.Exception.Message)
    }
    $exit = $null
    if (-not $timedOut) {
        $proc.WaitForExit()
        $exit = $proc.ExitCode
    }
    return @{
        NotFound   = $false
        Command    = "$Tool $display"
        ExitCode   = $exit
        TimedOut   = $timedOut
        Stdout     = $outBuf.ToArray()
        Stderr     = $errBuf.ToArray()
        DurationMs = [long]$sw.ElapsedMilliseconds
    }
}

function Invoke-WithTimeout {
    param([scriptblock]$ScriptBlock, [object[]]$ArgumentList = @(), [int]$TimeoutSeconds = $StepTimeoutSeconds)
    # Runs PowerShell code in a separate runspace so that a cmdlet that hangs (WMI, a key
    # provider waiting on hardware) is abandoned after the time limit instead of blocking us.
    $ps = [System.Management.Automation.PowerShell]::Create()
    [void]$ps.AddScript($ScriptBlock.ToString())
    foreach ($a in $ArgumentList) {
        [void]$ps.AddArgument($a)
    }
    $async = $ps.BeginInvoke()
    if (-not $async.AsyncWaitHandle.WaitOne($TimeoutSeconds * 1000)) {
        [void]$ps.BeginStop($null, $null)
        throw ("timed out after {0} s" -f $TimeoutSeconds)
    }
    $output = $ps.EndInvoke($async)
    $errors = @($ps.Streams.Error | ForEach-Object { $_.ToString() })
    $ps.Dispose()
    return @{ Output = @($output); Errors = $errors }
}

