/**
 * The report model: one language-resolved, JSON-serialisable view of an analysis. The JSON
 * output is this model; the HTML and Markdown renderers read only this model.
 */
import type { ParsedBundle } from '../artifacts/load.js';
import { hasEvidence, type Coverage } from '../engine/coverage.js';
import type { Evaluation } from '../engine/evaluate.js';
import { SEVERITIES, type Finding, type Lang, type Severity } from '../engine/rule.js';
import type { Shell } from '../engine/slots.js';
import type { Facts, HostEntity } from '../facts/model.js';
import { compareText, type EvidenceRef } from '../shared/evidence.js';
import { catalogEntry } from '../artifacts/catalog.js';
import { INVENTORIES, type Cell } from './inventories.js';
import { entityName, eventViews, scopeWords, type EventView } from './names.js';
import { protocolReason } from './inventories-protocols.js';
import { t, tAny } from './i18n.js';
import { entryText, issueText, issueWhere, reasonText, type LogText } from './log-text.js';
import { withEvtxReason } from './not-read.js';
import {
  changedEvidence,
  changedFileIssues,
  changedFiles,
  type ChangedFile,
} from './changed-files.js';
import { timelineData, type TimelineData } from './timeline.js';

export const REPORT_SCHEMA_VERSION = 1;

/** An evidence pointer as the report shows it: a caption in the report's language, events read. */
export interface ReportEvidence extends EvidenceRef {
  /** What this evidence is, in the report's language (replaces `label` for display). */
  caption?: string;
  /** The Windows events of the excerpt as key fields (the excerpt stays, shown folded). */
  events?: EventView[];
}

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  scenario: number | null;
  area: string;
  title: string;
  /** `key` for tools; `name` and `kind` for people ("HTTPS binding *:443 of site Contoso"). */
  entity: { scope: string; key: string; name?: string; kind?: string };
  explanation: string;
  /** Decisive evidence first (the rule's `evidenceFirst`, then as the facts list it). */
  evidence: ReportEvidence[];
  /** When the finding rests on an assumed default rather than a line of evidence: which, and why. */
  assumed?: string | null;
  fix: string;
  /** The shell the fix is written for; absent in reports written before it was declared. */
  fixShell?: Shell;
  references: string[];
  /** The cause this finding is a symptom of; it is listed right under that cause. */
  explainedBy: { ruleId: string; entity: string } | null;
  /** The findings this one explains (its symptoms), as short lines. */
  alsoSeen: {
    ruleId: string;
    title: string;
    severity: Severity;
    entity: string;
    count: number | null;
  }[];
  /** The same finding on the other IP family's wildcard of the port (`tcp/[::]:443/…`). */
  alsoOn: string[];
  /** Evidence files of this finding changed after collection (their hash or size differs from manifest.json). */
  changedEvidence?: string[];
}

/** What the report says first: the root cause and its first step, or what was (not) checked. */
export interface Verdict {
  /** `problems`: a finding above info; `clean`: none; `no-evidence`: no file was usable, or none any rule can judge. */
  kind: 'problems' | 'clean' | 'no-evidence';
  /** First line, in the report's language. */
  headline: string;
  /** Index (in `findings`) of the root cause: the first finding above info, explained by nothing. */
  rootCause: {
    index: number;
    ruleId: string;
    title: string;
    severity: Severity;
    entity: string;
    /** The first command of its fix (comment lines skipped); null when the fix has none. */
    firstStep: string | null;
    /** false: firstStep is an instruction in words (a value to choose, guidance), not a command. */
    firstStepIsCommand: boolean;
    symptoms: number;
  } | null;
  /** Rule areas evaluated / not checked, in the report's language. */
  evaluatedAreas: string[];
  notChecked: { area: string; title: string; collect: (string | string[])[] }[];
  /** "Not checked: … — collect …" (null when every area was evaluated). */
  notCheckedLine: string | null;
  /** Literal names inside the headline and the not-checked line (artifact ids, commands), shown as code. */
  codes: string[];
  /** Files that disagree about their machine, with a localized aspect name. */
  hostConflicts: { aspect: string; title: string; values: { value: string; files: string[] }[] }[];
  /** Files changed after collection (size or SHA-256 differ from manifest.json), read as they are now. */
  changedFiles: ChangedFile[];
  /** The collector's manifest dates the evidence more than STALE_DAYS before the report (judge6 M13). */
  stale: { days: number; line: string } | null;
}

