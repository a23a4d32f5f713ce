/**
 * `connection` and `handshakeGroup` entities from the TLS handshakes of capture.pcap, joined with
 * the server's protocol policy, its HTTP.sys binding and the certificate bound there.
 *
 * What the wire can show: a TLS ≤ 1.2 ClientHello carries only the client's highest version, so
 * the seed's mismatch (client TLS 1.1/1.2 only, server TLS 1.0 only) appears as a TLS 1.0
 * ServerHello answered by the client's protocol_version alert (or a reset); a TLS 1.3-capable
 * client lists its versions and the server alerts. A handshake is a version mismatch when the
 * wire says so (protocol_version alert, or the client aborting right after a ServerHello below
 * its best version) or when the policy leaves no common version and the handshake did not finish.
 * The side that must change: the server when the client's best version is above what the server
 * enables, the client when its best is below the server's lowest.
 *
 * Inbound vs outbound: a capture on the server also holds its own outgoing TLS (CRL, APIs). A
 * connection is inbound when its server address is one of the machine's (loopback, addresses of
 * bindings and listeners, or the address present in most captured connections) and the policy
 * join is only made for inbound ones.
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { TlsConnection } from '../parsers/capture.js';
import type {
  BindingEntity,
  ConnectionEntity,
  IisBindingEntity,
  HandshakeGroupEntity,
  ListenerEntity,
  ProtocolEntity,
  ProtocolPolicyEntity,
} from './model.js';
import { PROTOCOLS_KEY, PROTOCOL_RANK } from './protocol-policy.js';

/** Connections kept in facts (failures first); the rest are counted in connectionsOmitted. */
export const MAX_CONNECTIONS = 2000;

const rank = (v: string | null | undefined): number => (v ? (PROTOCOL_RANK[v] ?? 0) : 0);

function normAddr(a: string): string {
  return a.replace(/^\[|\]$/g, '').toLowerCase();
}

function localAddresses(
  conns: TlsConnection[],
  bindings: BindingEntity[],
  listeners: ListenerEntity[],
): Set<string> {
  const local = new Set<string>(['127.0.0.1', '::1']);
  for (const b of bindings)
    if (b.address && !/^(0\.0\.0\.0|::|\[::\])$/.test(b.address)) local.add(normAddr(b.address));
  for (const l of listeners)
    if (!/^(0\.0\.0\.0|::)$/.test(l.localAddress)) local.add(normAddr(l.localAddress));
  // The machine the capture was taken on appears in (nearly) every connection.
  const seen = new Map<string, number>();
  for (const c of conns)
    for (const a of new Set([c.clientAddress, c.serverAddress]))
      seen.set(a, (seen.get(a) ?? 0) + 1);
  let best: [string, number] | null = null;
  for (const e of seen) if (best === null || e[1] > best[1]) best = e;
  if (best && conns.length >= 2 && best[1] > conns.length / 2) local.add(normAddr(best[0]));
  if (conns.length === 1) local.add(normAddr(conns[0]!.serverAddress));
  return local;
}

function bindingFor(c: TlsConnection, bindings: BindingEntity[]): BindingEntity | null {
  const onPort = bindings.filter((b) => b.port === c.serverPort);
  const sni = c.clientHello?.serverName?.toLowerCase() ?? null;
  return (
    (sni && onPort.find((b) => b.type === 'hostnameport' && b.hostname?.toLowerCase() === sni)) ||
    onPort.find(
      (b) => b.type === 'ipport' && b.address && normAddr(b.address) === normAddr(c.serverAddress),
    ) ||
    onPort.find(
      (b) => b.type === 'ipport' && b.address !== null && /^(0\.0\.0\.0|\[?::\]?)$/.test(b.address),
    ) ||
    null
  );
}

