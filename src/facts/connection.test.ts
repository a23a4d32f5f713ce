/**
 * Handshake facts on real captures: version mismatch only on version evidence, certificate
 * rejections, direction, and one handshakeEndpoint per failure class and server endpoint.
 * Captures: the samples recorded by scripts/make-handshake-captures.sh and
 * scripts/make-s5-capture.sh, and the real third-party captures of src/parsers/capture/fixtures
 * (with tshark's view of each beside it, used here as the independent source of the alerts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedBundle } from '../artifacts/load.js';
import { captureOf } from '../test-support/fixtures.js';
import type { CaptureValue, TlsConnection } from '../parsers/capture.js';
import { directionOf, directionSignals } from './connection-direction.js';
import { buildConnections, toConnectionEntity } from './connection.js';
import type {
  BindingEntity,
  ListenerEntity,
  ProtocolEntity,
  ProtocolPolicyEntity,
} from './model.js';

const read = (rel: string): Buffer => readFileSync(new URL(rel, import.meta.url));
const capture = captureOf;

function bundle(value: CaptureValue): ParsedBundle {
  return {
    source: 'test',
    kind: 'folder',
    manifest: null,
    manifestIssues: [],
    artifacts: [
      {
        id: 'capture.pcap',
        status: 'parsed',
        manifest: null,
        reason: null,
        files: [
          {
            artifactId: 'capture.pcap',
            path: 'capture/x.pcap',
            size: 1,
            value,
            issues: [],
            encoding: null,
            matchedBy: 'path',
          },
        ],
      },
    ],
    unrecognized: [],
    skipped: [],
  } as unknown as ParsedBundle;
}

const noPolicy = {
  protocols: [] as ProtocolEntity[],
  protocolPolicy: null as ProtocolPolicyEntity | null,
  bindings: [] as BindingEntity[],
  listeners: [] as ListenerEntity[],
  osBuild: null,
};
const build = (value: CaptureValue, ctx: Partial<typeof noPolicy> = {}) =>
  buildConnections(bundle(value), { ...noPolicy, ...ctx });

const untrusted = capture(
  read('../../samples/s2-client-rejects-untrusted-root/capture/client-rejects-untrusted-root.pcap'),
);
const nameMismatch = capture(
  read('../../samples/s2-client-rejects-name-mismatch/capture/client-rejects-name-mismatch.pcap'),
);
const oneClient = capture(
  read('../../samples/s5-one-client-server-side/capture/s5-one-client.pcap'),
);
const s5 = capture(read('../../samples/s5-protocol-mismatch/capture/s5-protocol-mismatch.pcap'));

const wildcard443 = {
  type: 'ipport',
  endpoint: '0.0.0.0:443',
  address: '0.0.0.0',
  hostname: null,
  port: 443,
  flags: [],
  certificateHash: 'ff6d145531351725abdb1c3d528566a8d0a33b53',
} as unknown as BindingEntity;

describe('connection facts: version mismatch only on version evidence', () => {
  it('does not call a TLS 1.3 client rejecting a TLS 1.2 server certificate (unknown_ca) a version mismatch', () => {
    const [c] = untrusted.connections;
    const e = toConnectionEntity(c!, 'capture/x.pcap', true, noPolicy);
    expect(e).toMatchObject({
      offeredVersions: ['TLS 1.3', 'TLS 1.2', 'TLS 1.1', 'TLS 1.0'],
      negotiatedVersion: 'TLS 1.2',
      failureAlert: 'unknown_ca',
      failureBy: 'client',
      versionMismatch: false,
      versionMismatchFrom: null,
      certificateRejected: true,
      certificateRejectionCause: 'chain-trust',
      wireCertificateThumbprint: 'ff6d145531351725abdb1c3d528566a8d0a33b53',
      wireCertificateSans: 'DNS:shop.fabrikam.com',
      serverName: 'shop.fabrikam.com',
    });
    expect(e.wireCertificateSubject).toContain('CN=shop.fabrikam.com');
    expect(e.wireCertificateIssuer).toContain('Fabrikam Private Root CA');
    expect(e.wireCertificateNotAfter).toMatch(/^2028-06-01/);
  });

  it('does not call bad_certificate a version mismatch even when the registry enables only TLS 1.2', () => {
    const good = { ...wildcard443, certificateHash: 'a3a24ddc3db9c858165eb1aa0210d1732f4388c3' };
    // Server 2019 with TLS 1.3 absent: the client's TLS 1.2 answer is the server's best version.
    const protocolPolicy = {
      serverEnabled: ['TLS 1.2'],
      unknown: [],
    } as unknown as ProtocolPolicyEntity;
    const r = build(nameMismatch, { bindings: [good], protocolPolicy });
    expect(r.connections[0]).toMatchObject({
      serverEnabledVersions: ['TLS 1.2'],
      noCommonVersion: false,
    });
    expect(r.connections.every((c) => !c.versionMismatch && c.certificateRejected)).toBe(true);
    expect(r.connections[0]).toMatchObject({
      failureAlert: 'bad_certificate',
      certificateRejectionCause: 'name-usage-chain',
      serverName: 'shop.contoso.com',
    });
    expect(r.handshakeEndpoints.map((e) => [e.kind, e.key])).toEqual([
      [
        'client-rejects-certificate',
        '*:443 (shop.contoso.com): certificate rejected by the client, 2 handshakes from 1 client',
      ],
    ]);
    expect(r.handshakeEndpoints[0]!.relatedCertificateRules).toContain('certificate-name-mismatch');
    // The certificate seen on the wire is the finding's first evidence, with the SNI.
    expect(r.handshakeEndpoints[0]!.evidence[0]).toMatchObject({
      label: 'certificate on the wire',
      frames: [6],
      excerpt: expect.stringContaining('SNI shop.contoso.com'),
    });
    expect(r.handshakeEndpoints[0]!.evidence[0]!.excerpt).toContain(
      'SANs DNS:www.contoso.com, DNS:contoso.com',
    );
  });

  it('keeps the protocol_version alert of seed scenario 5 as a version mismatch', () => {
    const r = build(oneClient);
    expect(r.connections.map((c) => [c.versionMismatch, c.versionMismatchFrom])).toEqual([
      [true, 'alert'],
      [true, 'alert'],
    ]);
    expect(r.handshakeEndpoints.map((e) => e.kind)).toEqual(['version-mismatch']);
  });
});

describe('connection facts: a ClientHello answered by a reset', () => {
  it('is a version mismatch only when the SCHANNEL policy leaves no common version', () => {
    // The TLS 1.3/1.2 client of seed scenario 5, its answer replaced by a server RST.
    const c = s5.connections[1]!;
    const reset: TlsConnection = {
      ...c,
      alerts: [],
      serverHello: null,
      failureKind: 'rst',
      failureBy: 'server',
      failureAlert: null,
    };
    const policy = (serverEnabled: string[]) => ({
      ...noPolicy,
      protocolPolicy: { serverEnabled, unknown: [] } as unknown as ProtocolPolicyEntity,
    });
    expect(toConnectionEntity(reset, 'x', true, policy(['TLS 1.0']))).toMatchObject({
      noCommonVersion: true,
      versionMismatch: true,
      versionMismatchFrom: 'policy',
      versionMismatchSide: 'server',
    });
    expect(toConnectionEntity(reset, 'x', true, policy(['TLS 1.2']))).toMatchObject({
      noCommonVersion: false,
      versionMismatch: false,
    });
    // A protocol_version alert when the policy already enables the client's best version:
    // which side must change is not known, so no "enable" advice.
    expect(toConnectionEntity(c, 'x', true, policy(['TLS 1.0', 'TLS 1.2']))).toMatchObject({
      versionMismatch: true,
      versionMismatchFrom: 'alert',
      versionMismatchSide: null,
      fixProtocol: null,
    });
    // Without the registry nothing proves a version problem.
    expect(toConnectionEntity(reset, 'x', true, noPolicy).versionMismatch).toBe(false);
  });
});

describe('connection facts: direction', () => {
  it('treats a server-side capture with one client as inbound, assumed, when nothing decides', () => {
    const r = build(oneClient);
    expect(r.connections.map((c) => [c.inbound, c.directionAssumed, c.directionFrom])).toEqual([
      [true, true, 'assumed'],
      [true, true, 'assumed'],
    ]);
    expect(r.handshakeEndpoints[0]).toMatchObject({
      inbound: true,
      directionAssumed: true,
      count: 2,
      clientCount: 1,
      endpoint: '10.13.0.1:443',
    });
  });

  it('decides inbound from a wildcard binding on the port, a bound host name or a listener', () => {
    const [c] = oneClient.connections;
    const dir = (ctx: Parameters<typeof directionSignals>[2], ifaces: string[] = []) =>
      directionOf(c!, directionSignals(oneClient.connections, ifaces, ctx));
    expect(dir({ bindings: [wildcard443], listeners: [] })).toEqual({
      inbound: true,
      assumed: false,
      from: 'bound port',
    });
    const sni = { ...wildcard443, type: 'hostnameport', hostname: 'WWW.contoso.com', port: 8443 };
    expect(dir({ bindings: [sni as BindingEntity], listeners: [] }).from).toBe('bound host name');
    const listener = { protocol: 'TCP', localAddress: '10.13.0.1', port: 443 } as ListenerEntity;
    expect(dir({ bindings: [], listeners: [listener] })).toMatchObject({
      inbound: true,
      from: 'local address',
    });
    // A listener table without the server port: the server is elsewhere.
    const rdp = { protocol: 'TCP', localAddress: '0.0.0.0', port: 3389 } as ListenerEntity;
    expect(dir({ bindings: [], listeners: [rdp] })).toEqual({
      inbound: false,
      assumed: false,
      from: 'no listener on the server port',
    });
    // The capture file's own interface addresses (pcapng if_IPv4addr) say which end is here.
    expect(dir({ bindings: [], listeners: [] }, ['10.13.0.2'])).toEqual({
      inbound: false,
      assumed: false,
      from: 'capture interface',
    });
  });

  it('finds the capturing machine as the address present in every connection, not on a tie', () => {
    // A client-side capture: one client talks to two servers.
    const other = (c: TlsConnection): TlsConnection => ({
      ...c,
      server: '10.13.0.9:443',
      serverAddress: '10.13.0.9',
    });
    const conns = [...oneClient.connections, ...oneClient.connections.map(other)];
    const r = build({ ...oneClient, connections: conns });
    expect(new Set(r.connections.map((c) => `${c.inbound}/${c.directionFrom}`))).toEqual(
      new Set(['false/most frequent address']),
    );
    // Still diagnosed, about the server it talked to (one finding per server endpoint).
    expect(r.handshakeEndpoints.map((e) => [e.kind, e.endpoint, e.inbound])).toEqual([
      ['version-mismatch', '10.13.0.1:443', false],
      ['version-mismatch', '10.13.0.9:443', false],
    ]);
    // This machine's policy says nothing about another server.
    expect(r.connections.every((c) => c.serverEnabledVersions === null)).toBe(true);
  });

  it('keeps loopback captures inbound', () => {
    expect(build(s5).connections.every((c) => c.inbound && c.directionFrom === 'loopback')).toBe(
      true,
    );
  });
});

describe('connection facts: one handshakeEndpoint per failure class and server endpoint', () => {
  it('puts many clients of one server into one entity with the groups inside', () => {
    const base = untrusted.connections[0]!;
    const many: TlsConnection[] = [];
    for (let i = 0; i < 500; i++) {
      const addr = `10.14.${i >> 8}.${i & 255}`;
      many.push({ ...base, client: `${addr}:50000`, clientAddress: addr, firstFrame: i * 10 + 1 });
    }
    // Twins: the same listener reached over IPv6 through the [::]:443 binding.
    const v6 = many.slice(0, 3).map((c, i) => ({
      ...c,
      server: '[fd00::1]:443',
      serverAddress: 'fd00::1',
      client: `[fd00::${i + 2}]:50000`,
      clientAddress: `fd00::${i + 2}`,
    }));
    const twin = { ...wildcard443, endpoint: '[::]:443', address: '[::]' } as BindingEntity;
    const r = build(
      { ...untrusted, connections: [...many, ...v6] },
      { bindings: [wildcard443, twin] },
    );
    expect(r.handshakeGroups).toHaveLength(2);
    expect(r.handshakeEndpoints).toHaveLength(1);
    expect(r.handshakeEndpoints[0]).toMatchObject({
      key: '*:443 (shop.fabrikam.com): certificate rejected by the client, 503 handshakes from 503 clients',
      count: 503,
      clientCount: 503,
      groupCount: 2,
      servers: ['10.13.0.1:443', '[fd00::1]:443'],
      failureAlerts: ['unknown_ca'],
      certificateRejectionCauses: ['chain-trust'],
      relatedCertificateRules: ['certificate-untrusted-root', 'certificate-chain-incomplete'],
    });
    expect(r.handshakeEndpoints[0]!.clients).toHaveLength(10);
    expect(r.handshakeEndpoints[0]!.groups[0]).toMatchObject({ count: 500, clientCount: 500 });
    expect(r.handshakeGroups.every((g) => g.endpointKeys.length === 1)).toBe(true);
    // Without HTTP.sys evidence, 0.0.0.0 / :: listeners on the port join the twins the same way.
    const listeners = ['0.0.0.0', '::'].map(
      (a) => ({ protocol: 'TCP', localAddress: a, port: 443 }) as ListenerEntity,
    );
    const r2 = build({ ...untrusted, connections: [...many, ...v6] }, { listeners });
    expect(r2.handshakeEndpoints.map((e) => [e.endpoint, e.count])).toEqual([['*:443', 503]]);
  });
});

describe('connection facts: what a certificate rejection says about the name and the leaf', () => {
  it('marks bad_certificate as name-related, and unknown_ca for a self-signed leaf as not', () => {
    const named = build(nameMismatch).handshakeEndpoints;
    expect(named).toHaveLength(1);
    expect(named[0]).toMatchObject({
      kind: 'client-rejects-certificate',
      failureAlerts: ['bad_certificate'],
      nameRelatedAlertsOnly: true,
      wireCertificateSelfSigned: false,
    });
    // Real openssl loopback traffic (fixtures/README.md): the server sends a self-signed leaf for
    // www.contoso.com, the client answers unknown_ca: trust, not the name.
    const selfSigned = capture(read('./fixtures/client-rejects-selfsigned-unknown-ca.pcap'));
    const [e] = build(selfSigned).handshakeEndpoints;
    expect(e).toMatchObject({
      kind: 'client-rejects-certificate',
      serverName: 'www.contoso.com',
      failureAlerts: ['unknown_ca'],
      nameRelatedAlertsOnly: false,
      wireCertificateSelfSigned: true,
      wireCertificateThumbprint: '8bf2d0195cc0958429d96e20c599b9241f50aa78',
    });
    expect(build(untrusted).handshakeEndpoints[0]).toMatchObject({
      nameRelatedAlertsOnly: false,
      wireCertificateSelfSigned: false,
    });
  });
});

// ---- the real third-party captures (fixtures of the capture parser) ----

const FIX = new URL('../parsers/capture/fixtures/', import.meta.url);
const fixtures = readdirSync(FIX).filter((f) => f.endsWith('.tshark.json'));

/** Alert descriptions tshark saw in a capture (independent of our parser). */
function oracleAlerts(name: string): Set<number> {
  const j = JSON.parse(readFileSync(new URL(name, FIX), 'utf8')) as {
    messages: { alert_desc?: string }[];
  };
  return new Set(
    j.messages.flatMap((m) => (m.alert_desc ?? '').split(',').filter(Boolean).map(Number)),
  );
}