/** Evidence older than this is stale: the server may have changed since (judge6 M13). */
export const STALE_DAYS = 30;

/** Whole days from the manifest's collection time to `now`; null when not from a manifest. */
export function evidenceAgeDays(host: Facts['host'], now: Date): number | null {
  if (host.collectedAtSource !== 'manifest' || !host.collectedAt) return null;
  const at = Date.parse(host.collectedAt);
  return Number.isNaN(at) ? null : Math.floor((now.getTime() - at) / 86_400_000);
}

export interface ReportModel {
  schemaVersion: number;
  tool: { name: 'tls-doctor'; version: string };
  generatedAt: string;
  lang: Lang;
  input: { source: string; kind: string };
  host: Omit<HostEntity, 'evidence' | 'key'>;
  summary: {
    worst: Severity | null;
    counts: Record<Severity, number>;
    evaluatedRules: number;
    notEvaluatedRules: number;
  };
  verdict: Verdict;
  /** What the verdict rests on (null when the caller did not compute it). */
  coverage: Coverage | null;
  findings: ReportFinding[];
  notEvaluated: {
    ruleId: string;
    severity: Severity;
    title: string;
    missing: (string | string[])[];
    /** Entities whose facts the rule cannot decide, with what is unknown and what to collect. */
    unknownFor?: { entityKey: string; why: string }[];
  }[];
  /** What to collect so the not-evaluated rules can run: in words, with the collecting command. */
  toCollect?: { artifacts: string[]; what: string; command: string | null; rules: string[] }[];
  /** Schannel errors per hour by event id (src/report/timeline.ts); null without such events. */
  eventTimeline: TimelineData | null;
  inventories: {
    id: string;
    title: string;
    headers: string[];
    rows: { key: string; cells: string[]; problems: string[] }[];
  }[];
  artifacts: {
    id: string;
    status: string;
    /** As the loader or the collector wrote it (English). */
    reason: string | null;
    /** `reason` in the report's language, with the literal values in it (shown as code). */
    reasonText?: LogText | null;
    /** What the collector's manifest says about this artifact (command, exit code, time, stderr). */
    collected?: {
      source: string | null;
      exitCode: number | null;
      durationMs: number | null;
      stderr: string | null;
    } | null;
    files: {
      path: string;
      encoding: string | null;
      matchedBy: string;
      issues: {
        code: string;
        severity: string;
        message: string;
        line?: number;
        offset?: number;
        frame?: number;
        params?: Record<string, string | number>;
        /** The issue in the report's language (src/report/log-text.ts). */
        text?: LogText;
        /** "line 12" / "第 12 行", a frame or an offset; null when the issue has no position. */
        where?: string | null;
      }[];
    }[];
  }[];
  unrecognized: { path: string; reason: string; text?: LogText }[];
  skipped: { path: string; reason: string; text?: LogText }[];
  manifestIssues: { code: string; severity: string; message: string; text?: LogText }[];
}

export interface ModelOptions {
  lang: Lang;
  /** Injected clock, so reports are reproducible in tests. */
  now: Date;
  toolVersion: string;
}

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (Array.isArray(c)) return c.join(', ');
  return String(c);
}

/** Evidence labels the facts write in English, in both languages (others are command names). */
const LABEL_KEYS: Record<string, string> = {
  'certificate file': 'label.certificateFile',
  'chain root (not in Root)': 'label.chainRoot',
  'certificate on the wire': 'label.wireCertificate',
  'collector manifest': 'label.manifest',
};

