import { describe, expect, it } from 'vitest';
import { MANGLINGS } from '../test-support/mangle.js';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { parseTlsCipherSuite } from './tls-cipher-suite.js';
import { parseTlsEccCurve } from './tls-ecc-curve.js';

// No real Get-TlsCipherSuite output was found in ../shared/real; the fixtures are Microsoft
// Learn's documented examples (MicrosoftDocs/windows-powershell-docs, see
// tls-cipher-suite.samples.md) and a table view made by this project: all named `synthetic-`.
const LEARN1 = 'tls-cipher-suite.sample.synthetic-learn-example1-format-list.txt';
const LEARN2 = 'tls-cipher-suite.sample.synthetic-learn-example2-ecdsa.txt';
const TABLE = 'tls-cipher-suite.sample.synthetic-format-table.txt';
const read = (name: string, text?: string) =>
  parseTlsCipherSuite(fixtureText(import.meta.url, name, 'schannel.cipher-suites', text));

describe('schannel.cipher-suites', () => {
  it('reads the list view in preference order with its fields', () => {
    const { value, issues } = read(LEARN1);
    expect(issues).toEqual([]);
    expect(value.layout).toBe('list');
    expect(value.suites).toMatchObject([
      {
        name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
        position: 0,
        code: 49200,
        certificate: 'RSA',
        exchange: 'ECDH',
        cipher: 'AES',
        hash: '',
        cipherLength: 256,
        protocols: [771],
        evidence: { lines: { start: 2, end: 15 } },
      },
      { name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', position: 1, code: 49199 },
    ]);
  });

  it('reads multi-protocol lists and ECDSA suites', () => {
    const { value } = read(LEARN2);
    expect(value.suites.map((s) => [s.certificate, s.protocols])).toEqual([
      ['ECDSA', [771, 65277]],
      ['ECDSA', [771, 65277]],
    ]);
  });

  it('reads the table view; rows with empty cells keep only the name', () => {
    const { value, issues } = read(TABLE);
    expect(issues).toEqual([]);
    expect(value.layout).toBe('table');
    expect(value.suites.map((s) => s.name)).toHaveLength(8);
    expect(value.suites[0]).toMatchObject({ name: 'TLS_AES_256_GCM_SHA384', certificate: null });
    expect(value.suites[6]).toMatchObject({
      name: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
      exchange: 'ECDH',
      hash: 'SHA384',
      certificate: 'RSA',
      evidence: { lines: { start: 11, end: 11 } },
    });
  });

  it.each(MANGLINGS.flatMap((m) => [LEARN1, LEARN2, TABLE].map((f) => [m.name, f] as const)))(
    'reads the same suites when %s (%s)',
    (name, file) => {
      const m = MANGLINGS.find((x) => x.name === name)!;
      const plain = read(file).value.suites.map((s) => [s.name, s.certificate, s.code]);
      const text = m.apply(fixtureText(import.meta.url, file).text);
      const mangled = read(file, text);
      expect(mangled.value.suites.map((s) => [s.name, s.certificate, s.code])).toEqual(plain);
    },
  );

  it('reads a list view whose blank lines and padding were collapsed', () => {
    const text = fixtureText(import.meta.url, LEARN1)
      .text.split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/\s+:\s?/, ': '))
      .join('\n');
    expect(read(LEARN1, text).value.suites.map((s) => s.code)).toEqual([49200, 49199]);
  });

  it('reads bare names and a comma-separated order', () => {
    const { value } = parseTlsCipherSuite(
      inlineText(
        'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\nTLS_RSA_WITH_AES_128_CBC_SHA,TLS_AES_128_GCM_SHA256\n',
      ),
    );
    expect(value.layout).toBe('names');
    expect(value.suites.map((s) => [s.name, s.position])).toEqual([
      ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 0],
      ['TLS_RSA_WITH_AES_128_CBC_SHA', 1],
      ['TLS_AES_128_GCM_SHA256', 2],
    ]);
  });

  it('reports bad records and keeps the good ones', () => {
    const { value, issues } = parseTlsCipherSuite(
      inlineText(
        [
          'Certificate : RSA',
          'CipherSuite : 49x',
          'Name        : TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
          'Protocols   : {771, abc}',
          '',
          'Certificate : RSA',
          'Name        : not a suite',
          '',
          'Certificate : RSA',
          'Exchange    : RSA',
          'garbage here',
          'Name        : TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        ].join('\n'),
      ),
    );
    expect(value.suites.map((s) => s.name)).toEqual(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256']);
    expect(issues).toMatchObject([
      { code: 'unrecognized-line', line: 11 },
      { code: 'invalid-value', line: 4 },
      { code: 'invalid-value', line: 2 },
      { code: 'invalid-value', line: 7 },
      { code: 'duplicate-record', line: 9 },
    ]);
  });

  it('gives an empty-input issue for nothing', () => {
    expect(parseTlsCipherSuite(inlineText('')).issues).toMatchObject([{ code: 'empty-input' }]);
  });
});

describe('schannel.ecc-curves', () => {
  const CURVES = 'tls-ecc-curve.sample.synthetic-learn-example1.txt';
  it("reads Learn's example in order", () => {
    const { value, issues } = parseTlsEccCurve(
      fixtureText(import.meta.url, CURVES, 'schannel.ecc-curves'),
    );
    expect(issues).toEqual([]);
    expect(value.curves).toEqual(['curve25519', 'NistP256', 'NistP384']);
    expect(value.evidence).toMatchObject({ lines: { start: 2, end: 4 } });
  });

  it.each(MANGLINGS.map((m) => [m.name] as const))('reads the same curves when %s', (name) => {
    const m = MANGLINGS.find((x) => x.name === name)!;
    const text = m.apply(fixtureText(import.meta.url, CURVES).text);
    expect(parseTlsEccCurve(fixtureText(import.meta.url, CURVES, 'x', text)).value.curves).toEqual([
      'curve25519',
      'NistP256',
      'NistP384',
    ]);
  });

  it('reports a line that is not a curve and an empty list', () => {
    expect(parseTlsEccCurve(inlineText('NistP256\nhello\nNistP256\n'))).toMatchObject({
      value: { curves: ['NistP256'] },
      issues: [
        { code: 'unrecognized-line', line: 2 },
        { code: 'duplicate-record', line: 3 },
      ],
    });
    expect(parseTlsEccCurve(inlineText('\n')).issues).toMatchObject([{ code: 'empty-input' }]);
  });
});
