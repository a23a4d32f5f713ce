/**
 * Grouping of connection entities: identical handshakes make one handshakeGroup; the groups of one
 * failure class at one server endpoint make one handshakeEndpoint (what the capture rules read).
 */
import type {
  ConnectionEntity,
  HandshakeEndpointEntity,
  HandshakeEndpointKind,
  HandshakeGroupEntity,
  HandshakeGroupSummary,
} from '../model.js';
import { PROTOCOLS_KEY } from '../protocol-policy.js';
import type { ClientAddresses } from '../../parsers/capture/index.js';
import { CAUSE_RULES, NAME_ALERTS, VERSION_ALERTS, rank, selfSigned } from './alerts.js';
import { DistinctClients } from './clients.js';
import { cipherKeyPath, weakSuite } from './weak-suite.js';
import { MAX_OFFERED, offerTraits, realSuites } from './offer.js';

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
    c.wireCertificateThumbprint ?? '',
    c.clientCertificateMissing ? 'no-client-certificate' : '',
    c.clientCertificateRejected ? 'client-certificate-rejected' : '',
    c.clientAuthOnly ?? '',
    c.plainHttpReply ? 'plain-http' : '',
    c.http2ForbiddenSuite ?? '',
    // A broken suite is a finding of its own (judge9 S3): handshakes that chose it are not
    // merged with ones that chose another suite.
    c.cipherSuite !== null && weakSuite(c.cipherSuite) ? c.cipherSuite : '',
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

type GroupBuild = HandshakeGroupEntity & { clientSet: DistinctClients; first: ConnectionEntity };

/** A connection standing for `count` alike ones (the capture parser's tallies past its listing
 * limits), with their distinct client addresses. */
export interface Weighted {
  c: ConnectionEntity;
  count: number;
  clientAddresses: ClientAddresses;
}

export function groupAll(
  conns: readonly (ConnectionEntity | Weighted)[],
  endpoint: (c: ConnectionEntity) => string,
): GroupBuild[] {
  const groups = new Map<string, GroupBuild>();
  const labels = new Map<string, number>();
  for (const item of conns) {
    const w: Weighted | null = 'c' in item ? item : null;
    const c = 'c' in item ? item.c : item;
    const k = groupKey(c);
    let g = groups.get(k);
    if (!g) {
      let label = groupLabel(c);
      const n = (labels.get(label) ?? 0) + 1;
      labels.set(label, n);
      if (n > 1)
        label += c.wireCertificateThumbprint
          ? ` [certificate ${c.wireCertificateThumbprint}, ${c.capture}${n > 2 ? ` #${n}` : ''}]`
          : ` [${c.capture}${n > 2 ? ` #${n}` : ''}]`;
      g = {
        key: label,
        evidence: [],
        server: c.server,
        inbound: c.inbound,
        directionAssumed: c.directionAssumed,
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
        certificateRejected: c.certificateRejected,
        clientCertificateMissing: c.clientCertificateMissing,
        wireCertificateThumbprint: c.wireCertificateThumbprint,
        certificateMismatch: c.certificateMismatch,
        endpoint: endpoint(c),
        endpointKeys: [],
        clientSet: new DistinctClients(),
        first: c,
      };
      groups.set(k, g);
    }
    g.count += w ? w.count : 1;
    // Direction is decided per connection: a group is inbound unless a member is not, and
    // assumed only if every member's direction was.
    if (!c.inbound) g.inbound = false;
    if (!c.directionAssumed) g.directionAssumed = false;
    if (g.clients.length < 10 && !g.clientSet.hasText(c.clientAddress)) g.clients.push(c.client);
    if (w) g.clientSet.addAll(w.clientAddresses);
    else g.clientSet.addText(c.clientAddress);
    if (!w || w.count === 1 || g.evidence.length === 0) {
      if (g.evidence.length < 3) g.evidence.push(...c.evidence);
      for (const f of c.frames) if (g.frames.length < 20) g.frames.push(f);
    }
  }
  for (const g of groups.values()) g.clientCount = g.clientSet.size;
  return [...groups.values()];
}

export const stripBuild = ({ clientSet: _s, first: _f, ...g }: GroupBuild): HandshakeGroupEntity =>
  g;

export function groupConnections(conns: ConnectionEntity[]): HandshakeGroupEntity[] {
  return groupAll(conns, (c) => c.server).map(stripBuild);
}

const LEGACY = new Set(['SSL 3.0', 'TLS 1.0', 'TLS 1.1']);

