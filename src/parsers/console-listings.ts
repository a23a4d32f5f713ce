/**
 * Several runs of `netstat` or `tasklist` in one console copy (judge8 T3): `netstat -ano | findstr
 * :443` shows PID 5812, `tasklist` names Skype.exe, `taskkill /PID 5812 /F` succeeds, and netstat
 * again shows 443 on PID 4. Read as one listing, the stale row named Skype the root cause. As for
 * sslcert (netsh-sslcert-listings.ts), the last run that covers a row decides: an earlier row is
 * history (kept, not evaluated) when a later run of the same command would have printed it.
 *
 * What a later run covers comes from its echo: no filter covers every row; `| findstr a b` (or
 * `Select-String`) covers the rows whose text holds one of the strings (findstr's own match);
 * `tasklist /fi "pid eq N"` / `"imagename eq X"` cover that process. A run printed after the copy
 * ends (an echo on the last line, its output cut) covers nothing. An empty later run still covers
 * (its filter found nothing: what the earlier run showed is gone).
 */
import { issue, type ParseIssue } from '../shared/parse.js';

export type ConsoleListingKind = 'netstat' | 'tasklist';

const PROMPT = /^(?:\*Evil-WinRM\*\s*)?(?:\[[^\]]+\]:\s*)?PS [^>]*>\s*|^[A-Za-z]:\\[^>]*>\s*/;
const COMMANDS: Record<ConsoleListingKind, RegExp> = {
  netstat: /^netstat(?:\.exe)?(\s.*)?$/i,
  tasklist: /^tasklist(?:\.exe)?(\s.*)?$/i,
};

/** What one run covers: every row, the rows whose text holds one string, or one process. */
type Scope = { all: true } | { strings: string[] } | { pid: number } | { image: string };

interface Run {
  line: number;
  scope: Scope;
}

/** The strings a `| findstr …` / `| Select-String …` filter matches (any of them), or null. */
function pipeFilter(tail: string): string[] | null {
  const m = /\|\s*(findstr(?:\.exe)?|select-string|sls)\b(.*)$/i.exec(tail);
  if (!m) return null;
  const args = m[2]!.replace(/\s-(?:pattern|simplematch)\b/gi, ' ');
  const literal = /\/c:"([^"]+)"/i.exec(args);
  if (literal) return [literal[1]!];
  const words = [...args.matchAll(/"([^"]+)"|'([^']+)'|(\S+)/g)]
    .map((w) => w[1] ?? w[2] ?? w[3]!)
    .filter((w) => !/^\/[a-z]+$/i.test(w) && !/^-\w+$/.test(w));
  // findstr "a b" matches a or b; a quoted Select-String pattern is one string.
  return /^findstr/i.test(m[1]!) ? words.flatMap((w) => w.split(/\s+/)) : words;
}

function scopeOf(kind: ConsoleListingKind, args: string): Scope {
  const strings = pipeFilter(args);
  if (kind === 'tasklist') {
    const pid = /\/fi\s+"?\s*pid\s+eq\s+(\d+)/i.exec(args);
    if (pid) return { pid: Number(pid[1]) };
    const image = /\/fi\s+"?\s*imagename\s+eq\s+([^"\s]+)/i.exec(args);
    if (image) return { image: image[1]!.toLowerCase() };
  }
  return strings && strings.length > 0 ? { strings } : { all: true };
}

/** A console copy holds a handful of runs; more is no copy a person made (and bounds the work). */
const MAX_RUNS = 64;

/** The runs of `kind` echoed in the copy, in order; a run whose echo ends the copy is left out. */
function runsOf(lines: readonly string[], kind: ConsoleListingKind): Run[] {
  let last = lines.length;
  while (last > 0 && lines[last - 1]!.trim() === '') last--;
  const runs: Run[] = [];
  const word = kind === 'netstat' ? /netstat/i : /tasklist/i;
  lines.forEach((raw, i) => {
    if (i + 1 >= last || runs.length >= MAX_RUNS || !word.test(raw)) return;
    const t = raw.trim();
    const bare = t.replace(PROMPT, '');
    // Only an echo: a prompt, or the command alone on its line as mail copies show it.
    if (bare === t && !/^(netstat|tasklist)(\.exe)?\s+[-/]/i.test(t)) return;
    const m = COMMANDS[kind].exec(bare);
    if (m && OUTPUT_FOLLOWS[kind](lines, i + 1, last))
      runs.push({ line: i + 1, scope: scopeOf(kind, m[1] ?? '') });
  });
  return runs;
}

/** A netstat row in any display language: the protocol column comes first. */
const NETSTAT_ROW = /^\s*(?:TCP|UDP)(?:v6)?\s/i;

/**
 * Whether the lines after a netstat echo (up to the next prompt) are its output: empty (the filter
 * found nothing) or holding netstat rows. Text with no row at all (a header alone included) is
 * another command's output after an echo pasted as a separator, and a run that printed it covers
 * nothing (fuzzing found one: a later echo followed by certutil output made the netstat rows
 * history and named a line outside their output).
 */
function netstatOutputFollows(lines: readonly string[], from: number, last: number): boolean {
  let text = false;
  for (let j = from; j < last; j++) {
    const t = lines[j]!.trim();
    if (PROMPT.test(t)) break;
    if (NETSTAT_ROW.test(t)) return true;
    // Headers ("Active Connections", "Proto …", in the display language) are no rows.
    if (t !== '') text = true;
  }
  return !text;
}

/**
 * A tasklist row: table (`image  PID  more columns`, or a first row of a known process; no image
 * name holds `:` or starts with `=`, unlike certutil's `Serial Number: 3001` or its `=== Certificate
 * 0 ===`), CSV, or the first fields of `/fo list`.
 */
