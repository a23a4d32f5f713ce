/**
 * Installed updates (artifact `system.hotfixes`): Win32_QuickFixEngineering, as the collector
 * writes it or as an engineer pastes `Get-HotFix`.
 *
 *   "HotFixID","Description","InstalledOn","InstalledBy"           ← the collector (ConvertTo-Csv)
 *   "KB4470788","Security Update","1/22/2019","NT AUTHORITY\SYSTEM"
 *
 *   Source         Description      HotFixID      InstalledBy          InstalledOn      ← Get-HotFix
 *   ------         -----------      --------      -----------          -----------
 *   Server01       Security Update  KB4470788     NT AUTHORITY\SYSTEM  1/22/2019 00:00:00
 *
 * The table is read by its content, not by column positions: real copies lose the padding
 * (`Server01 Security Update KB4470788 NT AUTHORITY\SYSTEM 1/22/2019 00:00:00`), leave InstalledBy
 * empty, cut a value with `...` (`TAMUCC\eolivares2...`, `DESKTOP-NO...`) and add columns
 * (PSComputerName). A row is: [Source] Description HotFixID [InstalledBy] [InstalledOn] [more].
 * The update id is the token shaped like one (`KB4470788`, `Q147222`); the date is the first token
 * after it shaped like a date; InstalledBy is what lies between them.
 *
 * InstalledOn is kept as printed: WMI's string, or the host's short date format (`27-10-2022`,
 * `1/22/2019`), often empty: no order of day and month is guessed. InstalledBy is a user name
 * (sensitive: redacted in reports).
 *
 * What the list can say: an update listed is installed. What it cannot: Microsoft Learn
 * (Get-HotFix, Notes) says the class returns only updates supplied by Component Based Servicing,
 * and a cumulative rollup carries earlier fixes without listing them. An update not listed is
 * therefore "not listed", never "missing".
 */
import Papa from 'papaparse';
import { lineEvidence, type EvidenceRef } from '../shared/evidence.js';
import {
  issue,
  type ParseIssue,
  type ParseResult,
  type TextInput,
  type TextParser,
} from '../shared/parse.js';
import { isElision, isFence, isPromptLine, unquote } from './text-cleanup.js';
import { CSV_HEADER, HEADER } from './hotfix.sniff.js';
import { hotfixRecognizer } from './sniffs.js';

export type HotfixIssueCode = 'unrecognized-line' | 'missing-field' | 'empty-input';

export interface HotfixRecord {
  /** `KB4470788` (upper case), as listed. */
  hotFixId: string;
  description: string | null;
  /** A user name (sensitive); null when empty. */
  installedBy: string | null;
  /** The table cut the value (`…...`): what is shown is its start. */
  installedByTruncated: boolean;
  /** As printed (WMI string or the host's date format); null when empty. */
  installedOn: string | null;
  line: number;
  evidence: EvidenceRef;
}

export interface HotfixValue {
  format: 'csv' | 'table' | null;
  hotfixes: HotfixRecord[];
  /** The whole list (first to last record). */
  evidence: EvidenceRef | null;
}

/** An update id as Win32_QuickFixEngineering lists it (`KB3140245`; `Q147222` on old systems). */
const UPDATE_ID = /^(?:KB|Q)\d{5,8}$/i;
/** A date as Get-HotFix / WMI print it in any short date format (`5/16/2019`, `27-10-2022`, `2019/01/11`). */
const DATE = /^(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})$/;
const TIME = /^(?:\d{1,2}:\d{2}(?::\d{2})?|[AaPp]\.?[Mm]\.?|上午|下午)$/;
const SEPARATOR = /^\s*-{3,}(?:\s+-{3,})+\s*$/;
const TABLE_ROW = /\s(?:KB|Q)\d{5,8}(?:\s|$)/i;

const cut = (s: string): { text: string; truncated: boolean } =>
  s.endsWith('...') ? { text: s.slice(0, -3), truncated: true } : { text: s, truncated: false };
const orNull = (s: string | undefined): string | null => {
  const t = (s ?? '').trim();
  return t === '' ? null : t;
};

