# ---------------------------------------------------------------------------------------------
# Redaction: stable tokens for host names, IP addresses and user names
# ---------------------------------------------------------------------------------------------

function Get-Token {
    param([string]$Kind, [string]$Value)
    $key = $Kind + ':' + $Value.ToLowerInvariant()
    if ($script:RedactMap.Contains($key)) {
        return $script:RedactMap[$key]
    }
    if (-not $script:RedactCounters.ContainsKey($Kind)) {
        $script:RedactCounters[$Kind] = 0
    }
    $script:RedactCounters[$Kind]++
    $n = $script:RedactCounters[$Kind]
    switch ($Kind) {
        'ipv4' { $token = ('198.18.{0}.{1}' -f [Math]::Floor($n / 250), (($n % 250) + 1)) }
        'ipv6' { $token = ('2001:db8::{0:x}' -f $n) }
        'label' { $token = ('name{0}' -f $n) }
        'host' { $token = ('HOST{0}' -f $n) }
        'user' { $token = ('user{0}' -f $n) }
        default { $token = ('{0}{1}' -f $Kind, $n) }
    }
    $script:RedactMap[$key] = $token
    return $token
}

function Initialize-Redaction {
    $script:KeepAccounts = @('NT AUTHORITY', 'BUILTIN', 'NT SERVICE', 'IIS APPPOOL', 'APPLICATION PACKAGE AUTHORITY', 'Window Manager', 'Font Driver Host', 'NT VIRTUAL MACHINE', 'CREATOR OWNER', 'Everyone')
    $single = New-Object System.Collections.ArrayList
    foreach ($n in @($env:COMPUTERNAME, $env:USERDOMAIN)) {
        if ($n -and $n.Length -ge 2 -and $single -notcontains $n) {
            [void]$single.Add($n)
        }
    }
    $domains = New-Object System.Collections.ArrayList
    $all = @($script:SensitiveNames) + @($script:HostDomain, $env:USERDNSDOMAIN)
    foreach ($n in $all) {
        if (-not $n -or $n -eq 'localhost' -or $n -match '^[\d.]+$' -or $n -match ':') {
            continue
        }
        $name = ([string]$n).Trim().TrimStart('*').TrimStart('.').ToLowerInvariant()
        $labels = @($name.Split('.') | Where-Object { $_ })
        if ($labels.Count -ge 2) {
            $d = ($labels[($labels.Count - 2)..($labels.Count - 1)] -join '.')
            if ($domains -notcontains $d -and $d -match '^[a-z0-9-]+\.[a-z0-9-]+$') {
                [void]$domains.Add($d)
            }
        }
        elseif ($labels.Count -eq 1 -and $labels[0].Length -ge 3 -and $single -notcontains $labels[0]) {
            [void]$single.Add($labels[0])
        }
    }
    $script:RedactDomains = @($domains)
    $script:RedactSingles = @($single)
}

