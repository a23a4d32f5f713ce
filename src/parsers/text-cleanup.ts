/**
 * Undoes what mail, chat, Markdown and consoles do to command output before a parser sees it:
 * `> ` quoting (nested too), trailing spaces and tabs, Markdown code-block indentation, shell
 * prompts and the echoed command line. Parsers call these per line and keep original line numbers.
 */
import { issue, type ParseIssue } from '../shared/parse.js';

/** Removes leading quote markers (`>`, `> >`, `>>`) and trailing whitespace. */
export function unquote(line: string): string {
  return trimTrailingBlanks(line.replace(/^\s{0,3}(?:>[ \t]?)+/, ''));
}

/**
 * `s.replace(/[ \t\u00a0\u3000]+$/, '')` in linear time: the regex retries from every blank of a
 * run that does not end the line, so a line of many spaces followed by text took quadratic time
 * (a 1 MiB line: hours; found by fuzzing).
 */
function trimTrailingBlanks(s: string): string {
  let end = s.length;
  for (;;) {
    const c = s.charCodeAt(end - 1);
    if (end > 0 && (c === 0x20 || c === 0x09 || c === 0xa0 || c === 0x3000)) end--;
    else break;
  }
  return end === s.length ? s : s.slice(0, end);
}

/** A shell prompt or echoed command line (`PS C:\> netsh …`, `C:\Windows\system32>`, `*Evil-WinRM* PS …>`, `[WEB02]: PS …>`, `~$ `). */
export function isPromptLine(line: string): boolean {
  const l = line.trim();
  return (
    /^(\*Evil-WinRM\*\s*|\[[^\]]{1,300}\]:\s*)?PS [^>]*>/.test(l) ||
    /^[A-Za-z]:\\[^>]*>/.test(l) ||
    /^(~|\$|#)\s*\$?\s/.test(l) ||
    /^[❯➜λ»]\s/.test(l) ||
    /^\$ /.test(l)
  );
}

/** A command someone typed, echoed without a prompt (as mail copies often are): `netsh http show sslcert`. */
const COMMAND =
  /^(netsh(\.exe)?\s+http\s+show|netstat(\.exe)?\s+-|certutil(\.exe)?\s+-|icacls(\.exe)?\s|tasklist(\.exe)?(\s|$)|reg(\.exe)?\s+(query|export)\s|(%windir%\\system32\\inetsrv\\)?appcmd(\.exe)?\s+list|w32tm(\.exe)?\s+\/|get-(website|iissite|childitem|tlsciphersuite|itemproperty)\b|dir\s+iis:)/i;

/** A prompt line or a bare command echo (the line before an output in a paste). */
export function isCommandEcho(line: string): boolean {
  const l = unquote(line).trim();
  return l !== '' && (isPromptLine(l) || COMMAND.test(l));
}

/** Author elision markers: `...`, `…`, `<...SNIP...>`, `[snip]`. */
export function isElision(line: string): boolean {
  return /^\s*(\.{3,}|…+|<\.*\s*snip\s*\.*>|\[\.*\s*snip\s*\.*\])\s*$/i.test(line);
}

/** Splits `Label : value` / `Label: value` / full-width `Label：value`; the label may contain `:` (`IP:port`). */
export function splitLabelValue(line: string): { label: string; value: string } | null {
  // The regexes are the definition; they backtrack cubically over long blank runs without a
  // colon (4,000 spaces: 90 s; found by fuzzing), so lines they cannot mean differently are split
  // by the linear scan below, which returns exactly what they return (checked by a property test).
  if (LINE_SEPARATOR.test(line)) return line.length <= 256 ? splitLabelValueRegex(line) : null;
  return splitLabelValueScan(line);
}

const LINE_SEPARATOR = /[\u2028\u2029]/;
const isColon = (c: string | undefined): boolean => c === ':' || c === '：';
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** The definition: `Label <blanks>: value` first, else `Label: value` (first colon). */
export function splitLabelValueRegex(line: string): { label: string; value: string } | null {
  const m =
    /^\s*(.+?)\s+[:：][ \t]?(.*)$/.exec(line) ?? /^\s*([^:：]+?)[:：][ \t]?(.*)$/.exec(line);
  if (!m) return null;
  return { label: m[1]!.trim(), value: m[2]!.trim() };
}