/** Which failure classes (rules) a group belongs to. */
function kindsOf(g: GroupBuild): HandshakeEndpointKind[] {
  const kinds: HandshakeEndpointKind[] = [];
  if (g.versionMismatch) kinds.push('version-mismatch');
  else if (g.clientCertificateMissing) kinds.push('client-certificate-missing');
  else if (g.certificateRejected) kinds.push('client-rejects-certificate');
  else if (g.first.clientCertificateRejected) kinds.push('server-rejects-client-certificate');
  else if (refusesOffer(g)) kinds.push('server-refuses-offer');
  else if (
    g.outcome === 'failed' &&
    g.failureKind === 'alert' &&
    !(g.failureAlert !== null && VERSION_ALERTS.has(g.failureAlert))
  )
    kinds.push('failed-alert');
  else if (g.first.plainHttpReply !== null) kinds.push('plain-http-reply');
  else if (g.noServerHello) kinds.push('no-server-hello');
  if (g.certificateMismatch === true && g.inbound) kinds.push('certificate-mismatch');
  // A permissive test client completes what every current browser refuses (judge6 p73).
  // A client that refused it (protocol_version) is the version-mismatch rule's.
  if (
    !g.versionMismatch &&
    g.negotiatedVersion !== null &&
    LEGACY.has(g.negotiatedVersion) &&
    g.offeredVersions.some((v) => v === 'TLS 1.2' || v === 'TLS 1.3')
  )
    kinds.push('legacy-negotiated');
  if (g.first.http2ForbiddenSuite !== null) kinds.push('http2-forbidden-suite');
  // What the server accepted is enabled on its Server side: an exposure, whether or not the
  // handshake completed (judge9 S3). TLS 1.0 / 1.1 only from a client that offered nothing newer
  // (else legacy-negotiated: the server lacks TLS 1.2). SSL 2.0 suites go with SSL 2.0.
  if (!g.versionMismatch && g.negotiatedVersion !== null) {
    if (
      SSL.has(g.negotiatedVersion) ||
      (LEGACY.has(g.negotiatedVersion) && !offersModern(g.offeredVersions))
    )
      kinds.push('legacy-protocol-accepted');
    if (
      g.negotiatedVersion !== 'SSL 2.0' &&
      g.first.cipherSuite !== null &&
      weakSuite(g.first.cipherSuite) !== null
    )
      kinds.push('weak-suite-negotiated');
  }
  return kinds;
}

/** The server's fatal alert came right after the ClientHello, before any ServerHello: it found
 * nothing acceptable in the offer (judge9 k08). handshake_failure (40) is what Schannel and
 * OpenSSL send for no common suite; insufficient_security (71) for one too weak to accept. */
const REFUSAL_ALERTS = new Set(['handshake_failure', 'insufficient_security']);
function refusesOffer(g: GroupBuild): boolean {
  return (
    g.outcome === 'failed' &&
    g.failureKind === 'alert' &&
    g.failureBy === 'server' &&
    g.failureAlert !== null &&
    REFUSAL_ALERTS.has(g.failureAlert) &&
    g.first.hasClientHello &&
    !g.first.hasServerHello
  );
}

const SSL = new Set(['SSL 2.0', 'SSL 3.0']);
const offersModern = (offered: readonly string[]): boolean =>
  offered.some((v) => v === 'TLS 1.2' || v === 'TLS 1.3');

/** One finding per version / per suite: each has its own registry key. */
function variantOf(kind: HandshakeEndpointKind, g: GroupBuild): string {
  if (kind === 'legacy-protocol-accepted') return g.negotiatedVersion ?? '';
  if (kind === 'weak-suite-negotiated') return g.first.cipherSuite ?? '';
  return '';
}

const KIND_LABEL: Readonly<Record<HandshakeEndpointKind, string>> = {
  'version-mismatch': 'version mismatch',
  'legacy-negotiated': 'legacy version negotiated',
  'client-rejects-certificate': 'certificate rejected by the client',
  'failed-alert': 'fatal alert',
  'client-certificate-missing': 'no client certificate',
  'server-rejects-client-certificate': 'client certificate rejected by the server',
  'no-server-hello': 'no ServerHello',
  'certificate-mismatch': 'certificate differs from the binding',
  'plain-http-reply': 'plain HTTP answer',
  'http2-forbidden-suite': 'HTTP/2 with a forbidden suite',
  'legacy-protocol-accepted': 'accepted',
  'weak-suite-negotiated': 'negotiated',
  'server-refuses-offer': 'offer refused before ServerHello',
};

/** Groups listed inside one endpoint finding; the rest are counted (inspect lists them all). */
const MAX_LISTED = 10;

function summary(g: GroupBuild): HandshakeGroupSummary {
  return {
    label: g.key,
    count: g.count,
    clientCount: g.clientCount,
    clients: g.clients.slice(0, 3),
    offeredVersions: g.offeredVersions,
    negotiatedVersion: g.negotiatedVersion,
    outcome: g.outcome,
    failureKind: g.failureKind,
    failureBy: g.failureBy,
    failureAlert: g.failureAlert,
    versionMismatchSide: g.versionMismatchSide,
    clientMaxVersion: g.clientMaxVersion,
    example: `${g.capture} #${g.first.frames.slice(0, 6).join(', #')}`,
  };
}

