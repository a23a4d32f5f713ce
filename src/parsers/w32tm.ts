/**
 * `w32tm /query /status /verbose` — the Windows Time service's view of the system clock.
 *
 *   Leap Indicator: 3(not synchronized)
 *   Stratum: 0 (unspecified)
 *   Precision: -23 (119.209ns per tick)
 *   Root Delay: 0.0000000s
 *   Root Dispersion: 0.0000000s
 *   ReferenceId: 0x00000000 (unspecified)
 *   Last Successful Sync Time: unspecified
 *   Source: Local CMOS Clock
 *   Poll Interval: 6 (64s)
 *
 *   Phase Offset: -0.0000013s            (these lines only with /verbose)
 *   ClockRate: 0.0156250s
 *   State Machine: 2 (Sync)
 *   Time Source Flags: 3 (Authenticated Hardware )
 *   Server Role: 0 (None)
 *   Last Sync Error: 0 (The command completed successfully.)
 *   Time since Last Good Sync Time: 15.7344985s
 *
 * Leap Indicator 3 and Stratum 0 mean "not synchronized"; Source `Local CMOS Clock` /
 * `Free-running System Clock` means nothing disciplines the clock. Phase Offset is the offset of
 * the LAST sample (stored, not live). When the service is stopped w32tm prints one line,
 * `The following error occurred: The service has not been started. (0x80070426)`: read by its code.
 *
 * Labels and the texts in parentheses are localized. Only the English labels are known (seen in
 * real output, see w32tm.samples.md); numbers are read wherever a label is known. Output in
 * another language is NOT guessed at: an `unknown-labels` issue says so and the fields stay null
 * (the clock's state is then "cannot tell"). The date of Last Successful Sync Time is in the
 * server's locale and kept as text. A paste with several runs keeps the last one.
 */
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import {
  isElision,
  isFence,
  isPromptLine,
  labelKey,
  splitLabelValue,
  stripBullet,
  unquote,
} from './text-cleanup.js';
import { ERROR_LINE } from './w32tm.sniff.js';
import { w32tmRecognizer } from './sniffs.js';

export type W32tmField =
  | 'leapIndicator'
  | 'stratum'
  | 'precision'
  | 'rootDelay'
  | 'rootDispersion'
  | 'referenceId'
  | 'lastSuccessfulSyncTime'
  | 'source'
  | 'pollInterval'
  | 'phaseOffset'
  | 'clockRate'
  | 'stateMachine'
  | 'timeSourceFlags'
  | 'serverRole'
  | 'lastSyncError'
  | 'timeSinceLastGoodSync';

/** Label → field, with where each label was seen (never a guessed translation). */
export const W32TM_LABELS: readonly {
  field: W32tmField;
  locale: string;
  label: string;
  source: string;
}[] = [
  ['leapIndicator', 'Leap Indicator'],
  ['stratum', 'Stratum'],
  ['precision', 'Precision'],
  ['rootDelay', 'Root Delay'],
  ['rootDispersion', 'Root Dispersion'],
  ['referenceId', 'ReferenceId'],
  ['lastSuccessfulSyncTime', 'Last Successful Sync Time'],
  ['source', 'Source'],
  ['pollInterval', 'Poll Interval'],
  ['phaseOffset', 'Phase Offset'],
  ['clockRate', 'ClockRate'],
  ['stateMachine', 'State Machine'],
  ['timeSourceFlags', 'Time Source Flags'],
  ['serverRole', 'Server Role'],
  ['lastSyncError', 'Last Sync Error'],
  ['timeSinceLastGoodSync', 'Time since Last Good Sync Time'],
].map(([field, label]) => ({
  field: field as W32tmField,
  locale: 'en',
  label: label!,
  source: 'real: w32tm.sample.en-msdocs-verbose-vm-ic-provider.txt',
}));

const LABEL_INDEX = new Map(W32TM_LABELS.map((l) => [labelKey(l.label), l.field]));

