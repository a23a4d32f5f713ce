# ---------------------------------------------------------------------------------------------
# Manifest entries
# ---------------------------------------------------------------------------------------------

function Limit-Text {
    param([string]$Text, [int]$Max = 2000)
    if ($null -eq $Text) {
        return $null
    }
    $t = $Text.Trim()
    if ($t.Length -gt $Max) {
        return $t.Substring(0, $Max) + ' ...'
    }
    return $t
}

function Add-Entry {
    param(
        [string]$Id,
        [string]$Status,
        [string]$Source = $null,
        [object]$ExitCode = $null,
        [string]$Stderr = $null,
        [object]$DurationMs = $null,
        [string]$Encoding = $null,
        [string]$Reason = $null,
        [string]$Path = $null,
        [string[]]$Files = @()
    )
    $cat = Get-CatalogEntry -Id $Id
    if (-not $Path) {
        $Path = $cat.Path
    }
    $e = [ordered]@{ id = $Id; path = $Path; status = $Status }
    if ($Source) { $e.source = $Source }
    if ($null -ne $ExitCode) { $e.exitCode = [int]$ExitCode }
    if ($Stderr) { $e.stderr = (Limit-Text -Text $Stderr) }
    if ($null -ne $DurationMs) { $e.durationMs = [long]$DurationMs }
    if ($Encoding) { $e.encoding = $Encoding }
    if ($Reason) { $e.reason = $Reason }
    $e._files = $Files
    [void]$script:Entries.Add($e)
    return $e
}

function Test-EntryExists {
    param([string]$Id)
    foreach ($e in $script:Entries) {
        if ($e.id -eq $Id) {
            return $true
        }
    }
    return $false
}

# ERROR_ELEVATION_REQUIRED (740) and ERROR_ACCESS_DENIED (5) as console tools print them (netsh
# prints its errors on stdout). en-US and zh-CN as in src/artifacts/tool-errors.ts; de-DE and fr-FR
# are Windows' message texts, unverified against a capture. The exit code is the first signal:
# these lines catch a tool that exits 0 with them, and name the cause in the reason.
# Written with \u escapes: the script stays ASCII for PowerShell 5.1.
$script:ElevationRequiredLine = '(?i)^(the requested operation requires elevation|der angeforderte vorgang erfordert erh\u00f6hte rechte|l[''\u2019]op\u00e9ration demand\u00e9e n\u00e9cessite une \u00e9l\u00e9vation|\u8bf7\u6c42\u7684\u64cd\u4f5c\u9700\u8981\u63d0\u5347)'
$script:AccessDeniedLine = '(?i)^(\S{1,40}\s?[:\uff1a]\s*)?((error|fehler|erreur)\s*:\s*)?(access (is )?denied|zugriff verweigert|acc\u00e8s refus\u00e9|\u62d2\u7edd\u8bbf\u95ee)'
# The lines netsh prints before its error (the table title and rule): not output of their own.
$script:ToolErrorHeaderLine = '(?i)^(ssl certificate bindings:?|ip addresses present in the ip listen list:?|-+|=+)$'

function Get-ToolErrorKind {
    # 'elevation' when a line of the output is ERROR_ELEVATION_REQUIRED, 'access-denied' when the
    # output holds nothing but access-denied lines (netsh's title aside), else $null: an error line
    # among real records (certutil on one key) leaves the output collected.
    param([string]$Text, [object]$ExitCode)
    if ($ExitCode -eq 740) { return 'elevation' }
    $lines = @(($Text -split '\r?\n') | ForEach-Object { $_.Trim() } | Where-Object { $_ -and $_ -notmatch $script:ToolErrorHeaderLine })
    if (@($lines | Where-Object { $_ -match $script:ElevationRequiredLine }).Count -gt 0) { return 'elevation' }
    if ($lines.Count -gt 0 -and @($lines | Where-Object { $_ -notmatch $script:AccessDeniedLine }).Count -eq 0) { return 'access-denied' }
    if ($ExitCode -eq 5) { return 'access-denied' }
    return $null
}

function Get-ToolErrorMessage {
    # What a failing tool said: its stderr, else the error line or the last line of its stdout.
    param([string]$Stdout, [string]$Stderr)
    if ($null -ne $Stderr -and $Stderr.Trim().Length -gt 0) {
        return (Limit-Text -Text $Stderr -Max 300)
    }
    $lines = @(($Stdout -split '\r?\n') | ForEach-Object { $_.Trim() } | Where-Object { $_ -and $_ -notmatch $script:ToolErrorHeaderLine })
    if ($lines.Count -eq 0) { return 'no output' }
    $err = @($lines | Where-Object { $_ -match $script:ElevationRequiredLine -or $_ -match $script:AccessDeniedLine })
    if ($err.Count -gt 0) { return (Limit-Text -Text $err[0] -Max 300) }
    return (Limit-Text -Text $lines[-1] -Max 300)
}

