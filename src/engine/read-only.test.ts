import { describe, expect, it } from 'vitest';
import { isReadOnlyLine } from './read-only.js';

describe('isReadOnlyLine', () => {
  it.each([
    'netsh http show sslcert',
    'netsh http show sslcert ipport=0.0.0.0:443 >> "%TEMP%\\tls-doctor-sslcert-backup-1.txt"',
    'certutil -v -store my AB12',
    'certutil -store CA AB12 "%TEMP%\\tls-doctor-root-ca-1.cer"',
    'certutil -verifystore My AB12',
    'reg export "HKLM\\SYSTEM\\x" "%TEMP%\\x.reg" /y',
    'reg query "HKLM\\SYSTEM\\x" /s',
    'icacls "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys" /save "%TEMP%\\x.txt"',
    '%windir%\\system32\\inetsrv\\appcmd list site /site.name:"Default Web Site"',
    '& "$env:windir\\system32\\inetsrv\\appcmd.exe" add backup \'tls-doctor-before-1\'',
    'ipconfig | findstr /i "IPv4 IPv6"',
    'wmic qfe get HotFixID | findstr 3140245',
    "Get-ChildItem Cert:\\LocalMachine\\My\\AB12 | Format-List -Property @('Subject','Issuer')",
    "$folder = (Get-ItemProperty -LiteralPath 'HKLM:\\x').CertStoreLocation",
    '[Environment]::OSVersion.Version.Build',
    "Get-ChildItem -Path 'Cert:\\LocalMachine\\My' | Format-Table -Property @('Thumbprint', @{ Name = 'KeyAlgorithm'; Expression = { $_.PublicKey.Oid.FriendlyName } }, 'Subject')",
    'tasklist /svc /fi "PID eq 4"',
    'w32tm /query /status',
    'date /t',
  ])('reads only: %s', (line) => expect(isReadOnlyLine(line)).toBe(true));

  it.each([
    'certutil -repairstore my AB12',
    'certutil -addstore CA "%CERTFILE%"',
    'certutil -delstore Root AB12',
    'netsh http add sslcert ipport=0.0.0.0:443 certhash=AB12 appid={x}',
    'netsh http delete sslcert ipport=0.0.0.0:443',
    'reg add "HKLM\\x" /v Enabled /t REG_DWORD /d 1 /f',
    'icacls "C:\\x" /grant "NT AUTHORITY\\SYSTEM":F',
    '%windir%\\system32\\inetsrv\\appcmd start site /site.name:"x"',
    '> "%TEMP%\\tls-doctor-request.inf" echo [Version]',
    'pushd "%TEMP%"',
    'netsh http show sslcert & netsh http delete sslcert ipport=0.0.0.0:443',
    'Get-Item x; Remove-Item x',
    'Get-ChildItem x | Remove-Item',
    'Set-ItemProperty -Path x -Name y -Value 1',
    'if ($a -eq 1) { x }',
    'shutdown /r /t 60',
  ])('changes something (or is not known to read only): %s', (line) =>
    expect(isReadOnlyLine(line)).toBe(false),
  );
});
