/**
 * The fleet view over many servers (a web farm): per finding, which servers have it; and the
 * differences that only show across servers — nodes that bind a different certificate (or none)
 * to the same endpoint, different binding flags, different IIS sslFlags, different protocol
 * policy, different IP listen lists, different OS builds.
 *
 * Inputs are plain data per server (the report model and a `FleetFingerprint` of its facts), so
 * they can come from worker threads.
 */
import {
  LANGS,
  SEVERITIES,
  severityRank,
  type Lang,
  type Localized,
  type Severity,
} from '../engine/rule.js';
import type { Facts } from '../facts/model.js';
import { compareText } from '../shared/evidence.js';
import { t } from './i18n.js';
import { entityName } from './names.js';
import { areaTitle, type ReportModel } from './model.js';
import type { FleetHostClash, FleetSkippedBundle } from '../fleet-dedupe.js';
import { manifestUnread } from './verdict-manifest.js';

export const FLEET_SCHEMA_VERSION = 1;

/** What a server contributes to cross-server comparison: item → value, per aspect. */
export interface FleetFingerprint {
  /** Aspect id → (item → value). An aspect absent = its evidence was not collected. */
  aspects: Record<string, Record<string, string>>;
  /**
   * The affected entities of the server's findings by name in every language (`scope|key` →
   * name), so the fleet lists names in its own language whatever language the server's model has.
   */
  names?: Record<string, Localized>;
}

export interface FleetServerInput {
  /** Bundle file or folder name. */
  id: string;
  model: ReportModel | null;
  fingerprint: FleetFingerprint | null;
  /** Why the bundle could not be analyzed. */
  error: string | null;
}

export interface FleetServer {
  id: string;
  hostName: string | null;
  osCaption: string | null;
  osBuild: number | null;
  collectedAt: string | null;
  counts: Record<Severity, number>;
  worst: Severity | null;
  error: string | null;
  /** No file of the bundle was recognised as evidence: the counts mean nothing, never "clean". */
  notEvaluated: boolean;
  /** Rule areas not checked on this server (in the fleet's language). */
  notChecked: string[];
  /**
   * Evidence of the bundle that is there but could not be read (a cut manifest.json, a file that
   * is not its command's output), in the fleet's language: the row is no clean server (judge14 S3).
   */
  unread: string[];
  /** Files of the bundle disagree about their machine (host names, builds, addresses). */
  hostConflicts: { title: string; values: { value: string; files: string[] }[] }[];
  /**
   * Other bundles that claim this server's host and collection time with other content: this row
   * may be the same machine as theirs, or another machine with the same name (judge9 M8).
   */
  sameHostAs: string[];
  /** The server's own report (with fix commands), relative to the fleet report, when written. */
  report?: string | null;
}

export interface FleetFinding {
  ruleId: string;
  severity: Severity;
  scenario: number | null;
  title: string;
  explanation: string;
  /** Servers with the finding, and on which entities: by name for people, by key for tools. */
  servers: { id: string; entities: string[]; keys: string[] }[];
  /** Servers analyzed where the rule was evaluated and did not fire. */
  cleanServers: string[];
  /** Servers where the rule could not be evaluated. */
  notEvaluatedOn: string[];
}

export interface FleetDifference {
  aspect: string;
  aspectTitle: string;
  item: string;
  /** Each distinct value and the servers that have it (`—` = absent on a server that has the evidence). */
  values: { value: string; servers: string[] }[];
}

