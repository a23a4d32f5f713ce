/**
 * What a console copy of `netsh http … sslcert` says beyond its listings (judge7 S5, S6): the
 * endpoints a filtered show found no entry for, the endpoints a copy of filtered shows only
 * queried, and the add / update / delete lines netsh answered with an error.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import type { SslcertBindingType } from './netsh-sslcert.js';
import type { SslcertListings } from './netsh-sslcert-listings.js';

/** An endpoint a filtered show found no entry for: its listing key, as queried, and the lines. */
export interface SslcertAbsent {
  /** `ipport:0.0.0.0:443` (listingKey). */
  key: string;
  type: SslcertBindingType;
  endpoint: string;
  evidence: EvidenceRef;
}

/** A failed `netsh http add / update / delete sslcert` of a console copy. */
export interface SslcertFailedChange {
  op: 'add' | 'update' | 'delete';
  type: SslcertBindingType | null;
  /** The endpoint the command names (`0.0.0.0:443`), null when it names none. */
  endpoint: string | null;
  /** certhash= / appid= of the command (lower case), when given. */
  certificateHash: string | null;
  applicationId: string | null;
  /** certstorename= of the command, when given (netsh's default is MY). */
  certificateStoreName: string | null;
  /** The Windows error number netsh printed (`Error: 1312`); the words differ per locale. */
  errorCode: number | null;
  /** netsh's result line and the error text after it, as printed. */
  result: string;
  text: string | null;
  /**
   * What a later listing of the copy shows for the endpoint: `listed` (an entry), `absent` (a
   * listing of every entry, or of this endpoint, lacks it), null when no later listing shows it.
   */
  afterwards: 'listed' | 'absent' | null;
  evidence: EvidenceRef;
}

const typeOf = (key: string): SslcertBindingType =>
  key.slice(0, key.indexOf(':')) as SslcertBindingType;
const endpointOf = (key: string): string => key.slice(key.indexOf(':') + 1);
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/**
 * `listed`: the listing keys of the entries in force; `listing`: the copy shows a listing (entries
 * or netsh's header). A copy without any (a failed add alone) shows no endpoint: none is known
 * missing (`queriedOnly` empty).
 */
export function consoleOutcome(
  listings: SslcertListings,
  listed: ReadonlySet<string>,
  src: Parameters<typeof lineEvidence>[0],
  listing: boolean,
): {
  absent: SslcertAbsent[];
  queriedOnly: string[] | null;
  failedChanges: SslcertFailedChange[];
} {
  const absent = listings
    .notFound()
    .filter((a) => !listed.has(a.key))
    .map((a) => ({
      key: a.key,
      type: typeOf(a.key),
      endpoint: endpointOf(a.key),
      evidence: lineEvidence(src, a.start, a.end),
    }));
  const failedChanges = listings.failures.map((f): SslcertFailedChange => {
    const guid = f.appid !== null ? GUID.exec(f.appid) : null;
    return {
      op: f.op,
      type: f.key ? typeOf(f.key) : null,
      endpoint: f.key ? endpointOf(f.key) : null,
      certificateHash: f.hash,
      applicationId: guid ? `{${guid[1]!.toLowerCase()}}` : null,
      certificateStoreName: f.store,
      errorCode: f.code,
      result: f.result,
      text: f.text,
      afterwards:
        f.key === null || !listings.coveredAfter(f.key, f.end)
          ? null
          : listed.has(f.key)
            ? 'listed'
            : 'absent',
      evidence: lineEvidence(src, f.start, f.end),
    };
  });
  return {
    absent,
    queriedOnly: listings.queriedOnly() ?? (listing ? null : []),
    failedChanges,
  };
}