const TASKLIST_ROW =
  /^(?:[^\s=:][^:]*?\s+\d{1,7}\s+\S|(?:\S.*?\.exe|System Idle Process|System|Registry|Secure System|Memory Compression)\s+\d{1,7}(?:\s|$)|"[^"]*","\d{1,7}"|(?:Image Name|PID|映像名称|映像名稱)\s*[:：]\s*\S)/i;
/** tasklist's own line when its filter matched nothing (`INFO: No tasks are running …`). */
const TASKLIST_NOTHING =
  /^(?:INFO|INFORMATION|INFORMACIÓN|INFORMAZIONI|INFORMAÇÕES|信息|資訊|情報)\s*[:：]/i;

/**
 * The same for tasklist (round 11, t11): an echo glued before another command's output made every
 * earlier process row history. Its output is empty, holds rows, or is its "no tasks" line.
 */
function tasklistOutputFollows(lines: readonly string[], from: number, last: number): boolean {
  let text = false;
  for (let j = from; j < last; j++) {
    const t = lines[j]!.trim();
    if (PROMPT.test(t)) break;
    if (TASKLIST_ROW.test(t) || TASKLIST_NOTHING.test(t)) return true;
    // Headers and separators ("Image Name  PID …", "=====") are no rows.
    if (t !== '') text = true;
  }
  return !text;
}

const OUTPUT_FOLLOWS: Record<
  ConsoleListingKind,
  (lines: readonly string[], from: number, last: number) => boolean
> = { netstat: netstatOutputFollows, tasklist: tasklistOutputFollows };

function covers(scope: Scope, text: string, pid: number | null, image: string | null): boolean {
  if ('all' in scope) return true;
  if ('pid' in scope) return pid === scope.pid;
  if ('image' in scope) return image !== null && image.toLowerCase() === scope.image;
  const lower = text.toLowerCase();
  return scope.strings.some((s) => lower.includes(s.toLowerCase()));
}

export interface ListedRow {
  evidence: { lines?: { start: number; end: number } };
}

/**
 * Splits `rows` (read from `lines`, the whole copy) into the state in force and history, with
 * the info issue that says so. `pidOf` / `imageOf` give a row's process (tasklist filters).
 */
export function settleConsoleListings<R extends ListedRow>(
  lines: readonly string[],
  rows: readonly R[],
  kind: ConsoleListingKind,
  pidOf: (r: R) => number | null,
  imageOf: (r: R) => string | null,
): { current: R[]; history: R[]; issues: ParseIssue<'multiple-listings'>[] } {
  const runs = runsOf(lines, kind);
  if (runs.length < 2) return { current: [...rows], history: [], issues: [] };
  const current: R[] = [];
  const history: R[] = [];
  for (const r of rows) {
    const at = r.evidence.lines?.start;
    const text = at === undefined ? '' : (lines[at - 1] ?? '');
    const later =
      at !== undefined &&
      runs.some((run) => run.line > at && covers(run.scope, text, pidOf(r), imageOf(r)));
    (later ? history : current).push(r);
  }
  const issues: ParseIssue<'multiple-listings'>[] = [];
  if (history.length > 0) {
    const last = runs.at(-1)!;
    issues.push(
      issue(
        'multiple-listings',
        `${runs.length} ${kind} listings found; each row is read at its last listing (the last starts at line ${last.line}); ${history.length} earlier row${history.length === 1 ? ' is' : 's are'} history and not evaluated`,
        { line: last.line },
        'info',
      ),
    );
  }
  return { current, history, issues };
}

/**
 * Moves the rows of `value` a later run of the copy covers into its history (see above) and
 * returns the issue that says so; `lines` is the whole copy.
 */
export function settleRows<R extends ListedRow & { pid: number | null }>(
  lines: readonly string[],
  kind: ConsoleListingKind,
  rows: R[],
  imageOf: (r: R) => string | null,
): { rows: R[]; history: R[]; issues: ParseIssue<'multiple-listings'>[] } {
  const s = settleConsoleListings(lines, rows, kind, (r) => r.pid, imageOf);
  return { rows: s.current, history: s.history, issues: s.issues };
}

/** netstat / tasklist values as settleParsedRuns reads them (their parsers' types, structurally). */
type RowsValue<R> = { history?: R[] } & ({ entries: R[] } | { processes: R[] });

/**
 * A console copy cut into outputs (src/artifacts/segments.ts) gives each netstat or tasklist run
 * its own parse, blind to the runs after it: this settles one such value against the whole
 * copy's `lines`. Other artifacts are left alone; returns the issues to add.
 */
export function settleParsedRuns(
  artifactId: string,
  value: unknown,
  lines: readonly string[],
): ParseIssue<'multiple-listings'>[] {
  const kind: ConsoleListingKind | null =
    artifactId === 'net.netstat' ? 'netstat' : artifactId === 'net.processes' ? 'tasklist' : null;
  if (kind === null || value === null || typeof value !== 'object') return [];
  type Row = ListedRow & { pid: number | null; image: string | null };
  const v = value as RowsValue<Row>;
  const key = 'entries' in v ? 'entries' : 'processes';
  const rows = (v as Record<typeof key, Row[]>)[key];
  if (!Array.isArray(rows)) return [];
  const s = settleRows(lines, kind, rows, (r) => r.image);
  if (s.history.length === 0) return [];
  (v as Record<typeof key, Row[]>)[key] = s.rows;
  v.history = [...(v.history ?? []), ...s.history];
  return s.issues;
}
