/**
 * Passwords in configuration text are never read, copied or echoed (judge10 T3). The collector
 * removes them from the IIS files it copies, but older bundles, hand-copied applicationHost.config
 * or web.config files and pasted mails do not: an evidence excerpt would carry them into every
 * report format, `--redact` or not (a password is no name the redactor knows, and no report ever
 * needs one).
 *
 * Every decoded text passes here (src/artifacts/decode.ts `decodeText`), like private keys: the
 * value is replaced in place (line breaks kept, so line numbers stay the file's), an empty value
 * stays empty (it says "no password set") and the collector's own placeholder stays as it is.
 * - XML attributes named like a secret: `password="…"`, `password='…'`, `sessionKey="…"`,
 *   `*Password`, `secret`, `pwd`.
 * - Connection-string keys `Password=` / `Pwd=` (ADO.NET, ODBC): a quoted value (`'a;b'`, doubled
 *   quotes inside) or `{…}`, else up to the `;` that starts the next `key=`, or to the end of the
 *   enclosing attribute: a `;` inside a password must not leave its tail behind.
 * - IIS encrypted values `[enc:AesProvider:…:enc]` (machine-protected, but of no use off the
 *   server).
 */
import type { ParseIssue } from '../shared/parse.js';
import {
  ANY_FORM,
  COLLECTOR_PLACEHOLDER,
  SECRET_PLACEHOLDER,
  TRIGGERS as TRIGGER_FORMS,
  maskForms,
} from './secrets-forms.js';

export { SECRET_PLACEHOLDER, isCredentialName } from './secrets-forms.js';

/** Cheap test before any replacing: most texts hold none of these words. */
const ANY = /password|pwd|secret|sessionkey|\[enc:/i;

/** `name="value"` / `name='value'` of an attribute named like a secret. */
const ATTRIBUTE =
  /(?<![\w.:-])([\w.:-]*(?:password|passwd|pwd|secret|sessionKey)[\w.:-]*\s*=\s*)("(?:[^"]|"")*"|'(?:[^']|'')*')/gi;

/**
 * `Password=` / `Pwd=` of a connection string (and the keys of an Azure storage or Service Bus
 * one), its value not quoted.
 */
const CONNECTION =
  /(?<![\w.:?&-])(?<!&amp;)((?:password|pwd|accountkey|sharedaccesskey|sharedaccesssignature)\s*=\s*)(?!["'\s])/gi;
/** A W3C log line (IIS, HTTPERR): its values hold no blanks (`+` stands for a space). */
const W3C_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} /;

const ENCRYPTED = /\[enc:[^\]\s]*?:enc\]/gi;

export type SecretIssueCode = 'secret-removed';

const kept = (value: string): boolean => {
  const inner = value.slice(1, -1);
  return inner.trim() === '' || inner === COLLECTOR_PLACEHOLDER || inner === SECRET_PLACEHOLDER;
};

/**
 * The end (exclusive) of an unquoted connection-string value starting at `from` in `line`: the
 * `;` before the next `key=`, else the quote that closes the enclosing attribute, else the line's
 * end.
 */
