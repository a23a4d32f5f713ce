/**
 * judge8 z09: a base64 PFX pasted into a mail is private key material. The fixtures
 * (src/artifacts/fixtures/pfx.synthetic-*.txt) wrap the real `netsh http show sslcert` sample
 * (shared real netsh-sslcert/en-win10-short-field-set-revocation-disabled.txt) with PFX files made
 * by `openssl pkcs12 -export` (throw-away key, CN=www.contoso.com; one `-legacy` 3DES export as
 * older Windows writes) and encoded as PowerShell `[Convert]::ToBase64String` (one line),
 * `openssl base64` (64 columns), `base64 -w76` (MIME) under mail quoting, and `certutil -encode`
 * (CERTIFICATE wrapper, CRLF). The negative fixture encodes the real zeek certificate
 * (src/parsers/cert-file.sample.real-leaf-missing-intermediate-zeek.cer) the same two ways.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import { hasEvidence } from '../engine/coverage.js';
import { exposedKeys } from '../report/exposed-keys.js';
import { noEvidenceMessage } from '../report/no-evidence.js';
import { buildReportModel } from '../report/model.js';
import { renderHtml } from '../report/render-html.js';
import { renderMarkdown } from '../report/render-md.js';
import { decodeText } from './decode.js';
import { isPfxHeader } from './pfx-blocks.js';
import { privateKeyBlocks } from './private-keys.js';

const path = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const read = (name: string): string => readFileSync(path(name), 'utf8');
/** Base64 lines of a fixture (after quoting): what must never come out again. */
const base64Lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s>]*/, '').trim())
    .filter((l) => /^[A-Za-z0-9+/]{40,}={0,2}$/.test(l));

const CASES: { file: string; start: number; end: number; form: string }[] = [
  {
    file: 'pfx.synthetic-powershell-tobase64-one-line-mail.txt',
    start: 6,
    end: 6,
    form: 'one line',
  },
  { file: 'pfx.synthetic-openssl-base64-64col-legacy.txt', start: 29, end: 78, form: '64 columns' },
  {
    file: 'pfx.synthetic-mime-76col-mail-quoted.txt',
    start: 30,
    end: 74,
    form: '76 columns, quoted',
  },
  {
    file: 'pfx.synthetic-certutil-encode-wrapper-crlf.txt',
    start: 7,
    end: 62,
    form: 'certutil -encode',
  },
];

describe('base64 PFX in evidence (z09)', () => {
  for (const c of CASES) {
    it(`blanks a PFX pasted as ${c.form} before any parser sees it, keeping line numbers`, () => {
      const text = read(c.file);
      const secrets = base64Lines(text);
      expect(secrets.length).toBeGreaterThan(0);
      const d = decodeText(Buffer.from(text, 'utf8'));
      for (const s of secrets) expect(d.text).not.toContain(s.slice(0, 40));
      const before = text.split(/\r?\n/);
      const after = d.text.split(/\r?\n/);
      expect(after).toHaveLength(before.length);
      // Only the block's lines changed: the sslcert output and the mail text stay.
      after.forEach((l, k) => {
        if (k + 1 < c.start || k + 1 > c.end) expect(l).toBe(before[k]);
        else expect(l).toBe('');
      });
      expect(d.issues).toMatchObject([
        {
          code: 'private-key-omitted',
          line: c.start,
          params: { start: c.start, end: c.end, cut: 'whole', kind: 'pfx' },
        },
      ]);
    });
  }

  it('never blanks a real certificate in base64 (one line or certutil -encode)', () => {
    const text = read('pfx.synthetic-negative-real-certificate-base64.txt');
    expect(base64Lines(text).length).toBeGreaterThan(1);
    expect(decodeText(Buffer.from(text, 'utf8'))).toMatchObject({ text, issues: [] });
  });

  it('takes the PFX length from its header: a short word after the run is not part of it', () => {
    const lines = read('pfx.synthetic-openssl-base64-64col-legacy.txt').split('\n');
    expect(lines[78]).toBe('Thanks');
    expect(privateKeyBlocks(lines)).toEqual([{ start: 29, end: 78, cut: false, kind: 'PKCS12' }]);
    // A run cut before its end (a mail client dropped the rest) still blanks what is there.
    expect(privateKeyBlocks([...lines.slice(0, 40), 'Best regards,'])).toEqual([
      { start: 29, end: 40, cut: true, kind: 'PKCS12' },
    ]);
  });

  it('recognises the PKCS#12 header only (version 3, data or encryptedData content)', () => {
    const head = (version: number, last: number): Uint8Array =>
      Uint8Array.from([
        0x30,
        0x82,
        0x09,
        0xef,
        0x02,
        0x01,
        version,
        0x30,
        0x80,
        0x06,
        0x09,
        0x2a,
        0x86,
        0x48,
        0x86,
        0xf7,
        0x0d,
        0x01,
        0x07,
        last,
      ]);
    expect(isPfxHeader(head(3, 1))).toBe(true);
    expect(isPfxHeader(head(3, 6))).toBe(true);
    expect(isPfxHeader(head(2, 1))).toBe(false);
    expect(isPfxHeader(head(3, 2))).toBe(false);
  });

  it('the verdict names the PFX and its lines, and no report carries its base64', async () => {
    const file = path('pfx.synthetic-certutil-encode-wrapper-crlf.txt');
    const secrets = base64Lines(read('pfx.synthetic-certutil-encode-wrapper-crlf.txt'));
    const a = await analyze([file], { asOf: '2026-12-07' });
    for (const lang of ['en', 'zh-CN'] as const) {
      const m = buildReportModel(a, {
        lang,
        now: new Date('2026-12-07T00:00:00Z'),
        toolVersion: 't',
      });
      expect(m.verdict.privateKeys).toMatchObject([{ start: 7, end: 62 }]);
      expect(m.verdict.privateKeys[0]!.line).toContain(
        lang === 'en' ? 'PFX (PKCS#12' : 'PFX（PKCS#12',
      );
      for (const out of [JSON.stringify(m), renderMarkdown(m), renderHtml(m)])
        for (const s of secrets) expect(out).not.toContain(s.slice(0, 24));
    }
    // The binding beside it is still read.
    expect(a.facts.bindings.map((b) => b.endpoint)).toContain('0.0.0.0:44307');
  });

  it('names a PFX sent alone (a certutil -encode file named .cer) although nothing can be judged', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'pfx-'));
    try {
      const lines = read('pfx.synthetic-certutil-encode-wrapper-crlf.txt').split('\r\n');
      const file = join(tmp, 'www.cer');
      writeFileSync(file, lines.slice(6, 62).join('\r\n'));
      const a = await analyze([file], { asOf: '2026-12-07' });
      expect(hasEvidence(a.coverage)).toBe(false);
      const keys = exposedKeys(a.parsed, 'en');
      expect(keys).toMatchObject([{ path: 'www.cer', start: 1, end: 56 }]);
      const msg = noEvidenceMessage(a.coverage, a.parsed.skipped, 'en', keys);
      expect(msg).toContain(keys[0]!.line);
      // cert.files did not decode the PFX as a certificate either.
      const issues = a.parsed.artifacts.flatMap((x) => x.files.flatMap((f) => f.issues));
      expect(issues.map((i) => i.code)).not.toContain('invalid-value');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
