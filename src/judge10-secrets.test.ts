/**
 * Round 10 judge, secrets lane (judge10 T3, B08): no password, connection-string password,
 * encrypted IIS value, private key or PFX from the evidence reaches any output: analyze (json, md,
 * html, with and without --redact), inspect, diff and fleet. The judge's own bundle is in
 * src/fixtures/judge10/B08-secrets-in-applicationhost (README there); the planted variant adds
 * src/fixtures/judge10/B08-secrets-in-applicationhost.planted.synthetic.xml inside its site.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { maskSecrets } from './artifacts/secrets.js';
import { judgeRound } from './test-support/judge.js';
import { cli as cliIn, itLeaksNoSecret, replaceInBundle } from './test-support/outputs.js';

const { fixture } = judgeRound(10);
const B08 = fixture('B08-secrets-in-applicationhost');
const tmp = mkdtempSync(join(tmpdir(), 'tls-doctor-judge10-secrets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cli = (...args: string[]) => cliIn(tmp, ...args);

/** Every secret the two bundles hold (what no output may contain), and a piece of each. */
const SECRETS = [
  'Summer2026!Secret',
  'P00l-Pa$$w0rd-XYZ',
  'SECRETSESSIONKEYBLOB',
  '57686f6120447564652c2049206c696b65206d79206b6579',
  'Single-Quoted-Secret9',
  'Sem;i',
  "i'colon",
  'Tail7',
  'Br;ace',
  'Odbc8',
  'Quo;ted',
  'Secret6',
  // The PEM key's and the PFX's first body lines.
  'MIICXQIBAAKBgQDORqWeZTbrBXkWY6FA0bTWuso3ZKZe9D6k2UQXP3l1EarHkW',
  'MIIJWQIBAzCCCR8GCSqGSIb3DQEHAaCCCRAEggkMMIIJCDCCA78GCSqGSIb3DQEH',
];

/** B08 with the synthetic secrets inside its site element (so a site excerpt quotes them). */
function planted(): string {
  const dir = join(tmp, 'planted');
  cpSync(B08, dir, { recursive: true });
  const config = join(dir, 'iis/applicationHost.config');
  const lines = readFileSync(config, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('<application path="/"'));
  const extra = readFileSync(
    fixture('B08-secrets-in-applicationhost.planted.synthetic.xml'),
    'utf8',
  );
  lines.splice(at + 1, 0, extra.trimEnd());
  replaceInBundle(dir, 'iis/applicationHost.config', Buffer.from(lines.join('\n'), 'utf8'));
  return dir;
}

function leaks(text: string): string[] {
  return SECRETS.filter((s) => text.includes(s));
}

describe('judge10 T3: secrets never reach an output', () => {
  const bundle = planted();
  const other = join(tmp, 'other');
  cpSync(B08, other, { recursive: true });

  it('the planted bundle really holds every secret (the test can fail)', () => {
    const text = readFileSync(join(bundle, 'iis/applicationHost.config'), 'utf8');
    expect(leaks(text)).toEqual(SECRETS);
  });

  itLeaksNoSecret(tmp, bundle, other, leaks);

  it('the json report says the site was read: the excerpt is there, masked', () => {
    const out = mkdtempSync(join(tmp, 'json-'));
    cli('analyze', bundle, '-f', 'json', '-o', join(out, 'r.json'));
    const json = readFileSync(join(out, 'r.json'), 'utf8');
    expect(json).toContain("password='[removed by tls-doctor]'");
    expect(json).toContain('Server=db01;User ID=u;Password=[removed by tls-doctor]\\"');
    expect(json).toContain("Password='[removed by tls-doctor]';Encrypt=True");
    expect(json).toContain('"code": "secret-removed"');
  }, 200_000);
});

