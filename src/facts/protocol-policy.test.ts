import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';
import type { ParsedBundle } from '../artifacts/load.js';
import { captureOf } from '../test-support/fixtures.js';
import { parseRegText, type RegFile } from '../parsers/reg.js';
import { textInput } from '../shared/parse.js';
import { buildConnections, groupConnections, toConnectionEntity } from './connection.js';
import type { BindingEntity, IisBindingEntity, ProtocolEntity } from './model.js';
import { buildProtocolPolicy, buildProtocols, osDefault } from './protocol-policy.js';

const S = 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';

function reg(artifactId: string, body: string): RegFile {
  const text = `Windows Registry Editor Version 5.00\r\n\r\n${body}`;
  return parseRegText(textInput({ artifactId, path: `registry/${artifactId}.reg` }, text)).value;
}

const proto = (p: string, side: string, values: string) =>
  `[${S}\\Protocols\\${p}\\${side}]\r\n${values}\r\n\r\n`;

function bundle(files: Record<string, unknown>): ParsedBundle {
  return {
    source: 'test',
    kind: 'folder',
    manifest: null,
    manifestIssues: [],
    artifacts: Object.entries(files).map(([id, value]) => ({
      id,
      status: 'parsed' as const,
      manifest: null,
      reason: null,
      files: [
        {
          artifactId: id,
          path: `${id}`,
          size: 1,
          value,
          issues: [],
          encoding: null,
          matchedBy: 'path' as const,
        },
      ],
    })),
    unrecognized: [],
    skipped: [],
  } as unknown as ParsedBundle;
}

const state = (list: ProtocolEntity[], key: string) => list.find((p) => p.key === key);

