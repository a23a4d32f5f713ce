/**
 * Judge round 7 T5 (seed scenario 5 without the OS build), run end to end on the judge's own
 * captures and registry exports (copied into src/fixtures/judge7, origins in README.trust7e.md).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { judgeRound, type Analysis } from './test-support/judge.js';

const { fixture: j7, model, fixOf } = judgeRound(7);

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

describe('judge7 S2: a ClientHello answered in plain HTTP', () => {
  it('c06: names the plain-HTTP answer and quotes its status line, not a TCP reset', async () => {
    const a = await analyze([j7('c06-capture.pcap')]);
    const c = a.facts.connections[0]!;
    expect(c.plainHttpReply).toEqual({
      frame: 6,
      statusLine: 'HTTP/1.1 400 Bad Request',
      server: 'Server: Microsoft-HTTPAPI/2.0',
    });
    const ids = a.evaluation.findings.map((x) => `${x.ruleId}:${x.severity}`);
    expect(ids).toContain('handshake-plain-http-reply:high');
    expect(ids).not.toContain('handshake-no-server-hello:high');
    const f = model(a).findings.find((x) => x.ruleId === 'handshake-plain-http-reply')!;
    expect(f.fix).toContain('frame 6: HTTP/1.1 400 Bad Request | Server: Microsoft-HTTPAPI/2.0');
    expect(f.evidence.map((e) => e.excerpt ?? '').join('\n')).toContain(
      'frame 6: plain HTTP from the server (not TLS): HTTP/1.1 400 Bad Request',
    );
    expect(fixOf(a, 'handshake-plain-http-reply', 'zh-CN')).toContain('绑定的是 HTTP 而不是 HTTPS');
  });
});

describe('judge7 S8: HTTP/2 negotiated with a suite RFC 7540 forbids', () => {
  it('c21: h2 with 0xc014 is a high finding with the suite-order fix', async () => {
    const a = await analyze([j7('c21-capture.pcap')]);
    expect(a.facts.connections[0]).toMatchObject({
      negotiatedAlpn: 'h2',
      http2ForbiddenSuite: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
    });
    const ids = a.evaluation.findings.map((x) => `${x.ruleId}:${x.severity}`);
    expect(ids).toContain('handshake-http2-forbidden-suite:high');
    const fix = fixOf(a, 'handshake-http2-forbidden-suite');
    expect(fix).toContain('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA');
    expect(fix).toContain('Get-TlsCipherSuite | Format-Table -Property Name');
    expect(fix).toMatch(/AES_256_GCM_SHA384' -Position 0/);
  });

  it('control: h2 with an AES-GCM suite (0xc030) is allowed, no finding', async () => {
    const a = await analyze([j7('c21-control-h2-gcm.pcap')]);
    expect(a.facts.connections[0]).toMatchObject({
      negotiatedAlpn: 'h2',
      http2ForbiddenSuite: null,
    });
    expect(a.evaluation.findings.map((x) => x.ruleId)).not.toContain(
      'handshake-http2-forbidden-suite',
    );
  });

  it('controls without h2 (c23, c08): no HTTP/2 finding', async () => {
    for (const f of ['c23-capture.pcap', 'c08-capture.pcap']) {
      const a = await analyze([j7(f)]);
      expect(a.evaluation.findings.map((x) => x.ruleId)).not.toContain(
        'handshake-http2-forbidden-suite',
      );
    }
  });
});