/** Linear equivalent of splitLabelValueRegex for lines without U+2028 / U+2029. */
function splitLabelValueScan(line: string): { label: string; value: string } | null {
  let k = 0;
  while (k < line.length && isSpace(line[k])) k++;
  // First pattern: the earliest colon at k+2 or later with a blank before it
  for (let c = k + 2; c < line.length; c++) {
    if (isColon(line[c]) && isSpace(line[c - 1]))
      return { label: line.slice(k, c).trim(), value: line.slice(c + 1).trim() };
  }
  // ... or (backtracking the leading blanks) a colon right after at least two of them
  if (k >= 2 && isColon(line[k])) return { label: '', value: line.slice(k + 1).trim() };
  // Second pattern: the first colon, with anything before it
  let c = 0;
  while (c < line.length && !isColon(line[c])) c++;
  if (c === 0 || c === line.length) return null;
  return { label: line.slice(0, c).trim(), value: line.slice(c + 1).trim() };
}

/** Canonical label key: lower case, single spaces, no trailing dots (locale-neutral comparison). */
export function labelKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[\s\u3000]+/g, ' ')
    .replace(/[.。]+$/, '')
    .trim();
}

/** A Markdown list bullet (`- `, `* `, `+ `, `1. `) at the start of a line. */
const BULLET = /^\s*(?:[-*+•]|\d{1,3}[.)])[ \t]+/;

/** Removes a Markdown list bullet, keeping the rest of the line. */
export function stripBullet(line: string): string {
  return line.replace(BULLET, '');
}

