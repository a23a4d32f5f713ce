/**
 * `tasklist` parser (artifact `net.processes`): PID → image name → hosted services.
 *
 * The collector writes `tasklist /svc /fo csv`; customers also send `tasklist /fo csv`,
 * `tasklist /v /fo csv`, `/nh` (no header) variants, and the default table forms:
 *
 *   "Image Name","PID","Services"                         ← /svc /fo csv
 *   "svchost.exe","1988","W3SVC,WAS"
 *   "Image Name","PID","Session Name","Session#","Mem Usage"   ← /fo csv
 *   "python.exe","6364","Services","0","4,004 K"
 *
 *   Image Name                     PID Services             ← /svc (table)
 *   ========================= ======== ============================================
 *   svchost.exe                    776 BrokerInfrastructure, DcomLaunch, LSM,
 *                                      PlugPlay, Power, SystemEventsBroker
 *
 * Fields: image name (the table form cuts it at 25 characters: `FileZilla Server Interfac`),
 * PID, services (`N/A` or its localized form when none), session name / number, memory usage
 * with locale thousands separators (`1,702,992 K`, `1.702.992 K`, `1 702 992 K`).
 * CSV is read with papaparse, one physical line at a time (tasklist never puts a line break in a
 * field), with an explicit `,` delimiter, so that cut-off rows (an unterminated quote at the end
 * of a capture) and stray lines keep their line numbers and the other rows survive.
 * Known variations: localized headers (zh-CN 映像名称/服务, de-DE Abbildname/Dienste) — columns
 * are taken by position, the header only tells the form; `/svc` lists wrapped across lines in
 * the table form; author elisions; prompts.
 * Pasted copies (issue 17): rows without their header (`tasklist /svc | findstr w3svc`), a
 * separator line mangled by a web page (`= =====`: the header then decides the form), Markdown
 * indentation and fences, mail quoting, reflowed tabs between columns, and a blank line between
 * every row (the wrapped service lines still continue the row above them).
 */
import { settleRows } from './console-listings.js';
import Papa from 'papaparse';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { dedent, isPasteNoise, isElision, isFence, isPromptLine, unquote } from './text-cleanup.js';
import { tasklistRecognizer } from './sniffs.js';

export type TasklistIssueCode =
  | 'unrecognized-line'
  | 'invalid-value'
  | 'truncated'
  | 'empty-input'
  | 'elided'
  | 'multiple-listings';

export interface ProcessRecord {
  image: string;
  pid: number;
  /** Service short names hosted by the process (`/svc`); [] for N/A; null when the form has no services column. */
  services: string[] | null;
  sessionName: string | null;
  sessionNumber: number | null;
  memKb: number | null;
  /** True when the table form may have cut the image name (it fills the 25-character column). */
  imageTruncated: boolean;
  /** `tasklist /v`: the User Name column; absent for the other forms. */
  user?: string | null;
  evidence: EvidenceRef;
}

export interface TasklistValue {
  form: 'csv' | 'table';
  hasServices: boolean;
  elided: boolean;
  processes: ProcessRecord[];
  /** Rows a later run of tasklist in the same copy replaced (console-listings.ts): kept, not evaluated. */
  history?: ProcessRecord[];
}

/** "None" in the services column (en N/A; zh-CN 暂缺; zh-TW 無; de-DE N/Z — VERIFY de/others). */
const NO_SERVICE = /^(N\/A|暂缺|暫缺|無|N\/Z|Nicht zutreffend|Non applicable|N\/D)$/i;

const HEADER_SERVICES = /^(services|服务|服務|dienste|services?|servicios|サービス)$/i;

/**
 * A table header's last column: Services (`/svc`) → true; Mem Usage and its translations → false;
 * null for a line that is no header. Header words: en from the real samples; the others VERIFY
 * (zh-CN 服务 from the real zh-CN CSV sample; de/fr/es/ja/zh-TW from Windows' published strings).
 */
function headerTellsServices(line: string): boolean | null {
  if (!/\bPID\b/.test(line)) return null;
  const last =
    line
      .trim()
      .split(/\s{2,}|\s(?=\S+$)/)
      .pop() ?? '';
  if (HEADER_SERVICES.test(last.trim())) return true;
  if (/usage|nutzung|utilisation|uso|使用|K$/i.test(last)) return false;
  return null;
}