function readableEvidence(e: EvidenceRef, lang: Lang): ReportEvidence {
  const events = e.excerpt ? eventViews(e.excerpt, lang) : [];
  const out: ReportEvidence = { ...e };
  if (events.length > 0) {
    out.events = events;
    const first = events[0]!;
    // The facts' caption ("Schannel 36870 at … (one of 48)") is English; the event says it all.
    out.caption = [first.provider, first.id].filter((x) => x !== null).join(' ');
  } else if (e.label !== undefined) {
    const key = LABEL_KEYS[e.label];
    out.caption = key ? tAny(key, lang) : e.label;
  }
  return out;
}

/** A finding with no evidence line rests on a default: say which and why it was assumed. */
function assumedBasis(scope: string, entity: Record<string, unknown>, lang: Lang): string {
  if (scope === 'protocol' && typeof entity['registryPath'] === 'string')
    return protocolReason(entity as unknown as Parameters<typeof protocolReason>[0], lang);
  return t('findings.assumedUnknown', lang);
}

/** Groups the missing requirements of the not-evaluated rules into what to ask the customer for. */
function toCollect(
  list: Evaluation['notEvaluated'],
  lang: Lang,
): NonNullable<ReportModel['toCollect']> {
  const by = new Map<string, { artifacts: string[]; rules: string[] }>();
  for (const n of list)
    for (const req of n.missing) {
      const artifacts = Array.isArray(req) ? req : [req];
      const k = artifacts.join('|');
      const e = by.get(k) ?? { artifacts, rules: [] };
      e.rules.push(n.ruleId);
      by.set(k, e);
    }
  const or = ` ${t('notEvaluated.or', lang)} `;
  return [...by.values()]
    .map(({ artifacts, rules }) => ({
      artifacts,
      rules,
      what: artifacts.map((a) => artifactWords(a, lang)).join(or),
      command:
        artifacts
          .map((a) => catalogEntry(a)?.source)
          .filter((x): x is string => !!x)
          .join('\n') || null,
    }))
    .sort((a, b) => b.rules.length - a.rules.length || compareText(a.what, b.what));
}

/** An artifact id in words: the i18n table, else the catalog's description, else the id. */
export function artifactWords(id: string, lang: Lang): string {
  const w = tAny(`artifact.${id}`, lang);
  if (w !== `artifact.${id}`) return w;
  return catalogEntry(id)?.description ?? id;
}

/**
 * The first step of a fix: its first runnable line, comment (`REM`, `#`, `::`), blank and
 * variable-setting lines skipped (judge6 M5: never a REM sentence when a command follows).
 * Only when that line needs a value the engineer must choose (`set "NEWHASH=new-thumbprint-here"`,
 * used as `%NEWHASH%`) is the step to choose it, given in words: the instruction above the
 * placeholder. A fix that is only guidance (no object the evidence names can be changed from
 * here, e.g. a certificate seen only on the wire) gives the last instruction before its
 * alternatives, in words: comment lines from the first "or:" on are options the engineer may
 * take, and an indented commented command (`#   reg add …`) is an example to run elsewhere —
 * neither is "do this first".
 */
export function firstStepOf(fix: string): { text: string; command: boolean } | null {
  if (fix.startsWith('(fix not rendered')) return null;
  const raw = fix.split('\n').filter((l) => l.trim() !== '');
  const comment = /^\s*(rem\b|#|::)/i;
  // Variables set for the lines below (`set "NEWHASH=…"`, `$hash = '…'`) are no step.
  const assignment = /^\s*(set\s+"?[A-Za-z_][\w]*=|\$[A-Za-z_][\w]*\s*=[^=])/i;
  const placeholders = new Map<string, number>();
  raw.forEach((l, i) => {
    const m =
      /^\s*set "([A-Za-z_]\w*)=[^"]*-here"\s*$/i.exec(l) ??
      /^\s*\$([A-Za-z_]\w*)\s*=\s*'[^']*-here'\s*$/.exec(l);
    if (m) placeholders.set(m[1]!.toLowerCase(), i);
  });
  const commands = raw.filter((l) => !comment.test(l));
  const command = commands.find((l) => !assignment.test(l)) ?? commands[0];
  if (command !== undefined) {
    const uses = [...placeholders].find(([name]) =>
      new RegExp(`%${name}%|\\$${name}\\b`, 'i').test(command),
    );
    const ask = uses ? raw[uses[1] - 1] : undefined;
    if (ask !== undefined && comment.test(ask))
      return { text: ask.replace(comment, '').trim(), command: false };
    return { text: command.trim(), command: true };
  }
  const guidance: string[] = [];
  for (const line of raw) {
    const text = line.replace(comment, '');
    if (/^\s*(or|或者|或)\s*[:：]/i.test(text)) break;
    // Commented commands are indented under their instruction.
    if (/^\s{2,}\S/.test(text)) continue;
    if (text.trim()) guidance.push(text.trim());
  }
  const last = guidance.at(-1);
  return last === undefined ? null : { text: last, command: false };
}

