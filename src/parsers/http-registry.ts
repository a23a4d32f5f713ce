/**
 * The HTTP.sys view of a `reg export` of HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters.
 *
 *   Parameters\SslBindingInfo\<ip>:<port>         IP bindings (`0.0.0.0:443`, `[::]:443`)
 *   Parameters\SslSniBindingInfo\<host>:<port>    SNI bindings
 *   Parameters\SslCcsBindingInfo\<scope>:<port>   Central Certificate Store bindings
 *   Parameters  ListenOnlyList (REG_MULTI_SZ)     the IP listen list (`netsh http show iplisten`)
 *
 * Values per binding: SslCertHash (REG_BINARY, 20-byte SHA-1), AppId (REG_BINARY, 16-byte GUID in
 * Windows byte order: the first three fields little-endian), SslCertStoreName (REG_SZ),
 * DefaultSslCertCheckMode, DefaultSslRevocationFreshnessTime,
 * DefaultSslRevocationUrlRetrievalTimeout, DefaultFlags (REG_DWORD), DefaultSslCtlIdentifier,
 * DefaultSslCtlStoreName (REG_SZ). This is the language-neutral twin of `netsh http show sslcert`.
 */
import type { EvidenceRef } from '../shared/evidence.js';
import { getValue, subkeysOf, findKey, type RegFile, type RegKey } from './reg.js';
import type { SslcertBindingType } from './netsh-sslcert.js';

export const HTTP_PARAMETERS =
  'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';

/**
 * HTTP_SERVICE_CONFIG_SSL_PARAM DefaultFlags (http.h). 0x1–0x40 and 0x400/0x1000 are documented;
 * 0x80/0x100/0x200/0x800/0x4000 come from SDK mirrors (see windows-formats.md §4.1).
 */
export const DEFAULT_FLAGS: readonly (readonly [number, string])[] = [
  [0x1, 'USE_DS_MAPPER'],
  [0x2, 'NEGOTIATE_CLIENT_CERT'],
  [0x4, 'NO_RAW_FILTER'],
  [0x8, 'REJECT'],
  [0x10, 'DISABLE_HTTP2'],
  [0x20, 'DISABLE_QUIC'],
  [0x40, 'DISABLE_TLS13'],
  [0x80, 'DISABLE_OCSP_STAPLING'],
  [0x100, 'ENABLE_TOKEN_BINDING'],
  [0x200, 'LOG_EXTENDED_EVENTS'],
  [0x400, 'DISABLE_LEGACY_TLS'],
  [0x800, 'ENABLE_SESSION_TICKET'],
  [0x1000, 'DISABLE_TLS12'],
  [0x4000, 'DISABLE_SESSION_ID'],
];

export function decodeDefaultFlags(flags: number): { names: string[]; unknown: number } {
  const names: string[] = [];
  let rest = flags >>> 0;
  for (const [bit, name] of DEFAULT_FLAGS) {
    if ((flags & bit) !== 0) {
      names.push(name);
      rest &= ~bit;
    }
  }
  return { names, unknown: rest >>> 0 };
}

/** 16 bytes in Windows GUID order → `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`. */
export function guidFromBytes(b: Uint8Array): string | null {
  if (b.length !== 16) return null;
  const buf = Buffer.from(b);
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `{${h(buf.readUInt32LE(0), 8)}-${h(buf.readUInt16LE(4), 4)}-${h(buf.readUInt16LE(6), 4)}-${buf.subarray(8, 10).toString('hex')}-${buf.subarray(10, 16).toString('hex')}}`;
}

export interface RegistryBinding {
  type: SslcertBindingType;
  /** Key name as in the registry, e.g. `0.0.0.0:443`. */
  endpoint: string;
  /** Lower-case hex; null when the value is absent or empty. */
  certificateHash: string | null;
  /** Present but not 20 bytes. */
  certificateHashMalformed: boolean;
  applicationId: string | null;
  certificateStoreName: string | null;
  defaultFlags: number | null;
  flagNames: string[];
  /** The other per-binding values netsh also prints (null when absent). */
  certCheckMode: number | null;
  revocationFreshnessTime: number | null;
  urlRetrievalTimeout: number | null;
  ctlIdentifier: string | null;
  ctlStoreName: string | null;
  evidence: EvidenceRef;
}