function services(text: string): string[] {
  const t = text.trim();
  if (t === '' || NO_SERVICE.test(t)) return [];
  return t
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function memKb(text: string | undefined): number | null {
  if (text === undefined) return null;
  const digits = text.replace(/[^\d]/g, '');
  return digits === '' ? null : Number(digits);
}

function parseTasklist(input: TextInput): ParseResult<TasklistValue, TasklistIssueCode> {
  const issues: ParseIssue<TasklistIssueCode>[] = [];
  const lines = dedent(
    input.lines.map((l) => (isFence(l) ? '' : unquote(l).replace(/\t/g, ' '))),
    isPasteNoise,
  );
  // CSV when any line is a CSV row (a sentence or prompt may come first in a pasted copy).
  const csv = lines.some((l) => /^"[^"]*","/.test(l.trim()));
  const value: TasklistValue = csv
    ? parseCsv(input, lines, issues)
    : parseTable(input, lines, issues);
  if (value.processes.length === 0) {
    issues.push(issue('empty-input', 'no process rows found'));
  }
  settleTasklistRuns(input.lines, value, issues);
  return { value, issues };
}

/** The last run of tasklist in a console copy decides (judge8 T3): earlier rows it covers are history. */
export function settleTasklistRuns(
  lines: readonly string[],
  value: TasklistValue,
  issues: ParseIssue<TasklistIssueCode>[],
): void {
  const s = settleRows(lines, 'tasklist', value.processes, (p) => p.image);
  if (s.history.length === 0) return;
  value.processes = s.rows;
  value.history = [...(value.history ?? []), ...s.history];
  issues.push(...s.issues);
}

function parseCsv(
  input: TextInput,
  lines: string[],
  issues: ParseIssue<TasklistIssueCode>[],
): TasklistValue {
  const value: TasklistValue = { form: 'csv', hasServices: false, elided: false, processes: [] };
  // Column layout, decided by the header (or by the column count with /nh).
  let layout: 'svc' | 'basic' | null = null;
  lines.forEach((line, i) => {
    const n = i + 1;
    const t = line.trim();
    if (t === '' || isPromptLine(t)) return;
    if (isElision(t)) {
      value.elided = true;
      issues.push(issue('elided', 'the output was cut here by its author', { line: n }, 'info'));
      return;
    }
    const res = Papa.parse<string[]>(t, { delimiter: ',', header: false, skipEmptyLines: true });
    const row = res.data[0];
    const unterminated = res.errors.some((e) => e.code === 'MissingQuotes');
    if (!row || row.length < 2) {
      issues.push(issue('unrecognized-line', 'line is no tasklist CSV row', { line: n }, 'info'));
      return;
    }
    const pidText = row[1]!.trim();
    if (!/^\d+$/.test(pidText)) {
      if (value.processes.length === 0 && layout === null) {
        // Header row: decide the layout from its third column.
        layout = row.length === 3 && HEADER_SERVICES.test(row[2]!.trim()) ? 'svc' : 'basic';
        return;
      }
      issues.push(issue('invalid-value', `PID "${pidText}" is not a number`, { line: n }));
      return;
    }
    layout ??= row.length === 3 ? 'svc' : 'basic';
    if (unterminated) {
      issues.push(issue('truncated', 'row ends inside a quoted field', { line: n }));
    }
    const isSvc = layout === 'svc';
    value.hasServices ||= isSvc;
    const session = row[3]?.trim();
    value.processes.push({
      image: row[0]!.trim(),
      pid: Number(pidText),
      services: isSvc ? services(row[2] ?? '') : null,
      sessionName: isSvc ? null : row[2]?.trim() || null,
      sessionNumber: isSvc || !session || !/^\d+$/.test(session) ? null : Number(session),
      memKb: isSvc || unterminated ? null : memKb(row[4]),
      imageTruncated: false,
      // /v adds Status, User Name, CPU Time, Window Title after Mem Usage.
      ...(!isSvc && row.length >= 9 && { user: row[6]!.trim() || null }),
      evidence: lineEvidence(input, n, n),
    });
  });
  return value;
}