/** The text of the first step (see firstStepOf). */
export const firstStep = (fix: string): string | null => firstStepOf(fix)?.text ?? null;

/** An area's name in the reader's language (its folder name when no translation exists). */
export const areaTitle = (area: string, lang: Lang): string => {
  const key = `area.${area}`;
  const text = tAny(key, lang);
  return text === key ? area : text;
};

const listOf = (items: string[], lang: Lang): string => items.join(lang === 'zh-CN' ? '、' : ', ');

/** What to collect in words, with the id a collector log names: `a or b` alternatives listed once each. */
function collectText(collect: (string | string[])[], lang: Lang): string {
  return listOf(
    [...new Set(collect.flat())].map((id) => `${artifactWords(id, lang)} (${id})`),
    lang,
  );
}

/** `first and N more` over a list, in the reader's language. */
function firstAndMore(items: string[], lang: Lang, keep = 2): string {
  const shown = listOf(items.slice(0, keep), lang);
  return items.length <= keep
    ? shown
    : tAny('verdict.andMore', lang)
        .replace('{first}', () => shown)
        .replace('{n}', String(items.length - keep));
}

/** One partly checked area: its rules, the entities they could not decide for, the first reason. */
function partlyItem(p: Coverage['partial'][number], lang: Lang): string {
  const quote = (x: string): string => (lang === 'zh-CN' ? `“${x}”` : `"${x}"`);
  const rules = [...new Set(p.gaps.map((g) => quote(g.title[lang])))];
  const entities = [...new Set(p.gaps.map((g) => g.entityKey))];
  return tAny('verdict.partlyItem', lang)
    .replace('{area}', () => areaTitle(p.area, lang))
    .replace('{rules}', () => firstAndMore(rules, lang, 1))
    .replace('{entities}', () => firstAndMore(entities, lang, 3))
    .replace('{why}', () => p.gaps[0]!.why[lang].replace(/[.。]\s*$/, ''));
}