export interface HttpRegistryView {
  bindings: RegistryBinding[];
  /** null when ListenOnlyList is absent (= listen on all addresses). */
  listenOnlyList: string[] | null;
  listenOnlyListEvidence: EvidenceRef | null;
}

const KINDS: readonly (readonly [string, SslcertBindingType])[] = [
  ['SslBindingInfo', 'ipport'],
  ['SslSniBindingInfo', 'hostnameport'],
  ['SslCcsBindingInfo', 'ccs'],
];

function binding(key: RegKey, type: SslcertBindingType): RegistryBinding {
  const hashV = getValue(key, 'SslCertHash');
  const appV = getValue(key, 'AppId');
  const storeV = getValue(key, 'SslCertStoreName');
  const flagsV = getValue(key, 'DefaultFlags');
  const hashBytes = hashV?.data instanceof Uint8Array ? hashV.data : null;
  const appBytes = appV?.data instanceof Uint8Array ? appV.data : null;
  const flags = typeof flagsV?.data === 'number' ? flagsV.data : null;
  const dword = (name: string): number | null => {
    const v = getValue(key, name)?.data;
    return typeof v === 'number' ? v : null;
  };
  // `DefaultSsl…` per windows-formats.md §4.2; the name without the prefix is read as well.
  const text = (...names: string[]): string | null => {
    for (const name of names) {
      const v = getValue(key, name)?.data;
      if (typeof v === 'string' && v !== '') return v;
    }
    return null;
  };
  // Evidence: the key line through its last value line.
  const lastLine = Math.max(
    key.evidence.lines?.end ?? 0,
    ...key.values.map((v) => v.evidence.lines?.end ?? 0),
  );
  const excerptLines = [
    key.evidence.excerpt ?? '',
    ...key.values.map((v) => v.evidence.excerpt ?? ''),
  ].join('\n');
  return {
    type,
    endpoint: key.path.split('\\').pop() ?? key.path,
    certificateHash:
      hashBytes && hashBytes.length === 20 ? Buffer.from(hashBytes).toString('hex') : null,
    certificateHashMalformed:
      hashBytes !== null && hashBytes.length !== 0 && hashBytes.length !== 20,
    applicationId: appBytes ? guidFromBytes(appBytes) : null,
    certificateStoreName:
      typeof storeV?.data === 'string' && storeV.data !== '' ? storeV.data : null,
    defaultFlags: flags,
    flagNames: flags === null ? [] : decodeDefaultFlags(flags).names,
    certCheckMode: dword('DefaultSslCertCheckMode'),
    revocationFreshnessTime: dword('DefaultSslRevocationFreshnessTime'),
    urlRetrievalTimeout: dword('DefaultSslRevocationUrlRetrievalTimeout'),
    ctlIdentifier: text('DefaultSslCtlIdentifier', 'SslCtlIdentifier'),
    ctlStoreName: text('DefaultSslCtlStoreName', 'SslCtlStoreName'),
    evidence: {
      ...key.evidence,
      lines: {
        start: key.evidence.lines?.start ?? 1,
        end: Math.max(lastLine, key.evidence.lines?.start ?? 1),
      },
      excerpt: excerptLines,
    },
  };
}

export function httpRegistryView(reg: RegFile): HttpRegistryView {
  const bindings: RegistryBinding[] = [];
  for (const [sub, type] of KINDS) {
    for (const key of subkeysOf(reg, `${HTTP_PARAMETERS}\\${sub}`)) {
      if (!key.deleted) bindings.push(binding(key, type));
    }
  }
  const lol = getValue(findKey(reg, HTTP_PARAMETERS), 'ListenOnlyList');
  return {
    bindings,
    listenOnlyList: Array.isArray(lol?.data) ? lol.data.filter((a) => a.trim() !== '') : null,
    listenOnlyListEvidence: lol?.evidence ?? null,
  };
}
