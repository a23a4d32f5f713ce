/**
 * What the verdict rests on. An area (the rule folder: certificates, events, httpsys, …) is
 * evaluated when at least one of its rules had its evidence; an area none of whose rules could
 * run is "not checked", with the evidence that would let them run — and so is an area a rule of
 * which waits on a file that was given but could not be read. "No problem found" is only
 * ever said of the evaluated areas, and with no usable file at all there is no verdict.
 */
import type { ParsedBundle } from '../artifacts/load.js';
import type { FileLook } from '../artifacts/describe.js';
import { UNREADABLE_CONTENT } from '../artifacts/unreadable-content.js';
import type { Evaluation } from './evaluate.js';
import { severityRank, type Localized, type Rule, type Severity } from './rule.js';

export interface CoverageGap {
  ruleId: string;
  severity: Severity;
  title: Localized;
  entityKey: string;
  why: Localized;
}

export interface Coverage {
  /** Rule areas with at least one evaluated rule, in rule-folder order. */
  evaluated: string[];
  /** Areas no rule of which could be evaluated, and what to collect for them. */
  notEvaluated: { area: string; collect: (string | string[])[] }[];
  /**
   * Evaluated areas with gaps (judge6 T2/S13/M12): a rule of the area had its evidence but could
   * not decide for an entity (`unknownWhen`, evidence cut off). Such an area is "partly checked",
   * never "no problem found"; each gap names the rule, the entity and what is unknown.
   */
  partial: { area: string; gaps: CoverageGap[] }[];
  /** Files that are no artifact the analyzer knows, with what they look like. */
  unrecognisedFiles: FileLook[];
  /** Recognised files that yielded something usable. */
  usableFiles: number;
  /**
   * Those files, with the artifact each was read as, and the parser's note when the file is of
   * that format but not what the artifact means (an icacls listing of a content folder).
   */
  recognisedFiles: { path: string; artifactId: string; note?: { code: string; message: string } }[];
  /**
   * Recognised files that yielded nothing (parser failed), with the reason; `unreadable` when the
   * file holds nothing of its artifact (binary, another kind of file: judge13 T1), with the
   * command that would collect it again.
   */
  failedFiles: {
    path: string;
    artifactId: string;
    reason: string;
    unreadable?: { command: string };
  }[];
}

/**
 * Areas whose "no problem found" needs their own kind of evidence: a rule of the events area that
 * reads only the registry (schannel-event-logging-limited) ran on a .reg file alone, and the
 * headline said "no problem found in events" with no event log given (judge9 M4).
 */
const OWN_EVIDENCE: Readonly<Record<string, RegExp>> = { events: /^events\./ };

/** Parse notes saying a file has the artifact's format but not its subject (judge9 M5). */
const NOT_THE_ARTIFACT: ReadonlySet<string> = new Set(['not-key-path', 'iis-express']);

/**
 * `emptyScopes`: scopes whose rules had their evidence but nothing to judge — no certificate was
 * read at all (judge c04: an icacls listing and a binding made "no problem found in
 * certificates"). A rule over such a scope checked nothing, so it does not make its area evaluated.
 */