function buildVerdict(
  findings: ReportFinding[],
  coverage: Coverage | null,
  facts: Facts,
  lang: Lang,
  now: Date,
  changed: ChangedFile[] = [],
): Verdict {
  const fill = (key: string, values: Record<string, string>): string =>
    tAny(key, lang).replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
  // Events of unknown age (no collection time, judge5 T4/T5) were not judged: not "no problem found".
  const undated = facts.eventGroups.some((g) => g.ageUnknown === true);
  const ageUnknown = (f: ReportFinding): boolean =>
    f.entity.scope === 'eventGroup' &&
    facts.eventGroups.some((g) => g.key === f.entity.key && g.ageUnknown === true);
  const undatedText = undated ? t('verdict.eventsUndated', lang) : null;
  // An area a rule of which could not decide for one of its entities is "partly checked", never
  // "no problem found" (judge6 T2/S13/M12): the gap says what is unknown and what to collect.
  const partial = coverage?.partial ?? [];
  const partlyText = partial.length
    ? fill('verdict.partly', {
        items: listOf(
          partial.map((p) => partlyItem(p, lang)),
          lang,
        ),
      })
    : null;
  // Two listener sources naming different owners of a port: neither is taken (judge6 p49).
  const source = { netstat: 'netstat', 'tcp-listeners': 'Get-NetTCPConnection' } as const;
  const disputes = facts.listeners
    .filter((l) => l.blocksHttps && l.ownerDisputed !== null && l.sources.length === 1)
    .map((l) =>
      fill('verdict.listenerDisputeItem', {
        source: source[l.sources[0]!],
        owner: l.ownerLabel,
        endpoint: l.endpoint,
        other: source[l.sources[0] === 'netstat' ? 'tcp-listeners' : 'netstat'],
        otherOwner: l.ownerDisputed!,
      }),
    );
  const disputedText = disputes.length
    ? fill('verdict.listenersDisputed', { items: listOf(disputes, lang) })
    : null;
  const evaluatedAreas = (coverage?.evaluated ?? [])
    .filter((a) => !(undated && a === 'events') && !(disputedText && a === 'network'))
    .filter((a) => !partial.some((p) => p.area === a))
    .map((a) => areaTitle(a, lang));
  const notChecked = (coverage?.notEvaluated ?? []).map((n) => ({
    area: n.area,
    title: areaTitle(n.area, lang),
    collect: n.collect,
  }));
  const notCheckedRules = notChecked.length
    ? fill('verdict.notChecked', {
        areas: listOf(
          notChecked.map((n) => n.title),
          lang,
        ),
        collect: collectText(
          notChecked.flatMap((n) => n.collect),
          lang,
        ),
      })
    : null;
  const notCheckedText =
    [partlyText, notCheckedRules, undatedText, disputedText]
      .filter((x): x is string => x !== null)
      .join('; ') || null;
  // A sentence of its own under a root cause; after "No problem found in …;" in the clean case.
  const notCheckedLine = notCheckedText
    ? notCheckedText.charAt(0).toUpperCase() + notCheckedText.slice(1)
    : null;
  const hostConflicts = (facts.host.conflicts ?? []).map((c) => ({
    ...c,
    title: t(`hostConflict.${c.aspect}`, lang),
  }));
  const codes = notChecked.length
    ? [...new Set(notChecked.flatMap((n) => n.collect).flat()), 'tls-doctor collector']
    : [];
  const age = evidenceAgeDays(facts.host, now);
  const stale =
    age !== null && age > STALE_DAYS
      ? {
          days: age,
          line: fill('verdict.stale', {
            n: String(age),
            date: facts.host.collectedAt!.slice(0, 10),
          }),
        }
      : null;
  const base = {
    evaluatedAreas,
    notChecked,
    notCheckedLine,
    codes,
    hostConflicts,
    stale,
    changedFiles: changed,
  };
  if (coverage && !hasEvidence(coverage))
    return {
      ...base,
      kind: 'no-evidence',
      headline: t('verdict.noEvidence', lang),
      rootCause: null,
    };
  // A low finding is advice (hardening, hygiene), not why HTTPS fails: it is never the root cause.
  // One on events of unknown age is the probable cause only if they are current (judge6 S1).
  const cause = (f: ReportFinding): boolean =>
    f.explainedBy === null && f.severity !== 'info' && f.severity !== 'low';
  const index = findings.findIndex((f) => cause(f) && !ageUnknown(f));
  const root = index >= 0 ? findings[index]! : null;
  const probable = root ? null : (findings.find((f) => cause(f) && ageUnknown(f)) ?? null);
  if (probable) {
    const group = facts.eventGroups.find((g) => g.key === probable.entity.key);
    return {
      ...base,
      kind: 'problems',
      headline: `${fill('verdict.probableIfCurrent', {
        title: probable.title,
        entity: probable.entity.name ?? probable.entity.key,
        last: group?.lastSeen ?? '?',
      })}${notCheckedRules ? `; ${notCheckedRules}` : ''}${lang === 'zh-CN' ? '。' : '.'}`,
      rootCause: null,
    };
  }
  if (root) {
    return {
      ...base,
      kind: 'problems',
      // Evidence edited after collection is no confident root cause (judge6 p49).
      headline:
        fill(root.changedEvidence?.length ? 'verdict.rootCauseChanged' : 'verdict.rootCause', {
          files: listOf(root.changedEvidence ?? [], lang),
          title: root.title,
          entity: root.entity.name ?? root.entity.key,
        }) +
        ageBasisNote(root, facts, lang) +
        mixedHostsNote(root, facts, lang),
      rootCause: {
        index,
        ruleId: root.ruleId,
        title: root.title,
        severity: root.severity,
        entity: root.entity.key,
        firstStep: firstStep(root.fix),
        firstStepIsCommand: firstStepOf(root.fix)?.command ?? false,
        symptoms: root.alsoSeen.length,
      },
    };
  }
  const advice = findings.filter((f) => f.explainedBy === null && f.severity === 'low').length;
  const clean =
    !evaluatedAreas.length && notCheckedLine
      ? `${notCheckedLine}${lang === 'zh-CN' ? '。' : '.'}`
      : evaluatedAreas.length && notCheckedText
        ? `${fill('verdict.cleanIn', { areas: listOf(evaluatedAreas, lang) })}; ${notCheckedText}`
        : t('verdict.clean', lang);
  const headline = advice ? `${clean} ${fill('verdict.advice', { n: String(advice) })}` : clean;
  return { ...base, kind: 'clean', headline, rootCause: null };
}

