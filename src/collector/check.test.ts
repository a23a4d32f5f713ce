/**
 * The static check (./check.ts) over the real collector script: it finds no violation, lists
 * every command, tool and writer (review any change here), and fails when a line that writes to
 * the system or the network is planted in it. Each check's own cases are in ./checks/*.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPlanted } from '../test-support/planted-script.js';
import { CHECKS, checkScript, TOOL_FORMS, type CheckReport, type ViolationCode } from './check.js';

const root = new URL('../../', import.meta.url);
const scriptText = readFileSync(new URL('collectors/Collect-TlsEvidence.ps1', root), 'utf8');

let report: CheckReport;
beforeAll(async () => {
  report = await checkPlanted(scriptText);
}, 60_000);

describe('collector script text', () => {
  it('is plain ASCII, so PowerShell 5.1 reads it the same without a BOM', () => {
    expect([...scriptText].filter((ch) => ch.charCodeAt(0) > 0x7e && ch !== '\u00a0')).toEqual([]);
  });

  it('runs under the read-only tool table it checks at run time, for every static tool call', () => {
    const table = /\$script:ReadOnlyTools = @\{([\s\S]*?)\n\}/.exec(scriptText);
    expect(table).not.toBeNull();
    const patterns = new Map(
      [...table![1]!.matchAll(/'([a-z0-9]+)'\s*=\s*'((?:[^']|'')*)'/g)].map((m) => [
        m[1]!,
        new RegExp(m[2]!.replace(/''/g, "'"), 'i'),
      ]),
    );
    expect([...patterns.keys()].sort()).toEqual(Object.keys(TOOL_FORMS).sort());
    for (const t of report.tools) {
      const sample = t.args.map((a) => (a === '*' ? 'C:\\x\\y.txt' : a.replace(/\s/g, '_')));
      // `*` stands for a path or number; give wevtutil / pktmon the shapes they expect
      const shaped = sample.map((a, i) =>
        t.args[i] === '*' && /^(gl|qe)$/.test(t.args[0]!) && i === 2
          ? '/q:*[System]'
          : t.args[i] === '*' && t.tool === 'wevtutil' && i === 7
            ? '/c:2000'
            : t.args[i] === '*' && t.tool === 'pktmon' && t.args[1] === 'add' && i === 2
              ? 'tls-doctor-443'
              : t.args[i] === '*' && t.tool === 'pktmon' && t.args[1] === 'add'
                ? '443'
                : t.args[i] === '*' && t.tool === 'pktmon' && t.args[i - 1] === '--file-size'
                  ? '512'
                  : t.args[i] === '*' && t.tool === 'netsh' && t.args[0] === 'trace' && i === 5
                    ? 'maxsize=512'
                    : t.args[i] === '*' && t.tool === 'netsh' && t.args[0] === 'trace' && i === 6
                      ? 'tracefile=C:\\x\\nettrace.etl'
                      : a,
      );
      expect(shaped.join(' '), `${t.tool} at line ${t.line}`).toMatch(patterns.get(t.tool)!);
    }
  });
});

describe('collector static check', () => {
  it('has each check in its own module with its case table beside it', () => {
    const names = CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(existsSync(new URL(`checks/${name}.ts`, import.meta.url)), name).toBe(true);
      expect(existsSync(new URL(`checks/${name}.test.ts`, import.meta.url)), name).toBe(true);
    }
  });

  it('parses without syntax errors and finds no violation', () => {
    expect(report.violations).toEqual([]);
  });

  it('lists every command and tool the script runs (review any change here)', () => {
    const cmdlets = [
      ...new Set(report.commands.filter((c) => c.kind === 'cmdlet').map((c) => c.name)),
    ].sort();
    expect(cmdlets).toEqual([
      'Add-Type',
      'ConvertTo-Csv',
      'ConvertTo-Json',
      'ForEach-Object',
      'Format-List',
      'Get-Acl',
      'Get-ChildItem',
      'Get-CimInstance',
      'Get-Command',
      'Get-Date',
      'Get-EtwTraceSession',
      'Get-Item',
      'Get-ItemProperty',
      'Get-Location',
      'Get-NetTCPConnection',
      'Get-NetUDPEndpoint',
      'Get-Process',
      'Get-Service',
      'Get-TlsCipherSuite',
      'Get-TlsEccCurve',
      'Get-UICulture',
      'Import-Module',
      'Join-Path',
      'New-Object',
      'Out-String',
      'Remove-Item',
      'Select-Object',
      'Set-StrictMode',
      'Sort-Object',
      'Start-Sleep',
      'Test-Path',
      'Where-Object',
      'Write-Host',
      'Write-Verbose',
    ]);
    const tools = [...new Set(report.tools.map((t) => `${t.tool} ${t.args.join(' ')}`))].sort();
    expect(tools).toEqual([
      'appcmd list site',
      'appcmd list site /config /xml',
      'certutil -v -store my',
      'icacls *',
      'ipconfig /all',
      'netsh http show iplisten',
      'netsh http show servicestate',
      'netsh http show setting',
      'netsh http show sslcert',
      'netsh http show urlacl',
      'netsh trace start capture=yes report=disabled correlation=disabled * *',
      'netsh trace stop',
      'netstat -ano',
      'netstat -anob',
      'pktmon etl2pcap * --out *',
      'pktmon filter add * -t TCP -p *',
      'pktmon filter list',
      'pktmon filter remove',
      'pktmon start --capture --comp nics --pkt-size 0 --file-size * --file-name *',
      'pktmon stop',
      'pktmon unload',
      'reg export * * /y',
      'tasklist /svc /fo csv',
      'w32tm /query /status /verbose',
      'wevtutil gl *',
      'wevtutil qe * * /f:xml /e:Events /rd:true /uni:true *',
    ]);
    // The capture tools run only in the opt-in capture and its clean-up.
    const capture = report.tools.filter(
      (t) => t.tool === 'pktmon' || (t.tool === 'netsh' && t.args[0] === 'trace'),
    );
    expect(capture.length).toBeGreaterThan(5);
    for (const t of capture)
      expect(['Invoke-PacketCapture', 'Stop-PacketCapture']).toContain(t.inFunction);
  });

  it('writes files only from the writer functions', () => {
    const writers = report.methods
      .filter((m) => /^io\.(file|directory)::(write|create|copy|open$|delete|move)/i.test(m.name))
      // Read-LogTail's open is for reading (FileAccess Read): held by the tests below
      .filter((m) => !(m.inFunction === 'Read-LogTail' && /::open$/i.test(m.name)))
      .map((m) => m.inFunction);
    expect(new Set(writers)).toEqual(
      new Set([
        'Initialize-OutputRoot',
        'New-OutputFolder',
        'Write-OutputBytes',
        'Copy-IntoOutput',
        'Write-BesideOutput',
        'New-EvidenceZip',
      ]),
    );
  });

  const planted: [string, ViolationCode][] = [
    [
      "Remove-Item -LiteralPath 'C:\\Windows\\System32\\drivers\\etc\\hosts' -Force",
      'file-write-outside-output',
    ],
    ['New-Item -ItemType Directory -Path C:\\Windows\\Temp\\x', 'file-write-outside-output'],
    ["'x' | Out-File C:\\x.txt", 'file-write-outside-output'],
    ['"x" > C:\\x.txt', 'file-write-outside-output'],
    ["[System.IO.File]::WriteAllText('C:\\Windows\\win.ini', 'x')", 'file-write-outside-output'],
    ['(Get-Item C:\\x.txt).Delete()', 'file-write-outside-output'],
    [
      "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL' -Name EventLogging -Value 7",
      'system-write',
    ],
    ['Stop-Service W3SVC', 'system-write'],
    ["[Microsoft.Win32.Registry]::LocalMachine.CreateSubKey('SOFTWARE\\x')", 'system-write'],
    ['netsh http delete sslcert ipport=0.0.0.0:443', 'system-write'],
    [
      'netsh http add sslcert ipport=0.0.0.0:443 certhash=00 appid={00000000-0000-0000-0000-000000000000}',
      'system-write',
    ],
    ['certutil -repairstore my 0123456789abcdef', 'system-write'],
    ['certutil -addstore root C:\\x.cer', 'system-write'],
    ['certutil -delstore my 0123456789abcdef', 'system-write'],
    ['certutil -importpfx C:\\x.pfx', 'system-write'],
    ['reg add HKLM\\SOFTWARE\\x /v y /d 1 /f', 'system-write'],
    ['reg delete HKLM\\SOFTWARE\\x /f', 'system-write'],
    ['reg import C:\\x.reg', 'system-write'],
    ['wevtutil cl System', 'system-write'],
    [
      'icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys /grant Everyone:F',
      'system-write',
    ],
    [
      "Save-ToolOutput -Id 'httpsys.sslcert' -Tool 'netsh' -Arguments @('http', 'delete', 'sslcert', 'ipport=0.0.0.0:443')",
      'system-write',
    ],
    ["Invoke-Tool -Tool 'certutil' -Arguments @('-importpfx', $f)", 'system-write'],
    ["Invoke-Tool -Tool 'netsh' -Arguments @('http', 'show', $what)", 'native-tool-not-read-only'],
    ["Invoke-Tool -Tool $tool -Arguments @('x')", 'native-tool-not-read-only'],
    ["Invoke-Tool -Tool 'pktmon' -Arguments @('stop')", 'system-write'],
    ['netsh http show sslcert', 'native-tool-direct'],
    ['& reg.exe query HKLM\\SOFTWARE', 'native-tool-direct'],
    ['Export-PfxCertificate -Cert $c -FilePath C:\\x.pfx -Password $p', 'private-key-export'],
    ['certutil -exportPFX my 0123456789abcdef C:\\x.pfx', 'private-key-export'],
    [
      '$b = $c.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx)',
      'private-key-export',
    ],
    ['$p = $k.ExportParameters($true)', 'private-key-export'],
    ['$x = $k.ToXmlString($true)', 'private-key-export'],
    [
      '$b = $k.Key.Export([System.Security.Cryptography.CngKeyBlobFormat]::Pkcs8PrivateBlob)',
      'private-key-export',
    ],
    ['Invoke-WebRequest -Uri https://example.com/upload -Method Post -InFile $zip', 'network-call'],
    ['Invoke-RestMethod https://example.com', 'network-call'],
    ["(New-Object System.Net.WebClient).UploadFile('https://example.com', $zip)", 'network-call'],
    ["$c = [System.Net.Sockets.TcpClient]::new('example.com', 443)", 'network-call'],
    ['Resolve-DnsName example.com', 'network-call'],
    ['Get-CimInstance Win32_OperatingSystem -ComputerName other-server', 'network-call'],
    ['Invoke-Expression $cmd', 'dynamic-execution'],
    ["Start-Process cmd.exe -ArgumentList '/c del C:\\x'", 'dynamic-execution'],
    ['& $cmd', 'dynamic-execution'],
    ['$sb = [scriptblock]::Create($text)', 'dynamic-execution'],
    ["Add-Type -TypeDefinition 'public class X {}'", 'dynamic-execution'],
    ['del C:\\x.txt', 'native-tool-direct'],
    ['Set-Acl -Path C:\\x -AclObject $acl', 'system-write'],
    ['Frobnicate-Server', 'unreviewed-command'],
    [
      '$x = [System.Security.Cryptography.X509Certificates.X509Store]::new("My", "LocalMachine")',
      'private-key-export',
    ],
    ['$b = [byte[]]::new(4)', 'incompatible-syntax'],
    ['class Foo { [int]$X }', 'incompatible-syntax'],
    ['Get-Date && Get-Date', 'incompatible-syntax'],
    ['Write-Host "done $(Remove-Item C:\\x -Force)"', 'file-write-outside-output'],
    ['$t = @"\nsummary $(netsh http delete sslcert ipport=0.0.0.0:443)\n"@', 'system-write'],
    ["[Environment]::SetEnvironmentVariable('X', '1', 'Machine')", 'system-change-method'],
    ['[Environment]::Exit(0)', 'system-change-method'],
    ["Invoke-Tool -Tool 'icacls' -Arguments $list", 'native-tool-not-read-only'],
    ["(Get-Item 'C:\\Windows\\win.ini').IsReadOnly = $true", 'system-write'],
    ["$f = (Get-Item 'C:\\x.txt').OpenWrite()", 'file-write-outside-output'],
    ["$ExecutionContext.InvokeCommand.InvokeScript('Remove-Item C:\\x')", 'dynamic-execution'],
  ];

  it.each(planted)(
    'fails when the script gains: %s',
    async (line, code) => {
      const bad = scriptText.replace(/\n# Main\n/, `\n# Main\n${line}\n`);
      expect(bad).not.toBe(scriptText);
      const r = await checkPlanted(bad);
      expect(r.violations.map((v) => v.code)).toContain(code);
    },
    30_000,
  );

  it('fails when a planted write sits inside a function too', async () => {
    const bad = scriptText.replace(
      /function Save-KeyAcls \{\n/,
      "function Save-KeyAcls {\n    Remove-Item -LiteralPath 'C:\\inetpub\\wwwroot' -Recurse -Force\n",
    );
    const r = await checkPlanted(bad);
    expect(r.violations).toMatchObject([{ code: 'file-write-outside-output' }]);
  });

  it('fails when a writer function writes to a path Assert-OutputPath did not return', async () => {
    const bad = scriptText.replace(
      '[System.IO.File]::WriteAllBytes($full, $Bytes)',
      '[System.IO.File]::WriteAllBytes($RelativePath, $Bytes)',
    );
    expect(bad).not.toBe(scriptText);
    const r = await checkPlanted(bad);
    expect(r.violations).toMatchObject([{ code: 'file-write-outside-output' }]);
  });

  it('fails when a writer function stops calling Assert-OutputPath', async () => {
    const bad = scriptText.replace(
      '$full = Assert-OutputPath -Path (Join-Path $script:OutParent $FileName) -AllowParent',
      '$full = Join-Path $script:OutParent $FileName',
    );
    expect(bad).not.toBe(scriptText);
    const r = await checkPlanted(bad);
    expect(r.violations.map((v) => v.code)).toContain('file-write-outside-output');
  });

  // HTTP.sys / IIS logs (issue 16): the one read-only open, only in Read-LogTail, only for reading
  it.each([
    ['FileAccess]::Read,', 'FileAccess]::ReadWrite,'],
    ['FileMode]::Open,', 'FileMode]::OpenOrCreate,'],
  ])('fails when Read-LogTail opens a log other than read-only (%s → %s)', async (from, to) => {
    const open = `[System.IO.File]::Open($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)`;
    const bad = scriptText.replace(open, open.replace(from, to));
    expect(bad).not.toBe(scriptText);
    const r = await checkScript(bad);
    expect(r.violations.map((v) => v.code)).toContain('file-write-outside-output');
  });

  it('fails when the read-only open of a log appears outside Read-LogTail', async () => {
    const bad = scriptText.replace(
      /\n# Main\n/,
      "\n# Main\n$s = [System.IO.File]::Open('C:\\x.log', [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)\n",
    );
    expect(bad).not.toBe(scriptText);
    const r = await checkScript(bad);
    expect(r.violations.map((v) => v.code)).toContain('file-write-outside-output');
  });

  it('fails on a syntax error', async () => {
    const r = await checkPlanted(scriptText.replace(/\n# Main\n/, '\n# Main\nif ($x { \n'));
    expect(r.violations.map((v) => v.code)).toContain('parse-error');
  });
});
