/**
 * The report model: one language-resolved, JSON-serialisable view of an analysis. The JSON
 * output is this model; the HTML and Markdown renderers read only this model.
 */
import type { ParsedBundle } from '../artifacts/load.js';
import type { Evaluation } from '../engine/evaluate.js';
import { SEVERITIES, type Lang, type Severity } from '../engine/rule.js';
import type { Shell } from '../engine/slots.js';
import type { Facts, HostEntity } from '../facts/model.js';
import type { EvidenceRef } from '../shared/evidence.js';
import { INVENTORIES, type Cell } from './inventories.js';
import { timelineData, type TimelineData } from './timeline.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportFinding {
  ruleId: string;
  severity: Severity;
  scenario: number | null;
  area: string;
  title: string;
  entity: { scope: string; key: string };
  explanation: string;
  evidence: EvidenceRef[];
  fix: string;
  /** The shell the fix is written for; absent in reports written before it was declared. */
  fixShell?: Shell;
  references: string[];
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
  findings: ReportFinding[];
  notEvaluated: {
    ruleId: string;
    severity: Severity;
    title: string;
    missing: (string | string[])[];
  }[];
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
    reason: string | null;
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
      }[];
    }[];
  }[];
  unrecognized: { path: string; reason: string }[];
  skipped: { path: string; reason: string }[];
  manifestIssues: { code: string; severity: string; message: string }[];
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

export function buildReportModel(
  input: { parsed: ParsedBundle; facts: Facts; evaluation: Evaluation },
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
    findings: evaluation.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      scenario: f.scenario,
      area: f.area,
      title: f.title[lang],
      entity: { scope: f.scope, key: f.entityKey },
      explanation: f.explanation[lang],
      evidence: f.evidence,
      fix: f.fix[lang],
      fixShell: f.fixShell,
      references: f.references,
    })),
    notEvaluated: evaluation.notEvaluated.map((n) => ({
      ruleId: n.ruleId,
      severity: n.severity,
      title: n.title[lang],
      missing: n.missing,
    })),
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
        issues: f.issues.map((i) => ({ ...i })),
      })),
    })),
    unrecognized: parsed.unrecognized,
    skipped: parsed.skipped,
    manifestIssues: parsed.manifestIssues.map((i) => ({
      code: i.code,
      severity: i.severity,
      message: i.message,
    })),
  };
}