export function buildCoverage(
  rules: readonly Rule[],
  evaluation: Pick<Evaluation, 'evaluated' | 'notEvaluated'>,
  parsed: ParsedBundle,
  unrecognisedFiles: FileLook[],
  emptyScopes: ReadonlySet<string> = new Set(),
): Coverage {
  const areas = [...new Set(rules.map((r) => r.area))].sort();
  const evaluatedIds = new Set(evaluation.evaluated);
  const ruleArea = new Map(rules.map((r) => [r.id, r.area]));
  // A file that was given but could not be read (an elevation error, a parse failure) is not a
  // clean state: an area with a rule waiting on it is not "no problem found", whatever else ran.
  // So is a command the collector ran and saw fail (not elevated: judge9 T1): it has no file, and
  // an area a rule of which waits only on such commands was not looked at.
  const ranAndFailed = new Set(
    parsed.artifacts
      .filter((a) => a.status === 'not-collected' && a.manifest?.status === 'failed')
      .map((a) => a.id),
  );
  const failedIds = new Set([
    ...parsed.artifacts
      .filter((a) => (a.status === 'failed' || a.status === 'unreadable') && a.files.length > 0)
      .map((a) => a.id),
    ...ranAndFailed,
  ]);
  const waitsOnFailed = (m: string | string[]): boolean =>
    (Array.isArray(m) ? m : [m]).some((id) => failedIds.has(id));
  const waitsOnRun = (m: string | string[]): boolean =>
    (Array.isArray(m) ? m : [m]).some((id) => ranAndFailed.has(id));
  const blocked = new Set(
    evaluation.notEvaluated
      .filter(
        (n) =>
          n.missing.some((m) => waitsOnFailed(m) && !waitsOnRun(m)) ||
          (n.missing.length > 0 && n.missing.every(waitsOnRun)),
      )
      .map((n) => ruleArea.get(n.ruleId)),
  );
  const present = parsed.artifacts
    .filter((a) => a.status === 'parsed' || a.status === 'partial')
    .map((a) => a.id);
  const evaluated = areas.filter(
    (a) =>
      !blocked.has(a) &&
      (OWN_EVIDENCE[a] === undefined || present.some((id) => OWN_EVIDENCE[a]!.test(id))) &&
      rules.some((r) => r.area === a && evaluatedIds.has(r.id) && !emptyScopes.has(r.scope)),
  );
  const notEvaluated = areas
    .filter((a) => !evaluated.includes(a))
    .map((area) => {
      const seen = new Map<string, string | string[]>();
      for (const n of evaluation.notEvaluated)
        if (ruleArea.get(n.ruleId) === area)
          for (const m of n.missing)
            if (!blocked.has(area) || waitsOnFailed(m)) seen.set(JSON.stringify(m), m);
      return { area, collect: [...seen.values()] };
    });
  const partial = evaluated
    .map((area) => ({
      area,
      gaps: evaluation.notEvaluated
        .filter((n) => ruleArea.get(n.ruleId) === area && (n.unknownFor?.length ?? 0) > 0)
        .flatMap((n) =>
          (n.unknownFor ?? []).map((u) => ({
            ruleId: n.ruleId,
            severity: n.severity,
            title: n.title,
            entityKey: u.entityKey,
            why: u.why,
          })),
        )
        // The most severe gap first: it names the reason the verdict shows.
        .sort((a, b) => severityRank(b.severity) - severityRank(a.severity)),
    }))
    .filter((p) => p.gaps.length > 0);
  const files = parsed.artifacts.flatMap((a) => a.files);
  // Files of an artifact set aside whole (two different copies in one archive) are not usable.
  const setAside = parsed.artifacts.filter((a) => a.reasonCode === 'duplicate-differs');
  const asideFiles = new Set(setAside.flatMap((a) => a.files));
  return {
    evaluated,
    notEvaluated,
    partial,
    unrecognisedFiles,
    usableFiles: files.filter((f) => f.value !== null && !asideFiles.has(f)).length,
    recognisedFiles: files
      .filter((f) => f.value !== null && !asideFiles.has(f))
      .map((f) => {
        const note = f.issues.find((i) => NOT_THE_ARTIFACT.has(i.code));
        return {
          path: f.path,
          artifactId: f.artifactId,
          ...(note && { note: { code: note.code, message: note.message } }),
        };
      }),
    failedFiles: [
      ...files
        .filter((f) => f.value === null && f.issues.some((i) => i.severity === 'error'))
        .map((f) => {
          const unread = f.issues.find((i) => i.code === UNREADABLE_CONTENT);
          return {
            path: f.path,
            artifactId: f.artifactId,
            reason: f.issues
              .filter((i) => i.severity === 'error')
              .map((i) => i.message)
              .join('; '),
            ...(unread && { unreadable: { command: String(unread.params?.['command'] ?? '') } }),
          };
        }),
      ...setAside.flatMap((a) =>
        a.files.map((f) => ({ path: f.path, artifactId: f.artifactId, reason: a.reason ?? '' })),
      ),
    ],
  };
}

/** A verdict needs a usable file and at least one rule that could judge it. */
export function hasEvidence(c: Pick<Coverage, 'usableFiles' | 'evaluated'>): boolean {
  return c.usableFiles > 0 && c.evaluated.length > 0;
}