export interface FleetModel {
  schemaVersion: number;
  kind: 'fleet';
  tool: { name: 'tls-doctor'; version: string };
  generatedAt: string;
  lang: Lang;
  folder: string;
  summary: {
    servers: number;
    failed: number;
    /** Servers whose bundle held no usable evidence. */
    notEvaluated: number;
    /** Servers analyzed with part of their evidence unreadable (FleetServer.unread). */
    unread: number;
    /** Servers analyzed and compared: fewer than two compare nothing. */
    compared: number;
    worst: Severity | null;
    findings: number;
    differences: number;
    /** Bundles that claim a host and collection time another bundle claims with other content. */
    sameHostBundles: number;
  };
  servers: FleetServer[];
  /** Bundles not analyzed: the same bundle as another, or an older collection of a host (src/fleet-dedupe.ts). */
  skipped: (FleetSkippedBundle & { text: string })[];
  /**
   * Groups of bundles claiming one host and collection time with different content. Worded at
   * render time (`clashText`), so a redacted model's bundle names are the tokens.
   */
  clashes: FleetHostClash[];
  findings: FleetFinding[];
  differences: FleetDifference[];
}

const ASPECTS: Record<string, Localized> = {
  'binding-certificate': {
    en: 'Certificate bound to the HTTP.sys endpoint',
    'zh-CN': 'HTTP.sys 端点绑定的证书',
  },
  'binding-flags': { en: 'HTTP.sys binding flags and store', 'zh-CN': 'HTTP.sys 绑定标志和存储' },
  'iis-sslflags': { en: 'IIS https binding sslFlags', 'zh-CN': 'IIS https 绑定的 sslFlags' },
  'protocol-policy': { en: 'Protocol policy (SCHANNEL)', 'zh-CN': '协议策略 (SCHANNEL)' },
  'ip-listen': { en: 'HTTP.sys IP listen list', 'zh-CN': 'HTTP.sys IP 侦听列表' },
  os: { en: 'Operating system build', 'zh-CN': '操作系统版本号' },
};

const ABSENT = '—';

/**
 * Words inside fingerprint values and items, as `{word}` placeholders: the fingerprint is built in
 * a worker without a language; the fleet model puts them in the reader's language.
 */
const WORDS: Record<string, Localized> = {
  empty: { en: '(empty)', 'zh-CN': '（空）' },
  none: { en: '(none)', 'zh-CN': '（无）' },
  unknown: { en: '(unknown)', 'zh-CN': '（未知）' },
  noFlags: { en: 'no flags', 'zh-CN': '无标志' },
  store: { en: 'store', 'zh-CN': '存储' },
  ipListen: { en: 'IP listen list', 'zh-CN': 'IP 侦听列表' },
  allAddresses: { en: '(empty: all addresses)', 'zh-CN': '（空：所有地址）' },
  registry: { en: '(registry)', 'zh-CN': '（注册表）' },
  disabledCiphers: { en: 'disabled ciphers', 'zh-CN': '已禁用的密码' },
  build: { en: 'build', 'zh-CN': '版本号' },
};

/**
 * Replaces the `{word}` placeholders. Evidence holding such a word in braces would be translated
 * too: plain text either way (the renderers escape it), so no harm.
 */
function words(text: string, lang: Lang): string {
  return text.replace(/\{([a-zA-Z]+)\}/g, (m, w: string) => WORDS[w]?.[lang] ?? m);
}

