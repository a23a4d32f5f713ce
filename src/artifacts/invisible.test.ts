/**
 * judge8 x10: invisible characters in pasted values. Fixtures (src/artifacts/fixtures):
 * `invisible.synthetic-sslcert-*` is the real netsh-sslcert sample beside the parser (shared real
 * netsh-sslcert/en-win10-short-field-set-revocation-disabled.txt) with U+200B in the port, U+200E
 * before the hash (as the certificate dialog copies a thumbprint) and U+FEFF before the AppId;
 * `invisible.synthetic-console-*` is a cmd console with the customer's own
 * `netsh http add sslcert … certhash=‎…` and netsh's error 87. The judge8 s02 console
 * (src/fixtures/judge8) gets marks in its endpoint and AppId to check the fix commands.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { decodeText } from './decode.js';
import { stripInvisible } from './invisible.js';

const path = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const MARKS = /[\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

describe('invisible characters in pasted evidence (x10)', () => {
  it('reads the hash, AppId and endpoint of an sslcert record without the marks, naming each line', async () => {
    const file = path('invisible.synthetic-sslcert-lrm-hash-bom-appid-zwsp-port.txt');
    const a = await analyze([file], { asOf: '2026-12-07' });
    expect(a.facts.bindings).toMatchObject([
      {
        endpoint: '0.0.0.0:44307',
        certificateHash: '61d34f532da121bbab64723c4871e72c92f03735',
        applicationId: '{214124cd-d05b-4309-9af9-9caa44b2b74a}',
      },
    ]);
    const issues = a.parsed.artifacts.flatMap((x) => x.files.flatMap((f) => f.issues));
    expect(issues.filter((i) => i.code === 'invisible-characters')).toMatchObject([
      { severity: 'info', line: 4 },
      { severity: 'info', line: 5 },
      { severity: 'info', line: 6 },
    ]);
    expect(issues.map((i) => i.code)).not.toContain('invalid-endpoint');
  });

  it("says the customer's own netsh command failed because of the mark it carried", () => {
    const text = readFileSync(
      path('invisible.synthetic-console-netsh-add-lrm-certhash-error87.txt'),
      'utf8',
    );
    const d = decodeText(Buffer.from(text, 'utf8'));
    expect(d.text).not.toMatch(MARKS);
    expect(d.issues).toMatchObject([
      { code: 'invisible-characters', severity: 'warning', line: 1, params: { command: 'failed' } },
    ]);
    expect(d.issues[0]!.message).toContain('which is why this command failed');
    // Without netsh's refusal after it, no claim about why it failed.
    const ok = stripInvisible(text.split('\n')[0]!);
    expect(ok.issues).toMatchObject([{ severity: 'warning', params: { command: 'yes' } }]);
    expect(ok.issues[0]!.message).not.toContain('why this command failed');
  });

  it('never puts a mark into a fix command (the judge8 s02 console with marks in endpoint and AppId)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'x10-'));
    try {
      const src = readFileSync(
        new URL('../fixtures/judge8/s02-console.txt', import.meta.url),
        'utf8',
      )
        .replace(
          '    IP:port                      : 0.0.0.0:443',
          '    IP:port                      : 0.0.0.0:\u200e443',
        )
        .replace(': {00000000-', ': \ufeff{00000000-');
      const file = join(tmp, 's02-console.txt');
      writeFileSync(file, src);
      const a = await analyze([file], { asOf: '2026-12-06' });
      const fixes = a.evaluation.findings.flatMap((f) => Object.values(f.fix ?? {}).map(String));
      expect(fixes.join('')).toContain('ipport=0.0.0.0:443');
      for (const fix of fixes) expect(fix).not.toMatch(MARKS);
      expect(a.evaluation.findings.map((f) => f.ruleId)).toContain(
        'sslcert-empty-certificate-hash',
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("leaves a text without marks as it is (a BOM at the start is the decoder's)", () => {
    const text = 'C:\\>netsh http show sslcert\r\n    Certificate Hash : 61d3\r\n';
    expect(stripInvisible(text)).toEqual({ text, issues: [] });
    expect(decodeText(Buffer.from(`\ufeff${text}`, 'utf8'))).toMatchObject({ text, issues: [] });
  });
});
