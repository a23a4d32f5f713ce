# --- Event logs, IIS configuration, Centralized Certificate Store ---------------------------

function Save-Events {
    param([string]$Id, [string]$Log, [string[]]$ProviderFilter)
    $ms = [long]$Days * 86400000
    if ($ProviderFilter) {
        $names = ($ProviderFilter | ForEach-Object { "@Name='$_'" }) -join ' or '
        $query = "*[System[Provider[$names] and TimeCreated[timediff(@SystemTime) <= $ms]]]"
    }
    else {
        $query = "*[System[TimeCreated[timediff(@SystemTime) <= $ms]]]"
    }
    $note = $null
    $gl = Invoke-Tool -Tool 'wevtutil' -Arguments @('gl', $Log) -TimeoutSeconds 30
    if (-not $gl.NotFound -and $gl.ExitCode -eq 0) {
        $glText = (ConvertFrom-ToolBytes -Bytes $gl.Stdout -CodePage $script:ToolCodePage).Text
        if ($glText -match '(?m)^enabled:\s*false') {
            $note = "the $Log log is disabled on this server, so it records no events"
        }
    }
    Save-ToolOutput -Id $Id -Tool 'wevtutil' -Arguments @('qe', $Log, ('/q:' + $query), '/f:xml', '/e:Events', '/rd:true', '/uni:true', ('/c:' + $MaxEvents)) -Note $note -KeepPartial
    $cat = Get-CatalogEntry -Id $Id
    $full = Get-OutputFilePath -RelativePath $cat.Path
    if ((Test-Path -LiteralPath $full) -and (Get-Item -LiteralPath $full).Length -eq 0) {
        [void](Write-OutputText -RelativePath $cat.Path -Text '<Events></Events>')
    }
}

function Remove-ConfigPassword {
    param([string]$Text)
    # Encrypted passwords are of no use off this server: never let them leave it. An attribute
    # named like a secret, double- or single-quoted (XML allows both; hand-edited configs use
    # both): the whole value goes, doubled quotes inside it too; an empty value stays empty.
    $Text = [regex]::Replace($Text, '(?i)(?<![\w.:-])([\w.:-]*(?:password|pwd|sessionKey)[\w.:-]*\s*=\s*)(["''])(?!\2)(?:(?!\2)[\s\S]|\2\2)*\2', '${1}${2}[removed by collector]${2}')
    # ... and so are passwords inside connection strings (Password=...; Pwd=...). A password may
    # hold ';': the value runs to the ';' that starts the next key=, else to the quote that
    # closes the attribute (followed by another attribute, '/>' or '>'), else to the line's end.
    $Text = [regex]::Replace($Text, '(?im)(?<=[;"''\s])((?:password|pwd)\s*=\s*)(?!["''\[])(?:\{[^}\r\n]*\})?.*?(?=;\s*[A-Za-z][\w ]*=|;?["''](?:\s+[\w.:-]+\s*=|\s*/?>|\s*$)|;?\s*$)', '${1}[removed by collector]')
    # IIS encrypted values ([enc:AesProvider:...:enc]) in any attribute.
    $Text = [regex]::Replace($Text, '(?i)\[enc:[^\]\s]*?:enc\]', '[removed by collector]')
    return $Text
}

