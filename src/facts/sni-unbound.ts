/**
 * A name no HTTP.sys SSL binding serves: the capture shows ClientHellos WITH server_name N to port
 * P reset (or closed) by the server before any ServerHello, and the bundle's complete binding
 * list has no entry HTTP.sys could pick for that connection.
 *
 * HTTP.sys picks a hostname:port entry by the server_name (host names compare case-insensitively,
 * as DNS names do), else an ip:port entry of the port (the server's address, 0.0.0.0 or [::]),
 * else a Central Certificate Store entry of the port (IIS 8.0 SNI and CCS walkthroughs); with
 * none the connection is reset right after the ClientHello. So the reset is decided when:
 * - the binding list is whole: the registry export, or netsh listings that were not elided, not
 *   filtered to one endpoint (`show sslcert ipport=…`) and have no parse issue that could hide an
 *   entry (an unreadable endpoint or line, a netsh error, a cut file);
 * - the port has HTTP.sys entries (a reset on a port HTTP.sys has none for may be another
 *   program's), none of them hostname:port N:P, ip:port for the server's address / 0.0.0.0 /
 *   [::], ccs or scoped ccs;
 * - no hostname:port entry of the port holds a `*`: IIS 10.0 accepts wildcard host names
 *   (`*.contoso.com`, "Wildcard Host Header Support"), and no source says how HTTP.sys matches
 *   such an SNI entry, so the evidence does not decide;
 * - the capture is of this server: every server address is loopback or, when the bundle has
 *   ipconfig, one of its addresses; without ipconfig the direction was decided by a signal, not
 *   assumed.
 * - the captures show no handshake for N completing on that endpoint (a list and resets of
 *   different moments: judge12 S1), N is a DNS host name (not scanner traffic: M1), and no
 *   entry spells N in Unicode for the A-label sent, or the reverse (M2).
 * Anything else leaves `sniNotBound` null: handshake-no-server-hello keeps listing the causes.
 */
import { domainToASCII } from 'node:url';
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EvidenceRef } from '../shared/evidence.js';
import { parseEndpoint } from '../shared/net.js';
import { normAddr } from './connection-direction.js';
import type { BindingEntity, HandshakeEndpointEntity, IisBindingEntity } from './model.js';
import type { Patch, View } from './patch.js';

/**
 * netsh issues that cannot hide an entry: a value of a record that was read, a label read by its
 * value. Any other (an unrecognised line may be a mangled endpoint line) leaves the list in doubt,
 * and so does an unknown label whose value did not fit the field it was taken for (a mangled
 * `Hostname:port www.x.com:443` is read as label `Hostname`, an invalid Application ID).
 */
const HARMLESS_NETSH_ISSUES: ReadonlySet<string> = new Set([
  'invalid-certificate-hash',
  'invalid-application-id',
  'joined-fields',
  'unknown-label',
]);

/** A setting whose value ends like an endpoint (`port www.x.com:443`): an entry read as a field. */
const HIDDEN_ENDPOINT = /(?:^|\s)(?:\[[\da-f:.]+\]|[\w*.-]+):\d{1,5}\s*$/i;

type Unknown =
  | 'no-binding-list'
  | 'binding-list-incomplete'
  | 'no-binding-on-port'
  | 'wildcard-host-entry'
  | 'other-server'
  | 'not-reset-by-server'
  | 'name-served-in-capture'
  | 'not-a-host-name'
  | 'idn-spelling';

/** Whether the binding list shows every entry; the reason when it may not. */
function bindingListWhole(parsed: ParsedBundle): Unknown | null {
  const netsh = filesOf(parsed, 'httpsys.sslcert');
  const registry = filesOf(parsed, 'httpsys.registry');
  if (netsh.length + registry.length === 0) return 'no-binding-list';
  if (registry.some((f) => !f.issues.some((i) => i.severity !== 'info'))) return null;
  const whole = netsh.every(
    (f) =>
      f.value.elided !== true &&
      f.value.queriedOnly === undefined &&
      f.issues.every((i) => HARMLESS_NETSH_ISSUES.has(i.code)) &&
      !f.issues.some(
        (i) =>
          i.code === 'unknown-label' &&
          f.issues.some((j) => j !== i && j.line !== undefined && j.line === i.line),
      ) &&
      !f.value.records.some(
        (r) =>
          r.truncated === true || Object.values(r.settings).some((v) => HIDDEN_ENDPOINT.test(v)),
      ),
  );
  return netsh.length > 0 && whole ? null : 'binding-list-incomplete';
}

