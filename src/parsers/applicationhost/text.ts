/**
 * Text work before and beside the XML parser, which keeps no line numbers: comments blanked,
 * the DOCTYPE found, the `<sites>` excerpt isolated, tag start and end lines, entity decoding,
 * and what notes, chats and code comments do to a pasted fragment undone.
 */
import { issue, type ParseIssue } from '../../shared/parse.js';
import type { AppHostIssueCode } from './model.js';

/** Replaces comments with spaces (keeping line breaks) so a tag scan sees what the parser sees. */
export function blankComments(text: string): string {
  // indexOf, not /<!--[\s\S]*?-->/g: with no "-->" the regex rescans to the end from every
  // "<!--" (quadratic: 40,000 of them took 10 s; found by fuzzing).
  let out = '';
  let pos = 0;
  for (;;) {
    const start = text.indexOf('<!--', pos);
    const end = start < 0 ? -1 : text.indexOf('-->', start + 4);
    if (end < 0) return out + text.slice(pos);
    out += text.slice(pos, start) + text.slice(start, end + 3).replace(/[^\n]/g, ' ');
    pos = end + 3;
  }
}

/**
 * The first `<!DOCTYPE …>` (internal subset included), as /<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i
 * finds it, in linear time: that regex rescans to the end from every unclosed "<!DOCTYPE ["
 * (40,000 of them took 37 s; found by fuzzing).
 */
export function findDoctype(text: string): { index: number; text: string } | null {
  const open = /<!DOCTYPE[^[>]*/gi;
  let noCloseFrom = Infinity; // no "]" followed by ">" at or after this offset
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const after = m.index + m[0].length;
    if (text[after] === '>') return { index: m.index, text: text.slice(m.index, after + 1) };
    if (text[after] === '[' && after + 1 < noCloseFrom) {
      const close = /\]\s*>/g;
      close.lastIndex = after + 1;
      const c = close.exec(text);
      if (c) return { index: m.index, text: text.slice(m.index, c.index + c[0].length) };
      noCloseFrom = after + 1;
    }
  }
  return null;
}

/**
 * More attributes on one element than any IIS schema element has (its largest carry a few
 * dozen): not configuration IIS reads. fast-xml-parser validates and builds such an element in
 * seconds (100,000 attributes: 2–10 s on a loaded machine), so its attributes are dropped first.
 */
export const MAX_ATTRIBUTES = 1000;

const isNameStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c > 127;

/**
 * Drops the attributes of every start tag that has more than MAX_ATTRIBUTES of them (keeping
 * their line breaks, so line numbers stay), in one pass over the text: each character is looked
 * at once. `index` is the tag's offset in the text given.
 */
export function capAttributes(text: string): {
  text: string;
  capped: { index: number; count: number }[];
} {
  const capped: { index: number; count: number; from: number; to: number }[] = [];
  for (let i = text.indexOf('<'); i >= 0;) {
    if (!isNameStart(text.charCodeAt(i + 1))) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    let j = i + 1;
    for (let c = text.charCodeAt(j); j < text.length && c > 32 && c !== 47 && c !== 62;)
      c = text.charCodeAt(++j);
    const from = j;
    let count = 0;
    let quote = 0;
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39)
        quote = c; // " '
      else if (c === 61)
        count++; // =
      else if (c === 62 || c === 60) break; // > <
    }
    if (count > MAX_ATTRIBUTES) capped.push({ index: i, count, from, to: j });
    i = j < text.length ? text.indexOf('<', j) : -1;
  }
  if (capped.length === 0) return { text, capped: [] };
  let out = '';
  let pos = 0;
  for (const c of capped) {
    // A self-closing tag keeps its "/".
    const to = text[c.to] === '>' && text[c.to - 1] === '/' ? c.to - 1 : c.to;
    // Only its line breaks stay: lines keep their numbers, and neither the validator nor the
    // parser walks a megabyte of blanks inside one tag.
    let breaks = 0;
    for (let k = text.indexOf('\n', c.from); k >= 0 && k < to; k = text.indexOf('\n', k + 1))
      breaks++;
    out += text.slice(pos, c.from) + ' ' + '\n'.repeat(breaks);
    pos = to;
  }
  return {
    text: out + text.slice(pos),
    capped: capped.map(({ index, count }) => ({ index, count })),
  };
}

/** 1-based line of each match start, plus the end line of the element (self-closing or closed). */
export function tagLines(text: string, tag: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const lineAt = lineIndex(text);
  // Closing tags found once, then looked up by binary search: no rescans of the text per tag.
  const closes: number[] = [];
  const closeTag = `</${tag}>`;
  for (let i = text.indexOf(closeTag); i >= 0; i = text.indexOf(closeTag, i + 1)) closes.push(i);
  const firstCloseAfter = (pos: number): number => {
    let lo = 0;
    let hi = closes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (closes[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < closes.length ? closes[lo]! : -1;
  };
  const re = new RegExp(`<${tag}(?=[\\s/>])`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const open = text.indexOf('>', m.index);
    if (open < 0) break;
    let endPos = open;
    if (text[open - 1] !== '/') {
      const close = firstCloseAfter(open);
      endPos = close < 0 ? open : close;
    }
    out.push({ start: lineAt(m.index), end: lineAt(endPos) });
  }
  return out;
}

/** Blanks everything outside `<sites>…</sites>` (keeping line breaks) so other `<binding>`s do not count. */
export function onlySites(text: string): string {
  const start = text.search(/<sites[\s>]/);
  if (start < 0) return text;
  const close = text.indexOf('</sites>', start);
  const end = close < 0 ? text.length : close + '</sites>'.length;
  const blank = (t: string): string => t.replace(/[^\n]/g, ' ');
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end));
}

