# ---------------------------------------------------------------------------------------------
# Writing: every file the script writes goes through these functions, which refuse any path
# outside the evidence folder (or, for the zip and the token map, outside the folder holding it).
# ---------------------------------------------------------------------------------------------

function Get-OutputFilePath {
    # Bundle paths use '/'; the file system uses its own separator.
    param([string]$RelativePath)
    return (Join-Path $script:OutRoot ($RelativePath -replace '[\\/]', [string][System.IO.Path]::DirectorySeparatorChar))
}

function Assert-OutputPath {
    param([string]$Path, [switch]$AllowParent)
    $full = [System.IO.Path]::GetFullPath($Path)
    $sep = [string][System.IO.Path]::DirectorySeparatorChar
    $root = [System.IO.Path]::GetFullPath($script:OutRoot).TrimEnd($sep) + $sep
    # The evidence folder itself (the folder of manifest.json) or anything inside it.
    if ($full.StartsWith($root, [System.StringComparison]::OrdinalIgnoreCase) -or ($full + $sep).Equals($root, [System.StringComparison]::OrdinalIgnoreCase)) {
        return $full
    }
    if ($AllowParent) {
        $parent = [System.IO.Path]::GetFullPath($script:OutParent).TrimEnd($sep) + $sep
        $leaf = [System.IO.Path]::GetFileName($full)
        if ($full.Equals($parent + $leaf, [System.StringComparison]::OrdinalIgnoreCase) -and $leaf.StartsWith('tls-evidence-')) {
            return $full
        }
    }
    throw "refusing to write outside the evidence folder: $Path"
}

function New-OutputFolder {
    param([string]$Path)
    $full = Assert-OutputPath -Path $Path
    if (-not (Test-Path -LiteralPath $full)) {
        [void][System.IO.Directory]::CreateDirectory($full)
    }
    return $full
}

function Initialize-OutputRoot {
    param([string]$Parent, [string]$Name)
    # Relative paths are relative to the PowerShell location, not the process directory.
    $parentFull = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Parent)
    if (-not (Test-Path -LiteralPath $parentFull -PathType Container)) {
        throw "output directory does not exist: $parentFull"
    }
    # A folder of an earlier run in the same second is not "cannot write": pick the next free name.
    $full = Join-Path $parentFull $Name
    $n = 1
    while ((Test-Path -LiteralPath $full) -or (Test-Path -LiteralPath ($full + '.zip'))) {
        $n++
        if ($n -gt 50) {
            throw "already exists: $full"
        }
        $full = Join-Path $parentFull ('{0}-{1}' -f $Name, $n)
    }
    $script:OutParent = $parentFull
    $script:OutRoot = $full
    [void][System.IO.Directory]::CreateDirectory($full)
    $script:TmpDir = New-OutputFolder -Path (Join-Path $full '.tmp')
    return [System.IO.Path]::GetFileName($full)
}

function Write-OutputBytes {
    param([string]$RelativePath, [byte[]]$Bytes)
    $full = Assert-OutputPath -Path (Get-OutputFilePath -RelativePath $RelativePath)
    [void](New-OutputFolder -Path ([System.IO.Path]::GetDirectoryName($full)))
    [System.IO.File]::WriteAllBytes($full, $Bytes)
    return $full
}

function Write-OutputText {
    param([string]$RelativePath, [string]$Text)
    return (Write-OutputBytes -RelativePath $RelativePath -Bytes $script:Utf8NoBom.GetBytes($Text))
}

function Copy-IntoOutput {
    param([string]$Source, [string]$RelativePath)
    $full = Assert-OutputPath -Path (Get-OutputFilePath -RelativePath $RelativePath)
    [void](New-OutputFolder -Path ([System.IO.Path]::GetDirectoryName($full)))
    [System.IO.File]::Copy($Source, $full, $false)
    return $full
}

function Remove-OutputItem {
    param([string]$Path)
    $full = Assert-OutputPath -Path $Path
    if (Test-Path -LiteralPath $full) {
        Remove-Item -LiteralPath $full -Recurse -Force
    }
}

function Write-BesideOutput {
    param([string]$FileName, [string]$Text)
    $full = Assert-OutputPath -Path (Join-Path $script:OutParent $FileName) -AllowParent
    [System.IO.File]::WriteAllText($full, $Text, $script:Utf8NoBom)
    return $full
}

function New-EvidenceZip {
    param([string]$ZipPath)
    $full = Assert-OutputPath -Path $ZipPath -AllowParent
    Add-Type -AssemblyName System.IO.Compression
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $sep = [string][System.IO.Path]::DirectorySeparatorChar
    $rootPrefix = $script:OutRoot.TrimEnd($sep) + $sep
    $fs = [System.IO.File]::Open($full, [System.IO.FileMode]::CreateNew)
    $complete = $false
    try {
        $zip = New-Object System.IO.Compression.ZipArchive($fs, [System.IO.Compression.ZipArchiveMode]::Create)
        try {
            $files = @(Get-ChildItem -LiteralPath $script:OutRoot -Recurse -Force | Where-Object { -not $_.PSIsContainer })
            foreach ($f in $files) {
                $rel = $f.FullName.Substring($rootPrefix.Length)
                if ($rel.StartsWith('.tmp')) {
                    continue
                }
                # Forward slashes: the zip format requires them (Compress-Archive in 5.1 writes '\').
                # Captures are stored, not deflated: full packets of TLS traffic are mostly encrypted
                # bytes that deflate to 90-95 % of their size, so compressing costs this server
                # CPU for little, and the analyzer would spend as long inflating as parsing
                # (docs/benchmarks.md). PowerShell 7 (.NET Core 3+) writes NoCompression as the
                # STORE method; Windows PowerShell 5.1 as deflate blocks without compression.
                $level = $(if ($rel -match '^capture[\\/]') { [System.IO.Compression.CompressionLevel]::NoCompression } else { [System.IO.Compression.CompressionLevel]::Optimal })
                $entry = $zip.CreateEntry(($rel -replace '\\', '/'), $level)
                $es = $entry.Open()
                try {
                    $in = [System.IO.File]::OpenRead($f.FullName)
                    try {
                        $in.CopyTo($es)
                    }
                    finally {
                        $in.Dispose()
                    }
                }
                finally {
                    $es.Dispose()
                }
            }
        }
        finally {
            $zip.Dispose()
        }
        $complete = $true
    }
    finally {
        $fs.Dispose()
        if (-not $complete) {
            # Never leave a half-written zip that looks like a bundle.
            [System.IO.File]::Delete($full)
        }
    }
    return $full
}