function Save-ToolOutput {
    # -ErrorOutputIsEvidence: a non-zero exit code with output is the answer, not a failure
    # (w32tm prints 0x80070426 for a stopped time service); elevation / access-denied text still fails.
    param(
        [string]$Id,
        [string]$Tool,
        [string[]]$Arguments,
        [int]$TimeoutSeconds = $StepTimeoutSeconds,
        [string]$Note = $null,
        [switch]$KeepPartial,
        [switch]$ErrorOutputIsEvidence
    )
    $cat = Get-CatalogEntry -Id $Id
    $r = Invoke-Tool -Tool $Tool -Arguments $Arguments -TimeoutSeconds $TimeoutSeconds
    if ($r.NotFound) {
        [void](Add-Entry -Id $Id -Status 'skipped' -Source $r.Command -Reason ("{0} not found on this system ({1})" -f $Tool, $r.Path))
        return
    }
    $out = ConvertFrom-ToolBytes -Bytes $r.Stdout -CodePage $script:ToolCodePage
    $err = ConvertFrom-ToolBytes -Bytes $r.Stderr -CodePage $script:ToolCodePage
    $reason = $Note
    $status = 'collected'
    $partial = $false
    if ($r.TimedOut) {
        $status = 'failed'
        $reason = ("timed out after {0} s and was stopped; partial output kept" -f $TimeoutSeconds)
        if ($KeepPartial -and $r.Stdout.Length -gt 0) {
            # wevtutil /rd:true writes the newest events first: what arrived is worth reading,
            # but the XML is cut off and the entry says so.
            $status = 'collected'
            $partial = $true
            $reason = ("PARTIAL: timed out after {0} s and was stopped; the output ends where it was cut (newest events first)" -f $TimeoutSeconds)
        }
    }
    else {
        # A non-zero exit code fails the step whatever it printed (netsh's elevation error is
        # printed on stdout with exit code 1, in the host's language); the text is the second
        # signal (a tool that exits 0 with only its error). The file is kept either way.
        $kind = Get-ToolErrorKind -Text ([string]$out.Text + "`n" + [string]$err.Text) -ExitCode $r.ExitCode
        $empty = ($null -eq $out.Text -or $out.Text.Trim().Length -eq 0)
        if ($null -ne $kind -or ($r.ExitCode -ne 0 -and ($empty -or -not $ErrorOutputIsEvidence))) {
            $status = 'failed'
            $reason = ("exit code {0}: {1}" -f $r.ExitCode, (Get-ToolErrorMessage -Stdout $out.Text -Stderr $err.Text))
            if ($kind -eq 'elevation') {
                $reason += ' (requires elevation: run the collector as administrator)'
            }
            elseif ($kind -eq 'access-denied') {
                $reason += ' (access denied)'
            }
            elseif (-not $script:IsElevated) {
                $reason += ' (the collector ran without elevation)'
            }
            if (-not $empty) {
                $reason += '; its output is kept'
            }
        }
    }
    if ($null -eq $out.Text) {
        [void](Write-OutputBytes -RelativePath $cat.Path -Bytes $r.Stdout)
        $enc = $out.From
    }
    else {
        [void](Write-OutputText -RelativePath $cat.Path -Text $out.Text)
        $enc = 'utf-8'
    }
    $e = Add-Entry -Id $Id -Status $status -Source $r.Command -ExitCode $r.ExitCode -Stderr $err.Text -DurationMs $r.DurationMs -Encoding $enc -Reason $reason
    $e.sourceEncoding = $out.From
    if ($partial) {
        $e.partial = $true
    }
}

function Save-RegistryExport {
    param([string]$Id, [string[]]$Keys, [switch]$AllowAllMissing)
    # reg export writes a UTF-16 file per key; they are merged into one UTF-8 .reg text.
    $cat = Get-CatalogEntry -Id $Id
    $sb = New-Object System.Text.StringBuilder
    [void]$sb.Append("Windows Registry Editor Version 5.00`r`n")
    $missing = New-Object System.Collections.ArrayList
    $errors = New-Object System.Collections.ArrayList
    $found = 0
    $total = [long]0
    $lastExit = 0
    $i = 0
    foreach ($key in $Keys) {
        $i++
        $tmp = Join-Path $script:TmpDir ("{0}-{1}.reg" -f ($Id -replace '[^a-z0-9]', '-'), $i)
        $r = Invoke-Tool -Tool 'reg' -Arguments @('export', $key, $tmp, '/y')
        $total += $r.DurationMs
        if ($r.NotFound) {
            throw 'reg.exe not found'
        }
        if ($r.TimedOut) {
            [void]$errors.Add("$key timed out")
            continue
        }
        if ($r.ExitCode -ne 0 -or -not (Test-Path -LiteralPath $tmp)) {
            $lastExit = $r.ExitCode
            $msg = (ConvertFrom-ToolBytes -Bytes $r.Stderr -CodePage $script:ToolCodePage).Text
            [void]$missing.Add(("{0}: {1}" -f $key, (Limit-Text -Text $msg -Max 200)))
            continue
        }
        $found++
        $text = (ConvertFrom-ToolBytes -Bytes ([System.IO.File]::ReadAllBytes($tmp)) -CodePage $script:ToolCodePage).Text
        Remove-OutputItem -Path $tmp
        $text = $text -replace '^\s*Windows Registry Editor Version 5\.00\s*', ''
        [void]$sb.Append("`r`n")
        [void]$sb.Append($text.TrimEnd())
        [void]$sb.Append("`r`n")
    }
    $source = 'reg export ' + ($Keys -join ' ; reg export ')
    if ($found -eq 0 -and -not $AllowAllMissing) {
        [void](Add-Entry -Id $Id -Status 'failed' -Source $source -ExitCode $lastExit -DurationMs $total -Reason ('no key could be exported: ' + (($missing + $errors) -join ' | ')))
        return
    }
    [void](Write-OutputText -RelativePath $cat.Path -Text $sb.ToString())
    $reason = $null
    if ($missing.Count -gt 0) {
        $reason = 'keys not present (nothing configured there): ' + ($missing -join ' | ')
    }
    if ($errors.Count -gt 0) {
        $reason = (@($reason) + $errors | Where-Object { $_ }) -join ' | '
    }
    [void](Add-Entry -Id $Id -Status 'collected' -Source $source -ExitCode 0 -DurationMs $total -Encoding 'utf-8' -Reason $reason)
}

