/**
 * The effective Schannel protocol policy: `protocol` entities (SSL 2.0 … TLS 1.3, DTLS; Server and
 * Client) and one `protocolPolicy` entity (ciphers, hashes, key exchange, cipher-suite order, .NET
 * strong-crypto keys, EventLogging).
 *
 * Semantics (windows-formats.md §4.5, Microsoft "TLS registry settings" and "Protocols in
 * TLS/SSL (Schannel SSP)"): under `HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\
 * SCHANNEL\Protocols\<protocol>\<Server|Client>`, `Enabled` = 0 disables the protocol even when
 * an application asks for it; `DisabledByDefault` ≠ 0 leaves it off unless the application asks
 * explicitly (HTTP.sys / IIS do not), so for IIS it is off too; any non-zero value counts
 * (0xffffffff in old docs). A value that is absent keeps the default of the Windows build:
 * SSL 2.0 off from Windows 8 / 2012 and removed from 1607 / 2016 (server side on by default before
 * Windows 8); SSL 3.0 off from 1607 / 2016; TLS 1.1 and 1.2 off by default before Windows 8 / 2012;
 * TLS 1.3 only from Windows Server 2022 / Windows 11 (build 20348+) and not available before, even
 * with registry values; TLS 1.0 / 1.1 stay enabled by default on build 26100 (Server 2025 /
 * Windows 11 24H2) per Microsoft's "Protocols in TLS/SSL (Schannel SSP)" table; TLS 1.1 / 1.2 are
 * not supported before Vista / 2008 SP2 and "Disabled" (Enabled=1 needed) on 2008 SP2 / 2008 R2;
 * DTLS 1.0 from Windows 7 / 2008 R2, DTLS 1.2 from build 14393. Without an OS build the defaults
 * of Server 2016–2019 are assumed and the reason says so.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { findKey, getValue, subkeysOf, type RegFile, type RegKey } from '../parsers/reg.js';
import type { EvidenceRef } from '../shared/evidence.js';
import type { ProtocolEntity, ProtocolPolicyEntity, SchannelProtocol } from './model.js';
import type { View } from './patch.js';
import { unreadProtocolSettings } from './protocol-keys.js';
import { PROTOCOLS } from './schannel-protocols.js';

export const SCHANNEL = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL';
export const PROTOCOLS_KEY = `${SCHANNEL}\\Protocols`;

const LEGACY = new Set<SchannelProtocol>(['SSL 2.0', 'SSL 3.0', 'TLS 1.0', 'TLS 1.1']);

/** Order of TLS protocols for comparisons (DTLS not ranked). */
export const PROTOCOL_RANK: Readonly<Record<string, number>> = {
  'SSL 2.0': 1,
  'SSL 3.0': 2,
  'TLS 1.0': 3,
  'TLS 1.1': 4,
  'TLS 1.2': 5,
  'TLS 1.3': 6,
};

type Default = ProtocolEntity['osDefault'];

interface OsDefault {
  state: Default;
  why: string;
}