/** DISABLE_LEGACY_TLS / DISABLE_TLS13 from the HTTP.sys binding and the IIS binding (sslFlags) of the endpoint. */
function protocolFlags(
  c: TlsConnection,
  binding: BindingEntity | null,
  iis: IisBindingEntity[],
): string[] {
  const flags = new Set(
    binding?.flags.filter((f) => f === 'DISABLE_LEGACY_TLS' || f === 'DISABLE_TLS13') ?? [],
  );
  const sni = c.clientHello?.serverName?.toLowerCase() ?? null;
  const onPort = iis.filter((b) => b.port === c.serverPort);
  const match =
    (sni && onPort.find((b) => b.host?.toLowerCase() === sni)) ||
    onPort.find((b) => !b.host && normAddr(b.address) === normAddr(c.serverAddress)) ||
    onPort.find((b) => !b.host && b.address === '*');
  if (match) {
    if (match.sslFlagNames.includes('DisableLegacyTLS')) flags.add('DISABLE_LEGACY_TLS');
    if (match.sslFlagNames.includes('DisableTLS13')) flags.add('DISABLE_TLS13');
  }
  return [...flags].sort();
}

interface PolicyContext {
  protocols: ProtocolEntity[];
  protocolPolicy: ProtocolPolicyEntity | null;
  bindings: BindingEntity[];
  /** IIS https bindings: their sslFlags DisableLegacyTLS / DisableTLS13 count like HTTP.sys flags. */
  iisBindings?: IisBindingEntity[];
  listeners: ListenerEntity[];
  osBuild: number | null;
}

/** Versions the server would accept for this endpoint, or null when unknown. */
function serverVersions(ctx: PolicyContext, flags: string[]): string[] | null {
  if (!ctx.protocolPolicy) return null;
  let list: string[] = ctx.protocolPolicy.serverEnabled;
  if (flags.includes('DISABLE_LEGACY_TLS')) list = list.filter((p) => rank(p) >= rank('TLS 1.2'));
  if (flags.includes('DISABLE_TLS13')) list = list.filter((p) => p !== 'TLS 1.3');
  return list;
}

function osSupports(ctx: PolicyContext, p: string): boolean {
  const e = ctx.protocols.find((x) => x.protocol === p && x.side === 'Server');
  if (e) return e.state !== 'not-supported';
  if (p === 'TLS 1.3') return (ctx.osBuild ?? 0) >= 20348;
  return p !== 'SSL 2.0';
}

function linkProtocol(ctx: PolicyContext, p: string | null): ProtocolEntity | null {
  const e = p ? ctx.protocols.find((x) => x.side === 'Server' && x.protocol === p) : undefined;
  return e ? { ...e, evidence: [...e.evidence], clientsNeeding: [...e.clientsNeeding] } : null;
}

