/**
 * Judge round 6 M1, M2, M3, M12 and judge round 5 M1, M2: how captures are interpreted, run end
 * to end on the judges' own captures (copied into src/fixtures/judge6 and judge5 with their origin
 * in the README there).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { fired, judgeRound } from './test-support/judge.js';

const { fixture: j6, model, fixOf } = judgeRound(6);
const { fixture: j5 } = judgeRound(5);

describe('judge6 M1: a TLS 1.3-only client, a server that answers protocol_version, the build unknown', () => {
  it('p09: says the server does not offer TLS 1.3 and gates the enabling on Server 2022+, first step a command', async () => {
    const a = await analyze([j6('p09-s5-cap-client13-server12/cli13-srv12.pcap')]);
    expect(fired(a)).toEqual(['handshake-protocol-version-mismatch:high']);
    const ep = a.facts.handshakeEndpoints[0]!;
    expect(ep).toMatchObject({
      serverBehind: true,
      fixProtocol: null,
      fixProtocolIfOsHasIt: 'TLS 1.3',
    });
    for (const lang of ['en', 'zh-CN'] as const) {
      const fix = fixOf(a, 'handshake-protocol-version-mismatch', lang);
      expect(fix).not.toMatch(/supported by this Windows build|此 Windows 版本不支持/);
      expect(fix).toContain('[Environment]::OSVersion.Version.Build');
      // Every line that enables TLS 1.3 runs only on build 20348 or later.
      for (const line of fix.split('\n').filter((l) => /^reg add .*TLS 1\.3/i.test(l.trim())))
        throw new Error(`ungated: ${line}`);
      expect(fix).toMatch(/-ge 20348\) \{ reg add "[^"]*TLS 1\.3\\Server" \/v Enabled/);
      expect(fix).toMatch(/TLS 1\.2/);
      expect(model(a, lang).verdict.rootCause?.firstStep).toBe(
        '[Environment]::OSVersion.Version.Build',
      );
    }
    expect(fixOf(a, 'handshake-protocol-version-mismatch')).toContain(
      'The server does not offer TLS 1.3',
    );
  });
});

describe('judge6 M2: the server sends its certificate without the issuer', () => {
  it('p18: names the issuer that was not sent and where to import it', async () => {
    const a = await analyze([j6('p18-cap-intermediate-missing/leafonly-roottrusted.pcap')]);
    expect(fired(a)).toContain('handshake-client-rejects-certificate:high');
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'client-rejects-certificate')!;
    expect(ep.wireIssuerNotSent).toMatch(/CN=Fabrikam Issuing CA 2/);
    const en = fixOf(a, 'handshake-client-rejects-certificate');
    expect(en).toMatch(/its issuer, [^\n]*Fabrikam Issuing CA 2[^\n]*, was not sent/);
    expect(en).toContain('import it into LocalMachine\\CA');
    expect(en).toContain('certutil -addstore CA');
    expect(fixOf(a, 'handshake-client-rejects-certificate', 'zh-CN')).toMatch(
      /Fabrikam Issuing CA 2[^\n]*没有发送/,
    );
    expect(model(a).verdict.rootCause?.firstStep).toBe(
      `certutil -verifystore My ${ep.wireCertificateThumbprint}`,
    );
  });

  it('a server that sends the whole chain names no missing issuer (s2-client-rejects-name-mismatch sends the issuing CA)', async () => {
    const a = await analyze([
      new URL('../samples/s2-client-rejects-name-mismatch', import.meta.url).pathname,
    ]);
    const ep = a.facts.handshakeEndpoints.find((e) => e.kind === 'client-rejects-certificate')!;
    expect(ep.wireIssuerNotSent).toBeNull();
    expect(fixOf(a, 'handshake-client-rejects-certificate')).not.toContain('was not sent');
  });
});

describe('judge6 M3: a client that offers only ECDSA suites', () => {
  it('p20: says the client offers only ECDSA suites and the certificate must be ECDSA, not "enable suites"', async () => {
    const a = await analyze([j6('p20-cap-ecdsa-only-client/ecdsa-only-client.pcap')]);
    // judge9 k08: a refusal before any ServerHello is handshake-server-refuses-client-offer's.
    expect(fired(a)).toEqual(['handshake-server-refuses-client-offer:medium']);
    expect(a.facts.handshakeEndpoints[0]!.clientAuthOnly).toBe('ECDSA');
    const fix = fixOf(a, 'handshake-server-refuses-client-offer');
    expect(fix).toContain('the client offers only ECDSA cipher suites');
    expect(fix).not.toContain('Get-TlsCipherSuite');
    expect(fixOf(a, 'handshake-server-refuses-client-offer', 'zh-CN')).toContain(
      '只提供 ECDSA 密码套件',
    );
    expect(model(a).verdict.rootCause?.firstStep).toMatch(
      /^Get-ChildItem -Path 'Cert:\\LocalMachine\\My' .*PublicKey\.Oid\.FriendlyName/,
    );
  });
});

describe('judge6 M12: captures of one direction only', () => {
  it.each([
    ['p80-real-unidirectional-client/tls_1.2_unidirectional_client.pcapng'],
    ['p81-real-unidirectional-server/tls_1.2_unidirectional_server.pcapng'],
  ])(
    '%s: the verdict says no complete handshake, capture both directions (en + zh-CN)',
    async (f) => {
      const a = await analyze([j6(f)]);
      expect(a.facts.connections.every((c) => c.captureOneDirection)).toBe(true);
      const en = model(a).verdict;
      expect(en.headline).not.toMatch(/No problem found in captures/);
      expect(en.evaluatedAreas).not.toContain('captures');
      expect(en.notCheckedLine).toMatch(
        /^Captures: no complete handshake \(one direction only\) — capture on the server, both directions/,
      );
      const zh = model(a, 'zh-CN').verdict;
      expect(zh.notCheckedLine).toContain('没有完整的握手（只捕获到一个方向）');
    },
  );
});

describe('judge5 M1: the server rejects the client certificate', () => {
  it('c-server-rejects-client-cert: unknown_ca from the server after the client sent its certificate is its own finding, with the client-certificate reading', async () => {
    const a = await analyze([j5('c-server-rejects-client-cert/cc-untrusted.pcap')]);
    expect(a.facts.connections.every((c) => c.clientCertificateRejected)).toBe(true);
    expect(a.facts.connections.every((c) => c.clientCertificateFrame !== null)).toBe(true);
    // The server sends its leaf alone: low advice of its own (judge8 S1), never the root cause.
    expect(fired(a)).toEqual([
      'certificate-wire-issuer-not-sent:low',
      'handshake-server-rejects-client-certificate:medium',
    ]);
    const m = model(a);
    expect(m.verdict.headline).toContain("The server rejects the clients' certificates");
    expect(m.verdict.rootCause?.firstStep).toBe('netsh http show sslcert');
    const fix = fixOf(a, 'handshake-server-rejects-client-certificate');
    expect(fix).toContain(
      'unknown_ca: the server does not trust the CA that issued the client certificate',
    );
    expect(fix).toContain('ClientAuthIssuer');
    expect(fixOf(a, 'handshake-server-rejects-client-certificate', 'zh-CN')).toContain(
      '服务器不信任颁发客户端证书的 CA',
    );
  });

  it('a client rejecting the server certificate is not read as that (p18)', async () => {
    const a = await analyze([j6('p18-cap-intermediate-missing/leafonly-roottrusted.pcap')]);
    expect(a.facts.connections.some((c) => c.clientCertificateRejected)).toBe(false);
    expect(fired(a)).not.toContain('handshake-server-rejects-client-certificate:medium');
  });
});

describe('judge5 M2: TLS 1.3 hides how the handshake ended', () => {
  it.each([
    ['judge5', 'c-cc13-no-client-cert/cc13.pcap'],
    ['judge6', 'p16-cap-healthy-tls13/healthy13.pcap'],
  ])(
    '%s %s: no finding, but the verdict and the inventory say the wire cannot tell',
    async (j, f) => {
      const a = await analyze([j === 'judge5' ? j5(f) : j6(f)]);
      expect(fired(a)).toEqual([]);
      const m = model(a);
      expect(m.verdict.evaluatedAreas).not.toContain('captures');
      expect(m.verdict.notCheckedLine).toMatch(
        /^Captures: 2 TLS 1\.3 handshake\(s\) look established, but TLS 1\.3 encrypts the end of the handshake — whether the server accepted them .* cannot be told from the wire/,
      );
      expect(model(a, 'zh-CN').verdict.notCheckedLine).toContain('无法从网络数据中判断');
      const inv = JSON.stringify(m.inventories.find((i) => i.id === 'handshakes'));
      expect(inv).toContain('established as far as the wire shows');
    },
  );

  it('a TLS 1.2 capture that completes keeps "No problem found in captures" (p73 is TLS 1.0, s2 samples fail): control', async () => {
    const a = await analyze([j6('p73-cap-server-tls10-only-established/srv10-established.pcap')]);
    expect(model(a).verdict.notCheckedLine ?? '').not.toMatch(/TLS 1\.3 encrypts/);
  });
});