/** The one value every item has, else null. */
function sameOrNull<T extends string>(values: (T | null)[]): T | null {
  const first = values[0] ?? null;
  return values.every((v) => v === first) ? first : null;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function buildEndpoints(groups: GroupBuild[]): HandshakeEndpointEntity[] {
  // All handshakes per endpoint and SNI name, completed or not: a finding says how many of them
  // it counts, so 1 rejection among 6 handshakes is not told as "clients reject" (judge7 M1).
  const totals = new Map<string, { all: number; established: number }>();
  for (const g of groups) {
    const k = `${g.endpoint}|${g.serverName ?? ''}`;
    const t = totals.get(k) ?? { all: 0, established: 0 };
    t.all += g.count;
    if (g.outcome === 'established') t.established += g.count;
    totals.set(k, t);
  }
  const buckets = new Map<
    string,
    { kind: HandshakeEndpointKind; variant: string; list: GroupBuild[] }
  >();
  for (const g of groups)
    for (const kind of kindsOf(g)) {
      const variant = variantOf(kind, g);
      const k = [kind, g.endpoint, g.serverName ?? '', variant].join('|');
      const b = buckets.get(k) ?? { kind, variant, list: [] };
      buckets.set(k, b);
      b.list.push(g);
    }
  const out: HandshakeEndpointEntity[] = [];
  for (const { kind, variant, list: unsorted } of buckets.values()) {
    const list = [...unsorted].sort((a, b) => b.count - a.count || a.firstFrame - b.firstFrame);
    const first = list[0]!;
    const clientSet = new DistinctClients();
    const clients: string[] = [];
    for (const g of list) {
      clientSet.addAll(g.clientSet);
      for (const ep of g.clients)
        if (clients.length < 10 && !clients.includes(ep)) clients.push(ep);
    }
    const count = list.reduce((n, g) => n + g.count, 0);
    const total = totals.get(`${first.endpoint}|${first.serverName ?? ''}`)!;
    const endpointLabel = `${first.endpoint}${first.serverName ? ` (${first.serverName})` : ''}`;
    const what = variant ? `${variant} ${KIND_LABEL[kind]}` : KIND_LABEL[kind];
    const key = `${endpointLabel}: ${what}, ${plural(count, 'handshake')} from ${plural(clientSet.size, 'client')}`;
    const weak = kind === 'weak-suite-negotiated' ? weakSuite(variant) : null;
    const offer =
      kind === 'server-refuses-offer'
        ? realSuites(first.first.clientHello?.cipherSuites ?? [])
        : [];
    const serverGroups = list.filter((g) => g.versionMismatchSide === 'server');
    const clientGroups = list.filter((g) => g.versionMismatchSide === 'client');
    const fixFrom = [...serverGroups].sort((a, b) => rank(b.fixProtocol) - rank(a.fixProtocol))[0];
    const behind = [...clientGroups].sort(
      (a, b) => rank(a.clientMaxVersion) - rank(b.clientMaxVersion),
    )[0];
    const withCert = list.find((g) => g.first.wireCertificateThumbprint !== null)?.first ?? null;
    const alerts = list.map((g) => g.failureAlert).filter((x): x is string => x !== null);
    const causes = [
      ...new Set(
        list.map((g) => g.first.certificateRejectionCause).filter((x): x is string => x !== null),
      ),
    ];
    for (const g of list) g.endpointKeys.push(key);
    const certEvidence =
      kind === 'client-rejects-certificate' || kind === 'certificate-mismatch'
        ? (withCert?.wireCertificateEvidence ?? null)
        : null;
    out.push({
      key,
      evidence: [
        ...(certEvidence ? [certEvidence] : []),
        ...list.flatMap((g) => g.evidence).slice(0, 6),
      ],
      kind,
      endpoint: first.endpoint,
      servers: [...new Set(list.map((g) => g.server))].slice(0, 10),
      serverPort: first.serverPort,
      serverName: first.serverName,
      inbound: list.some((g) => g.inbound),
      directionAssumed: list.every((g) => g.directionAssumed),
      count,
      clientCount: clientSet.size,
      clients,
      groupCount: list.length,
      groups: list.slice(0, MAX_LISTED).map(summary),
      groupsOmitted: Math.max(0, list.length - MAX_LISTED),
      failureAlerts: [
        ...new Set(list.map((g) => g.failureAlert).filter((x): x is string => x !== null)),
      ],
      failedAfterServerHello: list.every((g) => g.first.cipherSuite !== null),
      capture: first.capture,
      frames: first.frames,
      serverEnabledVersions: first.serverEnabledVersions,
      serverBehind: serverGroups.length > 0,
      clientBehind: clientGroups.length > 0,
      clientMaxVersion: behind?.clientMaxVersion ?? null,
      // A server answering TLS 1.2 clients with TLS 1.0 lacks TLS 1.2 on its Server side.
      fixProtocol: kind === 'legacy-negotiated' ? 'TLS 1.2' : (fixFrom?.fixProtocol ?? null),
      fixRegistryPath:
        kind === 'legacy-negotiated'
          ? `${PROTOCOLS_KEY}\\TLS 1.2\\Server`
          : (fixFrom?.fixRegistryPath ?? null),
      clientFixRegistryPath: behind?.clientMaxVersion
        ? `${PROTOCOLS_KEY}\\${behind.clientMaxVersion}\\Server`
        : null,
      serverProtocol: fixFrom?.serverProtocol ?? null,
      wireCertificateThumbprint: withCert?.wireCertificateThumbprint ?? null,
      wireCertificateSubject: withCert?.wireCertificateSubject ?? null,
      wireCertificateIssuer: withCert?.wireCertificateIssuer ?? null,
      wireCertificateSans: withCert?.wireCertificateSans ?? null,
      wireCertificateNotBefore: withCert?.wireCertificateNotBefore ?? null,
      wireCertificateNotAfter: withCert?.wireCertificateNotAfter ?? null,
      certificateRejectionCauses: causes,
      relatedCertificateRules: [...new Set(causes.flatMap((c) => CAUSE_RULES[c] ?? []))],
      bindingEndpoint: (withCert ?? first.first).bindingEndpoint,
      boundCertificateThumbprint: (withCert ?? first.first).boundCertificateThumbprint,
      nameRelatedAlertsOnly:
        alerts.length > 0 &&
        alerts.every((a) => NAME_ALERTS.has(a)) &&
        list.length === alerts.length,
      wireCertificateSelfSigned: selfSigned(withCert),
      fixProtocolIfOsHasIt:
        kind === 'version-mismatch' && !fixFrom?.fixProtocol
          ? (list.find((g) => g.first.fixProtocolIfOsHasIt !== null)?.first.fixProtocolIfOsHasIt ??
            null)
          : null,
      wireIssuerNotSent: withCert?.wireIssuerNotSent ?? null,
      wireIssuerRootInBundle: null,
      clientAuthOnly: sameOrNull(list.map((g) => g.first.clientAuthOnly)),
      clientCertificateRejected: list.some((g) => g.first.clientCertificateRejected),
      fixAlsoProtocol:
        serverGroups.find((g) => g.first.fixAlsoProtocol)?.first.fixAlsoProtocol ?? null,
      fixAlsoIfOsHasIt:
        serverGroups.find((g) => g.first.fixAlsoIfOsHasIt)?.first.fixAlsoIfOsHasIt ?? null,
      plainHttpReply: list.find((g) => g.first.plainHttpReply)?.first.plainHttpReply ?? null,
      http2ForbiddenSuite:
        list.find((g) => g.first.http2ForbiddenSuite)?.first.http2ForbiddenSuite ?? null,
      endpointHandshakes: total.all,
      endpointEstablished: total.established,
      mostHandshakesSucceed: total.established > count,
      wireChainLength: withCert?.wireChainLength ?? 0,
      wireIntermediatesSent: (withCert?.wireChainLength ?? 0) >= 2,
      policyAllowsRefused:
        kind === 'version-mismatch'
          ? (list.find((g) => g.first.policyAllowsRefused)?.first.policyAllowsRefused ?? null)
          : null,
      weakProtocol: kind === 'legacy-protocol-accepted' ? variant : null,
      weakProtocolRegistryPath:
        kind === 'legacy-protocol-accepted' ? `${PROTOCOLS_KEY}\\${variant}\\Server` : null,
      clientsOfferOnlyLegacy: list.every((g) => !offersModern(g.offeredVersions)),
      weakSuite: weak ? variant : null,
      weakSuiteClass: weak?.class ?? null,
      weakCipherRegistryPath: cipherKeyPath(weak?.cipherKey ?? null),
      offeredSuites: offer.slice(0, MAX_OFFERED),
      offeredSuiteCount: offer.length,
      offeredSuiteTraits: offerTraits(offer),
      endedBy: sameOrNull(list.map((g) => g.failureBy)),
      endedWith: sameOrNull(list.map((g) => g.failureKind)),
      // A fatal alert the client sent after the server's close: its reaction, not the cause.
      clientAlertAfterClose:
        list
          .map((g) =>
            g.failureKind === 'rst' || g.failureKind === 'fin'
              ? g.first.alerts.find((a) => a.from === 'client' && a.level === 'fatal')?.description
              : undefined,
          )
          .find((d): d is string => typeof d === 'string') ?? null,
    });
  }
  return out;
}
