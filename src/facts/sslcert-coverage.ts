/**
 * What the HTTP.sys SSL evidence covers (judge7 S6). A registry export or an unfiltered
 * `netsh http show sslcert` lists every entry: an endpoint it lacks has none. A copy of filtered
 * shows only (`show sslcert ipport=0.0.0.0:443`) speaks of the endpoints it queried: those it
 * found, and those netsh answered "cannot find the file" for (absent); every other endpoint is
 * unknown from it, never "missing".
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { SslcertAbsent } from '../parsers/netsh-sslcert.js';
import { listingKey } from '../parsers/netsh-sslcert-listings.js';

export interface SslcertCoverage {
  /** Any HTTP.sys SSL evidence (netsh or the registry export) was read. */
  collected: boolean;
  /** A source lists every entry (the registry export or an unfiltered netsh listing). */
  complete: boolean;
  /** Endpoints a filtered show found no entry for, by listing key (`ipport:0.0.0.0:443`). */
  absent: ReadonlyMap<string, SslcertAbsent>;
}

export function sslcertCoverage(parsed: ParsedBundle): SslcertCoverage {
  const netsh = filesOf(parsed, 'httpsys.sslcert');
  const registry = filesOf(parsed, 'httpsys.registry');
  const absent = new Map<string, SslcertAbsent>();
  for (const f of netsh) for (const a of f.value.absent ?? []) absent.set(a.key, a);
  return {
    collected: netsh.length + registry.length > 0,
    complete: registry.length > 0 || netsh.some((f) => f.value.queriedOnly === undefined),
    absent,
  };
}

/** The evidence that an endpoint has no entry, or null when that is not known. */
export function knownAbsent(
  c: SslcertCoverage,
  type: string,
  endpoint: string,
): SslcertAbsent | { key: string; evidence: null } | null {
  const key = listingKey(type, endpoint);
  const a = c.absent.get(key);
  if (a) return a;
  return c.complete ? { key, evidence: null } : null;
}