/**
 * How a root cause on events without a collection time was dated (judge6 S1): the zip's file times
 * are an estimate, and an event within the window of the run date is current whatever the
 * collection time was. Empty for every other root cause.
 */
function ageBasisNote(root: ReportFinding, facts: Facts, lang: Lang): string {
  if (root.entity.scope !== 'eventGroup') return '';
  const g = facts.eventGroups.find((x) => x.key === root.entity.key);
  if (g?.ageBasis === 'file-times' && g.ageEvidence)
    return tAny('verdict.ageFileTimes', lang).replace('{at}', g.ageEvidence.at);
  if (g?.ageBasis === 'run-date') return tAny('verdict.ageRunDate', lang);
  return '';
}

/**
 * A root cause whose evidence comes from files that name different machines (judge6 S7) says so:
 * " — built from files of more than one server: WEB01 (sslcert.txt), WEB02 (web02-event.txt)".
 */
function mixedHostsNote(root: ReportFinding, facts: Facts, lang: Lang): string {
  const files = new Set(root.evidence.map((e) => e.path));
  const hosts = (facts.host.conflicts ?? [])
    .filter((c) => c.aspect === 'name')
    .flatMap((c) => c.values)
    .map((v) => ({ value: v.value, files: v.files.filter((f) => files.has(f)) }))
    .filter((v) => v.files.length > 0);
  if (hosts.length < 2) return '';
  const list = hosts
    .map((h) => `${h.value} (${h.files.join(', ')})`)
    .join(lang === 'zh-CN' ? '、' : ', ');
  return tAny('verdict.mixedHosts', lang).replace('{hosts}', list);
}

function reportFinding(f: Finding, all: readonly Finding[], lang: Lang): ReportFinding {
  const count = (e: Record<string, unknown>): number | null =>
    typeof e['count'] === 'number' ? e['count'] : null;
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    scenario: f.scenario,
    area: f.area,
    title: f.title[lang],
    entity: {
      scope: f.scope,
      key: f.entityKey,
      name: entityName(f.scope, f.entityKey, f.entity, lang),
      kind: scopeWords(f.scope, lang),
    },
    explanation: f.explanation[lang],
    evidence: f.evidence.map((e) => readableEvidence(e, lang)),
    assumed: f.evidence.length === 0 ? assumedBasis(f.scope, f.entity, lang) : null,
    fix: f.fix[lang],
    fixShell: f.fixShell,
    references: f.references,
    explainedBy: f.explainedBy
      ? { ruleId: f.explainedBy.ruleId, entity: f.explainedBy.entityKey }
      : null,
    alsoSeen: all
      .filter((s) => s.explainedBy?.ruleId === f.ruleId && s.explainedBy.entityKey === f.entityKey)
      .map((s) => ({
        ruleId: s.ruleId,
        title: s.title[lang],
        severity: s.severity,
        entity: s.entityKey,
        count: count(s.entity),
      })),
    alsoOn: (f.twins ?? []).map((x) => x.entityKey),
  };
}

