# ---------------------------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------------------------

function Invoke-Step {
    param([string[]]$Ids, [string]$Title, [scriptblock]$Action)
    $script:StepNumber++
    $label = ('[{0,2}/{1}] {2}' -f $script:StepNumber, $script:StepCount, $Title)
    Write-Host ($label + ' ... ') -NoNewline
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $failure = $null
    try {
        & $Action
    }
    catch {
        $failure = $_.Exception.Message
    }
    foreach ($id in $Ids) {
        if (-not (Test-EntryExists -Id $id)) {
            $why = $failure
            if (-not $why) {
                $why = 'the step produced nothing'
            }
            [void](Add-Entry -Id $id -Status 'failed' -DurationMs $sw.ElapsedMilliseconds -Reason $why)
        }
    }
    $states = @($script:Entries | Where-Object { $Ids -contains $_.id } | ForEach-Object { $_.status })
    $secs = ('{0:N1} s' -f $sw.Elapsed.TotalSeconds)
    if ($states -contains 'failed') {
        Write-Status ("failed ({0})" -f $secs) 'Yellow'
        $reasons = @($script:Entries | Where-Object { $Ids -contains $_.id -and $_.Contains('reason') } | ForEach-Object { $_.reason })
        foreach ($r in $reasons) {
            Write-Status ('        ' + (Limit-Text -Text $r -Max 200)) 'DarkYellow'
        }
    }
    elseif ($states -contains 'collected') {
        Write-Status ("ok ({0})" -f $secs) 'Green'
    }
    else {
        Write-Status ("skipped ({0})" -f $secs) 'DarkGray'
    }
}

function Get-HostInfo {
    $info = [ordered]@{}
    $cv = $null
    try {
        $cv = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
    }
    catch {
        $cv = $null
    }
    $caption = $null
    $version = $null
    $build = $null
    try {
        $r = Invoke-WithTimeout -TimeoutSeconds 30 -ScriptBlock {
            $os = Get-CimInstance -ClassName Win32_OperatingSystem
            [pscustomobject]@{ Caption = $os.Caption; Version = $os.Version; Build = $os.BuildNumber }
        }
        if ($r.Output.Count -gt 0) {
            $caption = [string]$r.Output[0].Caption
            $version = [string]$r.Output[0].Version
            $build = [string]$r.Output[0].Build
        }
    }
    catch {
        Write-Verbose ('Win32_OperatingSystem: ' + $_.Exception.Message)
    }
    if ($null -ne $cv) {
        if (-not $caption -and ($cv.PSObject.Properties.Name -contains 'ProductName')) { $caption = [string]$cv.ProductName }
        if (-not $build -and ($cv.PSObject.Properties.Name -contains 'CurrentBuildNumber')) { $build = [string]$cv.CurrentBuildNumber }
        if (-not $version) { $version = [Environment]::OSVersion.Version.ToString(3) }
        if ($cv.PSObject.Properties.Name -contains 'UBR') { $version = ('{0}.{1}' -f $version, $cv.UBR) }
    }
    $fqdnDomain = $null
    try {
        $fqdnDomain = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties().DomainName
    }
    catch {
        $fqdnDomain = $null
    }
    $info.name = $env:COMPUTERNAME
    if ($caption) { $info.osCaption = $caption.Trim() }
    if ($version) { $info.osVersion = $version }
    if ($build -match '^\d+$') { $info.osBuild = [int]$build }
    $info.uiCulture = (Get-UICulture).Name
    # The format culture and its short date pattern (with the user's overrides) decide how certutil
    # and PowerShell print dates (3/11/2024): the UI language does not.
    $info.culture = [System.Globalization.CultureInfo]::CurrentCulture.Name
    $info.shortDatePattern = [System.Globalization.CultureInfo]::CurrentCulture.DateTimeFormat.ShortDatePattern
    $info.oemCodePage = $script:OemCodePage
    $info.ansiCodePage = $script:AnsiCodePage
    $info.timeZone = [System.TimeZoneInfo]::Local.Id
    $info.elevated = [bool]$script:IsElevated
    $info.psVersion = $PSVersionTable.PSVersion.ToString()
    # .NET Framework 4.x release number (378389 = 4.5, 393295 = 4.6, 394254 = 4.6.1, 528040 = 4.8):
    # it decides which key tests the certificate step can run.
    try {
        $info.dotNetRelease = [int](Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -Name 'Release').Release
    }
    catch {
        Write-Verbose ('.NET Framework release: ' + $_.Exception.Message)
    }
    $script:HostDomain = $fqdnDomain
    return $info
}

