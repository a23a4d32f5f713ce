/** The report commands end to end: --redact, diff, fleet, explain, and the progress bar (TTY only). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copySample } from './test-support/sample-copy.js';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-cli-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const ARGS = ['--import', TSX, join(root, 'src/cli.ts')];

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [...ARGS, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sample = (name: string) => join(root, 'samples', name);

describe('cli report commands', () => {
  it('analyze --redact writes a report without the host name and the mapping beside it', () => {
    const r = cli('analyze', sample('iis-httpsys-mismatch'), '--redact', '-o', 'red.html');
    expect(r.stderr).toContain('red.html.redaction-map.json');
    const html = readFileSync(join(tmp, 'red.html'), 'utf8');
    for (const v of ['WEB01', 'www.contoso.com', '10.0.0.5']) expect(html).not.toContain(v);
    const map = JSON.parse(readFileSync(join(tmp, 'red.html.redaction-map.json'), 'utf8')) as {
      entries: { token: string; original: string }[];
    };
    expect(map.entries.map((e) => e.original)).toEqual(
      expect.arrayContaining(['WEB01', 'www.contoso.com', '10.0.0.5']),
    );
    for (const e of map.entries) expect(html).toContain(e.token);
  });

  it('diff reports the fixed binding between s4-empty-hash and healthy (json, exit 0)', () => {
    const r = cli('diff', sample('s4-empty-hash'), sample('healthy'), '-f', 'json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as { kind: string; fixed: { ruleId: string }[] };
    expect(d.kind).toBe('diff');
    expect(d.fixed.map((f) => f.ruleId)).toContain('sslcert-empty-certificate-hash');
    const back = cli('diff', sample('healthy'), sample('s4-empty-hash'), '-f', 'md');
    expect(back.code).toBe(1);
    expect(back.stdout).toMatch(/## New \(\d+\)/);
  });

  it('diff exits 1 when a critical could not be re-checked (judge6 p31, M9)', () => {
    const p31 = (side: string) => join(root, 'src/fixtures/judge6/p31-diff-not-rechecked', side);
    const r = cli('diff', p31('before'), p31('after'), '-f', 'md');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('**1 critical not re-checked**');
  });

  it('fleet analyzes a folder of bundles and writes the fleet report', () => {
    const farm = join(tmp, 'farm');
    mkdirSync(farm);
    copySample('healthy', join(farm, 'web1'));
    copySample('s4-empty-hash', join(farm, 'web2'));
    const r = cli(
      'fleet',
      farm,
      '-f',
      'json',
      '-o',
      'fleet.json',
      '--jobs',
      '2',
      '--reports',
      'reps',
    );
    expect(r.code).toBe(1);
    const f = JSON.parse(readFileSync(join(tmp, 'fleet.json'), 'utf8')) as {
      servers: { id: string; report: string }[];
      findings: { ruleId: string; servers: { id: string }[] }[];
    };
    expect(f.servers.map((s) => s.id)).toEqual(['web1', 'web2']);
    // Each server's own report, with its fix commands, linked from the fleet report.
    expect(f.servers.map((s) => s.report)).toEqual(['reps/web1.html', 'reps/web2.html']);
    const own = readFileSync(join(tmp, 'reps', 'web2.html'), 'utf8');
    expect(own).toContain('netsh http delete sslcert ipport&#x3D;0.0.0.0:443');
    expect(f.findings.find((x) => x.ruleId === 'sslcert-empty-certificate-hash')!.servers).toEqual([
      // By name for people, by key for tools.
      {
        id: 'web2',
        entities: ['HTTP.sys certificate binding 0.0.0.0:443'],
        keys: ['ipport:0.0.0.0:443'],
      },
    ]);
    expect(cli('fleet', sample('healthy')).code).toBe(2);
  });

  it('explain prints the explanation, evidence, fix template and references; unknown ids exit 2', () => {
    const r = cli('explain', 'sslcert-empty-certificate-hash');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# sslcert-empty-certificate-hash');
    expect(r.stdout).toContain('Evidence needed');
    expect(r.stdout).toContain('netsh http delete sslcert <binding type>=<binding endpoint>');
    expect(r.stdout).not.toContain('{{');
    expect(r.stdout).toContain('https://learn.microsoft.com/');
    expect(cli('explain', 'sslcert-empty-certificate-hash', '--lang', 'zh-CN').stdout).toContain(
      '所需证据',
    );
    const bad = cli('explain', 'empty-certificate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('sslcert-empty-certificate-hash');
  });

  it('explain prints what a rule says when it cannot decide, in the asked language', () => {
    const chain = cli('explain', 'certificate-chain-incomplete');
    expect(chain.stdout).toContain('When it cannot decide');
    expect(chain.stdout).toContain(
      'Collect certutil -store my, certutil -store CA and certutil -store Root',
    );
    const chainZh = cli('explain', 'certificate-chain-incomplete', '--lang', 'zh-CN').stdout;
    expect(chainZh).toContain('无法判断时');
    expect(chainZh).toContain('收集 certutil -store my、certutil -store CA');
  });

  it("fleet links every server report in the fleet report's language", () => {
    const farm = join(tmp, 'mixed');
    mkdirSync(farm);
    copySample('healthy', join(farm, 'a'));
    copySample('s4-empty-hash', join(farm, 'b'));
    copySample('healthy', join(farm, 'c'));
    const manifest = join(farm, 'c', 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"en-US"', '"zh-CN"'));
    const r = cli('fleet', farm, '-o', 'mixed.html', '--reports', 'mixed-reps', '--jobs', '1');
    expect(r.stderr).toContain('mixed-reps');
    expect(readFileSync(join(tmp, 'mixed.html'), 'utf8')).toContain('<html lang="en">');
    // c's UI culture alone would give a Chinese report; linked from an English fleet it is English.
    for (const id of ['a', 'b', 'c'])
      expect(readFileSync(join(tmp, 'mixed-reps', `${id}.html`), 'utf8'), id).toContain(
        '<html lang="en">',
      );
  });

  it('analyze -f summary prints the ticket lines; explain names the severity in Chinese', () => {
    const r = cli(
      'analyze',
      sample('s2-machinekeys-permissions'),
      '-f',
      'summary',
      '--fail-on',
      'none',
    );
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeLessThan(15);
    // The verdict's root cause (the Schannel 36870 event it explains is folded under it) and
    // the verdict's first step, with the decisive evidence file first.
    expect(r.stdout).toContain('Root cause: ');
    expect(r.stdout).toContain('[machinekeys-acl-missing-system]');
    expect(r.stdout).toMatch(/First fix step: icacls "C:\\ProgramData\\Microsoft\\Crypto\\/);
    expect(r.stdout).toContain('Evidence files: certificates/icacls-machinekeys.txt');
    expect(cli('fleet', sample('healthy'), '-f', 'summary').code).toBe(2);
    const zh = cli('explain', 'sslcert-empty-certificate-hash', '--lang', 'zh-CN').stdout;
    expect(zh).toMatch(/严重程度\*\*: [严高中低信]/);
  });

  it('draws a progress bar on a terminal and nothing extra when piped', () => {
    const piped = cli('analyze', sample('s2-machinekeys-permissions'), '-o', 'p.html');
    expect(piped.stderr).not.toMatch(/\r|%/);
    expect(piped.stderr).not.toContain('\u001b[');
    expect(piped.stderr.trim().split('\n')).toHaveLength(1);
    // Without script(1) (util-linux) there is no pseudo-terminal to test with.
    if (!existsSync('/usr/bin/script')) return;
    const cmd = [
      process.execPath,
      ...ARGS,
      'analyze',
      sample('s2-machinekeys-permissions'),
      '-o',
      't.html',
    ]
      .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
      .join(' ');
    // script(1) gives the CLI a pseudo-terminal; its output is what the terminal showed.
    const tty = spawnSync('/usr/bin/script', ['-qec', cmd, '/dev/null'], {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(tty.stdout).toMatch(/analyzing\s+\d+% \[#*-*\]/);
    expect(tty.stdout).toContain('\r');
  });
});