export function buildReportModel(
  input: { parsed: ParsedBundle; facts: Facts; evaluation: Evaluation; coverage?: Coverage },
  opts: ModelOptions,
): ReportModel {
  const { parsed, facts, evaluation } = input;
  const lang = opts.lang;
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of evaluation.findings) counts[f.severity]++;
  const worst = SEVERITIES.find((s) => counts[s] > 0) ?? null;
  const problemsByKey = new Map<string, string[]>();
  for (const f of evaluation.findings) {
    const k = `${f.scope}|${f.entityKey}`;
    problemsByKey.set(k, [...(problemsByKey.get(k) ?? []), f.ruleId]);
  }
  const { evidence: _e, key: _k, ...host } = facts.host;
  const changed = changedFiles(parsed);
  const changedPaths = new Set(changed.map((c) => c.path));
  const findings = evaluation.findings.map((f) => {
    const r = reportFinding(f, evaluation.findings, lang);
    const paths = changedEvidence(r.evidence, changedPaths);
    return paths.length ? { ...r, changedEvidence: paths } : r;
  });
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'tls-doctor', version: opts.toolVersion },
    generatedAt: opts.now.toISOString(),
    lang,
    input: { source: parsed.source, kind: parsed.kind },
    host,
    summary: {
      worst,
      counts,
      evaluatedRules: evaluation.evaluated.length,
      notEvaluatedRules: evaluation.notEvaluated.length,
    },
    verdict: buildVerdict(findings, input.coverage ?? null, facts, lang, opts.now, changed),
    coverage: input.coverage ?? null,
    findings,
    notEvaluated: evaluation.notEvaluated.map((n) => ({
      ruleId: n.ruleId,
      severity: n.severity,
      title: n.title[lang],
      missing: n.missing,
      ...(n.unknownFor
        ? { unknownFor: n.unknownFor.map((u) => ({ entityKey: u.entityKey, why: u.why[lang] })) }
        : {}),
    })),
    toCollect: toCollect(evaluation.notEvaluated, lang),
    eventTimeline: timelineData(facts.eventGroups),
    inventories: INVENTORIES.map((inv) => {
      return {
        id: inv.id,
        title: inv.title[lang],
        headers: inv.columns.map((c) => c.header[lang]),
        rows: inv.rows(facts).map((row) => ({
          key: row.key,
          cells: inv.columns.map((c) => cellText(c.cell(row, lang))),
          problems: [
            ...new Set([
              ...(problemsByKey.get(`${inv.scope}|${row.key}`) ?? []),
              ...(inv.related?.(row) ?? []).flatMap(
                (r) => problemsByKey.get(`${r.scope}|${r.key}`) ?? [],
              ),
            ]),
          ],
        })),
      };
    }),
    artifacts: parsed.artifacts.map((a) => ({
      id: a.id,
      status: a.status,
      reason: a.reason,
      reasonText: reasonText(a, lang),
      collected: a.manifest
        ? {
            source: a.manifest.source ?? null,
            exitCode: a.manifest.exitCode ?? null,
            durationMs: a.manifest.durationMs ?? null,
            stderr: a.manifest.stderr?.trim() || null,
          }
        : null,
      files: a.files.map((f) => ({
        path: f.path,
        encoding: f.encoding,
        matchedBy: f.matchedBy,
        issues: f.issues.map((i) => ({
          ...i,
          text: issueText(i, lang),
          where: issueWhere(i, lang),
        })),
      })),
    })),
    unrecognized: parsed.unrecognized.map(withEvtxReason).map((u) => ({
      path: u.path,
      reason: u.reason,
      text: entryText('unrecognized', u, lang),
    })),
    skipped: parsed.skipped.map((e) => ({
      path: e.path,
      reason: e.reason,
      text: entryText('skip', e, lang),
    })),
    // A file changed after collection is a finding about the manifest too (judge6 p49).
    manifestIssues: [...parsed.manifestIssues, ...changedFileIssues(parsed)].map((i) => ({
      code: i.code,
      severity: i.severity,
      message: i.message,
      text: issueText(i, lang),
    })),
  };
}