function Save-IisRedirection {
    # IIS shared configuration: redirection.config can point IIS at an applicationHost.config on a
    # share, and then the local file is stale while appcmd reads the effective one.
    param([string]$ConfigDir)
    $src = Join-Path $ConfigDir 'redirection.config'
    if (-not (Test-Path -LiteralPath $src)) {
        [void](Add-Entry -Id 'iis.redirection' -Status 'skipped' -Source $src -Reason 'no redirection.config: shared configuration is not set up')
        return
    }
    try {
        $bytes = [System.IO.File]::ReadAllBytes($src)
    }
    catch {
        [void](Add-Entry -Id 'iis.redirection' -Status 'failed' -Source $src -Reason $_.Exception.Message)
        return
    }
    $text = (ConvertFrom-ToolBytes -Bytes $bytes -CodePage $script:AnsiCodePage).Text
    $m = [regex]::Match([string]$text, '(?is)<configurationRedirection\b([^>]*)>')
    $enabled = $false
    $path = $null
    if ($m.Success) {
        $enabled = ($m.Groups[1].Value -match '(?i)\benabled\s*=\s*"\s*true\s*"')
        if ($m.Groups[1].Value -match '(?i)\bpath\s*=\s*"([^"]*)"') {
            $path = $Matches[1]
        }
    }
    $script:IisRedirect = [ordered]@{ enabled = [bool]$enabled; path = $path }
    [void](Write-OutputText -RelativePath 'iis/redirection.config' -Text (Remove-ConfigPassword -Text $text))
    $reason = 'shared configuration is disabled (configurationRedirection enabled is not true)'
    if ($enabled) {
        $reason = ('shared configuration is ENABLED: IIS reads applicationHost.config from {0}' -f $path)
    }
    [void](Add-Entry -Id 'iis.redirection' -Status 'collected' -Source $src -Encoding 'utf-8' -Reason ($reason + '; password attributes replaced by [removed by collector]'))
}

function Save-IisConfig {
    $configDir = Join-Path (Join-Path $script:Sys32 'inetsrv') 'config'
    $src = Join-Path $configDir 'applicationHost.config'
    if (-not (Test-Path -LiteralPath (Join-Path $script:Sys32 'inetsrv'))) {
        [void](Add-Entry -Id 'iis.config' -Status 'skipped' -Source $src -Reason 'IIS is not installed (no inetsrv folder)')
        [void](Add-Entry -Id 'iis.redirection' -Status 'skipped' -Source 'redirection.config' -Reason 'IIS is not installed (no inetsrv folder)')
        return
    }
    Save-IisRedirection -ConfigDir $configDir
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    try {
        $bytes = [System.IO.File]::ReadAllBytes($src)
    }
    catch {
        $why = $_.Exception.Message
        if (-not $script:IsElevated) {
            $why = 'needs elevation (run as administrator): ' + $why
        }
        [void](Add-Entry -Id 'iis.config' -Status 'failed' -Source $src -Reason $why)
        return
    }
    $text = Remove-ConfigPassword -Text (ConvertFrom-ToolBytes -Bytes $bytes -CodePage $script:AnsiCodePage).Text
    foreach ($m in [regex]::Matches($text, '(?i)bindingInformation\s*=\s*"[^"]*:\d+:([^"]+)"')) {
        [void]$script:SensitiveNames.Add($m.Groups[1].Value)
    }
    [void](Write-OutputText -RelativePath 'iis/applicationHost.config' -Text $text)
    if ($null -ne $script:IisRedirect -and $script:IisRedirect.enabled) {
        # Kept as evidence, but marked so that the analyzer does not read stale sites from it.
        [void](Add-Entry -Id 'iis.config' -Status 'skipped' -Source $src -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason ('not effective: shared configuration is enabled, IIS reads applicationHost.config from {0}; this local copy is kept as evidence only. The effective sites are in iis/appcmd-list-site.txt and iis/appcmd-list-site-config.xml' -f $script:IisRedirect.path))
        return
    }
    [void](Add-Entry -Id 'iis.config' -Status 'collected' -Source $src -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason 'password attributes replaced by [removed by collector]')
}

function Save-AppcmdSites {
    if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'appcmd'))) {
        [void](Add-Entry -Id 'iis.appcmd-sites' -Status 'skipped' -Source 'appcmd list site' -Reason 'IIS is not installed (no inetsrv\appcmd.exe)')
        return
    }
    Save-ToolOutput -Id 'iis.appcmd-sites' -Tool 'appcmd' -Arguments @('list', 'site')
}