/** This machine's addresses as ipconfig lists them (`normAddr`); null without ipconfig. */
export function ownAddresses(parsed: ParsedBundle): Set<string> | null {
  const files = filesOf(parsed, 'net.ipconfig');
  if (files.length === 0) return null;
  return new Set(files.flatMap((f) => f.value.addresses.map((a) => normAddr(a.address))));
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

const serverAddress = (s: string): string | null => {
  const e = parseEndpoint(s);
  return e && (e.family === 4 || e.family === 6) ? normAddr(e.host) : null;
};

/** The entry HTTP.sys would pick for this name and server address, or why none can be told. */
function servingEntry(
  onPort: readonly View<BindingEntity>[],
  name: string,
  addresses: readonly string[],
): View<BindingEntity> | 'wildcard-host-entry' | null {
  const host = name.toLowerCase();
  const found =
    onPort.find((b) => b.type === 'hostnameport' && b.hostname?.toLowerCase() === host) ??
    onPort.find((b) => {
      if (b.type !== 'ipport' || b.address === null) return false;
      const a = normAddr(b.address);
      return a === '0.0.0.0' || a === '::' || addresses.includes(a);
    }) ??
    onPort.find((b) => b.type === 'ccs' || b.type === 'scopedccs');
  if (found) return found;
  if (onPort.some((b) => b.type === 'hostnameport' && b.hostname?.includes('*')))
    return 'wildcard-host-entry';
  return null;
}

/** A DNS host name as clients send it in server_name (labels of letters, digits, `-`, `_`). */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/**
 * A hostname:port entry spelled in Unicode (`bücher.contoso.de`) for the A-label the client sent
 * (`xn--bcher-kva.contoso.de`), or the reverse: the same name to a person, and no source says
 * whether HTTP.sys matches the two spellings, so the evidence does not decide (judge12 M2).
 */
function idnTwin(
  onPort: readonly View<BindingEntity>[],
  name: string,
): View<BindingEntity> | undefined {
  const ascii = (h: string): string => (domainToASCII(h) || h).toLowerCase();
  const want = ascii(name);
  return onPort.find(
    (b) =>
      b.type === 'hostnameport' &&
      b.hostname !== null &&
      b.hostname.toLowerCase() !== name.toLowerCase() &&
      ascii(b.hostname) === want,
  );
}

/** An entry as the binding inventory names it: `ccs 443` for a Central Certificate Store entry. */
const entryName = (b: View<BindingEntity>): string =>
  b.type === 'ccs' || b.type === 'scopedccs' ? `${b.type} ${b.endpoint}` : b.endpoint;

/** An entry's certificate hash when it is one (40 hex digits), to offer as a comment only. */
const hashOf = (b: View<BindingEntity>): string | null =>
  !b.certificateHashMalformed &&
  b.certificateHash !== null &&
  /^[0-9a-f]{40}$/i.test(b.certificateHash)
    ? b.certificateHash.toLowerCase()
    : null;

export function linkUnboundSniNames(
  parsed: ParsedBundle,
  bindings: readonly View<BindingEntity>[],
  iisBindings: readonly View<IisBindingEntity>[],
  endpoints: readonly View<HandshakeEndpointEntity>[],
): Patch<
  HandshakeEndpointEntity,
  | 'sniNotBound'
  | 'sniNotBoundUnknown'
  | 'sniHostPort'
  | 'sniPortBindings'
  | 'sniBindingList'
  | 'sniIisSite'
  | 'sniIisCertificateHash'
  | 'sniServingEntry'
  | 'sniOtherServers'
  | 'sniOwnAddresses'
  | 'sniOtherPortEntry'
  | 'sniOtherPortCertificateHash'
  | 'sniIdnEntry'
  | 'sniIdnCertificateHash'
>[] {
  const whole = bindingListWhole(parsed);
  const own = ownAddresses(parsed);
  const out: ReturnType<typeof linkUnboundSniNames> = [];
  endpoints.forEach((e, at) => {
    if (e.kind !== 'no-server-hello') return;
    const port = e.serverPort;
    const onPort = bindings.filter((b) => b.port === port);
    const addresses = e.servers.map(serverAddress).filter((a): a is string => a !== null);
    const thisServer =
      e.inbound &&
      addresses.length === e.servers.length &&
      addresses.every((a) => LOOPBACK.test(a) || (own ? own.has(a) : !e.directionAssumed));
    if (e.serverName === null) {
      // A client without SNI gets the ip:port or ccs entry of the port: when the whole list has
      // one for this address, "no binding serves it" is ruled out (judge12 S3, case 10).
      const fallback =
        whole === null && thisServer && e.endedBy === 'server'
          ? onPort.find((b) => {
              // Only an ip:port entry: a ccs entry picks its certificate file by the SNI name.
              if (b.type !== 'ipport' || b.address === null) return false;
              const a = normAddr(b.address);
              return a === '0.0.0.0' || a === '::' || addresses.includes(a);
            })
          : undefined;
      if (fallback !== undefined) out.push({ at, set: { sniServingEntry: entryName(fallback) } });
      return;
    }
    const name = e.serverName;
    const serving = servingEntry(onPort, name, addresses);
    const idn = idnTwin(onPort, name);
    // The same name bound on another port: likely the IIS binding typed on the wrong port (judge12 case 03).
    const otherPort = bindings.find(
      (b) =>
        b.type === 'hostnameport' &&
        b.port !== port &&
        b.hostname?.toLowerCase() === name.toLowerCase(),
    );
    const unknown: Unknown | null =
      whole ??
      (e.endedBy !== 'server'
        ? 'not-reset-by-server'
        : !thisServer
          ? 'other-server'
          : // The captures show this name completing handshakes on this endpoint too: the list
            // and the resets are of different moments (judge12 S1).
            e.endpointEstablished > 0
            ? 'name-served-in-capture'
            : // Scanner traffic (`a"b&c.x.com`): no binding can be asked for it (judge12 M1).
              !HOST_NAME.test(name)
              ? 'not-a-host-name'
              : onPort.length === 0
                ? 'no-binding-on-port'
                : serving === 'wildcard-host-entry'
                  ? 'wildcard-host-entry'
                  : serving === null && idn !== undefined
                    ? 'idn-spelling'
                    : null);
    const iis = iisBindings.find(
      (b) => b.port === port && b.host?.toLowerCase() === name.toLowerCase(),
    );
    const listEvidence: EvidenceRef[] = onPort.flatMap((b) => b.evidence).slice(0, 12);
    out.push({
      at,
      set: {
        sniNotBound: unknown !== null ? null : serving === null,
        sniNotBoundUnknown: unknown,
        sniHostPort: `${name.toLowerCase()}:${port}`,
        sniPortBindings: onPort.map((b) => b.endpoint),
        sniBindingList: { evidence: listEvidence },
        sniIisSite: iis?.siteName ?? null,
        sniIisCertificateHash: iis?.configuredCertificateHash ?? null,
        sniServingEntry:
          unknown === null && serving !== null && serving !== 'wildcard-host-entry'
            ? entryName(serving)
            : null,
        // Why an inbound capture is of another server: its addresses that are not this machine's.
        sniOtherServers:
          unknown === 'other-server' && e.inbound && own
            ? addresses.filter((a) => !LOOPBACK.test(a) && !(own?.has(a) ?? false))
            : null,
        sniOwnAddresses: unknown === 'other-server' && own ? [...own] : null,
        sniOtherPortEntry: otherPort?.endpoint ?? null,
        sniOtherPortCertificateHash: otherPort ? hashOf(otherPort) : null,
        sniIdnEntry: unknown === 'idn-spelling' && idn ? idn.endpoint : null,
        sniIdnCertificateHash: unknown === 'idn-spelling' && idn ? hashOf(idn) : null,
      },
    });
  });
  return out;
}
