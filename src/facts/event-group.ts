/**
 * The `eventGroup` entity: Schannel (System log) and CAPI2 events grouped by provider + event id +
 * what tells one problem from another (decoded error code, TLS alert, error state, credential role,
 * protocol, certificate subject). An engineer wants the three distinct problems, not 20,000 repeats:
 * each group carries its count, first/last time, hourly counts (for the report's timeline) and a few
 * representative events as evidence (their line range in the log).
 *
 * Decoding uses src/shared/windows-codes.ts. Localized `Type` values (`客户端`) are mapped to
 * server / client. Pasted text events have local times (no zone): `timesLocal` says so.
 *
 * For 36870 (private key cannot be opened) the fix needs the key file: `keyFile` is filled by
 * `linkKeyFiles` when the certificate facts know the bound certificate's key file, else the fix
 * falls back to the key folders (`keyFolders`).
 */
import { filesOf, type ParsedBundle } from '../artifacts/load.js';
import type { EventDigest, EventLog } from '../parsers/event-xml.js';
import type { EvidenceRef } from '../shared/evidence.js';
import {
  alertInfo,
  CAPI2_EVENTS,
  hresultInfo,
  normalizeHresult,
  SCHANNEL_ERROR_STATES,
  SCHANNEL_EVENTS,
} from '../shared/windows-codes.js';
import {
  HTTPEVENT_EVENTS,
  httpEventEndpoint,
  httpEventStatuses,
  isHttpEventProvider,
} from './httpevent.js';
import { iisEventFields } from './w3svc-event.js';
import type { EventGroupEntity, ProtocolPolicyEntity } from './model.js';
import type { Patch, View } from './patch.js';
import { compareText } from '../shared/evidence.js';

/** Where machine private keys live: CryptoAPI (CSP) keys and CNG (KSP) keys. */
export const MACHINE_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys';
export const CNG_MACHINE_KEYS = 'C:\\ProgramData\\Microsoft\\Crypto\\Keys';

/** Representative events kept per group as evidence. */
const MAX_SAMPLES = 5;
/**
 * Groups per bundle (a busy real server shows a few dozen; each group is a rule-engine run and a
 * report row). The parsers bound their digests per file, but files and forged distinct ids add
 * up; past this, digests of new keys fold into one `<source>-other` group per source, counted,
 * with a `limit-exceeded` issue.
 */
export const MAX_GROUPS = 2000;

const LEVEL_NAMES: Record<number, EventGroupEntity['levelName']> = {
  0: 'information',
  1: 'critical',
  2: 'error',
  3: 'warning',
  4: 'information',
  5: 'verbose',
};

const ROLES: Record<string, 'server' | 'client'> = {
  server: 'server',
  client: 'client',
  服务器: 'server',
  服务端: 'server',
  客户端: 'client',
  客户机: 'client',
  serveur: 'server',
  // de-DE, ja-JP as far as known; unknown values stay null with the raw value in roleRaw.
  サーバー: 'server',
  クライアント: 'client',
};

function sourceOf(provider: string): EventGroupEntity['source'] {
  const p = provider.toLowerCase();
  if (p === 'schannel' || p === 'microsoft-windows-schannel-events') return 'schannel';
  if (p === 'microsoft-windows-capi2') return 'capi2';
  if (isHttpEventProvider(p)) return 'httpevent';
  return 'other';
}

function intOf(v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = v.trim();
  return /^\d{1,10}$/.test(t) ? Number(t) : null;
}

function named(d: EventDigest, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = d.data.named[n];
    if (v !== undefined && v.trim() !== '') return v.trim();
  }
  return undefined;
}

/** The decoded, grouping-relevant view of one digest. */
function decode(
  d: EventDigest,
): Omit<
  EventGroupEntity,
  | 'key'
  | 'evidence'
  | 'count'
  | 'firstSeen'
  | 'lastSeen'
  | 'perHour'
  | 'computers'
  | 'keyFile'
  | 'certificateInBundle'
  | 'certificateBound'
  | 'enabledProtocols'