export function lineIndex(text: string): (pos: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes only XML's five predefined entities and character references (no DTD entities, ever). */
export function decodeXmlText(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (all, name: string) => {
    if (name[0] !== '#') return PREDEFINED[name.toLowerCase()] ?? all;
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

/** Per-line prefixes that notes, code comments and mail put before pasted XML. */
const LINE_PREFIX = /^(\s*)(?:(?:>\s?)+|\/\/+ ?|#+ |\* |-- |REM )(?=\s*(<|$))/i;

/**
 * Undoes what notes, chats and code comments do to a pasted applicationHost fragment, keeping
 * every line where it was: line prefixes and fences blanked, prose before and after the XML
 * blanked (each an info issue), a wholly commented-out fragment uncommented (an info issue), and
 * `<site>`-only or `<binding>`-only fragments wrapped into `<sites>` on their first / last line.
 */
export function unpaste(
  text: string,
  issues: ParseIssue<AppHostIssueCode>[],
): { text: string; bindingsOnly: boolean; sitesAdded?: boolean } {
  const lines = text.split('\n');
  const blank = (l: string): string => l.replace(/[^\r]/g, ' ');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*(```|~~~)/.test(l)) lines[i] = blank(l);
    else {
      const m = LINE_PREFIX.exec(l);
      if (m) lines[i] = m[1]! + ' '.repeat(m[0].length - m[1]!.length) + l.slice(m[0].length);
    }
  }
  const first = lines.findIndex((l) => l.trimStart().startsWith('<'));
  let last = -1;
  for (let i = lines.length - 1; i >= 0; i--)
    if (lines[i]!.trimEnd().endsWith('>')) {
      last = i;
      break;
    }
  if (first < 0 || last < first) return { text: lines.join('\n'), bindingsOnly: false };
  for (let i = 0; i < lines.length; i++) {
    if (i >= first && i <= last) continue;
    if (lines[i]!.trim() !== '')
      issues.push(
        issue('unrecognized-line', 'text around the XML is not read', { line: i + 1 }, 'info'),
      );
    lines[i] = blank(lines[i]!);
  }
  let out = lines.join('\n');
  // A fragment that is one comment: what was pasted is commented-out configuration.
  const inner = /^(\s*)<!--([\s\S]*)-->(\s*)$/.exec(out);
  if (inner && /<(site|binding)\s/i.test(inner[2]!) && !inner[2]!.includes('-->')) {
    issues.push(
      issue(
        'fragment',
        'the pasted XML is inside an XML comment: read as written, but IIS does not apply commented-out configuration',
        { line: first + 1 },
        'info',
      ),
    );
    out = `${inner[1]!}    ${inner[2]!}   ${inner[3]!}`;
  }
  const visible = blankComments(out);
  const hasSite = /<site[\s>]/.test(visible);
  if (hasSite && !/<sites[\s>]/.test(visible) && visible.includes('</sites>')) {
    // The excerpt starts inside <sites> (its closing tag was copied, its opening tag was not).
    const at = visible.search(/<site[\s>]/);
    issues.push(
      issue(
        'fragment',
        'the opening <sites> tag is missing; added before the first <site>',
        {
          line: visible.slice(0, at).split('\n').length,
        },
        'info',
      ),
    );
    return {
      text: out.slice(0, at) + '<sites>' + out.slice(at),
      bindingsOnly: false,
      sitesAdded: true,
    };
  }
  const hasSites = /<sites[\s>]/.test(visible) || /<system\.applicationHost[\s>]/.test(visible);
  const hasBinding = /<binding[\s/>]/.test(visible);
  if (hasSites || (!hasSite && !hasBinding)) return { text: out, bindingsOnly: false };
  // Wrap on the first and last lines of the XML so that line numbers do not move.
  const ls = out.split('\n');
  const bindingsOnly = !hasSite;
  const hasBindings = /<bindings[\s>]/.test(visible);
  const open = bindingsOnly
    ? `<sites><site name="" id="">${hasBindings ? '' : '<bindings>'}`
    : '<sites>';
  const close = bindingsOnly ? `${hasBindings ? '' : '</bindings>'}</site></sites>` : '</sites>';
  ls[first] = open + ls[first]!;
  ls[last] = ls[last]! + close;
  issues.push(
    issue(
      'fragment',
      bindingsOnly
        ? 'only <binding> elements: read as one site whose name and id are unknown'
        : 'only <site> elements: read as the sites of a <sites> excerpt',
      { line: first + 1 },
      'info',
    ),
  );
  return { text: ls.join('\n'), bindingsOnly, sitesAdded: true };
}