describe('connection facts on the real captures', () => {
  it('has the real captures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(90);
  });

  it.each(fixtures)(
    '%s: a version mismatch only with a protocol_version / inappropriate_fallback alert',
    (name) => {
      const value = capture(
        read(`../parsers/capture/fixtures/${name.replace(/\.tshark\.json$/, '')}`),
      );
      const alerts = oracleAlerts(name);
      const r = build(value);
      const versionFindings = r.handshakeEndpoints.filter((e) => e.kind === 'version-mismatch');
      if (!alerts.has(70) && !alerts.has(86)) expect(versionFindings).toEqual([]);
      for (const c of r.connections.filter((x) => x.versionMismatch))
        expect(c.alerts.map((a) => a.description)).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^(protocol_version|inappropriate_fallback)$/),
          ]),
        );
      // Every handshake group is counted in at most one failure class (plus the certificate
      // difference), and every endpoint entity lists its groups.
      for (const e of r.handshakeEndpoints) expect(e.groups.length).toBeGreaterThan(0);
    },
  );

  it('reports the real protocol_version captures as version mismatches', () => {
    const value = capture(read('../parsers/capture/fixtures/flowtest-tls_version_error.pcap'));
    expect(build(value).handshakeEndpoints.map((e) => e.kind)).toContain('version-mismatch');
  });
});