describe('protocol policy facts', () => {
  it('uses the OS defaults of the build when the registry says nothing', () => {
    const p2019 = buildProtocols(reg('schannel.registry', `[${S}]\r\n`), 17763);
    expect(state(p2019, 'TLS 1.0/Server')).toMatchObject({
      state: 'enabled',
      source: 'os-default',
      enabled: true,
      legacy: true,
    });
    expect(state(p2019, 'SSL 3.0/Server')).toMatchObject({
      state: 'disabled',
      source: 'os-default',
    });
    expect(state(p2019, 'SSL 2.0/Server')).toMatchObject({
      state: 'not-supported',
      source: 'os-unsupported',
    });
    expect(state(p2019, 'TLS 1.3/Server')).toMatchObject({
      state: 'not-supported',
      enabled: false,
    });
    const p2022 = buildProtocols(reg('schannel.registry', `[${S}]\r\n`), 20348);
    expect(state(p2022, 'TLS 1.3/Server')).toMatchObject({
      state: 'enabled',
      source: 'os-default',
    });
    const p2008r2 = buildProtocols(reg('schannel.registry', `[${S}]\r\n`), 7601);
    // Microsoft's table says "Disabled" on 2008 R2: Enabled=1 is needed, not only DisabledByDefault=0.
    expect(state(p2008r2, 'TLS 1.2/Server')).toMatchObject({ state: 'disabled', enabled: false });
    const r2dbd = buildProtocols(
      reg('schannel.registry', proto('TLS 1.2', 'Server', '"DisabledByDefault"=dword:00000000')),
      7601,
    );
    expect(state(r2dbd, 'TLS 1.2/Server')).toMatchObject({ enabled: false });
    expect(state(p2008r2, 'DTLS 1.0/Server')).toMatchObject({ state: 'enabled' });
    expect(state(p2008r2, 'DTLS 1.2/Server')).toMatchObject({ state: 'not-supported' });
    expect(osDefault('DTLS 1.2', 'Server', 14393).state).toBe('enabled');
    expect(osDefault('DTLS 1.2', 'Server', 10240).state).toBe('not-supported');
    expect(osDefault('TLS 1.2', 'Server', 6001).state).toBe('not-supported');
    expect(state(p2008r2, 'SSL 2.0/Server')).toMatchObject({ state: 'enabled' });
    const p2025 = buildProtocols(reg('schannel.registry', `[${S}]\r\n`), 26100);
    // Build 26100 (Server 2025 / Windows 11 24H2) still enables TLS 1.0 / 1.1 by default.
    expect(state(p2025, 'TLS 1.0/Server')).toMatchObject({ state: 'enabled', enabled: true });
    expect(state(p2025, 'TLS 1.1/Server')).toMatchObject({ state: 'enabled', enabled: true });
    expect(osDefault('TLS 1.2', 'Server', null).why).toContain('OS build unknown');
  });

  it('applies Enabled and DisabledByDefault with any non-zero value counting', () => {
    const r = reg(
      'schannel.registry',
      proto('TLS 1.2', 'Server', '"Enabled"=dword:00000000\r\n"DisabledByDefault"=dword:00000001') +
        proto('TLS 1.1', 'Server', '"DisabledByDefault"=dword:00000001') +
        proto(
          'TLS 1.0',
          'Server',
          '"Enabled"=dword:ffffffff\r\n"DisabledByDefault"=dword:00000000',
        ) +
        proto(
          'TLS 1.2',
          'Client',
          '"Enabled"=dword:00000001\r\n"DisabledByDefault"=dword:00000000',
        ) +
        proto('TLS 1.3', 'Server', '"Enabled"=dword:00000001'),
    );
    const p = buildProtocols(r, 7601);
    expect(state(p, 'TLS 1.2/Server')).toMatchObject({
      state: 'disabled',
      source: 'registry',
      registryEnabled: 0,
      registryDisabledByDefault: 1,
      registryPath:
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server',
      evidence: [
        expect.objectContaining({ artifactId: 'schannel.registry', lines: expect.any(Object) }),
        expect.anything(),
      ],
    });
    expect(state(p, 'TLS 1.1/Server')).toMatchObject({ state: 'disabled', enabled: false });
    expect(state(p, 'TLS 1.0/Server')).toMatchObject({
      state: 'enabled',
      registryEnabled: 0xffffffff,
    });
    // On 2008 R2, TLS 1.2 client is off by default; the registry turns it on.
    expect(state(p, 'TLS 1.2/Client')).toMatchObject({ state: 'enabled', source: 'registry' });
    // TLS 1.3 cannot be switched on before Server 2022.
    expect(state(p, 'TLS 1.3/Server')).toMatchObject({
      state: 'not-supported',
      source: 'os-unsupported',
    });
    expect(state(p, 'TLS 1.3/Server')!.reason).toContain('no effect');
  });

  it('summarises ciphers, cipher-suite order, .NET keys and EventLogging into one policy entity', () => {
    const schannel = reg(
      'schannel.registry',
      `[${S}]\r\n"EventLogging"=dword:00000007\r\n\r\n[${S}\\Ciphers\\RC4 128/128]\r\n"Enabled"=dword:ffffffff\r\n\r\n[${S}\\Ciphers\\DES 56/56]\r\n"Enabled"=dword:00000000\r\n\r\n[${S}\\KeyExchangeAlgorithms\\Diffie-Hellman]\r\n"ServerMinKeyBitLength"=dword:00000800\r\n\r\n` +
        proto('TLS 1.0', 'Server', '"Enabled"=dword:00000000'),
    );
    const policy = reg(
      'schannel.cipher-policy',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002]\r\n"Functions"="TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"\r\n',
    );
    const dotnet = reg(
      'dotnet.registry',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n"SchUseStrongCrypto"=dword:00000001\r\n"SystemDefaultTlsVersions"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319]\r\n"SchUseStrongCrypto"=dword:00000001\r\n',
    );
    const parsed = bundle({
      'schannel.registry': schannel,
      'schannel.cipher-policy': policy,
      'dotnet.registry': dotnet,
    });
    const protocols = buildProtocols(schannel, 17763);
    const pol = buildProtocolPolicy(parsed, protocols, 17763)!;
    expect(pol).toMatchObject({
      serverEnabled: ['TLS 1.1', 'TLS 1.2'],
      serverHighest: 'TLS 1.2',
      serverLowest: 'TLS 1.1',
      legacyServerEnabled: ['TLS 1.1'],
      // In file order; names keep their '/'.
      ciphers: [
        { name: 'RC4 128/128', enabled: true },
        { name: 'DES 56/56', enabled: false },
      ],
      disabledCiphers: ['DES 56/56'],
      weakCiphersEnabled: ['RC4 128/128'],
      keyExchange: [{ name: 'Diffie-Hellman', enabled: null, serverMinKeyBitLength: 2048 }],
      cipherSuiteOrder: [
        'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
        'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      ],
      cipherSuiteOrderSource: 'group-policy',
      dotnetStrongCryptoMissing: true,
      eventLogging: 7,
    });
    expect(buildProtocolPolicy(bundle({}), [], 17763)).toBeNull();
  });
});