function parseCsv(
  input: TextInput,
  headerAt: number,
  out: HotfixRecord[],
  issues: ParseIssue<HotfixIssueCode>[],
): void {
  // One physical line at a time (WMI values hold no line breaks), quoting and indentation removed.
  const cells = (line: string): string[] =>
    (Papa.parse<string[]>(unquote(line).trim(), { delimiter: ',' }).data[0] ?? []).map((c) =>
      c.trim(),
    );
  const header = cells(input.lines[headerAt]!).map((h) => h.toLowerCase());
  const col = (name: string): number => header.indexOf(name.toLowerCase());
  const [id, desc, on, by] = ['HotFixID', 'Description', 'InstalledOn', 'InstalledBy'].map(col);
  for (const [name, at] of [
    ['Description', desc],
    ['InstalledOn', on],
    ['InstalledBy', by],
  ] as const)
    if (at === -1)
      issues.push(
        issue('missing-field', `the CSV header has no ${name} column`, { line: headerAt + 1 }),
      );
  for (let i = headerAt + 1; i < input.lines.length; i++) {
    const line = unquote(input.lines[i]!);
    if (line.trim() === '' || isFence(line) || isElision(line)) continue;
    const c = cells(line);
    const hotFixId = orNull(c[id!]);
    if (hotFixId === null) {
      issues.push(issue('unrecognized-line', 'a row without a HotFixID', { line: i + 1 }));
      continue;
    }
    const installedBy = cut(orNull(by === -1 ? undefined : c[by!]) ?? '');
    out.push({
      hotFixId: hotFixId.toUpperCase(),
      description: orNull(desc === -1 ? undefined : c[desc!]),
      installedBy: orNull(installedBy.text),
      installedByTruncated: installedBy.truncated,
      installedOn: orNull(on === -1 ? undefined : c[on!]),
      line: i + 1,
      evidence: lineEvidence(input, i + 1, i + 1, 'installed update'),
    });
  }
}

/** One table row by its tokens: [Source] Description HotFixID [InstalledBy] [InstalledOn …]. */
function tableRow(input: TextInput, i: number, line: string): HotfixRecord | null {
  const tokens = line.trim().split(/\s+/);
  const at = tokens.findIndex((t) => UPDATE_ID.test(t));
  if (at < 0) return null;
  let dateAt = tokens.findIndex((t, k) => k > at && DATE.test(t));
  if (dateAt === -1) dateAt = tokens.length;
  let end = dateAt + 1;
  while (end < tokens.length && TIME.test(tokens[end]!)) end++;
  // Description words Windows writes (`Update`, `Security Update`, `Hotfix`, `Service Pack`):
  // a row whose Source column is empty starts with them (padding lost or not).
  const before = tokens.slice(0, at);
  const sourceEmpty =
    /^\s/.test(line) ||
    before.length === 0 ||
    (/^(?:Update|Security|Hotfix|Service)$/i.test(before[0]!) && before.length <= 2);
  const description = (sourceEmpty ? before : before.slice(1)).join(' ');
  const installedBy = cut(tokens.slice(at + 1, dateAt).join(' '));
  return {
    hotFixId: tokens[at]!.toUpperCase(),
    description: orNull(description),
    installedBy: orNull(installedBy.text),
    installedByTruncated: installedBy.truncated,
    installedOn: dateAt < tokens.length ? tokens.slice(dateAt, end).join(' ') : null,
    line: i + 1,
    evidence: lineEvidence(input, i + 1, i + 1, 'installed update'),
  };
}

export function parseHotfixes(input: TextInput): ParseResult<HotfixValue, HotfixIssueCode> {
  const issues: ParseIssue<HotfixIssueCode>[] = [];
  const hotfixes: HotfixRecord[] = [];
  const csvAt = input.lines.findIndex((l) => CSV_HEADER.test(unquote(l)));
  let format: HotfixValue['format'] = null;
  if (csvAt !== -1) {
    format = 'csv';
    parseCsv(input, csvAt, hotfixes, issues);
  } else {
    for (let i = 0; i < input.lines.length; i++) {
      const line = unquote(input.lines[i]!);
      if (line.trim() === '' || HEADER.test(line) || SEPARATOR.test(line)) continue;
      if (isFence(line) || isElision(line) || isPromptLine(line) || /^\s*#/.test(line)) continue;
      if (/^\s*Get-HotFix\b/i.test(line)) continue;
      const row = TABLE_ROW.test(` ${line}`) ? tableRow(input, i, line) : null;
      if (row) {
        format = 'table';
        hotfixes.push(row);
      } else
        issues.push(issue('unrecognized-line', 'not a row of the update list', { line: i + 1 }));
    }
  }
  if (hotfixes.length === 0 && issues.length === 0)
    issues.push(issue('empty-input', 'no installed updates listed'));
  const first = hotfixes[0]?.line;
  const last = hotfixes[hotfixes.length - 1]?.line;
  return {
    value: {
      format,
      hotfixes,
      evidence:
        first === undefined ? null : lineEvidence(input, first, last ?? first, 'installed updates'),
    },
    issues,
  };
}

export const hotfixParser: TextParser<HotfixValue, 'system.hotfixes'> = {
  ...hotfixRecognizer,
  describe: 'installed updates (Win32_QuickFixEngineering CSV, Get-HotFix table)',
  parse: parseHotfixes,
};
