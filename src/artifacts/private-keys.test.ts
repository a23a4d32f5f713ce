import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode.js';
import { blankPrivateKeys, privateKeyBlocks } from './private-keys.js';

// Keys as OpenSSL writes them (node:crypto is OpenSSL), made fresh for each run: no key is kept
// in the project but the throw-away ssh-keygen one (OpenSSH format, which node cannot write).
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const FORMS: Record<string, string> = {
  'RSA (PKCS#1)': rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
  'RSA encrypted (Proc-Type / DEK-Info headers)': rsa.privateKey.export({
    type: 'pkcs1',
    format: 'pem',
    cipher: 'aes-128-cbc',
    passphrase: 'x',
  }) as string,
  'PKCS#8': rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  'PKCS#8 encrypted': rsa.privateKey.export({
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: 'x',
  }) as string,
  'EC (SEC1)': ec.privateKey.export({ type: 'sec1', format: 'pem' }) as string,
  OPENSSH: readFileSync(
    new URL('./fixtures/private-key.ssh-keygen-ed25519-throwaway.txt', import.meta.url),
    'utf8',
  ),
};

const SSLCERT = [
  'C:\\>netsh http show sslcert',
  '',
  '    IP:port                      : 0.0.0.0:443',
  '    Certificate Hash             : ',
];
/** Body lines of a key: what must never come out again. */
const secretLines = (pem: string): string[] =>
  pem.split(/\r?\n/).filter((l) => /^[A-Za-z0-9+/=]{16,}$/.test(l));

describe('private keys in evidence', () => {
  for (const [form, pem] of Object.entries(FORMS)) {
    it(`blanks every line of a ${form} key and keeps the line numbers when pasted in a mail`, () => {
      const keyLines = pem.trimEnd().split('\n');
      const text = ['Hi team,', '', ...keyLines, '', ...SSLCERT].join('\r\n');
      const d = decodeText(Buffer.from(text, 'utf8'));
      for (const s of secretLines(pem)) expect(d.text).not.toContain(s);
      expect(d.text).not.toMatch(/PRIVATE KEY/);
      const lines = d.text.split('\r\n');
      expect(lines).toHaveLength(text.split('\r\n').length);
      expect(lines[0]).toBe('Hi team,');
      expect(lines.slice(-2)).toEqual(SSLCERT.slice(-2));
      expect(d.issues).toMatchObject([
        {
          code: 'private-key-omitted',
          severity: 'warning',
          line: 3,
          params: { start: 3, end: 2 + keyLines.length, cut: 'whole' },
        },
      ]);
    });
  }

  it('blanks a block cut before its END line up to the first line that is no key line', () => {
    const body = secretLines(FORMS['RSA (PKCS#1)']!).slice(0, 5);
    const lines = ['-----BEGIN RSA PRIVATE KEY-----', ...body, '', 'Thanks,', ...SSLCERT];
    expect(privateKeyBlocks(lines)).toEqual([{ start: 1, end: 6, cut: true, kind: 'RSA' }]);
    const out = blankPrivateKeys(lines.join('\n')).text.split('\n');
    expect(out.slice(0, 6).every((l) => l === '')).toBe(true);
    expect(out.slice(7)).toEqual(lines.slice(7));
  });

  it('finds a mail-quoted key, a key reflowed into one line, and a key cut by the next one', () => {
    const body = secretLines(FORMS['EC (SEC1)']!);
    const quoted = [
      '> -----BEGIN EC PRIVATE KEY-----',
      ...body.map((l) => `> ${l}`),
      '> -----END EC PRIVATE KEY-----',
    ];
    const oneLine = `key: -----BEGIN PRIVATE KEY----- ${body.join(' ')} -----END PRIVATE KEY-----`;
    const twice = ['-----BEGIN RSA PRIVATE KEY-----', body[0]!, ...FORMS['PKCS#8']!.split('\n')];
    expect(privateKeyBlocks(quoted)).toEqual([
      { start: 1, end: quoted.length, cut: false, kind: 'EC' },
    ]);
    expect(privateKeyBlocks(['x', oneLine, 'y'])).toEqual([
      { start: 2, end: 2, cut: false, kind: '' },
    ]);
    expect(privateKeyBlocks(twice).map((b) => [b.start, b.cut])).toEqual([
      [1, true],
      [3, false],
    ]);
  });

  it('leaves a text without a key unchanged (a certificate, a key named in prose)', () => {
    const text =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\nthe PRIVATE KEY is missing\n';
    expect(blankPrivateKeys(text)).toEqual({ text, blocks: [] });
  });
});