export function toConnectionEntity(
  c: TlsConnection,
  capture: string,
  inbound: boolean | null,
  ctx: PolicyContext,
): ConnectionEntity {
  const ch = c.clientHello;
  const sh = c.serverHello;
  const offered = ch?.versions ?? [];
  const listsVersions = (ch?.supportedVersionCodes ?? null) !== null;
  const clientMax = ch ? ch.maxVersion : null;
  const binding = inbound === false ? null : bindingFor(c, ctx.bindings);
  const flags = inbound === false ? [] : protocolFlags(c, binding, ctx.iisBindings ?? []);
  const enabled = inbound === false ? null : serverVersions(ctx, flags);
  const unknownServer = ctx.protocolPolicy?.unknown.some((k) => k.endsWith('/Server')) ?? false;

  // Versions the client can take: its list, or (≤ 1.2 hello) anything up to its maximum.
  let noCommon: boolean | null = null;
  if (enabled !== null && ch !== null) {
    const acceptable = listsVersions
      ? enabled.filter((p) => offered.includes(p))
      : enabled.filter((p) => rank(p) <= rank(clientMax));
    noCommon = acceptable.length === 0 ? (unknownServer ? null : true) : false;
  }
  const negotiated = sh?.version ?? null;
  const wireMismatch =
    c.failureAlert === 'protocol_version' ||
    (c.outcome === 'failed' &&
      sh !== null &&
      c.failureBy === 'client' &&
      rank(negotiated) > 0 &&
      rank(negotiated) < rank(clientMax));
  const versionMismatch =
    ch !== null && (wireMismatch || (noCommon === true && c.outcome !== 'established'));

  let side: ConnectionEntity['versionMismatchSide'] = null;
  if (versionMismatch) {
    const ranks = (enabled ?? []).map(rank).filter((r) => r > 0);
    const high = ranks.length ? Math.max(...ranks) : null;
    const low = ranks.length ? Math.min(...ranks) : null;
    if (high !== null && rank(clientMax) > high) side = 'server';
    else if (low !== null && rank(clientMax) < low) side = 'client';
    else if (sh !== null && rank(negotiated) < rank(clientMax) && c.failureBy === 'client')
      side = 'server';
    else if (enabled === null) side = rank(clientMax) <= rank('TLS 1.1') ? 'client' : 'server';
  }
  let fixProtocol: string | null = null;
  if (side === 'server') {
    const candidates = (listsVersions ? offered : [clientMax ?? '']).filter((p) => rank(p) > 0);
    candidates.sort((a, b) => rank(b) - rank(a));
    fixProtocol = candidates.find((p) => osSupports(ctx, p)) ?? null;
  } else if (side === 'client') fixProtocol = clientMax;

  const leaf = c.certificates[0] ?? null;
  const bound = binding?.certificateHash ?? null;
  const frames = c.evidence.frames ?? [];
  return {
    key: `${capture}#${c.firstFrame}`,
    evidence: [c.evidence],
    capture,
    inbound,
    client: c.client,
    server: c.server,
    clientAddress: c.clientAddress,
    serverAddress: c.serverAddress,
    serverPort: c.serverPort,
    serverName: ch?.serverName ?? null,
    hasClientHello: ch !== null,
    hasServerHello: sh !== null,
    offeredVersions: offered,
    clientMaxVersion: clientMax,
    clientListsVersions: listsVersions,
    negotiatedVersion: negotiated,
    cipherSuite: sh?.cipherSuite ?? null,
    offeredCipherSuiteCount: ch?.cipherSuiteCodes.length ?? 0,
    alpn: ch?.alpn ?? [],
    clientHello: ch,
    serverHello: sh,
    alerts: c.alerts,
    alertSummary: c.alerts.map((a) =>
      a.level === 'encrypted' ? `${a.from} encrypted` : `${a.from} ${a.level} ${a.description}`,
    ),
    outcome: c.outcome,
    reason: c.reason,
    failureKind: c.failureKind,
    failureBy: c.failureBy,
    failureAlert: c.failureAlert,
    clientHelloFrame: ch?.frame ?? null,
    serverHelloFrame: sh?.frame ?? null,
    frames,
    wireCertificateThumbprint: leaf?.sha1 ?? null,
    wireCertificateSubject: leaf?.subject ?? null,
    serverEnabledVersions: enabled,
    noCommonVersion: noCommon,
    versionMismatch,
    versionMismatchSide: side,
    fixProtocol,
    fixRegistryPath: fixProtocol ? `${PROTOCOLS_KEY}\\${fixProtocol}\\Server` : null,
    // A copy: the protocol entity later also collects the evidence of every failed handshake.
    serverProtocol: linkProtocol(ctx, fixProtocol),
    bindingFlags: flags,
    bindingEndpoint: binding?.endpoint ?? null,
    boundCertificateThumbprint: bound,
    certificateMismatch: leaf && bound ? leaf.sha1 !== bound.toLowerCase() : null,
  };
}

function groupKey(c: ConnectionEntity): string {
  return [
    c.capture,
    c.server,
    c.serverName ?? '',
    c.outcome,
    c.failureKind ?? '',
    c.failureBy ?? '',
    c.failureAlert ?? '',
    c.offeredVersions.join(','),
    c.negotiatedVersion ?? '',
  ].join('|');
}

/** Readable, unique group key: `10.0.0.5:443 (www.contoso.com) TLS 1.2 → TLS 1.0: failed, protocol_version from the client`. */
function groupLabel(c: ConnectionEntity): string {
  const cause =
    c.outcome === 'established'
      ? ''
      : c.failureKind === 'alert'
        ? `, ${c.failureAlert} from the ${c.failureBy}`
        : c.failureKind
          ? `, TCP ${c.failureKind.toUpperCase()} from the ${c.failureBy}`
          : '';
  return `${c.server}${c.serverName ? ` (${c.serverName})` : ''} ${c.offeredVersions.join('/') || '?'} → ${c.negotiatedVersion ?? 'no ServerHello'}: ${c.outcome}${cause}`;
}