describe('maskSecrets', () => {
  const cases: [string, string][] = [
    [`<x password="a b" user="u" />`, `<x password="[removed by tls-doctor]" user="u" />`],
    [`<x password='a"b' />`, `<x password='[removed by tls-doctor]' />`],
    [`<x password="" />`, `<x password="" />`],
    [`<x password="[removed by collector]" />`, `<x password="[removed by collector]" />`],
    [
      `<add connectionString="Server=a;User ID=u;Password=Sem;i'colon;" />`,
      `<add connectionString="Server=a;User ID=u;Password=[removed by tls-doctor];" />`,
    ],
    [
      `<add connectionString="Data Source=a;PWD = spaced secret ;Encrypt=yes" />`,
      `<add connectionString="Data Source=a;PWD = [removed by tls-doctor] ;Encrypt=yes" />`,
    ],
    [`Driver={x};PWD={a;b}c;Server=s`, `Driver={x};PWD=[removed by tls-doctor];Server=s`],
    [`<add sessionKey="AQAAANCM==" />`, `<add sessionKey="[removed by tls-doctor]" />`],
    [
      `password="[enc:AesProvider:5768:enc]" x="[enc:AesProvider:99:enc]"`,
      `password="[removed by tls-doctor]" x="[removed by tls-doctor]"`,
    ],
    // Ordinary text stays as it is.
    [`    Certificate Hash : 0123`, `    Certificate Hash : 0123`],
    [`the password policy was changed`, `the password policy was changed`],
  ];
  for (const [input, want] of cases)
    it(`${input}`, () => {
      expect(maskSecrets(input).text).toBe(want);
    });

  it('keeps line numbers and line breaks', () => {
    const r = maskSecrets('a\r\n<x password="s" />\nb');
    expect(r.text).toBe('a\r\n<x password="[removed by tls-doctor]" />\nb');
    expect(r.lines).toEqual([2]);
  });
});

describe('judge10 M10 (P01): a mail signature is not quoted into the report', () => {
  const mail = fixture('P01-outlook-quoted-reflowed-exchange-sslcert/mail.txt');
  const PERSONAL = ['John Doe', '+1 555 0100', 'john.doe@contoso.com'];

  it('the mail holds the signature (the test can fail)', () => {
    const text = readFileSync(mail, 'utf8');
    for (const p of PERSONAL) expect(text).toContain(p);
  });

  for (const f of ['json', 'md', 'html'])
    it(`analyze -f ${f}: the binding is read, the signature line is named by number only`, () => {
      const out = mkdtempSync(join(tmp, 'p01-'));
      const r = cli('analyze', mail, '-f', f, '-o', join(out, `r.${f}`));
      const text = readFileSync(join(out, `r.${f}`), 'utf8') + r.stdout + r.stderr;
      expect(PERSONAL.filter((p) => text.includes(p))).toEqual([]);
      expect(text).toContain('0.0.0.0:444');
      if (f === 'json') {
        const line =
          readFileSync(mail, 'utf8')
            .split(/\r?\n/)
            .findIndex((l) => l.includes('John Doe')) + 1;
        const json = JSON.parse(text.slice(0, text.lastIndexOf('}') + 1)) as unknown;
        const issues =
          JSON.stringify(json).match(/"code":"unrecognized-line"[^}]*"line":(\d+)/g) ?? [];
        expect(issues.some((i) => i.endsWith(`"line":${line}`))).toBe(true);
      }
    }, 200_000);
});

describe('judge10 M7 (H06): a binary .pfx in the zip is named as a sent private key', () => {
  it('says a PFX was sent, not read, to delete it and treat the key as exposed', () => {
    const zip = fixture('H06-zip-in-zip-with-pfx/outer.zip');
    const r = cli('analyze', zip, '-f', 'md');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'www.pfx is a PFX file (PKCS#12: a certificate with its private key); it was not read. Delete it',
    );
    expect(r.stderr).toContain('treat the private key as exposed');
  }, 200_000);
});

describe('judge10 M8 (H07): manifest paths outside the bundle are a manifest issue', () => {
  it('names both entries, reads neither path', async () => {
    const { analyze } = await import('./analyze.js');
    const a = await analyze([fixture('H07-manifest-paths-escape')]);
    const outside = a.parsed.manifestIssues.filter((i) => i.code === 'manifest-path-outside');
    expect(outside.map((i) => i.params?.['id'])).toEqual(['httpsys.sslcert', 'iis.config']);
    expect(outside.every((i) => i.severity === 'warning')).toBe(true);
    expect(JSON.stringify(a)).not.toContain('root:x:0:0');
  }, 200_000);
});