export interface W32tmStatus {
  /** 0 no warning … 3 not synchronized. */
  leapIndicator: number | null;
  stratum: number | null;
  referenceId: string | null;
  /** As printed (server locale), or `unspecified`. */
  lastSuccessfulSyncTime: string | null;
  /** `Last Successful Sync Time: unspecified` (English): never synchronized since the service started. */
  neverSynchronized: boolean;
  source: string | null;
  pollIntervalSeconds: number | null;
  rootDispersionSeconds: number | null;
  /** Offset of the last sample, seconds (verbose only). */
  phaseOffsetSeconds: number | null;
  /** 0 Unset, 1 Hold, 2 Sync (verbose only). */
  stateMachine: number | null;
  /** The number before the text, e.g. `0` or `0x800705B4`. */
  lastSyncError: string | null;
  timeSinceLastGoodSyncSeconds: number | null;
  /** An error line instead of the status, by its HRESULT (`0x80070426` = the service is not started). */
  errorCode: string | null;
  /** Labels read / labels seen that the parser does not know. */
  knownLabels: number;
  unknownLabels: string[];
  /** Each field's line. */
  fieldEvidence: Partial<Record<W32tmField | 'error', EvidenceRef>>;
  /** The whole (last) run. */
  evidence: EvidenceRef | null;
}

export type W32tmIssueCode =
  'unknown-labels' | 'invalid-value' | 'multiple-runs' | 'unrecognized-line' | 'empty-input';

