/**
 * A pasted file that holds several outputs (a mail with `netsh http show sslcert` followed by
 * `netsh http show iplisten`, certutil then icacls): where each output starts and which parser
 * reads it. The file is cut at command echoes (`C:\>netsh …`, `PS C:\> icacls …`, a bare
 * `netsh http show iplisten` line) and at lines that are a format's header on their own (a sniff
 * of `sure`: `SSL Certificate bindings:`, `==== Certificate 0 ====`); each piece is sniffed; pieces
 * of one kind next to each other are one output, and a piece that scores strongly for nothing
 * belongs to its neighbour (the following one when it starts with a command echo, else the
 * preceding one). Only when two different kinds each score strongly (`likely`) in their own line
 * ranges is the file read as several outputs; otherwise it stays one file, read as before.
 *
 * Each output is parsed from the whole text with every line outside its range blanked, so line
 * numbers and evidence point into the original file.
 */
import { SNIFF, sniffValue, type Recognizer } from '../shared/parse.js';
import { isCommandEcho, unquote } from '../parsers/text-cleanup.js';

type TextParserOf = Extract<Recognizer, { input: 'text' }>;

export interface Segment {
  parser: TextParserOf;
  /** Content score of the segment's own text. */
  score: number;
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

/** Pastes are small; a larger file is one collector output, never cut. */
export const MAX_SEGMENTED_CHARS = 256 * 1024;
/** Lines looked at for cuts, and the longest line that may be a header. */
const MAX_LINES = 5000;
const MAX_HEADER_CHARS = 160;
const SNIFF_CHARS = 8192;

/** The artifact a typed command's output is (judge6 S2): the echo names it even when its output is short. */
const ECHOED_KINDS: { re: RegExp; id: string }[] = [
  { re: /^netstat(\.exe)?\s+-/i, id: 'net.netstat' },
  { re: /^netsh(\.exe)?\s+http\s+show\s+sslcert\b/i, id: 'httpsys.sslcert' },
  { re: /^netsh(\.exe)?\s+http\s+show\s+iplisten\b/i, id: 'httpsys.iplisten' },
  { re: /^tasklist(\.exe)?(\s|$)/i, id: 'net.processes' },
];

/**
 * A piece that starts with a prompt or bare echo of a known command is that command's output when
 * its parser sees at least a fragment of its format in it: `netstat -ano | findstr :443` prints two
 * rows, too few to score `likely` alone, and must not be merged into the output above it.
 */
function echoedParser(
  parsers: readonly TextParserOf[],
  echoLine: string,
  body: string,
): { p: TextParserOf; s: number } | null {
  const l = unquote(echoLine)
    .trim()
    .replace(/^(\*Evil-WinRM\*\s*)?PS [^>]*>\s*/, '')
    .replace(/^[A-Za-z]:\\[^>]*>\s*/, '');
  const id = ECHOED_KINDS.find((k) => k.re.test(l))?.id;
  const p = id === undefined ? undefined : parsers.find((x) => x.artifactId === id);
  if (!p) return null;
  let s: number;
  try {
    s = sniffValue(p.sniff(body));
  } catch {
    s = 0;
  }
  return s >= SNIFF.fragment ? { p, s: Math.max(s, SNIFF.likely) } : null;
}

function best(parsers: readonly TextParserOf[], text: string): { p: TextParserOf; s: number } {
  let top = { p: parsers[0]!, s: 0 };
  for (const p of parsers) {
    let s: number;
    try {
      s = sniffValue(p.sniff(text));
    } catch {
      s = 0;
    }
    if (s > top.s) top = { p, s };
  }
  return top;
}

/**
 * Where a paste may be cut (0-based line indexes, 0 included): command echoes, and lines that are
 * some format's header by themselves; `echo` holds the command echoes among them.
 */
export function cutsOf(
  lines: readonly string[],
  parsers: readonly Recognizer[],
): { cuts: Set<number>; echo: Set<number> } {
  const texts = parsers.filter((p): p is TextParserOf => p.input === 'text');
  const cuts = new Set<number>([0]);
  const echo = new Set<number>();
  lines.forEach((line, i) => {
    if (isCommandEcho(line)) {
      cuts.add(i);
      echo.add(i);
      return;
    }
    const l = unquote(line).trim();
    if (l === '' || l.length > MAX_HEADER_CHARS || texts.length === 0) return;
    if (best(texts, l).s >= SNIFF.sure) cuts.add(i);
  });
  return { cuts, echo };
}

/**
 * The outputs of a pasted text, or null when it is one output (or too large to cut). `parsers`
 * are the candidates (text parsers; PARSERS order breaks ties).
 */
export function segmentsOf(text: string, parsers: readonly Recognizer[]): Segment[] | null {
  if (text.length > MAX_SEGMENTED_CHARS) return null;
  const texts = parsers.filter((p): p is TextParserOf => p.input === 'text');
  if (texts.length === 0) return null;
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > MAX_LINES) return null;
  const { cuts, echo } = cutsOf(lines, texts);
  if (cuts.size < 2) return null;
  const starts = [...cuts].sort((a, b) => a - b);
  const pieces = starts.map((s, k) => {
    const end = (starts[k + 1] ?? lines.length) - 1;
    const body = lines.slice(s, end + 1).join('\n');
    const head = body.slice(0, SNIFF_CHARS);
    const b = (echo.has(s) ? echoedParser(texts, lines[s]!, head) : null) ?? best(texts, head);
    return { start: s, end, p: b.p, s: b.s, strong: b.s >= SNIFF.likely, echo: echo.has(s) };
  });
  if (pieces.filter((x) => x.strong).length < 2) return null;
  // Weak pieces join a strong neighbour: the next one after a command echo, else the previous.
  type Piece = (typeof pieces)[number];
  const owner: (Piece | null)[] = pieces.map((x) => (x.strong ? x : null));
  for (let k = 0; k < pieces.length; k++) {
    if (owner[k]) continue;
    let next: Piece | null = null;
    for (let j = k + 1; j < pieces.length && !next; j++) next = owner[j] ?? null;
    let prev: Piece | null = null;
    for (let j = k - 1; j >= 0 && !prev; j--) prev = owner[j] ?? null;
    owner[k] = pieces[k]!.echo || !prev ? (next ?? prev) : prev;
  }
  const out: Segment[] = [];
  pieces.forEach((x, k) => {
    const o = owner[k]!;
    const last = out[out.length - 1];
    if (last && last.parser === o.p) {
      last.end = x.end + 1;
      last.score = Math.max(last.score, o.s);
    } else out.push({ parser: o.p, score: o.s, start: x.start + 1, end: x.end + 1 });
  });
  if (new Set(out.map((s) => s.parser.artifactId)).size < 2) return null;
  return out;
}

/**
 * The segments with segment `k` given to its neighbour (the one before it; the first to the one
 * after), neighbours of one kind merged: an output that yields nothing alone.
 */
export function joinSegment(segs: readonly Segment[], k: number): Segment[] {
  const to = k > 0 ? k - 1 : k + 1;
  const out: Segment[] = [];
  segs.forEach((s, i) => {
    const x = i === k ? { ...segs[to]!, start: s.start, end: s.end } : { ...s };
    const last = out[out.length - 1];
    if (last && last.parser === x.parser) {
      last.start = Math.min(last.start, x.start);
      last.end = Math.max(last.end, x.end);
    } else out.push(x);
  });
  return out;
}

/** The text with every line outside `seg` blanked: the same line numbers, one output. */
export function segmentText(text: string, seg: Pick<Segment, 'start' | 'end'>): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((l, i) => (i + 1 >= seg.start && i + 1 <= seg.end ? l : ''))
    .join('\n');
}
