/**
 * Endpoints as HTTP.sys, netsh, netstat and IIS write them (`0.0.0.0:443`, `[::]:443`, `::`,
 * `10.0.0.5`, `*`, `www.contoso.com:443`), and the one answer to "does the IP listen list let
 * HTTP.sys accept connections on this address (and port)". Every stage that asks that question
 * uses `listenReach` / `covers`, so a binding and an IIS site binding cannot be judged differently.
 */
import { isIP } from './ip.js';

export interface Endpoint {
  /** Lower-case address without brackets (`::1`, `0.0.0.0`), or a host name; `*` = any. */
  host: string;
  port: number | null;
  family: 4 | 6 | 'name' | 'any';
  /** 0.0.0.0, ::, * or an empty address part. */
  wildcard: boolean;
  /** 127.0.0.0/8 or ::1. */
  loopback: boolean;
}

/** IPv6 in its shortest form (`0:0::1` → `::1`); IPv4 and names lower-cased. */
function canonicalHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (isIP(h) === 6) {
    try {
      return new URL(`http://[${h}]/`).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return h;
    }
  }
  return h;
}

/** Parses `addr`, `addr:port`, `[v6]`, `[v6]:port`, bare `v6`, `*:443`, `:443`; null when empty. */
export function parseEndpoint(text: string): Endpoint | null {
  const s = text.trim();
  if (s === '') return null;
  let host = s;
  let port: number | null = null;
  const bracketed = /^\[([^\]]*)\](?::(\d{1,5}))?$/.exec(s);
  const withPort = /^([^:]*):(\d{1,5})$/.exec(s);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2] !== undefined ? Number(bracketed[2]) : null;
  } else if (isIP(s) === 6) {
    host = s;
  } else if (withPort) {
    host = withPort[1]!;
    port = Number(withPort[2]);
  }
  if (port !== null && port > 65535) return null;
  host = canonicalHost(host === '' ? '*' : host);
  const family = host === '*' ? 'any' : isIP(host) === 4 ? 4 : isIP(host) === 6 ? 6 : 'name';
  const wildcard = host === '*' || host === '0.0.0.0' || host === '::';
  const loopback = (family === 4 && host.startsWith('127.')) || (family === 6 && host === '::1');
  return { host, port, family, wildcard, loopback };
}

/** `0.0.0.0:443`, `[::]:443`, `10.0.0.5`, `www.contoso.com:443`. */
export function canonicalEndpoint(e: Endpoint): string {
  const host = e.family === 6 ? `[${e.host}]` : e.host;
  return e.port === null ? host : `${host}:${e.port}`;
}

/**
 * Whether the endpoint `entry` (a listen-list entry, a listener) accepts connections to `target`:
 * the same address or the wildcard of its family, and the same port when both name one.
 */
export function covers(entry: Endpoint, target: Endpoint): boolean {
  if (entry.port !== null && target.port !== null && entry.port !== target.port) return false;
  if (entry.host === '*') return target.family !== 'name';
  if (entry.wildcard) return target.family === entry.family;
  return entry.host === target.host;
}

/**
 * How far HTTP.sys, restricted to an IP listen list, lets clients reach an address:
 * - `all`: the list is empty (HTTP.sys listens on every address);
 * - `listed`: a specific address is in the list (or its family's wildcard), or a wildcard binding
 *   has some listed address of its family that is not loopback;
 * - `not-listed`: a specific, non-loopback address is not in the list;
 * - `loopback-only`: only loopback addresses of the binding's family are listed, so no remote
 *   client can connect (seed scenario 4: a list holding only 127.0.0.1);
 * - `none`: no address of the binding's family is listed at all.
 * Host names and unknown addresses count as `listed`: the list cannot be judged against them.
 */
export type ListenReach = 'all' | 'listed' | 'not-listed' | 'loopback-only' | 'none';

export function listenReach(
  address: string | null,
  port: number | null,
  list: string[],
): ListenReach {
  const entries = list.map(parseEndpoint).filter((e): e is Endpoint => e !== null);
  if (entries.length === 0) return 'all';
  const target = address === null ? null : parseEndpoint(address);
  if (target === null || target.family === 'name') return 'listed';
  const t: Endpoint = { ...target, port: port ?? target.port };
  const family = t.family;
  const ofFamily = entries.filter(
    (e) =>
      (e.family === family || e.host === '*') &&
      (e.port === null || t.port === null || e.port === t.port),
  );
  if (t.wildcard) {
    if (ofFamily.length === 0) return 'none';
    if (ofFamily.every((e) => e.loopback)) return 'loopback-only';
    return 'listed';
  }
  if (ofFamily.some((e) => covers(e, t))) return 'listed';
  if (t.loopback) return 'not-listed';
  return ofFamily.length > 0 && ofFamily.every((e) => e.loopback) ? 'loopback-only' : 'not-listed';
}

/** True when the listen list names the wildcard of both IP families without a port (`0.0.0.0`
 * and `::`): HTTP.sys then listens on every address, as with an empty list (judge6 p41). */
export function listensEverywhere(list: string[]): boolean {
  const entries = list.map(parseEndpoint).filter((e): e is Endpoint => e !== null);
  const any = (family: 4 | 6): boolean =>
    entries.some((e) => e.wildcard && e.port === null && (e.family === family || e.host === '*'));
  return any(4) && any(6);
}

/** True when clients on the network cannot reach the address through the listen list. */
export function listenExcludes(reach: ListenReach): boolean {
  return reach === 'not-listed' || reach === 'loopback-only' || reach === 'none';
}

/** The same socket seen on the other IP family's wildcard: `0.0.0.0:443` ↔ `[::]:443`. */
export function wildcardTwin(text: string): string | null {
  return text.includes('0.0.0.0')
    ? text.replace('0.0.0.0', '[::]')
    : text.includes('[::]')
      ? text.replace('[::]', '0.0.0.0')
      : null;
}
