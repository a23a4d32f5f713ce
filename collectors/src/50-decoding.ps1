# ---------------------------------------------------------------------------------------------
# Text decoding: console tools write the OEM code page (or UTF-16 with /uni); the bundle is UTF-8.
# ---------------------------------------------------------------------------------------------

function Get-HostCodePage {
    param([string]$Name)
    try {
        $v = (Get-ItemProperty -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Control\Nls\CodePage' -Name $Name).$Name
        return [int]$v
    }
    catch {
        if ($Name -eq 'OEMCP') {
            return [System.Globalization.CultureInfo]::CurrentCulture.TextInfo.OEMCodePage
        }
        return [System.Globalization.CultureInfo]::CurrentCulture.TextInfo.ANSICodePage
    }
}

function ConvertFrom-ToolBytes {
    param([byte[]]$Bytes, [int]$CodePage)
    # Returns @{ Text; From } where From names the encoding the bytes were in.
    if ($null -eq $Bytes -or $Bytes.Length -eq 0) {
        return @{ Text = ''; From = 'empty' }
    }
    if ($Bytes.Length -ge 3 -and $Bytes[0] -eq 0xEF -and $Bytes[1] -eq 0xBB -and $Bytes[2] -eq 0xBF) {
        return @{ Text = [System.Text.Encoding]::UTF8.GetString($Bytes, 3, $Bytes.Length - 3); From = 'utf-8-bom' }
    }
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) {
        return @{ Text = [System.Text.Encoding]::Unicode.GetString($Bytes, 2, $Bytes.Length - 2); From = 'utf-16le-bom' }
    }
    if ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFE -and $Bytes[1] -eq 0xFF) {
        return @{ Text = [System.Text.Encoding]::BigEndianUnicode.GetString($Bytes, 2, $Bytes.Length - 2); From = 'utf-16be-bom' }
    }
    # BOM-less UTF-16LE: many NULs in the odd positions.
    $sample = [Math]::Min($Bytes.Length, 4096)
    $oddNul = 0
    for ($i = 1; $i -lt $sample; $i += 2) {
        if ($Bytes[$i] -eq 0) {
            $oddNul++
        }
    }
    if ($oddNul -gt ($sample / 4)) {
        return @{ Text = [System.Text.Encoding]::Unicode.GetString($Bytes); From = 'utf-16le' }
    }
    $strict = New-Object System.Text.UTF8Encoding($false, $true)
    try {
        return @{ Text = $strict.GetString($Bytes); From = 'utf-8' }
    }
    catch {
        Write-Verbose 'not UTF-8; decoding with the OEM code page'
    }
    try {
        $enc = [System.Text.Encoding]::GetEncoding($CodePage)
        return @{ Text = $enc.GetString($Bytes); From = ('cp' + $CodePage) }
    }
    catch {
        return @{ Text = $null; From = ('cp' + $CodePage) }
    }
}

