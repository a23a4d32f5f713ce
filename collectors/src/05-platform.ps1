# --- Platform: Windows only ------------------------------------------------------------------

function Test-WindowsHost {
    # PowerShell 7 runs on Linux and macOS too, where there is no %SystemRoot%, no HTTP.sys and no
    # Schannel: without this check the first Join-Path on $env:SystemRoot fails with "Cannot bind
    # argument to parameter 'Path' because it is null", which tells the person running it nothing.
    # Windows PowerShell 5.1 has no $IsWindows (it only runs on Windows); %SystemRoot% is the test
    # (the Pester harness points it at a fake Windows folder).
    return [bool]($env:SystemRoot -and (Test-Path -LiteralPath $env:SystemRoot))
}

function Stop-UnlessWindowsHost {
    if (Test-WindowsHost) {
        return
    }
    Write-Host 'Collect-TlsEvidence.ps1 runs on Windows only (Windows Server or Windows with IIS / HTTP.sys): this system has no %SystemRoot%. Nothing was collected and nothing was changed. Copy the script to the Windows server and run collect.cmd there (as administrator).' -ForegroundColor Yellow
    exit 4
}

Stop-UnlessWindowsHost
