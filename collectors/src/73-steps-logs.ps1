# --- HTTP.sys error logs and IIS W3C logs (issue 16) ------------------------------------------

function Read-LogTail {
    # The bytes of a log file HTTP.sys or IIS may be writing: opened for reading only, sharing
    # read and write with the writer. A file larger than MaxBytes keeps its header block (the
    # leading #Software / #Fields lines) and its newest whole lines, with a #Remark saying so.
    param([string]$Path, [long]$MaxBytes)
    $stream = [System.IO.File]::Open($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)
    try {
        $length = [long]$stream.Length
        $want = [long][Math]::Min($length, $MaxBytes)
        $buf = New-Object byte[] ([int]$want)
        if ($length -le $MaxBytes) {
            $got = 0
            while ($got -lt $want) {
                $n = $stream.Read($buf, $got, [int]($want - $got))
                if ($n -le 0) { break }
                $got += $n
            }
            return [pscustomobject]@{ Bytes = [byte[]]$buf[0..([Math]::Max(0, $got - 1))]; Truncated = $false; Length = $length; Kept = [long]$got }
        }
        # the header block: the leading lines that start with '#', within the first 8 KiB
        $headLen = [int][Math]::Min(8192, $length)
        $head = New-Object byte[] $headLen
        $got = 0
        while ($got -lt $headLen) {
            $n = $stream.Read($head, $got, $headLen - $got)
            if ($n -le 0) { break }
            $got += $n
        }
        $end = 0
        while ($end -lt $got -and $head[$end] -eq 0x23) {
            $nl = $end
            while ($nl -lt $got -and $head[$nl] -ne 0x0A) { $nl++ }
            if ($nl -ge $got) { break }
            $end = $nl + 1
        }
        $tailLen = [long]($MaxBytes - $end - 200)
        $stream.Position = $length - $tailLen
        $tail = New-Object byte[] ([int]$tailLen)
        $got = 0
        while ($got -lt $tailLen) {
            $n = $stream.Read($tail, $got, [int]($tailLen - $got))
            if ($n -le 0) { break }
            $got += $n
        }
        # drop the partial first line of the tail
        $first = 0
        while ($first -lt $got -and $tail[$first] -ne 0x0A) { $first++ }
        if ($first + 1 -ge $got) {
            $tailBytes = [byte[]]@()
        }
        else {
            $tailBytes = [byte[]]$tail[($first + 1)..($got - 1)]
        }
        $left = $length - $end - $tailBytes.Length
        $remark = $script:Utf8NoBom.GetBytes(("#Remark: tls-doctor: truncated, {0} bytes left out after this header (newest lines kept)`r`n" -f $left))
        $headBytes = [byte[]]@()
        if ($end -gt 0) { $headBytes = [byte[]]$head[0..($end - 1)] }
        return [pscustomobject]@{ Bytes = [byte[]]($headBytes + $remark + $tailBytes); Truncated = $true; Length = $length; Kept = [long]($end + $tailBytes.Length) }
    }
    finally {
        $stream.Dispose()
    }
}

function ConvertTo-LocalPath {
    # %SystemRoot% / %SystemDrive% expanded; either separator accepted.
    param([string]$Path)
    $p = [Environment]::ExpandEnvironmentVariables($Path)
    return ($p -replace '[\\/]', [string][System.IO.Path]::DirectorySeparatorChar)
}

function Save-HttpErrLogs {
    $maxTotal = [long]8388608
    $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'
    $base = Join-Path $script:Sys32 'LogFiles'
    $from = 'default %SystemRoot%\System32\LogFiles'
    $p = $null
    if (Test-Path -LiteralPath $key) {
        # A key without values (no logging settings at all) reads as the defaults.
        try { $p = Get-ItemProperty -LiteralPath $key } catch { $p = $null }
    }
    if ($null -ne $p) {
        if ($p.PSObject.Properties.Name -contains 'EnableErrorLogging' -and [int]$p.EnableErrorLogging -eq 0) {
            [void](Add-Entry -Id 'logs.httperr' -Status 'skipped' -Source $key -Reason 'HTTP.sys error logging is turned off (EnableErrorLogging = 0)')
            return
        }
        if ($p.PSObject.Properties.Name -contains 'ErrorLoggingDir' -and [string]$p.ErrorLoggingDir) {
            $base = ConvertTo-LocalPath -Path ([string]$p.ErrorLoggingDir)
            $from = 'ErrorLoggingDir ' + [string]$p.ErrorLoggingDir
        }
    }
    $dir = Join-Path $base 'HTTPERR'
    $source = ('httperr*.log in {0} ({1}), newest first, at most {2} bytes' -f $dir, $from, $maxTotal)
    if (-not (Test-Path -LiteralPath $dir -PathType Container)) {
        [void](Add-Entry -Id 'logs.httperr' -Status 'skipped' -Source $source -Reason 'no HTTPERR folder: HTTP.sys has written no error log there')
        return
    }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $files = @(Get-ChildItem -LiteralPath $dir -Filter 'httperr*.log' -File -ErrorAction Stop | Sort-Object -Property LastWriteTimeUtc -Descending)
    if ($files.Count -eq 0) {
        [void](Add-Entry -Id 'logs.httperr' -Status 'skipped' -Source $source -Reason 'the HTTPERR folder holds no httperr*.log file')
        return
    }
    $written = New-Object System.Collections.ArrayList
    $notes = New-Object System.Collections.ArrayList
    $left = $maxTotal
    $partial = $false
    foreach ($f in $files) {
        if ($left -lt 65536) {
            [void]$notes.Add(('{0} older file(s) left out (size limit)' -f ($files.Count - $written.Count)))
            break
        }
        $r = Read-LogTail -Path $f.FullName -MaxBytes $left
        $rel = 'logs/httperr/' + $f.Name
        [void](Write-OutputBytes -RelativePath $rel -Bytes (Remove-W3cQueryValue -Bytes $r.Bytes))
        [void]$written.Add($rel)
        $left -= $r.Bytes.Length
        if ($r.Truncated) {
            $partial = $true
            [void]$notes.Add(('{0}: newest {1} of {2} bytes kept' -f $f.Name, $r.Kept, $r.Length))
        }
    }
    $e = Add-Entry -Id 'logs.httperr' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @($written) -Reason ($notes -join '; ')
    if ($partial) { $e.partial = $true }
}