// ---- connections: the seed capture (samples/s5) and a legacy client (fixture) ----

const s5 = readFileSync(
  new URL('../../samples/s5-protocol-mismatch/capture/s5-protocol-mismatch.pcap', import.meta.url),
);
const legacy = readFileSync(
  new URL('../parsers/capture/fixtures/ndpi-tls_alert.pcap', import.meta.url),
);
const capture = captureOf;

function ctxFor(body: string, osBuild = 17763, bindings: BindingEntity[] = []) {
  const schannel = reg('schannel.registry', `[${S}]\r\n` + body);
  const protocols = buildProtocols(schannel, osBuild);
  const protocolPolicy = buildProtocolPolicy(
    bundle({ 'schannel.registry': schannel }),
    protocols,
    osBuild,
  );
  return { protocols, protocolPolicy, bindings, listeners: [], osBuild };
}

const onlyTls10 =
  proto('TLS 1.1', 'Server', '"Enabled"=dword:00000000') +
  proto('TLS 1.2', 'Server', '"Enabled"=dword:00000000');
const onlyTls12 = ['SSL 3.0', 'TLS 1.0', 'TLS 1.1']
  .map((p) => proto(p, 'Server', '"Enabled"=dword:00000000'))
  .join('');

describe('connection facts', () => {
  it('blames the server and names the registry key when a TLS 1.2 client meets a TLS 1.0-only server', () => {
    const [c1, c2] = capture(s5).connections;
    const ctx = ctxFor(onlyTls10);
    expect(toConnectionEntity(c1!, 'capture/x.pcap', true, ctx)).toMatchObject({
      client: c1!.client,
      server: '127.0.0.1:44300',
      clientHello: { versions: ['TLS 1.2'], serverName: 'www.contoso.com' },
      serverHello: { version: 'TLS 1.0', cipherSuite: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA' },
      alerts: [{ from: 'client', level: 'fatal', description: 'protocol_version' }],
      alertSummary: ['client fatal protocol_version'],
      outcome: 'failed',
      offeredVersions: ['TLS 1.2'],
      clientListsVersions: false,
      negotiatedVersion: 'TLS 1.0',
      failureBy: 'client',
      failureAlert: 'protocol_version',
      serverEnabledVersions: ['TLS 1.0'],
      noCommonVersion: false,
      versionMismatch: true,
      versionMismatchSide: 'server',
      fixProtocol: 'TLS 1.2',
      fixRegistryPath:
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server',
      serverProtocol: { key: 'TLS 1.2/Server', state: 'disabled' },
    });
    // The TLS 1.3-capable client: TLS 1.3 is not available on 2019, so the fix is TLS 1.2 ...
    expect(toConnectionEntity(c2!, 'capture/x.pcap', true, ctx)).toMatchObject({
      offeredVersions: ['TLS 1.3', 'TLS 1.2'],
      clientListsVersions: true,
      noCommonVersion: true,
      versionMismatchSide: 'server',
      fixProtocol: 'TLS 1.2',
    });
    // ... and on Server 2022 still TLS 1.2, with TLS 1.3 beside it, never instead (judge7 T5).
    expect(
      toConnectionEntity(
        c2!,
        'capture/x.pcap',
        true,
        ctxFor(onlyTls10 + proto('TLS 1.3', 'Server', '"Enabled"=dword:00000000'), 20348),
      ),
    ).toMatchObject({
      fixProtocol: 'TLS 1.2',
      fixAlsoProtocol: 'TLS 1.3',
      fixAlsoIfOsHasIt: null,
    });
  });

  it('blames the client when its best version is below what the server allows', () => {
    const [c] = capture(legacy).connections;
    expect(toConnectionEntity(c!, 'capture/x.pcap', true, ctxFor(onlyTls12))).toMatchObject({
      offeredVersions: ['TLS 1.0'],
      serverEnabledVersions: ['TLS 1.2'],
      noCommonVersion: true,
      versionMismatch: true,
      versionMismatchSide: 'client',
      fixProtocol: 'TLS 1.0',
    });
  });

  it('still reports the wire mismatch without a registry, and honours DisableLegacyTLS on the binding', () => {
    const [c1] = capture(s5).connections;
    const none = {
      protocols: [],
      protocolPolicy: null,
      bindings: [],
      listeners: [],
      osBuild: 17763,
    };
    expect(toConnectionEntity(c1!, 'capture/x.pcap', true, none)).toMatchObject({
      serverEnabledVersions: null,
      noCommonVersion: null,
      versionMismatch: true,
      versionMismatchSide: 'server',
      fixProtocol: 'TLS 1.2',
    });
    const binding = {
      type: 'ipport',
      endpoint: '0.0.0.0:44300',
      address: '0.0.0.0',
      port: 44300,
      hostname: null,
      flags: ['DISABLE_LEGACY_TLS'],
      certificateHash: 'ffffffffffffffffffffffffffffffffffffffff',
    } as unknown as BindingEntity;
    const e = toConnectionEntity(c1!, 'capture/x.pcap', true, ctxFor('', 17763, [binding]));
    expect(e).toMatchObject({
      bindingEndpoint: '0.0.0.0:44300',
      bindingFlags: ['DISABLE_LEGACY_TLS'],
      serverEnabledVersions: ['TLS 1.2'],
      boundCertificateThumbprint: 'ffffffffffffffffffffffffffffffffffffffff',
      certificateMismatch: true,
    });
    expect(e.wireCertificateThumbprint).toMatch(/^[0-9a-f]{40}$/);
    // IIS sslFlags DisableLegacyTLS on the site binding counts the same way.
    const iis = {
      port: 44300,
      host: 'www.contoso.com',
      address: '*',
      sslFlagNames: ['Sni', 'DisableLegacyTLS'],
    };
    expect(
      toConnectionEntity(c1!, 'capture/x.pcap', true, {
        ...ctxFor(''),
        iisBindings: [iis as unknown as IisBindingEntity],
      }),
    ).toMatchObject({ bindingFlags: ['DISABLE_LEGACY_TLS'], serverEnabledVersions: ['TLS 1.2'] });
  });

  it('groups identical handshakes with a count and marks the machine as server of inbound ones', () => {
    const value = capture(s5);
    const doubled = {
      ...value,
      connections: [
        ...value.connections,
        ...value.connections.map((c) => ({ ...c, client: c.client.replace(/\d+$/, '1') })),
      ],
    };
    const parsed = bundle({ 'capture.pcap': doubled });
    const r = buildConnections(parsed, ctxFor(onlyTls10));
    expect(r.connections).toHaveLength(4);
    expect(r.connections.every((c) => c.inbound === true)).toBe(true);
    expect(r.handshakeGroups.map((g) => [g.key, g.count])).toEqual([
      [
        '127.0.0.1:44300 (www.contoso.com) TLS 1.2 → TLS 1.0: failed, protocol_version from the client',
        2,
      ],
      [
        '127.0.0.1:44300 (www.contoso.com) TLS 1.3/TLS 1.2 → no ServerHello: failed, protocol_version from the server',
        2,
      ],
    ]);
    expect(groupConnections([])).toEqual([]);
  });
});

// Independent judge, round 6, case M4: judge6 case p10, built from the judge's `reg query …
// \\Protocols /s` (TLS 1.0/1.1/1.2 Server Enabled=0) and the real short sslcert field set
// (fixtures/README.md). The build is unknown, so TLS 1.3 is too.
describe('no TLS version left on the server side (judge6 M4)', () => {
  it('is one critical cause that explains the per-version finding (p10)', async () => {
    const dir = new URL('./fixtures/judge6-p10-s5-regquery-no-server-protocol/', import.meta.url)
      .pathname;
    const a = await analyze([dir], { asOf: '2026-12-06T00:00:00.000Z' });
    const cause = a.evaluation.findings.find(
      (f) => f.ruleId === 'schannel-no-server-protocol-left',
    );
    expect(cause).toMatchObject({ severity: 'critical', entityKey: 'TLS 1.2/Server' });
    expect(cause?.fix.en).toContain('Windows Server 2022');
    expect(
      a.evaluation.findings.find((f) => f.ruleId === 'schannel-server-protocol-disabled')
        ?.explainedBy?.ruleId,
    ).toBe('schannel-no-server-protocol-left');
    expect(a.evaluation.findings[0]?.ruleId).toBe('schannel-no-server-protocol-left');
  });

  it('is not set while one version is still on', () => {
    const r = reg(
      'schannel.registry',
      proto('TLS 1.0', 'Server', '"Enabled"=dword:00000000') +
        proto('TLS 1.2', 'Server', '"Enabled"=dword:00000000'),
    );
    const server = buildProtocols(r, 17763).find((p) => p.key === 'TLS 1.2/Server');
    expect(server).toMatchObject({ serverNoTlsLeft: false, serverTls13Unknown: false });
  });
});