export function groupConnections(conns: ConnectionEntity[]): HandshakeGroupEntity[] {
  const groups = new Map<string, HandshakeGroupEntity & { clientSet: Set<string> }>();
  const labels = new Map<string, number>();
  for (const c of conns) {
    const k = groupKey(c);
    let g = groups.get(k);
    if (!g) {
      let label = groupLabel(c);
      const n = (labels.get(label) ?? 0) + 1;
      labels.set(label, n);
      if (n > 1) label += ` [${c.capture}]`;
      g = {
        key: label,
        evidence: [],
        server: c.server,
        inbound: c.inbound,
        serverPort: c.serverPort,
        serverName: c.serverName,
        count: 0,
        clients: [],
        clientCount: 0,
        offeredVersions: c.offeredVersions,
        clientMaxVersion: c.clientMaxVersion,
        negotiatedVersion: c.negotiatedVersion,
        outcome: c.outcome,
        failureKind: c.failureKind,
        failureBy: c.failureBy,
        failureAlert: c.failureAlert,
        reason: c.reason,
        noServerHello:
          c.hasClientHello &&
          !c.hasServerHello &&
          (c.failureKind === 'rst' || c.failureKind === 'fin'),
        versionMismatch: c.versionMismatch,
        versionMismatchSide: c.versionMismatchSide,
        serverEnabledVersions: c.serverEnabledVersions,
        fixProtocol: c.fixProtocol,
        fixRegistryPath: c.fixRegistryPath,
        serverProtocol: c.serverProtocol,
        frames: [],
        capture: c.capture,
        firstFrame: c.frames[0] ?? 0,
        clientSet: new Set(),
      };
      groups.set(k, g);
    }
    g.count++;
    if (!g.clientSet.has(c.clientAddress)) {
      g.clientSet.add(c.clientAddress);
      if (g.clients.length < 10) g.clients.push(c.client);
    }
    if (g.evidence.length < 3) g.evidence.push(...c.evidence);
    for (const f of c.frames) if (g.frames.length < 20) g.frames.push(f);
  }
  return [...groups.values()].map(({ clientSet, ...g }) => ({ ...g, clientCount: clientSet.size }));
}

export function buildConnections(
  parsed: ParsedBundle,
  ctx: PolicyContext,
): {
  connections: ConnectionEntity[];
  connectionsOmitted: number;
  handshakeGroups: HandshakeGroupEntity[];
} {
  const all: ConnectionEntity[] = [];
  let omitted = 0;
  for (const file of filesOf(parsed, 'capture.pcap')) {
    const conns = file.value.connections;
    omitted += file.value.omittedConnections;
    const local = localAddresses(conns, ctx.bindings, ctx.listeners);
    for (const c of conns) {
      const inbound = local.has(normAddr(c.serverAddress))
        ? true
        : local.has(normAddr(c.clientAddress))
          ? false
          : null;
      all.push(toConnectionEntity(c, file.path, inbound, ctx));
    }
  }
  const handshakeGroups = groupConnections(all);
  // Failures first, then by capture order; cap what rules and the report iterate over.
  const order = { failed: 0, incomplete: 1, established: 2 } as const;
  const sorted = [...all].sort((a, b) => order[a.outcome] - order[b.outcome]);
  const connections = sorted.slice(0, MAX_CONNECTIONS);
  omitted += sorted.length - connections.length;

  // Which clients prefer each protocol, and how many version failures each would fix.
  const needing = new Map<ProtocolEntity, Set<string>>();
  for (const c of all) {
    if (c.inbound === false || !c.clientMaxVersion) continue;
    const p = ctx.protocols.find((x) => x.side === 'Server' && x.protocol === c.clientMaxVersion);
    if (p) {
      const set = needing.get(p) ?? new Set<string>();
      needing.set(p, set);
      set.add(c.clientAddress);
      if (!p.clientsNeeding.includes(c.client) && p.clientsNeeding.length < 10)
        p.clientsNeeding.push(c.client);
      p.clientsNeedingCount = set.size;
    }
    if (c.versionMismatch && c.versionMismatchSide === 'server' && c.fixProtocol) {
      const f = ctx.protocols.find((x) => x.side === 'Server' && x.protocol === c.fixProtocol);
      if (f) {
        f.failedHandshakes++;
        if (f.evidence.length < 8) f.evidence.push(...c.evidence);
      }
    }
  }
  return { connections, connectionsOmitted: omitted, handshakeGroups };
}