# --- Cipher suites, curves and FIPS policy (issue 16) -----------------------------------------

function Save-TlsCmdletList {
    # Get-TlsCipherSuite / Get-TlsEccCurve (TLS module, build 14393 and later) as PowerShell
    # prints them: Format-List for the suites (their default view), one name a line for the curves.
    param([string]$Id, [string]$Cmdlet, [int]$Build)
    $cat = Get-CatalogEntry -Id $Id
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    if (-not (Get-Command -Name $Cmdlet -ErrorAction SilentlyContinue)) {
        $why = ('{0} is not available on this system (TLS module of Windows 10 / Server 2016, build 14393 and later; this is build {1}); the analyzer falls back to the cipher-suite policy keys and the defaults of the build' -f $Cmdlet, $Build)
        [void](Add-Entry -Id $Id -Status 'skipped' -Source $Cmdlet -Reason $why)
        return
    }
    $block = { Get-TlsCipherSuite | Format-List | Out-String -Width 4096 }
    if ($Cmdlet -eq 'Get-TlsEccCurve') {
        $block = { (@(Get-TlsEccCurve) | ForEach-Object { [string]$_ }) -join "`r`n" }
    }
    $r = Invoke-WithTimeout -ScriptBlock $block
    $text = (@($r.Output) | ForEach-Object { [string]$_ }) -join "`r`n"
    if ($text.Trim().Length -eq 0) {
        $why = 'no output'
        if ($r.Errors.Count -gt 0) { $why = ($r.Errors -join '; ') }
        [void](Add-Entry -Id $Id -Status 'failed' -Source $Cmdlet -DurationMs $sw.ElapsedMilliseconds -Reason $why)
        return
    }
    [void](Write-OutputText -RelativePath $cat.Path -Text ($text.Trim() + "`r`n"))
    $reason = $null
    if ($r.Errors.Count -gt 0) { $reason = ($r.Errors -join '; ') }
    [void](Add-Entry -Id $Id -Status 'collected' -Source $cat.Source -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
}

function Save-FipsPolicy {
    # The FipsAlgorithmPolicy key as reg exports it; the legacy Lsa FIPSAlgorithmPolicy DWORD
    # (Windows XP / 2003, still honoured) cannot be exported alone (reg export takes keys, and
    # the Lsa key holds far more), so it is read with Get-ItemProperty and appended as a .reg line.
    Save-RegistryExport -Id 'schannel.fips-policy' -AllowAllMissing -Keys @('HKLM\SYSTEM\CurrentControlSet\Control\Lsa\FipsAlgorithmPolicy')
    $legacy = $null
    try {
        $legacy = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa' -Name 'FIPSAlgorithmPolicy' -ErrorAction Stop).FIPSAlgorithmPolicy
    }
    catch {
        $legacy = $null
    }
    # With -AllowAllMissing the export always writes the file (a header alone when the key is absent).
    $cat = Get-CatalogEntry -Id 'schannel.fips-policy'
    $path = Join-Path $script:OutRoot $cat.Path
    if ($null -eq $legacy -or -not (Test-Path -LiteralPath $path)) {
        return
    }
    $line = ('"FIPSAlgorithmPolicy"=dword:{0:x8}' -f [long]$legacy)
    $text = ([System.IO.File]::ReadAllText($path)).TrimEnd() + "`r`n`r`n; value read with Get-ItemProperty (reg export cannot export one value)`r`n[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa]`r`n" + $line + "`r`n"
    [void](Write-OutputText -RelativePath $cat.Path -Text $text)
}