describe('connection facts: a client certificate the server asked for and did not get', () => {
  // Real openssl loopback traffic (fixtures/README.md, judge case cap-clientcert): ServerHello with
  // a chosen suite + CertificateRequest, an empty client Certificate, server handshake_failure.
  const clientCert = capture(read('./fixtures/client-certificate-required-none-sent.pcap'));

  it('reads the CertificateRequest and the empty client Certificate from the wire', () => {
    expect(clientCert.connections).toHaveLength(2);
    expect(clientCert.connections[0]).toMatchObject({
      serverHello: { cipherSuite: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' },
      clientAuth: { requestFrame: 6, certificateFrame: 8, certificates: 0 },
      failureAlert: 'handshake_failure',
      failureBy: 'server',
    });
  });

  it('makes one client-certificate-missing endpoint, not a cipher suite failure', () => {
    const { handshakeEndpoints, connections } = build(clientCert);
    expect(connections.every((c) => c.clientCertificateMissing)).toBe(true);
    expect(handshakeEndpoints).toHaveLength(1);
    expect(handshakeEndpoints[0]).toMatchObject({
      kind: 'client-certificate-missing',
      count: 2,
      failureAlerts: ['handshake_failure'],
      failedAfterServerHello: true,
    });
  });

  it('does not call a failure without a CertificateRequest a missing client certificate', () => {
    const { handshakeEndpoints, connections } = build(nameMismatch);
    expect(connections.some((c) => c.clientCertificateMissing)).toBe(false);
    expect(handshakeEndpoints.map((e) => e.kind)).not.toContain('client-certificate-missing');
  });
});
