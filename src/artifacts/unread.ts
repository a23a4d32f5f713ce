/**
 * No silent drops in pastes (issue 17 item 5): after a loose file was read (whole, or as the
 * outputs of src/artifacts/segments.ts), a run of lines no record covers that another
 * parser's sniff scores strongly (a netstat table pasted under a JSON listing, an icacls listing
 * after certutil output the cutter found no echo before) becomes an `unread-lines` warning on the
 * output holding it: the engineer learns that part of the paste was not read, and as what it
 * would have been, once that parser has read records from the run alone. The file's own parser
 * counts too (a second listing of the same kind it did not read).
 */
import type { BundleFile } from '../bundle/open.js';
import { SNIFF, sniffValue, type DecodeHints, type Recognizer } from '../shared/parse.js';
import { parserFor } from './parsers.js';
import { decodeText } from './decode.js';
import type { ParsedFile } from './load.js';
import { bytesFile, runParserOn, runTextParser } from './run.js';
import { isCommandEcho, isPasteNoise, unquote } from '../parsers/text-cleanup.js';
import { cutsOf, MAX_SEGMENTED_CHARS } from './segments.js';

const SNIFF_CHARS = 8192;
const MAX_LINES = 5000;
/** Longer than any output's line: a blob (base64, a log line) pasted between outputs. */
const MAX_LINE_CHARS = 4096;
/** Pieces read on their own per file, at most (each is up to three parses). */
const MAX_PROBES = 400;

/** Line ranges the records of a value point at (every evidence pointer it holds). */
export function recordRanges(value: unknown): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v) || ArrayBuffer.isView(v)) continue;
    seen.add(v);
    const o = v as Record<string, unknown>;
    const lines = o['lines'] as { start?: unknown; end?: unknown } | undefined;
    if (
      typeof o['artifactId'] === 'string' &&
      typeof o['path'] === 'string' &&
      lines !== null &&
      typeof lines === 'object' &&
      typeof lines.start === 'number' &&
      typeof lines.end === 'number'
    )
      out.push({ start: lines.start, end: lines.end });
    for (const x of Array.isArray(v) ? v : Object.values(o)) stack.push(x);
  }
  return out;
}

/**
 * The parser that reads records from `text` alone, among those whose sniff scores it at least
 * `SNIFF.low` as the loader does for a file alone (best score first, three tries): a sniff alone
 * would flag a format's own headers. Binary
 * parsers that read text (event XML, PEM) count too, fed the run's UTF-8 bytes.
 */
function readerOf(
  parsers: readonly Recognizer[],
  self: string,
  text: string,
  path: string,
): { id: string; score: number } | null {
  const scored: { p: Recognizer; score: number }[] = [];
  const head = text.slice(0, SNIFF_CHARS);
  let bytes: Uint8Array | undefined;
  for (const p of parsers) {
    let score: number;
    try {
      // The head, as the loader sniffs; the whole run is parsed below.
      score = sniffValue(
        p.input === 'text' ? p.sniff(head) : p.sniff((bytes ??= Buffer.from(head, 'utf8'))),
      );
    } catch {
      score = 0;
    }
    // As low as the loader goes for a file of its own (it reads a low score and says so): a
    // format whose sniff never claims more (one `SslThrottle : 0` line) is still named.
    if (score >= SNIFF.low) scored.push({ p, score });
  }
  scored.sort((x, y) => y.score - x.score || (x.p.artifactId === self ? 1 : 0));
  for (const { p: r, score } of scored.slice(0, 3)) {
    // Outside the try: a parser not imported yet is the caller's to load (withParsers).
    const p = parserFor(r);
    try {
      const r =
        p.input === 'text'
          ? runTextParser(p, path, p.artifactId, text)
          : runParserOn(p, bytesFile(path, Buffer.from(text, 'utf8')), p.artifactId);
      if (r.value !== null && recordRanges(r.value).length > 0) return { id: p.artifactId, score };
    } catch {
      // ParseError: not readable as this either
    }
  }
  return null;
}

/**
 * Adds an `unread-lines` warning to `outputs` (the reads of `file`) for every run of uncovered
 * lines another parser recognises. Pastes only: a file above MAX_SEGMENTED_CHARS is one
 * collector output and left alone.
 */