> & { fromText: boolean } {
  const source = sourceOf(d.provider);
  const origin = d.samples[0]?.origin ?? 'xml';
  const typeRaw = source === 'schannel' ? named(d, 'Type') : undefined;
  const role = typeRaw !== undefined ? (ROLES[typeRaw.toLowerCase()] ?? null) : null;
  // Schannel 36874 writes the protocol as the only, sometimes unnamed, Data element.
  const protocolRaw =
    source === 'schannel'
      ? (named(d, 'Protocol') ??
        (d.eventId === 36874 && d.data.positional.length === 1 ? d.data.positional[0] : undefined))
      : undefined;
  let errorCode: string | null = null;
  let errorState: number | null = null;
  let alert: number | null = null;
  let subjectName: string | null = null;
  let thumbprint: string | null = null;
  let serverName: string | null = null;
  let processName: string | null = null;
  let chainErrorStatus: string | null = null;
  if (source === 'schannel') {
    errorCode = normalizeHresult(named(d, 'ErrorCode'));
    errorState = intOf(named(d, 'ErrorState', 'ErrorStatus'));
    alert = intOf(named(d, 'AlertDesc'));
  } else if (source === 'capi2') {
    errorCode = normalizeHresult(named(d, 'Result'));
    if (errorCode === '0x00000000') errorCode = null;
    subjectName = named(d, 'SubjectName') ?? null;
    const ref = named(d, 'FileRef');
    thumbprint = ref ? ref.replace(/\.cer$/i, '').toLowerCase() : null;
    if (thumbprint !== null && !/^[0-9a-f]{40}$/.test(thumbprint)) thumbprint = null;
    serverName = named(d, 'ServerName') ?? null;
    processName = named(d, 'ProcessName') ?? null;
    chainErrorStatus = named(d, 'ChainErrorStatus') ?? null;
  }
  const err = hresultInfo(errorCode);
  const al = alertInfo(alert);
  const meaning =
    source === 'schannel'
      ? (SCHANNEL_EVENTS[d.eventId] ?? null)
      : source === 'capi2'
        ? (CAPI2_EVENTS[d.eventId] ?? null)
        : source === 'httpevent'
          ? (HTTPEVENT_EVENTS[d.eventId] ?? null)
          : null;
  return {
    source,
    provider: d.provider,
    eventId: d.eventId,
    eventMeaning: meaning,
    level: d.level,
    levelName: d.level !== null ? (LEVEL_NAMES[d.level] ?? null) : null,
    role,
    roleRaw: typeRaw ?? null,
    errorCode,
    errorName: err?.name ?? null,
    errorMeaning: err?.meaning ?? null,
    errorState,
    errorStateMeaning: errorState !== null ? (SCHANNEL_ERROR_STATES[errorState] ?? null) : null,
    alert,
    alertName: al?.name ?? null,
    alertMeaning: al?.meaning ?? null,
    protocol: protocolRaw ?? null,
    subjectName,
    certificateThumbprint: thumbprint,
    serverName,
    processName,
    chainErrorStatus,
    timesLocal: origin !== 'xml' || (d.firstTime !== null && !/Z$/.test(d.firstTime)),
    fromText: origin !== 'xml',
    keyFolders: [MACHINE_KEYS, CNG_MACHINE_KEYS],
    ...(source === 'httpevent' && {
      endpoint: httpEventEndpoint(d),
      statusCodes: httpEventStatuses(d),
    }),
    // W3SVC / WAS: the meaning, and for a URL prefix not registered its prefix, site and error.
    ...(source === 'other' && iisEventFields(d)),
  };
}

/**
 * Readable, stable key: `schannel-36870-0x80090016-server`, `schannel-36888-alert70-state105`,
 * `capi2-0x800b0109-shop.fabrikam.com` (a CAPI2 chain error is one problem whether event 11
 * "build chain" or 30 "verify chain policy" reported it).
 */
function keyOf(g: ReturnType<typeof decode>): string {
  const chainError = g.source === 'capi2' && g.errorCode !== null;
  const parts: string[] = [g.source === 'other' ? g.provider.toLowerCase() : g.source];
  if (!chainError) parts.push(String(g.eventId));
  if (g.errorCode !== null) parts.push(g.errorCode);
  if (g.alert !== null) parts.push(`alert${g.alert}`);
  if (g.errorState !== null) parts.push(`state${g.errorState}`);
  if (g.role !== null) parts.push(g.role);
  else if (g.roleRaw !== null) parts.push(g.roleRaw.toLowerCase());
  if (g.protocol !== null) parts.push(g.protocol.toLowerCase().replace(/\s+/g, ''));
  if (g.subjectName !== null && g.errorCode !== null) parts.push(g.subjectName.toLowerCase());
  if (g.endpoint) parts.push(g.endpoint.toLowerCase());
  if (g.siteId !== undefined && g.siteId !== null) parts.push(`site${g.siteId}`);
  if (g.urlPrefix) parts.push(g.urlPrefix.toLowerCase());
  return parts.join('-');
}

