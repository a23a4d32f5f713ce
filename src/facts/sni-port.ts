/**
 * SNI-only ports: a port whose HTTP.sys SSL bindings are all hostname:port entries (SslSniBindingInfo).
 *
 * HTTP.sys picks a hostname:port entry by the server_name of the ClientHello. A client that sends
 * no server_name (an old client, a load-balancer health probe, access by IP address) can only be
 * served by an ip:port entry of the port (a given address, 0.0.0.0 or [::]) or a Central
 * Certificate Store entry; without one the connection is reset after the ClientHello (IIS 8.0 SNI
 * walkthrough: "a legacy IP:Port SSL binding" is what serves clients without SNI).
 *
 * Marks every hostname:port entry of such a port (`sniOnlyPort`), the first one as the port's lead
 * (`sniOnlyPortLead`, where the port-wide findings go), and counts the captured inbound
 * ClientHellos without server_name to that port: reset without a ServerHello (evidence that the
 * port refuses them) or answered (evidence against the binding list, which then cannot decide).
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import { compareText } from '../shared/evidence.js';
import type { BindingEntity, ConnectionEntity } from './model.js';
import type { Patch, View } from './patch.js';

/** A handshake the server ended with a TCP reset or close right after the ClientHello. */
function resetWithoutServerHello(c: View<ConnectionEntity>): boolean {
  return (
    !c.hasServerHello &&
    c.alerts.length === 0 &&
    (c.failureKind === 'rst' || c.failureKind === 'fin') &&
    c.failureBy === 'server'
  );
}

export function linkSniOnlyPorts(
  parsed: ParsedBundle,
  bindings: readonly View<BindingEntity>[],
  connections: readonly View<ConnectionEntity>[],
): Patch<
  BindingEntity,
  | 'sniOnlyPort'
  | 'sniOnlyPortLead'
  | 'sniOnlyPortNames'
  | 'noSniClientHellos'
  | 'noSniResets'
  | 'noSniAnswered'
  | 'noSniResetClients'
>[] {
  const netsh = filesOf(parsed, 'httpsys.sslcert');
  const registry = filesOf(parsed, 'httpsys.registry');
  if (netsh.length + registry.length === 0) return [];
  // An elided netsh listing may have left out the port's ip:port entry, and a filtered show
  // (`show sslcert ipport=…`) shows one endpoint only; the registry export is whole.
  const complete =
    registry.length > 0 ||
    !netsh.some((f) => f.value.elided === true || f.value.queriedOnly !== undefined);
  const byPort = new Map<number, { b: View<BindingEntity>; at: number }[]>();
  bindings.forEach((b, at) => {
    if (b.port === null) return;
    const list = byPort.get(b.port) ?? [];
    list.push({ b, at });
    byPort.set(b.port, list);
  });
  const out: ReturnType<typeof linkSniOnlyPorts> = [];
  for (const [port, list] of byPort) {
    const sni = list
      .filter(({ b }) => b.type === 'hostnameport')
      .sort((x, y) => compareText(x.b.endpoint.toLowerCase(), y.b.endpoint.toLowerCase()));
    if (sni.length === 0) continue;
    const only = list.every(({ b }) => b.type === 'hostnameport');
    const names = sni.map(({ b }) => b.hostname ?? b.endpoint);
    const hellos = connections.filter(
      (c) => c.inbound && c.serverPort === port && c.hasClientHello && c.serverName === null,
    );
    const resets = hellos.filter(resetWithoutServerHello);
    const answered = hellos.filter((c) => c.hasServerHello);
    sni.forEach(({ at }, i) => {
      const lead = only && i === 0;
      out.push({
        at,
        set: {
          sniOnlyPort: only ? (complete ? true : null) : false,
          sniOnlyPortLead: lead,
          sniOnlyPortNames: names,
          noSniClientHellos: hellos.length,
          noSniResets: resets.length,
          noSniAnswered: answered.length,
          noSniResetClients: [...new Set(resets.map((c) => c.clientAddress))].sort(compareText),
        },
        evidence: lead ? [...resets, ...answered].slice(0, 20).flatMap((c) => c.evidence) : [],
      });
    });
  }
  return out;
}