export function noteUnreadLines(
  file: BundleFile,
  outputs: ParsedFile[],
  hints: DecodeHints | undefined,
  parsers: readonly Recognizer[],
): void {
  if (file.size > MAX_SEGMENTED_CHARS * 2 + 2) return;
  // Text reads, failed ones included: a paste its parser rejected whole may hold another output;
  // and binary parsers' reads whose records point at lines (event XML read by the event log
  // reader, the rest of the paste being other outputs).
  const texts = outputs.filter(
    (o) =>
      o.encoding !== null ||
      recordRanges(o.value).length > 0 ||
      (o.value === null &&
        parsers.some((p) => p.artifactId === o.artifactId && p.input === 'text')),
  );
  if (texts.length === 0) return;
  let lines: string[];
  try {
    lines = decodeText(file.read(), hints).text.split(/\r\n|\r|\n/);
  } catch {
    return;
  }
  if (lines.length > MAX_LINES) return;
  const { cuts } = cutsOf(lines, parsers);
  const covered = new Uint8Array(lines.length + 2);
  for (const o of outputs) {
    for (const r of recordRanges(o.value))
      for (let l = Math.max(1, r.start); l <= Math.min(r.end, lines.length); l++) covered[l] = 1;
    // Issue lines do not cut a run: a key path named "not read" still heads the values under it.
  }
  let budget = MAX_PROBES;
  for (const o of texts) {
    const from = o.segment?.start ?? 1;
    const to = Math.min(o.segment?.end ?? lines.length, lines.length);
    let l = from;
    while (l <= to) {
      if (covered[l] || lines[l - 1]!.trim() === '') {
        l++;
        continue;
      }
      let end = l;
      while (end < to && !covered[end + 1]) end++;
      // The whole run first (a JSON listing holds lines that look like headers); failing that,
      // its paragraphs (a blank line before another output's title); failing that, its pieces
      // between lines that may start another output (command echoes, headers); then from the
      // first line that opens a JSON or XML document (chatter or another output's status line
      // above a listing); last, its pieces between paste noise (fences, elisions, echoes) and
      // overlong lines (a blob whose 8 KiB fill the head a sniff looks at). The lines the first
      // level that names something leaves unnamed are looked at again the same way, so one
      // named paragraph does not hide another.
      const split = (
        from: number,
        to: number,
        at: (k: number) => boolean,
        skip: boolean,
      ): [number, number][] => {
        const out: [number, number][] = [];
        for (let k = from, a = from; k <= to; k++)
          if (k === to || at(k)) {
            if (a <= k - (skip ? 1 : 0)) out.push([a, skip && k !== to ? k - 1 : k]);
            a = k + 1;
          }
        return out;
      };
      const levels = (from: number, to: number): [number, number][][] => {
        let doc = from;
        while (doc <= to && !/^[[{<]/.test(unquote(lines[doc - 1]!).trim())) doc++;
        return [
          [[from, to]],
          split(from, to, (k) => lines[k - 1]!.trim() === '', true),
          split(from, to, (k) => cuts.has(k), false),
          doc > from && doc <= to ? [[doc, to]] : [],
          split(
            from,
            to,
            (k) => isPasteNoise(lines[k - 1]!) || lines[k - 1]!.length > MAX_LINE_CHARS,
            true,
          ),
        ];
      };
      const probe = (from: number, to: number): void => {
        const named: [number, number][] = [];
        for (const pieces of levels(from, to)) {
          for (const [start, b] of pieces) {
            if (budget <= 0) return;
            // The command echo heading a piece is not output: a sniff looks at what follows it.
            let a = start;
            while (a < b && isCommandEcho(lines[a - 1]!)) a++;
            let z = b;
            while (z > a && lines[z - 1]!.trim() === '') z--;
            if (lines[a - 1]!.trim() === '') continue;
            budget--;
            const text = lines.slice(a - 1, z).join('\n');
            const other = readerOf(parsers, o.artifactId, text, file.path);
            if (!other) continue;
            named.push([a, z]);
            o.issues.push({
              code: 'unread-lines',
              severity: 'warning',
              message: `lines ${a}-${z} look like ${other.id} output (content ${other.score.toFixed(2)}) but were not read: this part of the file was read as ${o.artifactId}; paste that output in a file of its own`,
              line: a,
              params: { start: a, end: z, id: other.id, as: o.artifactId },
            });
          }
          if (named.length > 0 || pieces.length > 50) break;
        }
        // The runs of lines left unnamed, each looked at alone.
        if (named.length === 0) return;
        for (let k = from; k <= to; k++) {
          if (named.some(([a, z]) => a <= k && k <= z) || lines[k - 1]!.trim() === '') continue;
          let e = k;
          while (e < to && !named.some(([a, z]) => a <= e + 1 && e + 1 <= z)) e++;
          probe(k, e);
          k = e;
        }
      };
      probe(l, end);
      l = end + 1;
    }
  }
}