function Get-SslBindingPorts {
    # HTTP.sys SSL bindings, read from the registry (read-only): port numbers and certificate hashes.
    $ports = New-Object System.Collections.ArrayList
    $hashes = New-Object System.Collections.ArrayList
    $stores = New-Object System.Collections.ArrayList
    $base = 'HKLM:\SYSTEM\CurrentControlSet\Services\HTTP\Parameters'
    foreach ($sub in @('SslBindingInfo', 'SslSniBindingInfo', 'SslCcsBindingInfo')) {
        $p = Join-Path $base $sub
        if (-not (Test-Path -LiteralPath $p)) {
            continue
        }
        foreach ($k in @(Get-ChildItem -LiteralPath $p)) {
            if ($k.PSChildName -match ':(\d+)$') {
                [void]$ports.Add([int]$Matches[1])
            }
            if ($sub -eq 'SslSniBindingInfo') {
                [void]$script:SensitiveNames.Add(($k.PSChildName -replace ':\d+$', ''))
            }
            try {
                $hash = (Get-ItemProperty -LiteralPath $k.PSPath -Name 'SslCertHash').SslCertHash
                if ($hash) {
                    [void]$hashes.Add((($hash | ForEach-Object { $_.ToString('X2') }) -join ''))
                }
            }
            catch {
                Write-Verbose ('no SslCertHash under ' + $k.PSChildName)
            }
            # The store each binding names (netsh "Certificate Store Name"): collected beside My.
            try {
                $sn = [string](Get-ItemProperty -LiteralPath $k.PSPath -Name 'SslCertStoreName').SslCertStoreName
                if ($sn) {
                    [void]$stores.Add($sn)
                }
            }
            catch {
                Write-Verbose ('no SslCertStoreName under ' + $k.PSChildName)
            }
        }
    }
    return @{ Ports = @($ports | Sort-Object -Unique); Hashes = @($hashes | Sort-Object -Unique); Stores = @($stores | Sort-Object -Unique) }
}

# --- Installed updates (issue 16) ---------------------------------------------------------------

$script:HotFixScript = {
    # What Get-HotFix lists, read from WMI directly: InstalledOn stays WMI's string (Get-HotFix
    # converts it and leaves it empty when that fails); the rows are sorted for a stable file.
    $props = @('HotFixID', 'Description', 'InstalledOn', 'InstalledBy')
    @(Get-CimInstance -ClassName Win32_QuickFixEngineering -ErrorAction Stop | Select-Object -Property $props | Sort-Object -Property HotFixID)
}

function Save-HotFixes {
    $sw = [System.Diagnostics.Stopwatch]::StartNew()
    $source = 'Get-CimInstance Win32_QuickFixEngineering | Select-Object HotFixID, Description, InstalledOn, InstalledBy | ConvertTo-Csv -NoTypeInformation'
    $r = Invoke-WithTimeout -ScriptBlock $script:HotFixScript
    if ($r.Errors.Count -gt 0 -and $r.Output.Count -eq 0) {
        throw ('Win32_QuickFixEngineering: ' + ($r.Errors -join '; '))
    }
    # Each row as text: a null InstalledOn (common) becomes an empty cell, never the word "null".
    $rows = @($r.Output | Where-Object { $null -ne $_ } | ForEach-Object {
            [pscustomobject]@{
                HotFixID    = [string]$_.HotFixID
                Description = [string]$_.Description
                InstalledOn = [string]$_.InstalledOn
                InstalledBy = [string]$_.InstalledBy
            }
        })
    $lines = @('"HotFixID","Description","InstalledOn","InstalledBy"')
    if ($rows.Count -gt 0) {
        $lines = @($rows | ConvertTo-Csv -NoTypeInformation)
    }
    [void](Write-OutputText -RelativePath 'system/hotfixes.csv' -Text (($lines -join "`r`n") + "`r`n"))
    $reason = ('{0} updates listed (only updates installed by Component Based Servicing are listed; a cumulative rollup does not list the fixes it includes)' -f $rows.Count)
    [void](Add-Entry -Id 'system.hotfixes' -Status 'collected' -Source $source -DurationMs $sw.ElapsedMilliseconds -Encoding 'utf-8' -Reason $reason)
}