function Protect-Text {
    param([string]$Text)
    if (-not $Text) {
        return $Text
    }
    # Host names under a known domain, label by label (keeps *.example.com matching www.example.com).
    if ($script:RedactDomains.Count -gt 0) {
        $alt = ($script:RedactDomains | ForEach-Object { [regex]::Escape($_) }) -join '|'
        $pattern = '(?i)(?<![A-Za-z0-9_-])((?:[A-Za-z0-9*_-]+\.)*)(' + $alt + ')(?![A-Za-z0-9_-])'
        $Text = [regex]::Replace($Text, $pattern, [System.Text.RegularExpressions.MatchEvaluator] {
                param($m)
                $labels = $m.Value.Split('.')
                $out = for ($i = 0; $i -lt $labels.Count; $i++) {
                    $l = $labels[$i]
                    if ($i -eq $labels.Count - 1 -or $l -eq '*' -or $l -eq '') {
                        $l
                    }
                    else {
                        Get-Token -Kind 'label' -Value $l
                    }
                }
                ($out -join '.')
            })
    }
    # user names: DOMAIN\user and user@domain
    $Text = [regex]::Replace($Text, '(?<![A-Za-z0-9_.-])([A-Za-z0-9][A-Za-z0-9._-]{0,30})\\([A-Za-z0-9._$-]{1,64})(?![A-Za-z0-9_$-])', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $dom = $m.Groups[1].Value
            if ($script:KeepAccounts -contains $dom) {
                return $m.Value
            }
            $isHost = $false
            foreach ($s in $script:RedactSingles) {
                if ($dom -ieq $s) {
                    $isHost = $true
                }
            }
            if (-not $isHost) {
                return $m.Value
            }
            return ((Get-Token -Kind 'host' -Value $dom) + '\' + (Get-Token -Kind 'user' -Value $m.Groups[2].Value))
        })
    if ($env:USERNAME -and $env:USERNAME.Length -ge 3 -and $env:USERNAME -ne 'Administrator' -and $env:USERNAME -ne 'SYSTEM') {
        $Text = [regex]::Replace($Text, '(?i)(?<![A-Za-z0-9_-])' + [regex]::Escape($env:USERNAME) + '(?![A-Za-z0-9_-])', [System.Text.RegularExpressions.MatchEvaluator] {
                param($m)
                Get-Token -Kind 'user' -Value $m.Value
            })
    }
    foreach ($s in $script:RedactSingles) {
        $Text = [regex]::Replace($Text, '(?i)(?<![A-Za-z0-9_-])' + [regex]::Escape($s) + '(?![A-Za-z0-9_-])', [System.Text.RegularExpressions.MatchEvaluator] {
                param($m)
                Get-Token -Kind 'host' -Value $m.Value
            })
    }
    # IPv4 (not OIDs, not versions, not loopback / unspecified / broadcast / masks)
    $Text = [regex]::Replace($Text, '(?<![\d.])(?<!ersion=)(?<!ersion=")(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $o = @([int]$m.Groups[1].Value, [int]$m.Groups[2].Value, [int]$m.Groups[3].Value, [int]$m.Groups[4].Value)
            if (@($o | Where-Object { $_ -gt 255 }).Count -gt 0) { return $m.Value }
            if ($o[0] -eq 0 -or $o[0] -eq 127 -or $o[0] -eq 255) { return $m.Value }
            if ($o[0] -eq 198 -and ($o[1] -eq 18 -or $o[1] -eq 19)) { return $m.Value }
            return (Get-Token -Kind 'ipv4' -Value $m.Value)
        })
    # IPv6 (validated; :: and ::1 kept)
    $Text = [regex]::Replace($Text, '(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%\d+)?(?![0-9A-Fa-f:.])', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $v = $m.Value
            $bare = ($v -split '%')[0]
            if ($bare -eq '::' -or $bare -eq '::1' -or $bare -notmatch '[0-9A-Fa-f]' -or $bare -like '2001:db8:*') { return $v }
            $addr = $null
            if (-not [System.Net.IPAddress]::TryParse($bare, [ref]$addr)) { return $v }
            if ($addr.AddressFamily -ne [System.Net.Sockets.AddressFamily]::InterNetworkV6) { return $v }
            return (Get-Token -Kind 'ipv6' -Value $v)
        })
    return $Text
}