function Get-HttpsSiteLogFolders {
    # Site id -> W3C log folder of each site with an https binding, from the collected
    # applicationHost.config (logFile directory of the site, else of siteDefaults, else the default).
    $cfg = Get-OutputFilePath -RelativePath 'iis/applicationHost.config'
    $text = [System.IO.File]::ReadAllText($cfg, $script:Utf8NoBom)
    $default = '%SystemDrive%\inetpub\logs\LogFiles'
    $d = [regex]::Match($text, '(?is)<siteDefaults\b.*?</siteDefaults>')
    if ($d.Success) {
        $m = [regex]::Match($d.Value, '(?is)<logFile\b[^>]*\bdirectory\s*=\s*"([^"]+)"')
        if ($m.Success) { $default = $m.Groups[1].Value }
    }
    $out = [ordered]@{}
    foreach ($s in [regex]::Matches($text, '(?is)<site\b([^>]*)>(.*?)</site>')) {
        $id = [regex]::Match($s.Groups[1].Value, '(?i)\bid\s*=\s*"(\d+)"')
        if (-not $id.Success) { continue }
        if ($s.Groups[2].Value -notmatch '(?i)<binding\b[^>]*\bprotocol\s*=\s*"https"') { continue }
        $folder = $default
        $m = [regex]::Match($s.Groups[2].Value, '(?is)<logFile\b[^>]*\bdirectory\s*=\s*"([^"]+)"')
        if ($m.Success) { $folder = $m.Groups[1].Value }
        $out[$id.Groups[1].Value] = Join-Path (ConvertTo-LocalPath -Path $folder) ('W3SVC' + $id.Groups[1].Value)
    }
    return $out
}

function Save-IisSiteLogs {
    $perSite = [long]4194304
    $maxTotal = [long]16777216
    $source = ('the newest u_ex*.log of each site with an https binding (logFile directory from applicationHost.config), at most {0} bytes per site, {1} in total' -f $perSite, $maxTotal)
    if (-not (Test-EntryExists -Id 'iis.config') -or -not (@($script:Entries | Where-Object { $_.id -eq 'iis.config' -and $_.status -eq 'collected' }).Count -gt 0)) {
        [void](Add-Entry -Id 'logs.iis-w3c' -Status 'skipped' -Source $source -Reason 'no effective applicationHost.config was collected (IIS not installed, not readable, or shared configuration): the log folders are unknown')
        return
    }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $folders = Get-HttpsSiteLogFolders
    if ($folders.Count -eq 0) {
        [void](Add-Entry -Id 'logs.iis-w3c' -Status 'skipped' -Source $source -Reason 'no IIS site has an https binding')
        return
    }
    $written = New-Object System.Collections.ArrayList
    $notes = New-Object System.Collections.ArrayList
    $left = $maxTotal
    $partial = $false
    foreach ($id in $folders.Keys) {
        $dir = $folders[$id]
        $newest = $null
        if (Test-Path -LiteralPath $dir -PathType Container) {
            $newest = @(Get-ChildItem -LiteralPath $dir -Filter 'u_ex*.log' -File -ErrorAction Stop | Sort-Object -Property LastWriteTimeUtc -Descending | Select-Object -First 1)
        }
        if ($null -eq $newest -or $newest.Count -eq 0) {
            [void]$notes.Add(('site {0}: no u_ex*.log in {1}' -f $id, $dir))
            continue
        }
        if ($left -lt 65536) {
            [void]$notes.Add(('site {0}: left out (size limit)' -f $id))
            continue
        }
        $r = Read-LogTail -Path $newest[0].FullName -MaxBytes ([Math]::Min($perSite, $left))
        $rel = ('logs/iis/W3SVC{0}/{1}' -f $id, $newest[0].Name)
        [void](Write-OutputBytes -RelativePath $rel -Bytes (Remove-W3cQueryValue -Bytes $r.Bytes))
        [void]$written.Add($rel)
        $left -= $r.Bytes.Length
        if ($r.Truncated) {
            $partial = $true
            [void]$notes.Add(('site {0}: newest {1} of {2} bytes of {3} kept' -f $id, $r.Kept, $r.Length, $newest[0].Name))
        }
    }
    if ($written.Count -eq 0) {
        [void](Add-Entry -Id 'logs.iis-w3c' -Status 'skipped' -Source $source -DurationMs $sw.ElapsedMilliseconds -Reason ('no W3C log file found: ' + ($notes -join '; ')))
        return
    }
    $e = Add-Entry -Id 'logs.iis-w3c' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Files @($written) -Reason ($notes -join '; ')
    if ($partial) { $e.partial = $true }
}