/** The state a Windows build gives a protocol when the registry says nothing. */
export function osDefault(
  p: SchannelProtocol,
  side: 'Server' | 'Client',
  build: number | null,
): OsDefault {
  const b = build ?? 17763;
  const assumed =
    build === null ? ' (OS build unknown: Windows Server 2016–2019 defaults assumed)' : '';
  switch (p) {
    case 'SSL 2.0':
      if (b >= 14393)
        return {
          state: 'not-supported',
          why: `SSL 2.0 is removed from Windows 10 1607 / Server 2016 on${assumed}`,
        };
      if (b >= 9200)
        return { state: 'disabled', why: 'SSL 2.0 is off by default from Windows 8 / Server 2012' };
      return side === 'Server'
        ? {
            state: 'enabled',
            why: 'SSL 2.0 server side is on by default before Windows 8 / Server 2012',
          }
        : { state: 'disabled', why: 'SSL 2.0 client side is off by default' };
    case 'SSL 3.0':
      return b >= 14393
        ? {
            state: 'disabled',
            why: `SSL 3.0 is off by default from Windows 10 1607 / Server 2016${assumed}`,
          }
        : {
            state: 'enabled',
            why: 'SSL 3.0 is on by default before Windows 10 1607 / Server 2016',
          };
    case 'TLS 1.0':
    case 'TLS 1.1':
      if (p === 'TLS 1.1' && b < 6002)
        return {
          state: 'not-supported',
          why: 'TLS 1.1 is not supported before Windows Vista / Server 2008 SP2',
        };
      // Windows 7 / 2008 R2 (and 2008 SP2): Microsoft's table says "Disabled", not "disabled by
      // default": DisabledByDefault=0 alone does not turn it on, Enabled=1 is needed too.
      if (p === 'TLS 1.1' && b < 9200)
        return {
          state: 'disabled',
          why: 'TLS 1.1 is disabled by default before Windows 8 / Server 2012 (Enabled=1 turns it on)',
        };
      return { state: 'enabled', why: `${p} is on by default on this build${assumed}` };
    case 'TLS 1.2':
      if (b < 6002)
        return {
          state: 'not-supported',
          why: 'TLS 1.2 is not supported before Windows Vista / Server 2008 SP2',
        };
      if (b < 9200)
        return {
          state: 'disabled',
          why: 'TLS 1.2 is disabled by default before Windows 8 / Server 2012 (Enabled=1 turns it on)',
        };
      return {
        state: 'enabled',
        why: `TLS 1.2 is on by default from Windows 8 / Server 2012${assumed}`,
      };
    case 'TLS 1.3':
      if (build === null)
        return {
          state: 'unknown',
          why: 'TLS 1.3 depends on the OS build (Server 2022 / Windows 11 and later), which is unknown',
        };
      return b >= 20348
        ? {
            state: 'enabled',
            why: 'TLS 1.3 is on by default from Windows Server 2022 / Windows 11',
          }
        : {
            state: 'not-supported',
            why: 'TLS 1.3 is not available before Windows Server 2022 / Windows 11 (build 20348)',
          };
    case 'DTLS 1.0':
      return b >= 7600
        ? {
            state: 'enabled',
            why: `DTLS 1.0 is on by default from Windows 7 / Server 2008 R2${assumed}`,
          }
        : { state: 'not-supported', why: 'DTLS 1.0 needs Windows 7 / Server 2008 R2' };
    case 'DTLS 1.2':
      return b >= 14393
        ? {
            state: 'enabled',
            why: `DTLS 1.2 is on by default from Windows 10 1607 / Server 2016 (build 14393)${assumed}`,
          }
        : {
            state: 'not-supported',
            why: 'DTLS 1.2 needs Windows 10 1607 / Server 2016 (build 14393)',
          };
  }
}

const dword = (
  key: RegKey | undefined,
  name: string,
): { value: number | null; evidence: EvidenceRef | null } => {
  const v = getValue(key, name);
  if (!v || v.deleted || typeof v.data !== 'number') return { value: null, evidence: null };
  return { value: v.data, evidence: v.evidence };
};

const intended = (enabled: number | null, disabledByDefault: number | null) => ({
  intendedEnabled: enabled,
  intendedDisabledByDefault: disabledByDefault,
  intendedKnown: enabled !== null || disabledByDefault !== null,
});