/** Start/end columns of the `====` runs of the table's separator line. */
function columnsOf(sep: string): { start: number; end: number }[] {
  const cols: { start: number; end: number }[] = [];
  const re = /=+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sep))) cols.push({ start: m.index, end: m.index + m[0].length });
  return cols;
}

function parseTable(
  input: TextInput,
  lines: string[],
  issues: ParseIssue<TasklistIssueCode>[],
): TasklistValue {
  const value: TasklistValue = { form: 'table', hasServices: false, elided: false, processes: [] };
  let imageWidth = 25;
  let svc: boolean | null = null;
  /** What the header line said (its last column is Services or not); null before / without one. */
  let headerSvc: boolean | null = null;
  let last: Row | null = null;
  const finish = (): void => {
    if (last) last.rec.evidence = lineEvidence(input, last.start, last.end);
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    const t = line.trim();
    if (t === '' || isPromptLine(t) || /^tasklist(\.exe)?(\s+\/|$)/i.test(t)) return;
    if (/^=+(\s+=+)+$/.test(t)) {
      const cols = columnsOf(line);
      // A separator a web page mangled (`= =====`) tells neither width nor form.
      const intact = cols[0]!.end - cols[0]!.start >= 10;
      if (intact) imageWidth = cols[0]!.end - cols[0]!.start;
      // Three columns = /svc; five (or nine with /v) = sessions and memory; else the header says.
      svc = intact ? cols.length === 3 : (headerSvc ?? null);
      if (svc !== null) value.hasServices = svc;
      return;
    }
    if (isElision(t)) {
      finish();
      last = null;
      value.elided = true;
      issues.push(issue('elided', 'the output was cut here by its author', { line: n }, 'info'));
      return;
    }
    const m = /^(.+?)\s+(\d+)(?:\s+(.*))?$/.exec(t);
    // A wrapped service list: an indented line, or (padding collapsed) a line without a PID
    // after a row whose list ended with a comma.
    const prev = last as Row | null;
    if (prev && prev.rec.services !== null && !m && (/^\s{8,}\S/.test(line) || prev.comma)) {
      prev.rec.services.push(...services(t));
      prev.end = n;
      prev.comma = t.endsWith(',');
      return;
    }
    if (!m) {
      // Header line (any locale) before the separator, or a stray line.
      if (svc === null && value.processes.length === 0) {
        headerSvc ??= headerTellsServices(t);
        return;
      }
      issues.push(issue('unrecognized-line', 'line is no tasklist row', { line: n }, 'info'));
      return;
    }
    finish();
    const image = m[1]!;
    const rest = m[3] ?? '';
    // Memory in K, or Ko on fr-FR hosts (samples/pasted/tasklist-fr-fr-tp-report-cut.txt).
    const isSvc = svc ?? !/\d\s*Ko?$/.test(rest);
    value.hasServices ||= isSvc;
    const rec: ProcessRecord = {
      image,
      pid: Number(m[2]),
      services: isSvc ? services(rest) : null,
      sessionName: null,
      sessionNumber: null,
      memKb: null,
      imageTruncated: image.length >= imageWidth,
      evidence: lineEvidence(input, n, n),
    };
    if (!isSvc) {
      const s = /^(.*?)\s*(\d+)\s+([\d.,\s\u00a0\u202f]+\s*Ko?)\b/.exec(rest);
      if (s) {
        rec.sessionName = s[1]!.trim() || null;
        rec.sessionNumber = Number(s[2]);
        rec.memKb = memKb(s[3]);
      }
    }
    value.processes.push(rec);
    last = { rec, start: n, end: n, comma: rest.endsWith(',') };
  });
  finish();
  return value;
}

interface Row {
  rec: ProcessRecord;
  start: number;
  end: number;
  /** The row's service list ended with a comma: the next line continues it. */
  comma: boolean;
}

export const tasklistParser: TextParser<TasklistValue, 'net.processes'> = {
  ...tasklistRecognizer,
  describe: 'tasklist /svc /fo csv (or table / without /svc): PID → image → services',
  parse: parseTasklist,
};