function Remove-W3cQueryValue {
    # Query strings carry tokens (?access_token=, ?code=, ?sig=): the value of every parameter of
    # cs-uri-query (IIS) and of the query part of cs-uri (HTTPERR) and cs(Referer) becomes
    # [removed] (the names stay: they tell which endpoint was called); cs(Cookie) values go whole. Always, not only with
    # -Redact: a token is never needed to diagnose TLS. Bytes in, bytes out through Latin-1 (one
    # char per byte), so every other byte of the log stays as IIS wrote it.
    param([byte[]]$Bytes)
    if ($null -eq $Bytes -or $Bytes.Length -eq 0) { return $Bytes }
    $latin1 = [System.Text.Encoding]::GetEncoding(28591)
    $lines = $latin1.GetString($Bytes) -split "`n"
    $query = -1
    $referer = -1
    $uri = -1
    $cookie = -1
    $changed = $false
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $l = $lines[$i]
        if ($l.StartsWith('#Fields:')) {
            $names = @($l.Substring(8).Trim() -split ' ')
            $query = $names.IndexOf('cs-uri-query')
            $referer = $names.IndexOf('cs(Referer)')
            $uri = $names.IndexOf('cs-uri')
            $cookie = $names.IndexOf('cs(Cookie)')
            continue
        }
        if ($l.StartsWith('#') -or ($query -lt 0 -and $referer -lt 0 -and $uri -lt 0 -and $cookie -lt 0)) { continue }
        $cr = $l.EndsWith("`r")
        $v = $l.TrimEnd("`r") -split ' '
        $touched = $false
        if ($query -ge 0 -and $query -lt $v.Count -and $v[$query] -ne '-') {
            $v[$query] = Remove-QueryParameterValue -Query $v[$query]
            $touched = $true
        }
        foreach ($k in @($referer, $uri)) {
            if ($k -ge 0 -and $k -lt $v.Count -and $v[$k].Contains('?')) {
                $at = $v[$k].IndexOf('?')
                $v[$k] = $v[$k].Substring(0, $at + 1) + (Remove-QueryParameterValue -Query $v[$k].Substring($at + 1))
                $touched = $true
            }
        }
        if ($cookie -ge 0 -and $cookie -lt $v.Count -and $v[$cookie] -ne '-') {
            $v[$cookie] = '[removed]'
            $touched = $true
        }
        if ($touched) {
            $lines[$i] = ($v -join ' ') + $(if ($cr) { "`r" } else { '' })
            $changed = $true
        }
    }
    if (-not $changed) { return $Bytes }
    return [byte[]]$latin1.GetBytes($lines -join "`n")
}

function Remove-QueryParameterValue {
    # a=1&token=xyz -> a=[removed]&token=[removed]; a parameter without '=' may be a token itself.
    param([string]$Query)
    $parts = @($Query -split '&' | ForEach-Object {
            $eq = $_.IndexOf('=')
            if ($eq -ge 0) { $_.Substring(0, $eq + 1) + '[removed]' }
            elseif ($_ -ne '') { '[removed]' }
            else { $_ }
        })
    return ($parts -join '&')
}

function Protect-W3cLog {
    # -Redact: the cs-username column of each #Fields: block becomes a token, then the usual
    # address / host / user replacement runs over the whole file.
    param([string]$Text)
    $userAt = -1
    $lines = $Text -split "`n"
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $l = $lines[$i]
        if ($l.StartsWith('#Fields:')) {
            $names = @($l.Substring(8).Trim() -split ' ')
            $userAt = -1
            for ($k = 0; $k -lt $names.Count; $k++) {
                if ($names[$k] -eq 'cs-username') { $userAt = $k }
            }
            continue
        }
        if ($userAt -lt 0 -or $l.StartsWith('#')) { continue }
        $v = $l.TrimEnd("`r") -split ' '
        if ($userAt -lt $v.Count -and $v[$userAt] -ne '-') {
            $v[$userAt] = Get-Token -Kind 'user' -Value $v[$userAt]
            $lines[$i] = ($v -join ' ') + $(if ($l.EndsWith("`r")) { "`r" } else { '' })
        }
    }
    return (Protect-Text -Text ($lines -join "`n"))
}