/** Reduces a server's facts to the values worth comparing across servers (and its findings' names). */
export function fleetFingerprint(
  facts: Facts,
  findings: readonly { scope: string; entityKey: string; entity: Record<string, unknown> }[] = [],
): FleetFingerprint {
  const names: Record<string, Localized> = {};
  for (const f of findings)
    names[`${f.scope}|${f.entityKey}`] ??= Object.fromEntries(
      LANGS.map((l) => [l, entityName(f.scope, f.entityKey, f.entity, l)]),
    ) as Localized;
  const aspects: FleetFingerprint['aspects'] = {};
  const collected = new Set(facts.host.artifacts);
  if (collected.has('httpsys.sslcert') || collected.has('httpsys.registry')) {
    const cert: Record<string, string> = {};
    const flags: Record<string, string> = {};
    for (const b of facts.bindings) {
      cert[b.endpoint] = b.certificateHash ?? '{empty}';
      flags[b.endpoint] = [
        b.flags.length ? b.flags.join('+') : '{noFlags}',
        `{store} ${b.certificateStoreName ?? '{none}'}`,
      ].join(', ');
    }
    aspects['binding-certificate'] = cert;
    aspects['binding-flags'] = flags;
  }
  if (collected.has('iis.config') || collected.has('iis.appcmd-sites')) {
    const ssl: Record<string, string> = {};
    for (const b of facts.iisBindings)
      ssl[`${b.siteName} ${b.bindingInformation}`] =
        `${b.sslFlags}${b.sslFlagNames.length ? ` (${b.sslFlagNames.join('+')})` : ''}`;
    aspects['iis-sslflags'] = ssl;
  }
  if (collected.has('httpsys.iplisten') || collected.has('httpsys.registry'))
    aspects['ip-listen'] = {
      '{ipListen}': facts.host.ipListen.length
        ? [...facts.host.ipListen].sort().join(', ')
        : '{allAddresses}',
    };
  // SCHANNEL protocol states per side, and the cipher policy, when schannel.registry was read.
  if (collected.has('schannel.registry')) {
    const protocol: Record<string, string> = {};
    for (const p of facts.protocols ?? [])
      protocol[`${p.protocol} ${p.side}`] =
        `${p.state}${p.source === 'registry' ? ' {registry}' : ''}`;
    const policy = facts.protocolPolicy;
    if (policy) {
      protocol['{disabledCiphers}'] = policy.disabledCiphers.length
        ? [...policy.disabledCiphers].sort().join(', ')
        : '{none}';
    }
    aspects['protocol-policy'] = protocol;
  }
  aspects['os'] = {
    '{build}': facts.host.osBuild !== null ? String(facts.host.osBuild) : '{unknown}',
  };
  return { aspects, ...(findings.length > 0 && { names }) };
}

/** A fingerprint value without where it comes from: the state in effect. */
const effective = (v: string): string => v.replace(/ \{registry\}$/, '');

/**
 * The order of an aspect's items: SCHANNEL protocols newest first and the server side before the
 * client side (a node without TLS 1.2 server-side fails today's clients; SSL 3.0 matters least:
 * judge14 M8), the cipher list after them; other items by name.
 */
function itemRank(item: string): number {
  const m = /^(SSL|TLS) (\d)\.(\d) (Server|Client)$/.exec(item);
  if (!m) return item === '{disabledCiphers}' ? 1000 : / (Server|Client)$/.test(item) ? 500 : 0;
  // SSL 2.0 → 20, SSL 3.0 → 30, TLS 1.0 → 40 … TLS 1.3 → 43.
  const version = m[1] === 'TLS' ? 40 + Number(m[3]) : Number(m[2]) * 10;
  return 100 - version + (m[4] === 'Client' ? 50 : 0);
}

/** The servers compared: a bundle without usable evidence has nothing to compare (its "unknown" build is no difference). */
const compared = (inputs: readonly FleetServerInput[]): FleetServerInput[] =>
  inputs.filter((s) => s.fingerprint !== null && s.model?.verdict?.kind !== 'no-evidence');

/** What of a server's evidence could not be read, in words (judge14 S3; judge13 T1 files). */
function unreadOf(model: ReportModel, lang: Lang): string[] {
  const files = (model.coverage?.failedFiles ?? []).filter((f) => f.unreadable).map((f) => f.path);
  return [
    ...(manifestUnread(model.manifestIssues ?? []) ? [t('fleet.manifestUnread', lang)] : []),
    ...(files.length
      ? [t('fleet.filesUnread', lang).replace('{files}', () => files.join(', '))]
      : []),
  ];
}