/** Builds one `protocol` entity per protocol and side. `reg` is null without schannel.registry. */
export function buildProtocols(reg: RegFile | null, osBuild: number | null): ProtocolEntity[] {
  const out: ProtocolEntity[] = [];
  // Misspelt keys and non-DWORD values never count as the real key (findKey is exact): named apart.
  const unread = reg ? unreadProtocolSettings(reg, PROTOCOLS_KEY) : [];
  for (const protocol of PROTOCOLS) {
    for (const side of ['Server', 'Client'] as const) {
      const registryPath = `${PROTOCOLS_KEY}\\${protocol}\\${side}`;
      const key = reg ? findKey(reg, registryPath) : undefined;
      const en = dword(key, 'Enabled');
      const dbd = dword(key, 'DisabledByDefault');
      const def = osDefault(protocol, side, osBuild);
      const evidence: EvidenceRef[] = [];
      for (const e of [en.evidence, dbd.evidence])
        if (e) evidence.push({ ...e, label: `SCHANNEL ${protocol}\\${side}` });
      let state: ProtocolEntity['state'];
      let source: ProtocolEntity['source'];
      let reason: string;
      if (def.state === 'not-supported') {
        state = 'not-supported';
        source = 'os-unsupported';
        reason = def.why + (en.value !== null ? '; the registry value has no effect' : '');
      } else if (en.value === null && dbd.value === null) {
        state = def.state;
        source = 'os-default';
        reason = `No registry value: ${def.why}.`;
      } else {
        source = 'registry';
        const defEnabled = def.state === 'enabled' || def.state === 'disabled-by-default';
        const enabledFlag =
          en.value !== null ? en.value !== 0 : def.state === 'unknown' ? null : defEnabled;
        const dbdFlag =
          dbd.value !== null
            ? dbd.value !== 0
            : def.state === 'unknown'
              ? null
              : def.state === 'disabled-by-default';
        if (enabledFlag === false) {
          state = 'disabled';
          reason = `Enabled=${en.value} under ${registryPath}: disabled even when an application asks for it.`;
        } else if (dbdFlag === true) {
          state = 'disabled-by-default';
          reason = `DisabledByDefault=${dbd.value ?? '(OS default)'} under ${registryPath}: not used unless an application asks for it explicitly (HTTP.sys / IIS do not).`;
        } else if (enabledFlag === null || dbdFlag === null) {
          state = 'unknown';
          reason = `Partly set in the registry (${en.value === null ? '' : `Enabled=${en.value} `}${dbd.value === null ? '' : `DisabledByDefault=${dbd.value}`}); the rest is the OS default, which is unknown: ${def.why}.`;
        } else {
          state = 'enabled';
          reason = `Enabled=${en.value ?? '(OS default)'}, DisabledByDefault=${dbd.value ?? '(OS default)'} under ${registryPath}.`;
        }
      }
      const mine = unread.filter((u) => u.protocol === protocol && u.side === side);
      if (mine.length > 0) {
        reason += ` Not read by Schannel: ${mine.map((u) => `${u.path} (${u.values.join(', ')})`).join('; ')}.`;
        for (const u of mine) evidence.push({ ...u.evidence, label: `not read: ${u.path}` });
      }
      const firstOf = (pick: (u: (typeof mine)[number]) => number | null): number | null =>
        mine.map(pick).find((n) => n !== null) ?? null;
      out.push({
        key: `${protocol}/${side}`,
        evidence,
        protocol,
        side,
        enabled: state === 'enabled' ? true : state === 'unknown' ? null : false,
        state,
        source,
        reason,
        registryEnabled: en.value,
        registryDisabledByDefault: dbd.value,
        osDefault: def.state,
        legacy: LEGACY.has(protocol),
        registryPath,
        osBuild,
        clientsNeeding: [],
        clientsNeedingCount: 0,
        failedHandshakes: 0,
        ...(mine.length > 0 && {
          unreadSettings: mine.map((u) => `${u.path}: ${u.values.join(', ')}`),
          misspeltKeys: [
            ...new Set(mine.filter((u) => u.kind === 'misspelt-key').map((u) => u.path)),
          ],
          unreadCount: mine.length,
          unreadNotDword: mine.some((u) => u.kind === 'not-dword'),
          ...intended(
            en.value === null ? firstOf((u) => u.enabled) : null,
            dbd.value === null ? firstOf((u) => u.disabledByDefault) : null,
          ),
        }),
      });
    }
  }
  // No TLS version left on the server side: every client fails, whatever the binding (judge6 M4).
  const server = (p: string): ProtocolEntity | undefined =>
    out.find((e) => e.protocol === p && e.side === 'Server');
  const off = ['TLS 1.0', 'TLS 1.1', 'TLS 1.2'].every((p) => server(p)?.enabled === false);
  const tls13 = server('TLS 1.3');
  for (const e of out)
    if (e.side === 'Server') {
      e.serverNoTlsLeft = off && tls13?.enabled !== true;
      e.serverTls13Unknown = tls13?.state === 'unknown';
    }
  return out;
}

const WEAK_CIPHER = /^(RC4|RC2|DES|NULL|Triple DES)/i;

/** Direct subkeys that are not deleted (`subkeysOf` keeps `/` inside names: `RC4 128/128`). */
function childKeys(file: RegFile, parent: string): RegKey[] {
  return subkeysOf(file, parent).filter((k) => !k.deleted);
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

function functionsList(key: RegKey | undefined): { list: string[]; evidence: EvidenceRef } | null {
  const v = getValue(key, 'Functions');
  if (!v || v.deleted) return null;
  const list = Array.isArray(v.data)
    ? v.data
    : typeof v.data === 'string'
      ? v.data.split(',')
      : null;
  if (!list) return null;
  return { list: list.map((s) => s.trim()).filter(Boolean), evidence: v.evidence };
}

const DOTNET_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319',
  'HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v2.0.50727',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v2.0.50727',
];