/** The leading (signed) number of a value: `-23 (119.209ns per tick)` → -23, `0.0062216s` → 0.0062216. */
function leadingNumber(v: string): number | null {
  const m = /^([-+]?\d+(?:[.,]\d+)?)/.exec(v.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** `6 (64s)` → 64; the seconds in parentheses are what the exponent means. */
function pollSeconds(v: string): number | null {
  const m = /\((\d+)\s*s\)/.exec(v);
  return m ? Number(m[1]) : null;
}

function emptyStatus(): W32tmStatus {
  return {
    leapIndicator: null,
    stratum: null,
    referenceId: null,
    lastSuccessfulSyncTime: null,
    neverSynchronized: false,
    source: null,
    pollIntervalSeconds: null,
    rootDispersionSeconds: null,
    phaseOffsetSeconds: null,
    stateMachine: null,
    lastSyncError: null,
    timeSinceLastGoodSyncSeconds: null,
    errorCode: null,
    knownLabels: 0,
    unknownLabels: [],
    fieldEvidence: {},
    evidence: null,
  };
}

export function parseW32tm(input: TextInput): ParseResult<W32tmStatus, W32tmIssueCode> {
  const issues: ParseIssue<W32tmIssueCode>[] = [];
  const src = { artifactId: input.artifactId, path: input.path, lines: input.lines };
  let runs = 0;
  let cur: W32tmStatus | null = null;
  let start = 0;
  let end = 0;
  let last: W32tmStatus | null = null;
  let unrecognized = 0;
  const close = (): void => {
    if (cur) {
      cur.evidence = lineEvidence(src, start, end);
      last = cur;
    }
    cur = null;
  };

  for (let i = 0; i < input.lines.length; i++) {
    const lineNo = i + 1;
    const raw = stripBullet(unquote(input.lines[i]!));
    const line = raw.trim();
    if (line === '' || isFence(line) || isElision(line) || isPromptLine(raw)) continue;
    if (/^w32tm(\.exe)?\s/i.test(line)) continue;
    const lv = splitLabelValue(line);
    const field = lv ? LABEL_INDEX.get(labelKey(lv.label)) : undefined;
    const err = field ? null : ERROR_LINE.exec(line);
    if (err) {
      close();
      runs++;
      cur = emptyStatus();
      cur.errorCode = err[1]!.toLowerCase();
      cur.fieldEvidence.error = lineEvidence(src, lineNo, lineNo);
      start = end = lineNo;
      close();
      continue;
    }
    if (!lv || lv.label === '') {
      unrecognized++;
      if (unrecognized <= 20)
        issues.push(
          issue('unrecognized-line', `not a "Label: value" line: ${line.slice(0, 60)}`, {
            line: lineNo,
          }),
        );
      continue;
    }
    // A new run starts at its first line (Leap Indicator), or at a field already seen.
    if (!cur || field === 'leapIndicator' || (field && cur.fieldEvidence[field])) {
      close();
      runs++;
      cur = emptyStatus();
      start = lineNo;
    }
    end = lineNo;
    const s: W32tmStatus = cur;
    if (!field) {
      if (s.unknownLabels.length < 20) s.unknownLabels.push(lv.label.slice(0, 60));
      continue;
    }
    s.knownLabels++;
    s.fieldEvidence[field] = lineEvidence(src, lineNo, lineNo);
    const v = lv.value;
    const num = leadingNumber(v);
    const bad = (): void => {
      issues.push(
        issue('invalid-value', `${lv.label}: "${v.slice(0, 40)}" is not a number`, {
          line: lineNo,
        }),
      );
    };
    switch (field) {
      case 'leapIndicator':
        if (num === null || num < 0 || num > 3) bad();
        else s.leapIndicator = num;
        break;
      case 'stratum':
        if (num === null || num < 0 || num > 255) bad();
        else s.stratum = num;
        break;
      case 'referenceId':
        s.referenceId = v.split(/\s/)[0] ?? null;
        break;
      case 'lastSuccessfulSyncTime':
        s.lastSuccessfulSyncTime = v;
        s.neverSynchronized = /^unspecified$/i.test(v);
        break;
      case 'source':
        s.source = v === '' ? null : v;
        break;
      case 'pollInterval':
        s.pollIntervalSeconds = pollSeconds(v);
        break;
      case 'rootDispersion':
        if (num === null) bad();
        else s.rootDispersionSeconds = num;
        break;
      case 'phaseOffset':
        if (num === null) bad();
        else s.phaseOffsetSeconds = num;
        break;
      case 'stateMachine':
        if (num === null) bad();
        else s.stateMachine = num;
        break;
      case 'lastSyncError':
        s.lastSyncError = /^(0x[0-9a-f]+|\d+)/i.exec(v)?.[1] ?? null;
        break;
      case 'timeSinceLastGoodSync':
        if (num === null) bad();
        else s.timeSinceLastGoodSyncSeconds = num;
        break;
      default:
        break;
    }
  }
  close();
  const result: W32tmStatus = last ?? emptyStatus();
  if (runs > 1)
    issues.push(
      issue(
        'multiple-runs',
        `${runs} runs of w32tm found; the last one is read`,
        { line: result.evidence?.lines?.start ?? 1 },
        'info',
      ),
    );
  if (result.errorCode === null && result.knownLabels === 0 && result.unknownLabels.length > 0)
    issues.push(
      issue(
        'unknown-labels',
        `labels in a language this parser does not know (${result.unknownLabels.slice(0, 3).join(', ')}): nothing read, the clock's state is not guessed. Collect again with an English display language, or paste the output in English`,
        { line: result.evidence?.lines?.start ?? 1 },
      ),
    );
  else if (result.unknownLabels.length > 0 && result.knownLabels < 4)
    issues.push(
      issue(
        'unknown-labels',
        `only ${result.knownLabels} known label(s); not understood: ${result.unknownLabels.slice(0, 3).join(', ')}`,
        { line: result.evidence?.lines?.start ?? 1 },
      ),
    );
  if (runs === 0 && unrecognized === 0)
    issues.push(issue('empty-input', 'no w32tm output found', {}, 'error'));
  return { value: result, issues };
}

export const w32tmParser: TextParser<W32tmStatus, 'time.w32tm'> = {
  ...w32tmRecognizer,
  describe: 'w32tm /query /status /verbose',
  parse: parseW32tm,
};