function differences(inputs: readonly FleetServerInput[], lang: Lang): FleetDifference[] {
  const ok = compared(inputs);
  const out: FleetDifference[] = [];
  for (const aspect of Object.keys(ASPECTS)) {
    const having = ok.filter((s) => s.fingerprint!.aspects[aspect] !== undefined);
    if (having.length < 2) continue;
    const items = new Set(having.flatMap((s) => Object.keys(s.fingerprint!.aspects[aspect]!)));
    for (const item of [...items].sort((a, b) => itemRank(a) - itemRank(b) || compareText(a, b))) {
      // Servers are grouped by the value in effect: `disabled` from the OS default and
      // `disabled {registry}` are the same state (judge14 M8). A group names the source only
      // when all its servers share it.
      const groups = new Map<string, { raw: Set<string>; servers: string[] }>();
      for (const s of having) {
        const v = s.fingerprint!.aspects[aspect]![item] ?? ABSENT;
        const g = groups.get(effective(v)) ?? { raw: new Set<string>(), servers: [] };
        g.raw.add(v);
        g.servers.push(s.id);
        groups.set(effective(v), g);
      }
      if (groups.size < 2) continue;
      out.push({
        aspect,
        aspectTitle: ASPECTS[aspect]![lang],
        item: words(item, lang),
        values: [...groups]
          .map(([value, g]) => ({
            value: words(g.raw.size === 1 ? [...g.raw][0]! : value, lang),
            servers: g.servers,
          }))
          .sort((a, b) => b.servers.length - a.servers.length || compareText(a.value, b.value)),
      });
    }
  }
  return out;
}

