/**
 * judge9 S3: a server that accepts SSL 2.0 / 3.0, TLS 1.0 / 1.1 from a client offering nothing
 * newer, or a broken suite (RC4, 3DES, …) gets a finding of its own, on the real public captures
 * beside the capture parser (src/parsers/capture/fixtures, sources in its README).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedBundle } from '../artifacts/load.js';
import type { CaptureValue } from '../parsers/capture.js';
import { captureOf } from '../test-support/fixtures.js';
import { buildConnections } from './connection.js';
import { offerTraits } from './connection/offer.js';
import { weakSuite } from './connection/weak-suite.js';
import type {
  BindingEntity,
  ListenerEntity,
  ProtocolEntity,
  ProtocolPolicyEntity,
} from './model.js';

const fixture = (name: string): CaptureValue =>
  captureOf(
    readFileSync(
      new URL(
        name.startsWith('../') ? name : `../parsers/capture/fixtures/${name}`,
        import.meta.url,
      ),
    ),
  );

function endpoints(name: string) {
  const bundle = {
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
            path: `capture/${name}`,
            size: 1,
            value: fixture(name),
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
  return buildConnections(bundle, {
    protocols: [] as ProtocolEntity[],
    protocolPolicy: null as ProtocolPolicyEntity | null,
    bindings: [] as BindingEntity[],
    listeners: [] as ListenerEntity[],
    osBuild: null,
  }).handshakeEndpoints;
}

const PROTOCOLS =
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols';
const CIPHERS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers';
const kinds = (name: string) => endpoints(name).map((e) => e.kind);

describe('handshakeEndpoint: legacy protocol accepted (judge9 S3)', () => {
  it('names SSL 3.0 when the server completes an SSL 3.0 handshake (flowtest tls_ssl30)', () => {
    const e = endpoints('flowtest-tls_ssl30.pcap').filter(
      (x) => x.kind === 'legacy-protocol-accepted',
    );
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({
      weakProtocol: 'SSL 3.0',
      weakProtocolRegistryPath: `${PROTOCOLS}\\SSL 3.0\\Server`,
      clientsOfferOnlyLegacy: true,
      count: 1,
    });
    // ECDHE-RSA AES-256-CBC is no broken suite: SSL 3.0 is the finding.
    expect(kinds('flowtest-tls_ssl30.pcap')).not.toContain('weak-suite-negotiated');
  });

  it('names SSL 2.0 for an SSLv2-format handshake, and leaves its suites to SSL 2.0 (flowtest ssl-v2)', () => {
    const e = endpoints('flowtest-ssl-v2.pcap');
    expect(e.map((x) => x.kind)).toEqual(['legacy-protocol-accepted']);
    expect(e[0]).toMatchObject({ weakProtocol: 'SSL 2.0' });
  });

  it('names TLS 1.0 as low advice when the client offered nothing newer (flowtest tls10)', () => {
    const e = endpoints('flowtest-tls10.pcap');
    expect(e.map((x) => x.kind)).toEqual(['legacy-protocol-accepted']);
    expect(e[0]).toMatchObject({ weakProtocol: 'TLS 1.0', clientsOfferOnlyLegacy: true });
  });

  it('leaves a TLS 1.2 handshake alone (flowtest tls12)', () => {
    expect(kinds('flowtest-tls12.pcap')).toEqual([]);
  });

  it('leaves TLS 1.0 chosen for a TLS 1.2 client to handshake-server-negotiates-legacy-version (zeek missing-intermediate)', () => {
    const k = kinds('zeek-missing-intermediate.pcap');
    expect(k).toContain('legacy-negotiated');
    expect(k).not.toContain('legacy-protocol-accepted');
  });
});

describe('handshakeEndpoint: broken suite negotiated (judge9 S3)', () => {
  it('names RC4-MD5 chosen by the server, with its SCHANNEL cipher key (zeek ssl.v3: TLS 1.0)', () => {
    const e = endpoints('zeek-ssl.v3.pcap');
    const weak = e.filter((x) => x.kind === 'weak-suite-negotiated');
    expect(weak).toHaveLength(1);
    expect(weak[0]).toMatchObject({
      weakSuite: 'TLS_RSA_WITH_RC4_128_MD5',
      weakSuiteClass: 'rc4',
      weakCipherRegistryPath: `${CIPHERS}\\RC4 128/128`,
      count: 3,
    });
    expect(e.find((x) => x.kind === 'legacy-protocol-accepted')).toMatchObject({
      weakProtocol: 'TLS 1.0',
    });
  });

  it.each([
    ['TLS_RSA_WITH_3DES_EDE_CBC_SHA', '3des', 'Triple DES 168'],
    ['TLS_RSA_WITH_DES_CBC_SHA', 'des', 'DES 56/56'],
    ['TLS_RSA_WITH_NULL_SHA256', 'null', 'NULL'],
    ['TLS_RSA_EXPORT_WITH_RC4_40_MD5', 'export', 'RC4 40/128'],
    ['TLS_DH_anon_WITH_AES_128_CBC_SHA', 'anon', null],
  ])('classifies %s', (name, cls, key) => {
    expect(weakSuite(name)).toEqual({ class: cls, cipherKey: key });
  });

  it.each(['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_AES_128_GCM_SHA256'])(
    'finds nothing broken in %s',
    (name) => {
      expect(weakSuite(name)).toBeNull();
    },
  );
});

describe('handshakeEndpoint: the offer refused before any ServerHello (judge9 k08)', () => {
  it('names the refusal and the offer of flowtest tls_cipher_error (handshake_failure after the ClientHello)', () => {
    const e = endpoints('flowtest-tls_cipher_error.pcap');
    expect(e.map((x) => x.kind)).toEqual(['server-refuses-offer']);
    expect(e[0]).toMatchObject({
      failureAlerts: ['handshake_failure'],
      offeredSuites: ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA256'],
      offeredSuiteCount: 1,
      offeredSuiteTraits: ['no-tls13', 'cbc-only', 'dhe-only', 'rsa-auth-only'],
    });
  });

  it('leaves a protocol_version refusal to the version rule (flowtest tls_version_error)', () => {
    expect(kinds('flowtest-tls_version_error.pcap')).toEqual(['version-mismatch']);
  });

  it.each([
    [['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'], []],
    [
      ['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
      ['no-tls13', 'cbc-only', 'rsa-kx-only', 'rsa-auth-only'],
    ],
    [
      ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV'],
      ['no-tls13', 'ecdsa-only'],
    ],
  ])('traits of %j', (offer, traits) => {
    expect(offerTraits(offer)).toEqual(traits);
  });
});

describe('handshakeEndpoint: ClientHello reset, with and without SNI (judge9 k20)', () => {
  // Loopback recording of real OpenSSL ClientHellos reset by scripts/rst-after-clienthello.py.
  const e = endpoints(
    '../../samples/handshake-reset-after-clienthello/capture/synthetic-server-rst.pcap',
  );

  it('makes one no-server-hello finding per SNI name, each saying the server reset it', () => {
    expect(e.map((x) => [x.kind, x.serverName, x.endedBy, x.endedWith])).toEqual([
      ['no-server-hello', 'www.contoso.com', 'server', 'rst'],
      ['no-server-hello', null, 'server', 'rst'],
    ]);
  });
});