function valueEnd(line: string, from: number): number {
  // A `{…}` value (ODBC) may hold `;`: the search for the value's end starts after its `}`.
  const close = line[from] === '{' ? line.indexOf('}', from) : -1;
  if (line[from] === '{' && close === -1) return line.length;
  const skip = close === -1 ? 0 : close + 1 - from;
  const rest = line.slice(from);
  const after = rest.slice(skip);
  const nextKey = /;\s*[A-Za-z][\w ]*=/.exec(after);
  // The quote of the enclosing attribute: followed by another attribute, `/>`, `>` or the end;
  // inside an XML text (an event's data) an escaped quote or the closing tag.
  const closing = /["'](?=\s+[\w.:-]+\s*=|\s*\/?>|\s*[,}\]]|\s*$)|&(?:quot|apos);|<\//.exec(after);
  // In a log line the value ends at the blank before the next field, or at the next parameter.
  const blank = W3C_LINE.test(line) ? /[\s&]/.exec(after) : null;
  const ends = [nextKey?.index, closing?.index, blank?.index]
    .filter((n): n is number => n !== undefined)
    .map((n) => n + skip);
  let end = ends.length > 0 ? Math.min(...ends) : rest.length;
  // `Password=x;` at the end of the string: the `;` stays (it is no part of the value).
  while (end > 0 && /[\s;]/.test(rest[end - 1]!)) end--;
  return from + end;
}

function maskLine(line: string, commandLine: boolean): { line: string; n: number } {
  let n = 0;
  let out = line.replace(ATTRIBUTE, (all, name: string, value: string) => {
    if (kept(value)) return all;
    n++;
    const q = value[0]!;
    return `${name}${q}${SECRET_PLACEHOLDER}${q}`;
  });
  CONNECTION.lastIndex = 0;
  let m: RegExpExecArray | null;
  let from = 0;
  let rebuilt = '';
  while ((m = CONNECTION.exec(out)) !== null) {
    const start = m.index + m[0].length;
    const end = valueEnd(out, start);
    const value = out.slice(start, end);
    if (value === '' || value === COLLECTOR_PLACEHOLDER || value === SECRET_PLACEHOLDER) continue;
    rebuilt += out.slice(from, start) + SECRET_PLACEHOLDER;
    from = end;
    CONNECTION.lastIndex = end;
    n++;
  }
  if (from > 0) out = rebuilt + out.slice(from);
  out = out.replace(ENCRYPTED, () => {
    n++;
    return SECRET_PLACEHOLDER;
  });
  if (commandLine || ANY_FORM.test(out)) {
    const more = maskForms(out, commandLine);
    out = more.line;
    n += more.n;
  }
  return { line: out, n };
}

/** Where a line may hold a secret (the tests of maskLine and maskForms, one regex each). */
const TRIGGERS = [new RegExp(ANY.source, 'gi'), ...TRIGGER_FORMS];

/** Whether `text` has a line maskSecrets would look at (false: it holds no secret it masks). */
export function mayHoldSecret(text: string): boolean {
  return TRIGGERS.some((re) => {
    re.lastIndex = 0;
    return re.test(text);
  });
}

/** Line breaks in text[from, to) as `split(/\r\n|\n|\r/)` counts them. */
function breaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/**
 * `text` with every secret value replaced, and the lines where one was. `commandLine`: the text
 * is (or quotes) a process command line, whose short password options (`-p`, `/p:`) count too.
 * Only the lines where a trigger matches are looked at: a large listing is not split, and an
 * event costs a scan (the event parser masks every sample it keeps).
 */
export function maskSecrets(text: string, commandLine = false): { text: string; lines: number[] } {
  const lines: number[] = [];
  let out = '';
  let from = 0;
  let line = 1;
  let counted = 0;
  const each = (start: number, end: number): void => {
    const r = maskLine(text.slice(start, end), commandLine);
    if (r.n === 0) return;
    line += breaks(text, counted, start);
    counted = start;
    lines.push(line);
    out += text.slice(from, start) + r.line;
    from = end;
  };
  // Line bounds by stepping over the line: indexOf of a break the text lacks would scan to its
  // end for every match.
  const endOf = (at: number): number => {
    let i = at;
    while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    return i;
  };
  const startOf = (at: number): number => {
    let i = at;
    while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
    return i;
  };
  // The lines where a trigger matches (the line of its last character: `\s-p` may start with the
  // break before the option), each looked at once, in order.
  const starts = new Set<number>();
  for (const re of TRIGGERS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const at = m.index + Math.max(0, m[0].length - 1);
      starts.add(startOf(at));
      re.lastIndex = Math.max(endOf(at), m.index + 1);
    }
  }
  for (const start of [...starts].sort((a, b) => a - b)) each(start, endOf(start));
  return lines.length === 0 ? { text, lines } : { text: out + text.slice(from), lines };
}

/** One info issue: how many lines held a secret, where; never the value. */
export function secretIssues(lines: readonly number[]): ParseIssue<SecretIssueCode>[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, 10).join(', ') + (lines.length > 10 ? ', …' : '');
  return [
    {
      code: 'secret-removed',
      severity: 'info',
      message: `a password, key, token or encrypted value on ${lines.length} line(s) (${shown}) was replaced with ${SECRET_PLACEHOLDER}; it is never read or copied into a report`,
      line: lines[0]!,
      params: { count: lines.length, lines: shown },
    },
  ];
}