export function buildFleetModel(
  folder: string,
  inputs: readonly FleetServerInput[],
  opts: {
    lang: Lang;
    now: Date;
    toolVersion: string;
    /** Rule metadata, for titles in the fleet's language. */
    rules: readonly { id: string; title: Localized; explanation: Localized }[];
    /** Bundles left out as duplicates or older collections (src/fleet-dedupe.ts). */
    skipped?: readonly FleetSkippedBundle[];
    /** Bundles of one host and collection time with different content (src/fleet-dedupe.ts). */
    clashes?: readonly FleetHostClash[];
  },
): FleetModel {
  const ruleMeta = new Map(opts.rules.map((r) => [r.id, r]));
  const clashes = opts.clashes ?? [];
  const servers: FleetServer[] = inputs.map((s) => ({
    id: s.id,
    hostName: s.model?.host.name ?? null,
    osCaption: s.model?.host.osCaption ?? null,
    osBuild: s.model?.host.osBuild ?? null,
    collectedAt: s.model?.host.collectedAt ?? null,
    counts:
      s.model?.summary.counts ??
      (Object.fromEntries(SEVERITIES.map((x) => [x, 0])) as Record<Severity, number>),
    worst: s.model?.summary.worst ?? null,
    error: s.error,
    notEvaluated: s.model?.verdict?.kind === 'no-evidence',
    notChecked: (s.model?.coverage?.notEvaluated ?? []).map((n) => areaTitle(n.area, opts.lang)),
    unread: s.model ? unreadOf(s.model, opts.lang) : [],
    hostConflicts: (s.model?.host.conflicts ?? []).map((c) => ({
      title: t(`hostConflict.${c.aspect}`, opts.lang),
      values: c.values,
    })),
    sameHostAs: clashes
      .filter((c) => c.bundles.includes(s.id))
      .flatMap((c) => c.bundles.filter((b) => b !== s.id)),
  }));
  const byRule = new Map<string, FleetFinding>();
  for (const s of inputs) {
    for (const f of s.model?.findings ?? []) {
      let ff = byRule.get(f.ruleId);
      if (!ff) {
        const meta = ruleMeta.get(f.ruleId);
        ff = {
          ruleId: f.ruleId,
          severity: f.severity,
          scenario: f.scenario,
          title: meta ? meta.title[opts.lang] : f.title,
          explanation: meta ? meta.explanation[opts.lang] : f.explanation,
          servers: [],
          cleanServers: [],
          notEvaluatedOn: [],
        };
        byRule.set(f.ruleId, ff);
      }
      // A cause raised to its symptom's severity on one server (src/engine/explains.ts) is
      // listed at the worst severity any server shows it with.
      if (severityRank(f.severity) > severityRank(ff.severity)) ff.severity = f.severity;
      // By name in the fleet's language: from the worker's names, else the model's own when it
      // is in that language, else the key (a model from an older tool).
      const name =
        s.fingerprint?.names?.[`${f.entity.scope}|${f.entity.key}`]?.[opts.lang] ??
        (s.model!.lang === opts.lang ? f.entity.name : undefined) ??
        f.entity.key;
      const entry = ff.servers.find((x) => x.id === s.id);
      if (entry) {
        entry.entities.push(name);
        entry.keys.push(f.entity.key);
      } else ff.servers.push({ id: s.id, entities: [name], keys: [f.entity.key] });
    }
  }
  for (const ff of byRule.values()) {
    for (const s of inputs) {
      if (!s.model || ff.servers.some((x) => x.id === s.id)) continue;
      if (s.model.notEvaluated.some((n) => n.ruleId === ff.ruleId)) ff.notEvaluatedOn.push(s.id);
      else ff.cleanServers.push(s.id);
    }
  }
  const findings = [...byRule.values()].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      b.servers.length - a.servers.length ||
      compareText(a.ruleId, b.ruleId),
  );
  const diffs = differences(inputs, opts.lang);
  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    kind: 'fleet',
    tool: { name: 'tls-doctor', version: opts.toolVersion },
    generatedAt: opts.now.toISOString(),
    lang: opts.lang,
    folder,
    summary: {
      servers: inputs.length,
      failed: inputs.filter((s) => s.error !== null).length,
      notEvaluated: servers.filter((s) => s.notEvaluated).length,
      unread: servers.filter((s) => s.unread.length > 0).length,
      compared: compared(inputs).length,
      worst: SEVERITIES.find((sev) => findings.some((f) => f.severity === sev)) ?? null,
      findings: findings.length,
      differences: diffs.length,
      sameHostBundles: servers.filter((s) => s.sameHostAs.length > 0).length,
    },
    servers,
    skipped: (opts.skipped ?? []).map((x) => ({ ...x, text: skippedText(x, inputs, opts.lang) })),
    clashes: clashes.map((c) => ({ ...c, bundles: [...c.bundles] })),
    findings,
    differences: diffs,
  };
}

/** Why bundles claiming one host and collection time are flagged (judge9 M8). */
export function clashText(c: FleetHostClash, lang: Lang): string {
  return t('fleet.clash', lang)
    .replace('{n}', () => String(c.bundles.length))
    .replace('{host}', () => c.hostName)
    .replace('{at}', () => c.collectedAt)
    .replace('{bundles}', () => c.bundles.join(', '));
}

/** The note on a server's row naming the other bundles that claim its host and time. */
export function sameHostText(s: Pick<FleetServer, 'sameHostAs'>, lang: Lang): string | null {
  return s.sameHostAs.length
    ? t('fleet.sameHostAs', lang).replace('{bundles}', () => s.sameHostAs.join(', '))
    : null;
}

/** "same bundle as web01.zip: skipped" / "older collection of WEB01 (…): web01-new.zip (…) shows its state". */
function skippedText(
  x: FleetSkippedBundle,
  inputs: readonly FleetServerInput[],
  lang: Lang,
): string {
  const newest = inputs.find((s) => s.id === x.of)?.model?.host.collectedAt ?? '?';
  return t(`fleet.skipped.${x.reason}`, lang)
    .replace('{of}', () => x.of ?? '')
    .replace('{host}', () => x.hostName ?? '?')
    .replace('{at}', () => x.collectedAt ?? '?')
    .replace('{newest}', () => newest);
}