/** The `protocolPolicy` entity; null without schannel.registry. */
export function buildProtocolPolicy(
  parsed: ParsedBundle,
  protocols: readonly View<ProtocolEntity>[],
  osBuild: number | null,
): ProtocolPolicyEntity | null {
  const schannel = filesOf(parsed, 'schannel.registry')[0]?.value ?? null;
  if (schannel === null) return null;
  const evidence: EvidenceRef[] = protocols.flatMap((p) => p.evidence);
  const enabledOn = (side: 'Server' | 'Client') =>
    protocols
      .filter((p) => p.side === side && p.enabled === true && p.protocol in PROTOCOL_RANK)
      .map((p) => p.protocol);
  const serverEnabled = enabledOn('Server');
  const clientEnabled = enabledOn('Client');

  const named = (sub: string) =>
    childKeys(schannel, `${SCHANNEL}\\${sub}`).map((k) => ({ key: k, name: lastSegment(k.path) }));
  const ciphers: ProtocolPolicyEntity['ciphers'] = [];
  for (const { key, name } of named('Ciphers')) {
    const en = dword(key, 'Enabled');
    if (en.value === null) continue;
    ciphers.push({ name, enabled: en.value !== 0 });
    if (en.evidence) evidence.push({ ...en.evidence, label: `SCHANNEL Ciphers\\${name}` });
  }
  const hashes: ProtocolPolicyEntity['hashes'] = [];
  for (const { key, name } of named('Hashes')) {
    const en = dword(key, 'Enabled');
    if (en.value !== null) hashes.push({ name, enabled: en.value !== 0 });
  }
  const keyExchange: ProtocolPolicyEntity['keyExchange'] = named('KeyExchangeAlgorithms').map(
    ({ key, name }) => {
      const en = dword(key, 'Enabled').value;
      return {
        name,
        enabled: en === null ? null : en !== 0,
        serverMinKeyBitLength: dword(key, 'ServerMinKeyBitLength').value,
        clientMinKeyBitLength: dword(key, 'ClientMinKeyBitLength').value,
      };
    },
  );

  let cipherSuiteOrder: string[] | null = null;
  let cipherSuiteOrderSource: ProtocolPolicyEntity['cipherSuiteOrderSource'] = null;
  const policy = filesOf(parsed, 'schannel.cipher-policy')[0]?.value ?? null;
  if (policy) {
    const gp = functionsList(
      findKey(
        policy,
        'HKLM\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002',
      ),
    );
    const local = functionsList(
      findKey(
        policy,
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Configuration\\Local\\SSL\\00010002',
      ),
    );
    const pick = gp ?? local;
    if (pick) {
      cipherSuiteOrder = pick.list;
      cipherSuiteOrderSource = gp ? 'group-policy' : 'local';
      evidence.push({ ...pick.evidence, label: `cipher-suite order (${cipherSuiteOrderSource})` });
    }
  }

  const dotnet: ProtocolPolicyEntity['dotnet'] = [];
  const dn = filesOf(parsed, 'dotnet.registry')[0]?.value ?? null;
  if (dn) {
    for (const path of DOTNET_KEYS) {
      const key = findKey(dn, path);
      if (!key) continue;
      dotnet.push({
        key: path,
        schUseStrongCrypto: dword(key, 'SchUseStrongCrypto').value,
        systemDefaultTlsVersions: dword(key, 'SystemDefaultTlsVersions').value,
      });
    }
  }
  const v4 = dotnet.filter((d) => d.key.endsWith('v4.0.30319'));
  const eventLogging = dword(findKey(schannel, SCHANNEL), 'EventLogging').value;

  const order = (list: SchannelProtocol[]) =>
    [...list].sort((a, b) => PROTOCOL_RANK[a]! - PROTOCOL_RANK[b]!);
  const se = order(serverEnabled);
  return {
    key: 'schannel',
    evidence,
    osBuild,
    serverEnabled: se,
    clientEnabled: order(clientEnabled),
    serverHighest: se[se.length - 1] ?? null,
    serverLowest: se[0] ?? null,
    legacyServerEnabled: se.filter((p) => LEGACY.has(p)),
    unknown: protocols.filter((p) => p.state === 'unknown').map((p) => p.key),
    ciphers,
    disabledCiphers: ciphers.filter((c) => !c.enabled).map((c) => c.name),
    weakCiphersEnabled: ciphers
      .filter((c) => c.enabled && WEAK_CIPHER.test(c.name))
      .map((c) => c.name),
    hashes,
    keyExchange,
    cipherSuiteOrder,
    cipherSuiteOrderSource,
    dotnet,
    dotnetStrongCryptoMissing:
      dn === null
        ? null
        : v4.length === 0 ||
          v4.some((d) => d.schUseStrongCrypto !== 1 || d.systemDefaultTlsVersions !== 1),
    eventLogging,
  };
}