function label(d: EventDigest, index: number): string {
  const when = d.samples[index]?.timeCreated;
  return `${d.provider} ${d.eventId}${when ? ` at ${when}` : ''} (one of ${d.count})`;
}

/** Groups the digests of every event log in the bundle; `folded` counts digests over MAX_GROUPS. */
export function groupEvents(
  logs: readonly EventLog[],
  folded: { digests: number; events: number } = { digests: 0, events: 0 },
  collectedAt: string | null = null,
): EventGroupEntity[] {
  const groups = new Map<string, EventGroupEntity & { digests: EventDigest[] }>();
  for (const log of logs) {
    for (const d of log.digests) {
      const g = decode(d);
      // CAPI2 logs every chain build; only the failed ones are split by subject and code.
      if (g.source === 'capi2' && g.errorCode === null) g.subjectName = null;
      let key = keyOf(g);
      const other = !groups.has(key) && groups.size >= MAX_GROUPS;
      if (other) {
        // One catch-all per source: counted, shown, never matched by a rule on a specific code.
        key = `${g.source === 'other' ? g.provider.toLowerCase() : g.source}-other`;
        Object.assign(g, {
          errorCode: null,
          errorName: null,
          errorMeaning: null,
          errorState: null,
          errorStateMeaning: null,
          alert: null,
          alertName: null,
          alertMeaning: null,
          protocol: null,
          subjectName: null,
          role: null,
          roleRaw: null,
          eventMeaning: null,
          ...(g.source === 'httpevent' && { endpoint: null, statusCodes: [] }),
          ...(g.urlRegistrationFailed && {
            urlRegistrationFailed: false,
            urlPrefix: null,
            urlPrefixScheme: null,
            urlPort: null,
            siteId: null,
          }),
        });
        folded.digests++;
        folded.events += d.count;
      }
      let e = groups.get(key);
      if (!e) {
        const { fromText, ...rest } = g;
        e = {
          ...rest,
          fromText,
          key,
          evidence: [],
          count: 0,
          firstSeen: null,
          lastSeen: null,
          perHour: {},
          computers: [],
          keyFile: null,
          certificateInBundle: false,
          certificateBound: false,
          enabledProtocols: null,
          digests: [],
        };
        groups.set(key, e);
      }
      if (other) {
        e.eventId = Math.min(e.eventId, g.eventId);
      } else if (e.eventId !== g.eventId) {
        // CAPI2 11 and 30 of one chain error: keep the lower id, name both.
        if (g.eventMeaning && e.eventMeaning && !e.eventMeaning.includes(g.eventMeaning)) {
          e.eventMeaning =
            g.eventId < e.eventId
              ? `${g.eventMeaning}; ${e.eventMeaning}`
              : `${e.eventMeaning}; ${g.eventMeaning}`;
        }
        e.eventId = Math.min(e.eventId, g.eventId);
      }
      e.count += d.count;
      if (d.messageCut) e.messageCut = true;
      // Times without a year (Get-EventLog's table) in the year of the collection.
      for (const [minute, n] of Object.entries(d.perMinuteNoYear ?? {})) {
        const t = withYear(minute, collectedAt);
        if (t === null) continue;
        e.yearAssumed = true;
        e.perHour[t.slice(0, 13)] = (e.perHour[t.slice(0, 13)] ?? 0) + n;
        if (e.firstSeen === null || `${t}:00` < e.firstSeen) e.firstSeen = `${t}:00`;
        if (e.lastSeen === null || `${t}:00` > e.lastSeen) e.lastSeen = `${t}:00`;
      }
      if (d.lastTimeRange || e.lastSeenRange) {
        const pair = (lo: string | null, hi: string | null): [string, string] | null =>
          lo !== null && hi !== null ? [lo, hi] : null;
        const dr = d.lastTimeRange ?? pair(d.lastTime, d.lastTime);
        const er = e.lastSeenRange ?? pair(e.lastSeen, e.lastSeen);
        const lo = [dr?.[0], er?.[0]].filter((x): x is string => !!x).sort();
        const hi = [dr?.[1], er?.[1]].filter((x): x is string => !!x).sort();
        if (lo.length > 0 && hi.length > 0) e.lastSeenRange = [lo.at(-1)!, hi.at(-1)!];
      }
      if (d.firstTime !== null && (e.firstSeen === null || d.firstTime < e.firstSeen))
        e.firstSeen = d.firstTime;
      if (d.lastTime !== null && (e.lastSeen === null || d.lastTime > e.lastSeen))
        e.lastSeen = d.lastTime;
      for (const [h, n] of Object.entries(d.perHour)) e.perHour[h] = (e.perHour[h] ?? 0) + n;
      for (const c of d.computers)
        if (e.computers.length < 10 && !e.computers.includes(c)) e.computers.push(c);
      e.digests.push(d);
      for (const s of g.statusCodes ?? [])
        if (!(e.statusCodes ??= []).includes(s)) e.statusCodes.push(s);
    }
  }
  const out: EventGroupEntity[] = [];
  for (const { digests, ...g } of groups.values()) {
    // Evidence: the first samples of each digest (most frequent first, round robin), then the
    // latest ones: the reader sees how it started and that it still happens.
    digests.sort((a, b) => b.count - a.count);
    const ev: EvidenceRef[] = [];
    const firsts = (d: EventDigest): number => Math.min(3, d.count, d.samples.length);
    for (let i = 0; i < 3 && ev.length < MAX_SAMPLES; i++) {
      for (const d of digests) {
        const s = d.samples[i];
        if (ev.length < MAX_SAMPLES && s && i < firsts(d))
          ev.push({ ...s.evidence, label: label(d, i) });
      }
    }
    for (const d of digests) {
      const last = d.samples.length - 1;
      const s = d.samples[last];
      if (ev.length < MAX_SAMPLES && s && last >= firsts(d))
        ev.push({ ...s.evidence, label: label(d, last) });
    }
    g.evidence = ev;
    out.push(g);
  }
  // Most frequent problem first; errors before information.
  out.sort(
    (a, b) => (a.level ?? 9) - (b.level ?? 9) || b.count - a.count || compareText(a.key, b.key),
  );
  return out;
}