function Save-AppcmdSiteConfig {
    # The effective site configuration (also under shared configuration), as IIS itself reads it.
    if (-not (Test-Path -LiteralPath (Get-ToolPath -Tool 'appcmd'))) {
        [void](Add-Entry -Id 'iis.appcmd-sites-config' -Status 'skipped' -Source 'appcmd list site /config /xml' -Reason 'IIS is not installed (no inetsrv\appcmd.exe)')
        return
    }
    Save-ToolOutput -Id 'iis.appcmd-sites-config' -Tool 'appcmd' -Arguments @('list', 'site', '/config', '/xml')
    $cat = Get-CatalogEntry -Id 'iis.appcmd-sites-config'
    $full = Get-OutputFilePath -RelativePath $cat.Path
    if (Test-Path -LiteralPath $full) {
        [void](Write-OutputText -RelativePath $cat.Path -Text (Remove-ConfigPassword -Text ([System.IO.File]::ReadAllText($full, $script:Utf8NoBom))))
    }
}

function Save-CcsEvidence {
    # IIS Centralized Certificate Store: the provider's registry values (never the Password /
    # PrivateKeyPassword data, only whether they are set) and the certificate file names in its folder.
    $key = 'HKLM:\SOFTWARE\Microsoft\IIS\CentralCertProvider'
    $source = 'Get-ItemProperty HKLM:\SOFTWARE\Microsoft\IIS\CentralCertProvider; certificate file names in CertStoreLocation'
    if (-not (Test-Path -LiteralPath $key)) {
        [void](Add-Entry -Id 'iis.ccs' -Status 'skipped' -Source $source -Reason 'the Centralized Certificate Store is not configured (no CentralCertProvider key)')
        return
    }
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $p = Get-ItemProperty -LiteralPath $key
    $names = @($p.PSObject.Properties | Where-Object { $_.Name -notlike 'PS*' } | ForEach-Object { $_.Name })
    $reg = [ordered]@{ present = $true; Enabled = $null; CertStoreLocation = $null; UserName = $null; PollingInterval = $null; PasswordSet = ($names -contains 'Password'); PrivateKeyPasswordSet = ($names -contains 'PrivateKeyPassword'); OtherValues = @() }
    foreach ($n in $names) {
        if ($n -eq 'Enabled' -or $n -eq 'PollingInterval') { $reg[$n] = [int]$p.$n }
        elseif ($n -eq 'CertStoreLocation' -or $n -eq 'UserName') { $reg[$n] = [string]$p.$n }
        elseif ($n -ne 'Password' -and $n -ne 'PrivateKeyPassword') { $reg.OtherValues += $n }
    }
    $listing = [ordered]@{ status = 'skipped'; path = $reg.CertStoreLocation; error = $null; files = @(); truncated = $false; maxFiles = 2000 }
    if ($reg.Enabled -ne 1) {
        $listing.error = 'provider not enabled'
    }
    elseif (-not $reg.CertStoreLocation) {
        $listing.error = 'no CertStoreLocation'
    }
    else {
        # A share can hang: names only, bounded, with a time limit. The collecting account may see
        # the folder differently from the account IIS uses (UserName).
        try {
            $r = Invoke-WithTimeout -TimeoutSeconds 30 -ArgumentList @($reg.CertStoreLocation) -ScriptBlock {
                param($Folder)
                Get-ChildItem -LiteralPath $Folder -Filter '*.pfx' -File -ErrorAction Stop | Select-Object -First 2001 | ForEach-Object { $_.Name }
            }
            if ($r.Errors.Count -gt 0) { throw ($r.Errors -join '; ') }
            $files = @($r.Output | ForEach-Object { [string]$_ })
            $listing.status = 'listed'
            $listing.truncated = ($files.Count -gt 2000)
            $listing.files = @($files | Select-Object -First 2000)
        }
        catch {
            $listing.status = 'error'
            $listing.error = $_.Exception.Message
        }
    }
    $doc = [ordered]@{ formatVersion = 1; registry = $reg; listing = $listing }
    [void](Write-OutputText -RelativePath 'iis/central-certificate-store.json' -Text (ConvertTo-Json -InputObject $doc -Depth 4))
    [void](Add-Entry -Id 'iis.ccs' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason 'password values not read (only whether they are set)')
}

