import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError, SNIFF, sniffValue } from '../shared/parse.js';
import { fixtureText, inlineText } from '../test-support/fixtures.js';
import { MANGLINGS } from '../test-support/mangle.js';
import { protocolName, sClientParser as parser } from './s-client.js';

// Real OpenSSL 3 runs on loopback (scripts/make-s-client-samples.sh) and the judge's own run.
const LEAF_ONLY = 's-client.sample.openssl3-tls12-leaf-only-verify-21.txt';
const CHAIN = 's-client.sample.openssl3-tls12-chain-sent-verify-0.txt';
const TLS13 = 's-client.sample.openssl3-tls13-chain-sent-root-unknown-verify-20.txt';
const JUDGE = '../fixtures/judge7/c22-sclient-text-leaf-only/openssl-s_client.txt';
const text = (name: string): string => readFileSync(new URL(name, import.meta.url), 'utf8');
const parse = (name: string) => parser.parse(fixtureText(import.meta.url, name));
// scripts/certs/out (index.json): server-good and issuing-ca.
const SERVER_GOOD = 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3';
const ISSUING_CA = '567c75b5e77b9a8e75f987e816578e01d3afda04';

const summary = (name: string, t?: string) =>
  (t === undefined ? parse(name) : parser.parse(inlineText(t))).value.runs.map((r) => ({
    protocol: r.protocol,
    cipher: r.cipher,
    verifyCode: r.verifyCode,
    chain: r.certificates.map((c) => c.sha1),
  }));

describe('capture.pcap (openssl s_client text)', () => {
  it('reads a leaf sent alone and the client verify error 21 (real OpenSSL 3 run)', () => {
    const { value, issues } = parse(LEAF_ONLY);
    expect(issues).toEqual([]);
    expect(value.runs).toHaveLength(1);
    const r = value.runs[0]!;
    expect(r).toMatchObject({
      connect: '127.0.0.1:44390',
      serverName: 'www.contoso.com',
      established: true,
      protocol: 'TLS 1.2',
      cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
      verifyCode: 21,
      verifyText: 'unable to verify the first certificate',
    });
    expect(r.verifyErrors).toMatchObject([
      { depth: 0, code: 20, line: 3 },
      { depth: 0, code: 21, line: 6 },
    ]);
    expect(r.certificates).toHaveLength(1);
    expect(r.certificates[0]).toMatchObject({
      index: 0,
      sha1: SERVER_GOOD,
      x509: { subject: 'CN=www.contoso.com, O=Contoso Ltd, C=US' },
      evidence: { lines: { start: 13 } },
    });
  });

  it('reads the chain in wire order and verify code 0 when the intermediate is sent', () => {
    expect(summary(CHAIN)).toEqual([
      {
        protocol: 'TLS 1.2',
        cipher: 'ECDHE-RSA-AES256-GCM-SHA384',
        verifyCode: 0,
        chain: [SERVER_GOOD, ISSUING_CA],
      },
    ]);
  });

  it('reads a TLS 1.3 run whose client does not know the root (verify 20 at depth 1)', () => {
    const { value } = parse(TLS13);
    expect(summary(TLS13)).toEqual([
      {
        protocol: 'TLS 1.3',
        cipher: 'TLS_AES_256_GCM_SHA384',
        verifyCode: 20,
        chain: [SERVER_GOOD, ISSUING_CA],
      },
    ]);
    expect(value.runs[0]!.verifyErrors).toMatchObject([{ depth: 1, code: 20 }]);
  });

  it("reads the judge's Linux run (judge7 c22): leaf alone, verify 21, the session start time", () => {
    const r = parse(JUDGE).value.runs[0]!;
    expect(r).toMatchObject({
      connect: 'www.contoso.com:443',
      verifyCode: 21,
      protocol: 'TLS 1.2',
      startTime: new Date(1796598023 * 1000).toISOString(),
    });
    expect(r.certificates.map((c) => c.x509?.subject)).toEqual([
      'O=Contoso Ltd, CN=www.contoso.com',
    ]);
  });

  it('reads two runs pasted one after the other', () => {
    const runs = summary('', text(LEAF_ONLY) + '\n' + text(CHAIN));
    expect(runs.map((r) => r.verifyCode)).toEqual([21, 0]);
    expect(runs.map((r) => r.chain.length)).toEqual([1, 2]);
  });

  it.each(
    MANGLINGS.flatMap((m) => [LEAF_ONLY, CHAIN, JUDGE].map((s) => [m.name, s, m.apply] as const)),
  )('reads the same runs when %s (%s)', (_n, sample, apply) => {
    expect(summary('', apply(text(sample)))).toEqual(summary(sample));
  });

  it('reports a PEM block cut short and keeps the rest of the run', () => {
    const cut = text(LEAF_ONLY).replace(/-----END CERTIFICATE-----\n/, '');
    const { value, issues } = parser.parse(inlineText(cut));
    expect(value.runs[0]).toMatchObject({ verifyCode: 21, certificates: [{ sha1: null }] });
    expect(issues[0]).toMatchObject({ code: 'truncated' });
  });

  it('refuses a text without any s_client run', () => {
    expect(() => parser.parse(inlineText('hello\nworld\n'))).toThrow(ParseError);
  });

  it('names protocols as captures do', () => {
    expect(['TLSv1', 'TLSv1.2', 'TLSv1.3', 'SSLv3', '(NONE)'].map(protocolName)).toEqual([
      'TLS 1.0',
      'TLS 1.2',
      'TLS 1.3',
      'SSL 3.0',
      null,
    ]);
  });

  it('scores its output sure and a PEM file or netstat 0', () => {
    expect(sniffValue(parser.sniff(text(JUDGE)))).toBe(SNIFF.sure);
    expect(sniffValue(parser.sniff(text('cert-file.sample.generated-chain-crlf.pem')))).toBe(0);
    expect(
      sniffValue(parser.sniff(text('netstat.sample.en-ano-http-sys-port80-snipped.txt'))),
    ).toBe(0);
  });
});
