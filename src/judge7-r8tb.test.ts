/**
 * Judge round 7 faults S4, S7 and M8, run end to end on the judge's own evidence (copied into
 * src/fixtures/judge7 with its origin in the README there).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { AS_OF, fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(7);

const tmp = mkdtempSync(join(tmpdir(), 'judge7-tb-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** The lines of a fix that run (comments and blank lines left out). */
const runnable = (fix: string): string[] =>
  fix
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^REM\b/i.test(l));

describe('judge7 S4: a failed certutil -repairstore decides the key, and is not offered again', () => {
  const T10 = 't10-repairstore-already-failed';
  const SSLCERT = fixture(`${T10}/sslcert.txt`);
  const FAILED = fixture(`${T10}/repairstore.txt`);

  it('t10: NTE_BAD_KEYSET → critical missing key; the fix re-imports the .pfx, first step read-only', async () => {
    const a = await analyze([FAILED, SSLCERT], AS_OF);
    expect(fired(a)).toEqual(['certificate-missing-private-key:critical']);
    const cert = a.facts.certificates.find((c) => c.thumbprint.startsWith('779a97'))!;
    expect(cert).toMatchObject({
      privateKeyState: 'missing',
      privateKeyRepairFailed: '0x80090016 (-2146893802 NTE_BAD_KEYSET): Keyset does not exist',
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = model(a, lang);
      const f = m.findings.find((x) => x.ruleId === 'certificate-missing-private-key')!;
      const live = runnable(f.fix);
      expect(live.some((l) => /repairstore/i.test(l))).toBe(false);
      expect(live[0]).toMatch(
        /^certutil -store my 779A97B1D8E492B5BAFEBC02338845FFDFF76AD2 "%TEMP%\\/,
      );
      expect(m.verdict.rootCause?.firstStep).toBe(live[0]);
      expect(live).toContain(
        'if /i not "%PFXFILE%"=="path-of-the-pfx-here" certutil -f -importPFX my "%PFXFILE%"',
      );
      expect(f.fix).toContain('NTE_BAD_KEYSET');
    }
  });

  /**
   * The real HTB `certutil -Store My` listing with the judge's edit of t10 (NotAfter of 779a…
   * 11/3/2025 → 11/3/2027, so that expiry does not decide), and without its "Missing stored
   * keyset" line when `keyLine` is false (the judge's other edit).
   */
  const realStore = (keyLine: boolean): string => {
    const text = readFileSync(
      new URL(
        './parsers/certutil-store.sample.en-store-my-missing-stored-keyset-ksp.txt',
        import.meta.url,
      ),
      'utf8',
    ).replace(' NotAfter: 11/3/2025 8:14 PM', ' NotAfter: 11/3/2027 8:14 PM');
    return keyLine
      ? text
      : text.replace(
          /(Microsoft RSA SChannel Cryptographic Provider)\r?\nMissing stored keyset/,
          '$1',
        );
  };

  it('a paste of -store, then the failed -repairstore of the same certificate: the failure decides', async () => {
    for (const keyLine of [false, true]) {
      const file = join(tmp, `certutil-${keyLine}.txt`);
      writeFileSync(file, `${realStore(keyLine)}\r\n${readFileSync(FAILED, 'utf8')}`);
      const a = await analyze([file, SSLCERT], AS_OF);
      expect(fired(a)).toEqual(['certificate-missing-private-key:critical']);
      const f = model(a).findings[0]!;
      expect(runnable(f.fix).some((l) => /repairstore/i.test(l))).toBe(false);
    }
  });

  it('control: the real "Missing stored keyset" alone still offers -repairstore first', async () => {
    const file = join(tmp, 'store.txt');
    writeFileSync(file, realStore(true));
    const a = await analyze([file, SSLCERT], AS_OF);
    expect(fired(a)).toEqual(['certificate-missing-private-key:critical']);
    expect(a.facts.certificates.find((c) => c.thumbprint.startsWith('779a97'))).toMatchObject({
      privateKeyRepairFailed: null,
    });
    // Read-only first (judge7 M7), then the repair.
    expect(runnable(model(a).findings[0]!.fix).slice(0, 2)).toEqual([
      'certutil -verifystore my 779A97B1D8E492B5BAFEBC02338845FFDFF76AD2',
      'certutil -repairstore my 779A97B1D8E492B5BAFEBC02338845FFDFF76AD2',
    ]);
  });

  it('access denied decides nothing: no finding, the key stays untested', async () => {
    const file = join(tmp, 'denied.txt');
    writeFileSync(
      file,
      readFileSync(FAILED, 'utf8')
        .replace(
          '0x80090016 (-2146893802 NTE_BAD_KEYSET)',
          '0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)',
        )
        .replace('Keyset does not exist', 'Access is denied.'),
    );
    const a = await analyze([file, SSLCERT], AS_OF);
    expect(fired(a)).toEqual([]);
    expect(a.facts.certificates.find((c) => c.thumbprint.startsWith('779a97'))).toMatchObject({
      privateKeyState: 'present-untested',
      privateKeyRepairFailed: null,
    });
  });
});

describe('judge7 S7: one file with the output of two servers is refused, never merged', () => {
  const T18 = fixture('t18-one-file-two-servers-psremoting/output.txt');

  it('t18: WEB01, then Enter-PSSession WEB02 — refused, naming both hosts', async () => {
    await expect(analyze([T18], AS_OF)).rejects.toMatchObject({
      name: 'BundleError',
      code: 'several-hosts',
      params: { file: 'output.txt', hosts: ['WEB01', 'WEB02'] },
      message: expect.stringMatching(/output\.txt holds the output of 2 machines \(WEB01, WEB02\)/),
    });
  });

  it('control: the same file from the first [WEB02]: prompt on is analysed as WEB02', async () => {
    const file = join(tmp, 'web02.txt');
    const lines = readFileSync(T18, 'utf8').split('\r\n');
    writeFileSync(
      file,
      lines.slice(lines.indexOf('PS C:\\> Enter-PSSession WEB02') + 1).join('\r\n'),
    );
    const a = await analyze([file], AS_OF);
    expect(fired(a)).toEqual([
      'sslcert-empty-certificate-hash:critical',
      'sslcert-zero-application-id:medium',
    ]);
    expect(a.parsed.hostNames?.map((h) => [h.name, h.source])).toEqual([
      ['WEB02', 'prompt'],
      ['WEB02', 'hostname'],
    ]);
    expect(a.facts.host.conflicts).toEqual([]);
  });

  it('the CLI refuses it with exit 2, in English and in Chinese', () => {
    const root = new URL('..', import.meta.url).pathname;
    const tsx = createRequire(import.meta.url).resolve('tsx');
    for (const [lang, words] of [
      ['en', 'holds the output of 2 machines (WEB01, WEB02)'],
      ['zh-CN', '包含 2 台计算机的输出（WEB01, WEB02）'],
    ] as const) {
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          tsx,
          join(root, 'src/cli.ts'),
          'analyze',
          T18,
          '--lang',
          lang,
          '-o',
          join(tmp, 'r.html'),
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(words);
    }
  });
});

describe('judge7 M8: a Where-Object filter on HasPrivateKey says the key of every listed certificate', () => {
  const T51 = 't51-ps-where-no-haskey-filter';
  const SSLCERT = fixture(`${T51}/sslcert.txt`);
  const NOKEY = fixture(`${T51}/nokey.txt`);
  const variant = (name: string, filter: string): string => {
    const file = join(tmp, name);
    writeFileSync(
      file,
      readFileSync(NOKEY, 'utf8').replace('Where-Object { -not $_.HasPrivateKey }', filter),
    );
    return file;
  };

  it('t51: | Where-Object { -not $_.HasPrivateKey } lists the bound 61D34F… → critical missing key, the command line as evidence', async () => {
    const a = await analyze([NOKEY, SSLCERT], AS_OF);
    expect(fired(a)).toEqual(['certificate-missing-private-key:critical']);
    const cert = a.facts.certificates.find((c) => c.thumbprint.startsWith('61d34f'))!;
    expect(cert).toMatchObject({ privateKeyState: 'none', hasPrivateKey: false });
    expect(cert.privateKeyEvidence).toEqual([
      'PowerShell listing filtered by Where-Object { -not $_.HasPrivateKey } (line 1): HasPrivateKey = False',
    ]);
    const f = a.evaluation.findings[0]!;
    expect(f.evidence.some((e) => e.excerpt?.startsWith('PS C:\\> Get-ChildItem'))).toBe(true);
  });

  it('controls: the opposite filter says a key; a compound filter decides nothing', async () => {
    const withKey = await analyze(
      [variant('haskey.txt', 'Where-Object { $_.HasPrivateKey }'), SSLCERT],
      AS_OF,
    );
    expect(fired(withKey)).toEqual([]);
    expect(withKey.facts.certificates[0]).toMatchObject({ privateKeyState: 'present-untested' });
    const compound = await analyze(
      [variant('compound.txt', 'Where-Object { -not $_.HasPrivateKey -or $_.Archived }'), SSLCERT],
      AS_OF,
    );
    expect(fired(compound)).toEqual([]);
    expect(compound.facts.certificates[0]).toMatchObject({ privateKeyState: 'unknown' });
  });
});