function Protect-RegText {
    param([string]$Text)
    # REG_MULTI_SZ / REG_EXPAND_SZ values are hex-encoded UTF-16 (ListenOnlyList holds IPs).
    $Text = [regex]::Replace($Text, '(?i)=(hex\((?:2|7)\)):((?:[0-9a-f]{2},?(?:\\\r?\n\s*)?)+)', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $hexes = [regex]::Matches($m.Groups[2].Value, '[0-9a-fA-F]{2}')
            $bytes = New-Object -TypeName 'System.Byte[]' -ArgumentList $hexes.Count
            for ($i = 0; $i -lt $hexes.Count; $i++) {
                $bytes[$i] = [System.Convert]::ToByte($hexes[$i].Value, 16)
            }
            $plain = [System.Text.Encoding]::Unicode.GetString($bytes)
            $safe = Protect-Text -Text $plain
            if ($safe -eq $plain) {
                return $m.Value
            }
            $outBytes = [System.Text.Encoding]::Unicode.GetBytes($safe)
            $trail = ''
            if ($m.Value -match '\r?\n$') {
                $trail = "`r`n"
            }
            return ('=' + $m.Groups[1].Value + ':' + (($outBytes | ForEach-Object { $_.ToString('x2') }) -join ',') + $trail)
        })
    return (Protect-Text -Text $Text)
}

function Protect-HotFixCsv {
    # InstalledBy (the 4th column of system/hotfixes.csv) names whoever installed an update: a user
    # token unless it is a built-in account (NT AUTHORITY\SYSTEM), whatever its domain is.
    param([string]$Text)
    return [regex]::Replace($Text, '(?m)^("[^"]*","[^"]*","[^"]*",)"([^"]+)"', [System.Text.RegularExpressions.MatchEvaluator] {
            param($m)
            $who = $m.Groups[2].Value
            if ($who -eq 'InstalledBy' -or $who -like 'NT AUTHORITY\*') {
                return $m.Value
            }
            return ($m.Groups[1].Value + '"' + (Get-Token -Kind 'user' -Value $who) + '"')
        })
}

function Invoke-Redaction {
    Initialize-Redaction
    foreach ($e in $script:Entries) {
        if ($e.status -eq 'skipped' -and -not $e._files) {
            continue
        }
        $cat = Get-CatalogEntry -Id $e.id
        if ($cat.Kind -eq 'directory') {
            continue
        }
        $full = Get-OutputFilePath -RelativePath $cat.Path
        if (-not (Test-Path -LiteralPath $full)) {
            continue
        }
        $text = [System.IO.File]::ReadAllText($full, $script:Utf8NoBom)
        if ($cat.Path -like '*.reg') {
            $safe = Protect-RegText -Text $text
        }
        else {
            $safe = Protect-Text -Text $text
        }
        if ($cat.Id -eq 'system.hotfixes') {
            $safe = Protect-HotFixCsv -Text $safe
        }
        if ($cat.Id -eq 'cert.certutil') {
            # hex dumps show names split across lines, beyond the reach of text replacement
            $safe = [regex]::Replace($safe, '(?m)^\s*[0-9a-f]{4}\s+(?:[0-9a-f]{2}\s){1,16}.*\r?\n', '')
        }
        [void](Write-OutputText -RelativePath $cat.Path -Text $safe)
    }
    # HTTP.sys and IIS logs (issue 16): client addresses and user names in every kept file
    foreach ($e in $script:Entries) {
        if (($e.id -eq 'logs.httperr' -or $e.id -eq 'logs.iis-w3c') -and $e._files) {
            foreach ($f in $e._files) {
                $full = Get-OutputFilePath -RelativePath $f
                [void](Write-OutputText -RelativePath $f -Text (Protect-W3cLog -Text ([System.IO.File]::ReadAllText($full, $script:Utf8NoBom))))
            }
        }
    }
    foreach ($e in $script:Entries) {
        if ($e.id -eq 'capture.pcap' -and $e._files) {
            foreach ($f in $e._files) {
                Remove-OutputItem -Path (Get-OutputFilePath -RelativePath $f)
            }
            $e.status = 'skipped'
            $e._files = @()
            $e.reason = 'left out under -Redact: packet captures hold IP addresses and host names that cannot be redacted'
        }
        foreach ($k in @('source', 'stderr', 'reason')) {
            if ($e.Contains($k)) {
                $e[$k] = Protect-Text -Text $e[$k]
            }
        }
    }
}

