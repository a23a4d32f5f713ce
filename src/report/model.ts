/**
 * The report model: one language-resolved, JSON-serialisable view of an analysis. The JSON
 * output is this model; the HTML and Markdown renderers read only this model.
 */
import type { ParsedBundle } from '../artifacts/load.js';
import type { Coverage } from '../engine/coverage.js';
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
import { exposedKeys, type ExposedKey } from './exposed-keys.js';
import {
  changedEvidence,
  changedFileIssues,
  changedFiles,
  type ChangedFile,
} from './changed-files.js';
import { deniedCommands, refusedEntries, type DeniedCommand } from './verdict-denied.js';
import { timelineData, type TimelineData } from './timeline.js';
import {
  areaTitle,
  artifactWords,
  buildVerdict,
  captureReadCaveat,
  evidenceAgeDays,
  firstStep,
  firstStepOf,
  STALE_DAYS,
} from './verdict-build.js';

export { areaTitle, artifactWords, evidenceAgeDays, firstStep, firstStepOf, STALE_DAYS };

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
  /**
   * A cause shown at the severity of the worse symptom it explains (src/engine/explains.ts): its
   * rule's own severity, that symptom, and the sentence saying so; null otherwise.
   */
  severityRaised?: { from: Severity; ruleId: string; entity: string; text: string } | null;
  /**
   * Every HTTP.sys entry it is about is one no IIS site uses (src/engine/unused-endpoints.ts):
   * those entries, the severity it had before it was capped (null when not), and the sentence.
   */
  noSiteUses?: { endpoints: string[]; from: Severity | null; text: string } | null;
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
    /**
     * Other critical causes nothing explains, each blocking on its own, in the findings' order
     * (judge14 M1): the headline names them all; firstStep stays this cause's.
     */
    alsoCauses?: { index: number; ruleId: string; entity: string }[];
    /** Why its severity is its worst symptom's, not its rule's (src/engine/explains.ts); null when not raised. */
    severityRaised?: string | null;
  } | null;
  /** Rule areas evaluated / not checked, in the report's language. */
  evaluatedAreas: string[];
  notChecked: { area: string; title: string; collect: (string | string[])[] }[];
  /** Commands that failed for want of rights (access denied, elevation required): src/report/verdict-denied.ts. */
  denied: DeniedCommand[];
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
  /** `--as-of` given on a bundle whose manifest dates the evidence on another day: the manifest's
   * time was used, and this line says so (judge7 M3); null otherwise. */
  asOfNote: string | null;
  /** Private keys found in the evidence (left out of every output; to be revoked: judge7 T1). */
  privateKeys: ExposedKey[];
  /** Evidence that is there but could not be read (a capture that is no pcap, or damaged): the
   * verdict is then never shown as all clear (judge12 T1). */
  evidenceUnread?: boolean;
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
    severityRaised: f.severityRaised ? raisedNote(f, all, lang) : null,
    noSiteUses: f.noSiteUses ? unusedNote(f.noSiteUses, lang) : null,
  };
}

/** "Lowered from critical: no IIS site uses 0.0.0.0:443 …" in the report's language. */
function unusedNote(
  u: NonNullable<Finding['noSiteUses']>,
  lang: Lang,
): NonNullable<ReportFinding['noSiteUses']> {
  const text = tAny('findings.noSiteUses', lang).replace('{endpoints}', () =>
    u.endpoints.join(', '),
  );
  return {
    ...u,
    text: u.from
      ? `${tAny('findings.loweredFrom', lang).replace('{from}', () => t(`severity.${u.from!}`, lang))}${lang === 'zh-CN' ? '' : ' '}${text}`
      : text,
  };
}

/** "Raised from medium because it explains “…” (high)." in the report's language. */
function raisedNote(
  f: Finding,
  all: readonly Finding[],
  lang: Lang,
): NonNullable<ReportFinding['severityRaised']> {
  const r = f.severityRaised!;
  const by = all.find((x) => x.ruleId === r.by.ruleId && x.entityKey === r.by.entityKey);
  return {
    from: r.from,
    ruleId: r.by.ruleId,
    entity: r.by.entityKey,
    text: tAny('findings.severityRaised', lang)
      .replace('{from}', () => t(`severity.${r.from}`, lang))
      .replace('{symptom}', () => by?.title[lang] ?? r.by.ruleId)
      .replace('{severity}', () => t(`severity.${f.severity}`, lang)),
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
    verdict: {
      ...buildVerdict(
        findings,
        input.coverage ?? null,
        facts,
        lang,
        opts.now,
        changed,
        deniedCommands(parsed),
        refusedEntries(parsed, lang),
        parsed.manifestIssues,
      ),
      privateKeys: exposedKeys(parsed, lang),
    },
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
      ...(captureLogStatus(a, facts, lang) ?? {
        status: a.status,
        reason: a.reason,
        reasonText: reasonText(a, lang),
      }),
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

/**
 * A capture the reader could not read, or whose packets the snap length cut before any TLS
 * record, is not "parsed" in the collection log: its status and reason say what the verdict says
 * (judge13 M5). Nothing when its handshakes were read.
 */
function captureLogStatus(
  a: ParsedBundle['artifacts'][number],
  facts: Facts,
  lang: Lang,
): { status: string; reason: string; reasonText: LogText } | null {
  if (a.id !== 'capture.pcap' || (a.status !== 'parsed' && a.status !== 'partial')) return null;
  const paths = new Set(a.files.map((f) => f.path));
  const files = (facts.captureFiles ?? []).filter((f) => paths.has(f.path));
  const read = captureReadCaveat(files, lang);
  if (!read || (read.status === 'partial' && files.some((f) => f.tlsConnections > 0))) return null;
  const en = lang === 'en' ? read : captureReadCaveat(files, 'en')!;
  return { status: read.status, reason: en.text, reasonText: { text: read.text, codes: [] } };
}
