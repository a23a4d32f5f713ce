/**
 * Judge round 7 trust-breaking faults T1–T4, run end to end on the judge's own evidence (copied
 * into src/fixtures/judge7 with its origin in the README there).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { Redactor, redactModel } from './report/redact.js';
import { renderHtml } from './report/render-html.js';
import { renderMarkdown } from './report/render-md.js';
import { AS_OF, fired, judgeRound } from './test-support/judge.js';

const { fixture, model } = judgeRound(7);

const tmp = mkdtempSync(join(tmpdir(), 'judge7-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('judge7 T1: a pasted private key never reaches a report', () => {
  const MAIL = fixture('t17-paste-private-key-and-pfx-password/mail.txt');
  // Every body line of the judge's key (lines 10–22 of the mail).
  const keyLines = readFileSync(MAIL, 'utf8')
    .split(/\r?\n/)
    .slice(9, 22)
    .filter((l) => /^[A-Za-z0-9+/=]{20,}$/.test(l));

  it('t17: no line of the key in JSON, Markdown or HTML (with and without --redact), one warning naming the lines', async () => {
    expect(keyLines).toHaveLength(13);
    const a = await analyze([MAIL], AS_OF);
    // The findings the judge confirmed right stay.
    expect(fired(a)).toEqual([
      'sslcert-empty-certificate-hash:critical',
      'sslcert-zero-application-id:medium',
    ]);
    for (const lang of ['en', 'zh-CN'] as const) {
      const plain = model(a, lang);
      const redacted = redactModel(model(a, lang), new Redactor({ thumbprints: true }), [a.facts]);
      for (const m of [plain, redacted]) {
        const outputs = [JSON.stringify(m), renderMarkdown(m), renderHtml(m)];
        for (const out of outputs) {
          for (const l of keyLines) expect(out).not.toContain(l.slice(0, 20));
          expect(out).not.toMatch(/BEGIN RSA PRIVATE KEY|END RSA PRIVATE KEY/);
        }
        expect(m.verdict.privateKeys).toMatchObject([{ start: 9, end: 23 }]);
        expect(m.verdict.privateKeys[0]!.line).toContain(
          lang === 'en' ? 'Treat it as exposed' : '视为已泄露',
        );
        expect(outputs[1]).toContain(m.verdict.privateKeys[0]!.line);
        expect(outputs[2]).toMatch(/id="verdict-private-key"/);
      }
      const issues = plain.artifacts.flatMap((x) => x.files.flatMap((f) => f.issues));
      expect(issues.filter((i) => i.code === 'private-key-omitted')).toMatchObject([
        { severity: 'warning', line: 9, params: { start: 9, end: 23 } },
      ]);
      // The lines are blank to the parser: none is "unrecognised".
      expect(
        issues.filter((i) => i.code === 'unrecognized-line' && i.line! >= 9 && i.line! <= 23),
      ).toEqual([]);
    }
  });

  it('a key file zipped with the evidence is listed unread, and the verdict still says a key was sent', async () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const keyFile = join(tmp, 'www_contoso_com.key');
    writeFileSync(keyFile, pem);
    const a = await analyze([keyFile, MAIL], AS_OF);
    const m = model(a);
    expect(m.unrecognized.map((u) => u.path)).toContain('www_contoso_com.key');
    expect(m.verdict.privateKeys.map((k) => [k.path, k.start])).toEqual(
      expect.arrayContaining([
        ['www_contoso_com.key', 1],
        ['mail.txt', 9],
      ]),
    );
    const body = pem.split('\n')[1]!;
    for (const out of [JSON.stringify(m), renderMarkdown(m), renderHtml(m)])
      expect(out).not.toContain(body.slice(0, 20));
  });
});

describe('judge7 T3: a console copy of a repair is read at its last listing', () => {
  it('t01: show (broken) → delete → add → show (healthy): no finding, no delete / re-add fix', async () => {
    const a = await analyze([fixture('t01-sslcert-before-after-fixed/console.txt')], AS_OF);
    expect(fired(a)).toEqual([]);
    expect(a.facts.bindings.map((b) => [b.endpoint, b.certificateHash, b.duplicateOf])).toEqual([
      ['0.0.0.0:443', '61d34f532da121bbab64723c4871e72c92f03735', null],
    ]);
    const m = model(a);
    const issues = m.artifacts.flatMap((x) => x.files.flatMap((f) => f.issues));
    expect(issues.map((i) => i.code)).toContain('multiple-listings');
  });

  it('t01b (control): the broken listing alone is still critical', async () => {
    const a = await analyze([fixture('t01b-sslcert-broken-only-control/console.txt')], AS_OF);
    expect(fired(a)).toEqual([
      'sslcert-empty-certificate-hash:critical',
      'sslcert-zero-application-id:medium',
    ]);
  });

  it('t53: show (old certificate) → update → show (renewed): the renewed hash is the state, nothing is re-bound', async () => {
    const a = await analyze([fixture('t53-sslcert-renewal-update-console/console.txt')], AS_OF);
    expect(fired(a)).toEqual([]);
    expect(a.facts.bindings.map((b) => b.certificateHash)).toEqual([
      'a3a24ddc3db9c858165eb1aa0210d1732f4388c3',
    ]);
  });
});

describe('judge7 T4: the duplicate-binding fix changes nothing while NEWBINDING holds its placeholder', () => {
  it('t45: two sites on https *:443: — high, and no runnable line binds a made-up value', async () => {
    const a = await analyze(
      [
        fixture('t45-two-sites-same-https-binding/applicationHost.config'),
        fixture('t45-two-sites-same-https-binding/sslcert.txt'),
      ],
      AS_OF,
    );
    expect(fired(a)).toContain('iis-duplicate-https-binding:high');
    for (const lang of ['en', 'zh-CN'] as const) {
      const f = model(a, lang).findings.find((x) => x.ruleId === 'iis-duplicate-https-binding')!;
      const fix = f.fix;
      expect(fix).not.toMatch(/NEWBINDING=\*|www\.example\.com/);
      expect(fix).toContain('set "NEWBINDING=new-binding-here"');
      const live = fix
        .split('\n')
        .filter((l) => l.includes('%NEWBINDING%') && !l.startsWith('REM'));
      expect(live.length).toBeGreaterThan(0);
      for (const l of live)
        expect(l).toMatch(/^if \/i not "%NEWBINDING%"=="new-binding-here" .*appcmd set site /);
    }
  });
});

describe('judge7 T2: two servers in one input are refused, never merged', () => {
  const sample = (name: string): string => new URL(`../samples/${name}`, import.meta.url).pathname;

  it('b02: a zip of two collector bundles (WEB01/, WEB-CN01/) is refused, pointing to fleet', async () => {
    const zip = new AdmZip();
    zip.addLocalFolder(sample('healthy'), 'WEB01', (p) => !p.includes('expected-findings'));
    zip.addLocalFolder(
      sample('s3-port-conflict'),
      'WEB-CN01',
      (p) => !p.includes('expected-findings'),
    );
    const file = join(tmp, 'evidence.zip');
    zip.writeZip(file);
    await expect(analyze([file])).rejects.toMatchObject({
      name: 'BundleError',
      code: 'several-bundles',
      message: expect.stringMatching(
        /holds 2 collector bundles \(.*WEB-CN01.*\).*tls-doctor fleet/,
      ),
    });
  });

  it('two bundle folders given together are refused; one bundle with a loose file is read', async () => {
    await expect(analyze([sample('healthy'), sample('s4-empty-hash')])).rejects.toMatchObject({
      code: 'several-bundles',
    });
    const a = await analyze([
      sample('healthy'),
      fixture('t01b-sslcert-broken-only-control/console.txt'),
    ]);
    expect(a.parsed.manifest?.host?.name).toBe('WEB01');
  });
});
