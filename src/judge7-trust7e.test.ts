/**
 * Judge round 7 T5 (seed scenario 5 without the OS build), run end to end on the judge's own
 * captures and registry exports (copied into src/fixtures/judge7, origins in README.trust7e.md).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { buildReportModel } from './report/model.js';

const j7 = (p: string): string => new URL(`./fixtures/judge7/${p}`, import.meta.url).pathname;
type Analysis = Awaited<ReturnType<typeof analyze>>;
const model = (a: Analysis, lang: 'en' | 'zh-CN' = 'en') =>
  buildReportModel(a, { lang, now: new Date('2026-12-06T00:00:00Z'), toolVersion: 't' });
const fixOf = (a: Analysis, ruleId: string, lang: 'en' | 'zh-CN' = 'en'): string =>
  model(a, lang).findings.find((f) => f.ruleId === ruleId)?.fix ?? '';
const VERSION = 'handshake-protocol-version-mismatch';
/** Runnable (not commented) lines that write a TLS 1.3 Server key. */
const liveTls13 = (fix: string): string[] =>
  fix
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => !l.startsWith('#') && /reg add [^\n]*TLS 1\.3\\Server/i.test(l));

describe('judge7 T5: client TLS 1.3/1.2, server TLS 1.0 only, the OS build unknown', () => {
  it('c19 (loose capture + .reg): enables TLS 1.2, TLS 1.3 only as a gated note beside it', async () => {
    const a = await analyze([j7('c19-capture.pcap'), j7('c19-schannel.reg')]);
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'version-mismatch')!;
    expect(ep).toMatchObject({
      serverBehind: true,
      fixProtocol: 'TLS 1.2',
      fixAlsoProtocol: null,
      fixAlsoIfOsHasIt: 'TLS 1.3',
      policyAllowsRefused: null,
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = fixOf(a, VERSION, lang);
      expect(fix).toMatch(/^reg add '[^']*TLS 1\.2\\Server' \/v Enabled/m);
      expect(liveTls13(fix)).toEqual([]);
      expect(fix).toContain('-ge 20348');
    }
    expect(fixOf(a, VERSION)).toContain('enable TLS 1.2 for the Server side');
    expect(fixOf(a, VERSION)).toContain('never instead of it');
    expect(fixOf(a, VERSION)).not.toContain('enable TLS 1.3 for the Server side');
  });

  it('b08 (samples/s5 zipped without its manifest): the same, over both handshake groups', async () => {
    const a = await analyze([j7('b08-s5.zip')]);
    const fix = fixOf(a, VERSION);
    expect(fix).toContain('enable TLS 1.2 for the Server side');
    expect(liveTls13(fix)).toEqual([]);
    expect(liveTls13(fixOf(a, VERSION, 'zh-CN'))).toEqual([]);
  });

  it('c20 (.reg already enables TLS 1.2): says the registry cannot explain the refusal, enables nothing', async () => {
    const a = await analyze([j7('c19-capture.pcap'), j7('c20-schannel.reg')]);
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'version-mismatch')!;
    expect(ep).toMatchObject({ fixProtocol: null, policyAllowsRefused: 'TLS 1.2' });
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = fixOf(a, VERSION, lang);
      expect(fix.split('\n').filter((l) => /^reg add/i.test(l.trim()))).toEqual([]);
      expect(fix).toContain('(Get-CimInstance Win32_OperatingSystem).LastBootUpTime');
    }
    const en = fixOf(a, VERSION);
    expect(en).toContain('The Schannel registry allows TLS 1.2');
    expect(en).toMatch(/restart is pending/);
    expect(en).toMatch(/another machine or endpoint/);
    expect(fixOf(a, VERSION, 'zh-CN')).toContain('注册表无法解释这个抓包');
  });

  it('c23 control (client TLS 1.1/1.2, no TLS 1.3 offered): enable TLS 1.2, no TLS 1.3 note', async () => {
    const a = await analyze([j7('c23-capture.pcap'), j7('c19-schannel.reg')]);
    const fix = fixOf(a, VERSION);
    expect(fix).toContain('enable TLS 1.2 for the Server side');
    expect(fix).not.toContain('TLS 1.3');
  });
});

describe('judge7 S1: key size, signature and EKU of the certificate on the wire', () => {
  const wireCert = (a: Analysis) => a.facts.certificates.find((c) => c.servedOnWire)!;
  it('c08: a 1024-bit RSA leaf sent in a TLS 1.2 handshake is a weak key, read from its DER', async () => {
    const a = await analyze([j7('c08-capture.pcap')]);
    expect(wireCert(a)).toMatchObject({
      keyAlgorithm: expect.stringMatching(/^RSA/),
      keySize: 1024,
      weakKey: true,
    });
    const f = a.evaluation.findings.find((x) => x.ruleId === 'certificate-weak-key');
    expect(f?.severity).toBe('high');
    expect(fixOf(a, 'certificate-weak-key')).toContain('1024 bits');
  });

  it('c09: a sha1WithRSA leaf is reported (medium)', async () => {
    const a = await analyze([j7('c09-capture.pcap')]);
    expect(wireCert(a)).toMatchObject({ signatureHash: 'sha1', sha1Signature: true });
    expect(a.evaluation.findings.map((x) => `${x.ruleId}:${x.severity}`)).toContain(
      'certificate-sha1-signature:medium',
    );
  });

  it('c17 / c17b: a Client-Authentication-only leaf lacks Server Authentication, bound or not', async () => {
    for (const inputs of [
      [j7('c17-capture.pcap')],
      [j7('c17-capture.pcap'), j7('c17b-sslcert.txt')],
    ]) {
      const a = await analyze(inputs);
      expect(wireCert(a)).toMatchObject({ eku: ['1.3.6.1.5.5.7.3.2'], missingServerAuthEku: true });
      expect(a.evaluation.findings.map((x) => `${x.ruleId}:${x.severity}`)).toContain(
        'certificate-missing-server-auth-eku:high',
      );
    }
  });

  it('c08b: the bound wire certificate is judged once, as the bound one', async () => {
    const a = await analyze([j7('c08-capture.pcap'), j7('c08b-sslcert.txt')]);
    const weak = a.evaluation.findings.filter((x) => x.ruleId === 'certificate-weak-key');
    expect(weak).toHaveLength(1);
    expect(wireCert(a).isBound).toBe(true);
  });

  it('c23 control: a 2048-bit SHA-256 server leaf raises none of the three', async () => {
    const a = await analyze([j7('c23-capture.pcap')]);
    expect(wireCert(a)).toMatchObject({
      weakKey: false,
      sha1Signature: false,
      eku: ['1.3.6.1.5.5.7.3.1'],
    });
    const ids = a.evaluation.findings.map((x) => x.ruleId);
    for (const id of [
      'certificate-weak-key',
      'certificate-sha1-signature',
      'certificate-missing-server-auth-eku',
    ])
      expect(ids).not.toContain(id);
  });
});