/** A Markdown code fence (```` ``` ````, `~~~`, with or without a language). */
export function isFence(line: string): boolean {
  return /^\s*(```|~~~)/.test(line);
}

/**
 * True when a text writes its backslashes doubled (copied from a JSON string, a C# literal or a
 * chat that escapes them): a doubled backslash between two path characters (`C:\\Windows`,
 * `SYSTEM\\CurrentControlSet`). A UNC path's leading `\\` alone does not count.
 */
export function hasDoubledBackslashes(text: string): boolean {
  return /[\w:$%.-]\\\\[\w$%.{ -]/.test(text);
}

/** Halves every even run of backslashes (`\\` → `\`, `\\\\server` → `\\server`); odd runs stay. */
export function undoubleBackslashes(line: string): string {
  return line.includes('\\\\')
    ? line.replace(/\\+/g, (r) => (r.length % 2 === 0 ? r.slice(r.length / 2) : r))
    : line;
}

/**
 * The head of a file as sniffers look at it: `> ` quoting, Markdown fences, bullets and
 * indentation, prompts and blank lines removed; at most `max` lines, each at most 400 characters
 * (sniffing stays cheap on hostile heads).
 */
export function sniffLines(head: string, max = 200): string[] {
  const out: string[] = [];
  let start = 0;
  while (start <= head.length && out.length < max) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    const raw = head.slice(start, Math.min(end, start + 400)).replace(/\r$/, '');
    start = end + 1;
    const l = stripBullet(unquote(raw)).trim();
    // An elision (`...`) is no format's content: a fragment cut by its author still scores.
    if (l === '' || isFence(l) || isPromptLine(l) || isElision(l)) continue;
    out.push(l);
  }
  return out;
}

/** How many of `lines` match `re` (stops counting at `cap`). */
export function countMatching(lines: readonly string[], re: RegExp, cap = 10): number {
  let n = 0;
  for (const l of lines) if (re.test(l) && ++n >= cap) break;
  return n;
}

/**
 * Removes the indentation every non-blank line shares (a Markdown code block, a note indented
 * under a bullet), so layouts that start in column 0 (icacls, tasklist, reg) read as printed.
 * Tabs count as one column. Returns the lines unchanged when one of them starts in column 0.
 * Lines `skip` names (a command echo or fence pasted in column 0 above an indented output) do
 * not count, and lose at most their own indentation.
 */
export function dedent(
  lines: readonly string[],
  skip: (line: string) => boolean = () => false,
): string[] {
  let min = Infinity;
  for (const l of lines) {
    if (l.trim() === '' || skip(l)) continue;
    const n = l.length - l.trimStart().length;
    if (n < min) min = n;
    if (min === 0) return [...lines];
  }
  if (!Number.isFinite(min)) return [...lines];
  return lines.map((l) =>
    l.trim() === '' ? '' : l.slice(Math.min(min, l.length - l.trimStart().length)),
  );
}

/** Lines that are not an output's own layout: prompts, command echoes, fences, elisions. */
export function isPasteNoise(line: string): boolean {
  const t = line.trim();
  return isFence(t) || isElision(t) || isCommandEcho(t);
}

/**
 * Blanks the lines pasted before and after a document that is one whole (JSON): prompts, command
 * echoes, fences and elisions, keeping line ends so line numbers stay. Returns the text and the
 * 1-based lines blanked.
 */
export function blankPasteNoiseAround(text: string): { text: string; blanked: number[] } {
  const parts = text.split(/(\r\n|\r|\n)/); // lines at even indexes, their ends between
  const blanked: number[] = [];
  const blank = (k: number): boolean => {
    const l = parts[k]!;
    if (l.trim() === '') return true;
    if (!isPasteNoise(unquote(l))) return false;
    parts[k] = '';
    blanked.push(k / 2 + 1);
    return true;
  };
  let first = 0;
  while (first < parts.length && blank(first)) first += 2;
  for (let k = parts.length - 1 - ((parts.length - 1) % 2); k > first && blank(k); k -= 2);
  return blanked.length === 0 ? { text, blanked } : { text: parts.join(''), blanked };
}

/**
 * Where the first JSON value of `text` ends (the offset after its closing bracket), when it is an
 * object or array that closes before the end: what follows (a second listing, the next output of
 * a paste) is not part of it. null when the text does not start with one or it never closes.
 */
export function jsonValueEnd(text: string): number | null {
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] !== '{' && text[i] !== '[') return null;
  let depth = 0;
  let inString = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return null;
}

/**
 * The text with everything after its first JSON value blanked (line ends kept), and the 1-based
 * line where that rest starts (null when nothing but blanks follows the value).
 */
export function cutAfterJsonValue(text: string): { text: string; restLine: number | null } {
  const end = jsonValueEnd(text);
  if (end === null || text.slice(end).trim() === '') return { text, restLine: null };
  const rest = text.slice(end);
  const first = end + rest.search(/\S/);
  const restLine = (text.slice(0, first).match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
  return { text: text.slice(0, end) + rest.replace(/[^\r\n]+/g, ''), restLine };
}

/**
 * A JSON document as pasted: the prompt, command echo or fence around it blanked (line numbers
 * kept), and whatever follows the JSON value cut off, each said as an `unrecognized-line` issue.
 */
export function pastedJson(raw: string): {
  text: string;
  issues: ParseIssue<'unrecognized-line'>[];
} {
  const issues: ParseIssue<'unrecognized-line'>[] = [];
  const around = blankPasteNoiseAround(raw.replace(/^\uFEFF/, ''));
  // A second listing or the next output pasted after the JSON: not read here, and said so.
  const cut = cutAfterJsonValue(around.text);
  if (cut.restLine !== null)
    issues.push(
      issue(
        'unrecognized-line',
        'text after the JSON value not read',
        { line: cut.restLine },
        'warning',
      ),
    );
  if (around.blanked.length > 0)
    issues.push(
      issue(
        'unrecognized-line',
        `${around.blanked.length} line(s) around the JSON not read (a prompt, command or fence)`,
        { line: around.blanked[0]! },
        'info',
      ),
    );
  return { text: cut.text, issues };
}

/**
 * A Markdown table row as its cells joined by two spaces, as the console aligned them
 * (`| TCP | 0.0.0.0:443 | … |` → `TCP  0.0.0.0:443  …`), the separator row (`|---|:--|`) as '',
 * and any other line unchanged. Chat and wiki tools (Teams, Confluence) turn pasted columns into
 * such tables; `\|` inside a cell stays a literal pipe.
 */
export function markdownTableRow(line: string): string {
  const t = line.trim();
  if (!/^\|.*\|$/.test(t) || t.length < 3) return line;
  if (/^\|[\s:|-]+\|$/.test(t) && t.includes('-')) return '';
  return t
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'))
    .join('  ');
}
