/**
 * Which end of a captured connection is this machine. A capture taken on the server holds its
 * inbound handshakes and its own outgoing TLS (CRL, APIs); a capture taken on a client holds only
 * outgoing ones. Every signal the bundle has is used, strongest first:
 *
 * 1. loopback (127.0.0.0/8, ::1) or an address the machine owns — HTTP.sys / IIS binding
 *    addresses, listener addresses, the pcapng interface addresses (if_IPv4addr / if_IPv6addr) —
 *    as the server end (inbound) or the client end (outbound);
 * 2. one address strictly more frequent than every other and present in most connections (the
 *    capturing machine); a tie decides nothing, so one client talking to one server does not
 *    turn a server-side capture into an outbound one;
 * 3. the SNI host name is bound here (HTTP.sys hostnameport, IIS host header);
 * 4. the server port is one this machine serves (binding or listener ports; a wildcard binding on
 *    443 makes 443 local) while the client port is not — and, when the bundle has the listener
 *    table, a server port nothing here listens on means the server is elsewhere (outbound);
 * 5. otherwise the connection is treated as inbound — the bundle comes from a server — and marked
 *    `assumed`, which the findings say.
 */
import type { TlsConnection } from '../parsers/capture.js';
import type { BindingEntity, IisBindingEntity, ListenerEntity } from './model.js';
import type { View } from './patch.js';

export interface Direction {
  inbound: boolean;
  assumed: boolean;
  /** The signal that decided it (see ConnectionEntity.directionFrom). */
  from: string;
}

export function normAddr(a: string): string {
  return a.replace(/^\[|\]$/g, '').toLowerCase();
}

const WILDCARD = /^(0\.0\.0\.0|::|\*|)$/;

function isLoopback(a: string): boolean {
  return /^127\./.test(a) || a === '::1' || /^::ffff:127\./.test(a);
}

export interface DirectionSignals {
  localAddresses: Set<string>;
  interfaceAddresses: Set<string>;
  hostNames: Set<string>;
  ports: Set<number>;
  /** TCP ports of the listener table (empty when the bundle has none). */
  listenerPorts: Set<number>;
  /** The capturing machine by frequency, when one address clearly dominates. */
  frequent: string | null;
}

export function directionSignals(
  conns: readonly TlsConnection[],
  interfaceAddresses: readonly string[],
  ctx: {
    bindings: readonly View<BindingEntity>[];
    iisBindings?: readonly View<IisBindingEntity>[] | undefined;
    listeners: readonly View<ListenerEntity>[];
  },
): DirectionSignals {
  const localAddresses = new Set<string>();
  const hostNames = new Set<string>();
  const ports = new Set<number>();
  const listenerPorts = new Set<number>();
  const addAddress = (a: string | null | undefined): void => {
    if (a && !WILDCARD.test(normAddr(a))) localAddresses.add(normAddr(a));
  };
  for (const b of ctx.bindings) {
    if (b.type === 'ipport') addAddress(b.address);
    if (b.hostname) hostNames.add(b.hostname.toLowerCase());
    if (b.port !== null) ports.add(b.port);
  }
  for (const b of ctx.iisBindings ?? []) {
    addAddress(b.address);
    if (b.host) hostNames.add(b.host.toLowerCase());
    if (b.port !== null) ports.add(b.port);
  }
  for (const l of ctx.listeners) {
    if (l.protocol !== 'TCP') continue;
    addAddress(l.localAddress);
    ports.add(l.port);
    listenerPorts.add(l.port);
  }
  const seen = new Map<string, number>();
  for (const c of conns)
    for (const a of new Set([normAddr(c.clientAddress), normAddr(c.serverAddress)]))
      seen.set(a, (seen.get(a) ?? 0) + 1);
  const ranked = [...seen].sort((a, b) => b[1] - a[1]);
  const top = ranked[0];
  const frequent =
    top && conns.length >= 2 && top[1] > conns.length / 2 && top[1] > (ranked[1]?.[1] ?? 0)
      ? top[0]
      : null;
  return {
    localAddresses,
    interfaceAddresses: new Set(interfaceAddresses.map(normAddr)),
    hostNames,
    ports,
    listenerPorts,
    frequent,
  };
}

export function directionOf(c: TlsConnection, s: DirectionSignals): Direction {
  const server = normAddr(c.serverAddress);
  const client = normAddr(c.clientAddress);
  const decided = (inbound: boolean, from: string): Direction => ({
    inbound,
    assumed: false,
    from,
  });
  if (isLoopback(server)) return decided(true, 'loopback');
  for (const [set, from] of [
    [s.localAddresses, 'local address'],
    [s.interfaceAddresses, 'capture interface'],
  ] as const) {
    if (set.has(server)) return decided(true, from);
    if (set.has(client)) return decided(false, from);
  }
  if (s.frequent === server) return decided(true, 'most frequent address');
  if (s.frequent === client) return decided(false, 'most frequent address');
  const sni = c.clientHello?.serverName?.toLowerCase() ?? null;
  if (sni && s.hostNames.has(sni)) return decided(true, 'bound host name');
  if (s.ports.has(c.serverPort) && !s.ports.has(c.clientPort)) return decided(true, 'bound port');
  // The listener table shows every port this machine serves: not this one, so not the server.
  if (s.listenerPorts.size > 0 && !s.listenerPorts.has(c.serverPort))
    return decided(false, 'no listener on the server port');
  return { inbound: true, assumed: true, from: 'assumed' };
}