/**
 * `MM-DDTHH:MM` in the collection's year, or the year before when that would be more than a day
 * after the collection (a December event collected in January): `YYYY-MM-DDTHH:MM`, or null.
 */
export function withYear(time: string, collectedAt: string | null): string | null {
  const at = collectedAt === null ? NaN : Date.parse(collectedAt);
  const m = /^(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(time);
  if (Number.isNaN(at) || !m) return null;
  let year = new Date(at).getUTCFullYear();
  const when = (y: number): number =>
    Date.UTC(y, Number(m[1]) - 1, Number(m[2]), Number(m[3]), Number(m[4]));
  if (when(year) > at + 86_400_000) year--;
  return `${year}-${time}`;
}

export function buildEventGroups(
  parsed: ParsedBundle,
  collectedAt: string | null = null,
): EventGroupEntity[] {
  const files = [
    ...filesOf(parsed, 'events.schannel'),
    ...filesOf(parsed, 'events.capi2'),
    ...filesOf(parsed, 'events.httpevent'),
  ];
  const folded = { digests: 0, events: 0 };
  const groups = groupEvents(
    files.map((f) => f.value),
    folded,
    collectedAt,
  );
  if (folded.digests > 0)
    files[files.length - 1]!.issues.push({
      code: 'limit-exceeded',
      severity: 'warning',
      message: `more than ${MAX_GROUPS} distinct event groups in the bundle's event logs; ${folded.events} events of ${folded.digests} further kinds are counted in one "other" group per source`,
    });
  return groups;
}

/** A certificate as far as the key-file link needs it (from the certificate facts, when present). */
export interface KeyFileCandidate {
  thumbprint: string;
  /** Full path of the private key file, when known. */
  keyFile: string | null;
  /** True when an HTTPS binding uses this certificate. */
  bound: boolean;
  /** The key file's own icacls listing already grants SYSTEM and Administrators full control. */
  keyFileAclHoldsGrant?: boolean;
  /** The key file's own icacls listing gives SYSTEM no access. */
  keyFileAclMissingSystem?: boolean;
}

/**
 * Points the 36870 groups at the bound certificate's key file (the only bound certificate with a
 * known key file) and the 36869 groups at the only bound certificate. Leaves them null when it is
 * ambiguous.
 */
export function linkKeyFiles(
  groups: readonly View<EventGroupEntity>[],
  certs: readonly KeyFileCandidate[],
): Patch<
  EventGroupEntity,
  'certificateThumbprint' | 'keyFile' | 'keyFileAclHoldsGrant' | 'keyFileAclMissingSystem'
>[] {
  const bound = certs.filter((c) => c.bound);
  const boundWithKey = bound.filter((c) => c.keyFile !== null);
  return groups.flatMap((g, at) => {
    if (g.source !== 'schannel' || (g.eventId !== 36870 && g.eventId !== 36869)) return [];
    if (g.eventId === 36869) {
      // No key to point at: the certificate itself (for certutil -repairstore), when unambiguous.
      return bound.length === 1
        ? [
            {
              at,
              set: {
                certificateThumbprint:
                  g.certificateThumbprint ?? bound[0]!.thumbprint.toLowerCase(),
              },
            },
          ]
        : [];
    }
    const named = g.certificateThumbprint
      ? certs.find((c) => c.thumbprint.toLowerCase() === g.certificateThumbprint && c.keyFile)
      : undefined;
    const pick = named ?? (boundWithKey.length === 1 ? boundWithKey[0] : undefined);
    if (!pick?.keyFile) return [];
    return [
      {
        at,
        set: {
          keyFile: pick.keyFile,
          certificateThumbprint: g.certificateThumbprint ?? pick.thumbprint.toLowerCase(),
          // The grant the fix would make is already there: permissions are not the cause (judge5 S7).
          keyFileAclHoldsGrant: pick.keyFileAclHoldsGrant === true,
          keyFileAclMissingSystem: pick.keyFileAclMissingSystem === true,
        },
      },
    ];
  });
}

/** A certificate as far as the CAPI2 link needs it (CertificateEntity satisfies it). */
export interface ChainCertificate {
  readonly thumbprint: string;
  readonly subjectCommonName: string | null;
  readonly sanDns: readonly string[];
  readonly isBound: boolean;
  readonly capi2ChainErrors?: readonly string[];
}

/**
 * Joins CAPI2 chain errors and certificates: by the leaf thumbprint CAPI2 writes (fileRef), else
 * by subject name when exactly one certificate carries it. The group learns whether the
 * certificate is in the bundle and bound; the certificate collects the error names, so the
 * certificate rules can show that the system itself failed to build its chain.
 */
export function linkChainEvents<C extends ChainCertificate>(
  groups: readonly View<EventGroupEntity>[],
  certs: readonly C[],
): {
  groups: Patch<
    EventGroupEntity,
    'certificateInBundle' | 'certificateBound' | 'certificateThumbprint'
  >[];
  certificates: Patch<C, 'capi2ChainErrors'>[];
} {
  const out: ReturnType<typeof linkChainEvents<C>> = { groups: [], certificates: [] };
  const errorsOf = new Map<number, string[]>();
  groups.forEach((g, at) => {
    if (g.source !== 'capi2' || g.errorCode === null) return;
    let cert = g.certificateThumbprint
      ? certs.findIndex((c) => c.thumbprint.toLowerCase() === g.certificateThumbprint)
      : -1;
    if (cert < 0 && g.subjectName) {
      const name = g.subjectName.toLowerCase();
      const named = certs.flatMap((c, i) =>
        c.subjectCommonName?.toLowerCase() === name ||
        c.sanDns.some((d) => d.toLowerCase() === name)
          ? [i]
          : [],
      );
      if (named.length === 1) cert = named[0]!;
    }
    const c = certs[cert];
    if (!c) return;
    out.groups.push({
      at,
      set: {
        certificateInBundle: true,
        certificateBound: c.isBound,
        certificateThumbprint: g.certificateThumbprint ?? c.thumbprint.toLowerCase(),
      },
    });
    const errors = errorsOf.get(cert) ?? [...(c.capi2ChainErrors ?? [])];
    errorsOf.set(cert, errors);
    const name = g.errorName ?? g.errorCode;
    if (!errors.includes(name)) errors.push(name);
  });
  for (const [at, capi2ChainErrors] of errorsOf)
    out.certificates.push({ at, set: { capi2ChainErrors } as Pick<C, 'capi2ChainErrors'> });
  return out;
}

/**
 * Gives the Schannel groups the protocols enabled on their side (server, or client when the event
 * says so), so alert 70 / 36874 / 36871 fixes can say what this machine accepts.
 */
export function linkProtocolPolicy(
  groups: readonly View<EventGroupEntity>[],
  policy: View<Pick<ProtocolPolicyEntity, 'serverEnabled' | 'clientEnabled'>> | null,
): Patch<EventGroupEntity, 'enabledProtocols'>[] {
  if (!policy) return [];
  return groups.flatMap((g, at) =>
    g.source !== 'schannel'
      ? []
      : [
          {
            at,
            set: {
              enabledProtocols: [
                ...(g.role === 'client' ? policy.clientEnabled : policy.serverEnabled),
              ],
            },
          },
        ],
  );
}
