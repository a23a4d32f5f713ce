# ---------------------------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------------------------

function Get-FileSha256 {
    param([string]$Path)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        return (($sha.ComputeHash($stream) | ForEach-Object { $_.ToString('x2') }) -join '')
    }
    finally {
        $stream.Dispose()
        $sha.Dispose()
    }
}

function Complete-Entries {
    foreach ($e in $script:Entries) {
        $cat = Get-CatalogEntry -Id $e.id
        if ($cat.Kind -eq 'directory') {
            $list = New-Object System.Collections.ArrayList
            $total = [long]0
            foreach ($f in @($e._files)) {
                $full = Get-OutputFilePath -RelativePath $f
                if (Test-Path -LiteralPath $full) {
                    $len = (Get-Item -LiteralPath $full).Length
                    $total += $len
                    [void]$list.Add([ordered]@{ path = $f; size = $len; sha256 = (Get-FileSha256 -Path $full) })
                }
            }
            if ($list.Count -gt 0) {
                $e.size = $total
                $e.files = @($list)
            }
        }
        else {
            $full = Get-OutputFilePath -RelativePath $e.path
            if ((Test-Path -LiteralPath $full -PathType Leaf)) {
                $e.size = (Get-Item -LiteralPath $full).Length
                $e.sha256 = Get-FileSha256 -Path $full
            }
        }
        $e.Remove('_files')
    }
}

function Save-Manifest {
    param([object]$HostInfo, [datetime]$StartedAt)
    $m = [ordered]@{
        formatVersion = $script:FormatVersion
        collector     = [ordered]@{ name = $script:CollectorName; version = $script:CollectorVersion }
        host          = $HostInfo
        startedAt     = $StartedAt.ToString('o')
        finishedAt    = (Get-Date).ToString('o')
        redacted      = [bool]$Redact
        iisSharedConfiguration = $script:IisRedirect
        options       = [ordered]@{ maxEvents = $MaxEvents; days = $Days; captureSeconds = $CaptureSeconds; stepTimeoutSeconds = $StepTimeoutSeconds }
        artifacts     = @($script:Entries)
    }
    [void](Write-OutputText -RelativePath 'manifest.json' -Text (ConvertTo-Json -InputObject $m -Depth 8))
}

