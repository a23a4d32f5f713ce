/**
 * Fuzzing pastes that hold several outputs (issue 17, src/artifacts/segments.ts): real fragments
 * (samples/pasted, the parsers' text samples and fixtures) glued in random order with prompts,
 * command echoes, mail quoting, indentation, CRLF / LF / CR mixes, cuts, repeated headers and
 * huge lines between and inside them, read by the loader as one loose file. The properties:
 *
 * - nothing throws, and reading the same bytes twice gives the same result (deterministic);
 * - segments are ordered, disjoint and cover the file; each record's evidence lines lie inside the
 *   file (and inside its segment) and its excerpt is the text of those lines;
 * - no line is read by two parsers (record evidence of different outputs never shares a line);
 * - nothing is silently dropped: a line that yields a record when its fragment is read alone
 *   yields a record in the glued paste too, or a parse issue names it (or its output, when the
 *   loader fell back to reading the file whole and said so).
 */
import fc from 'fast-check';
import { loadBundle, type ParsedBundle, type ParsedFile } from '../../artifacts/load.js';
import type { BundleFile } from '../../bundle/open.js';
import { MAX_EXCERPT_LINE_CHARS, MAX_EXCERPT_LINES } from '../../shared/evidence.js';
import { allSeeds } from './targets.js';

/** A fragment glued into a paste: where it sits (1-based lines of the glued text). */
export interface PastePart {
  source: string;
  start: number;
  end: number;
  /** What was done to it, for the failure report. */
  how: string[];
  /** Its text in the paste, line ends included. */
  text?: string;
}

export interface PasteCase {
  text: string;
  parts: PastePart[];
}

/** Text seeds only (no NUL, valid UTF-8), small enough to glue several. */
const MAX_FRAGMENT = 24 * 1024;
let pool: { source: string; text: string }[] | undefined;
export function pasteFragments(): { source: string; text: string }[] {
  if (pool) return pool;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  pool = [];
  for (const s of allSeeds()) {
    if (s.bytes.length === 0 || s.bytes.length > MAX_FRAGMENT || s.bytes.includes(0)) continue;
    let text: string;
    try {
      text = decoder.decode(s.bytes);
    } catch {
      continue;
    }
    pool.push({ source: s.file, text: text.replace(/^\uFEFF/, '') });
  }
  pool.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return pool;
}

/** Lines people put between outputs: prompts, echoes of the commands, chatter, fences. */
export const BETWEEN: readonly string[] = [
  '',
  'Thanks,',
  '```',
  '```text',
  '...',
  'C:\\>',
  'C:\\Windows\\system32>netsh http show sslcert',
  'PS C:\\> netsh http show iplisten',
  'C:\\>netstat -ano | findstr :443',
  'C:\\>tasklist /svc',
  'PS C:\\Users\\admin> certutil -store my',
  'C:\\>icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys',
  'C:\\>reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL',
  'PS C:\\> Get-Website',
  '%windir%\\system32\\inetsrv\\appcmd list site',
  'netsh http show sslcert',
  '> ',
  '-----Original Message-----',
];

const lineSplit = /\r\n|\r|\n/;

/** One fragment as someone pasted it: `ops` picks the mangling (bits), `cut` how much is lost. */
function mangle(
  text: string,
  ops: number,
  cut: number,
  k: number,
): { text: string; how: string[] } {
  const how: string[] = [];
  let lines = text.split(lineSplit);
  if (lines[lines.length - 1] === '') lines.pop();
  if (ops & 1 && cut > 0) {
    // Truncated (the mail client cut it, the rest was not copied): at a line or mid-line.
    const keep = Math.max(1, Math.round(lines.length * (1 - (cut % 100) / 100)));
    lines = lines.slice(0, keep);
    if (cut > 100 && lines.length > 0) {
      const last = lines[lines.length - 1]!;
      lines[lines.length - 1] = last.slice(0, Math.floor(last.length / 2));
    }
    how.push(`cut to ${lines.length} lines${cut > 100 ? ' mid-line' : ''}`);
  }
  if (ops & 2 && lines.length > 2) {
    // Its header pasted twice (two runs of the same command).
    const head = lines.slice(0, Math.min(4, lines.length));
    lines = [...head, ...lines];
    how.push('header repeated');
  }
  if (ops & 4) {
    lines = lines.map((l) => `> ${l}`);
    how.push('mail-quoted');
  }
  if (ops & 8) {
    lines = lines.map((l) => `    ${l}`);
    how.push('indented');
  }
  if (ops & 16) {
    lines = lines.map((l) => l.replace(/ {2,}/g, '\t'));
    how.push('padding reflowed to tabs');
  }
  if (ops & 32 && lines.length > 1) {
    // A huge line in the middle (a base64 blob, a log line).
    const at = k % lines.length;
    lines.splice(at, 0, 'A'.repeat(20_000 + (k % 7) * 1000));
    how.push(`huge line at ${at + 1}`);
  }
  return { text: lines.join('\n'), how };
}

const EOLS = ['\n', '\r\n', '\r'] as const;

/** Glues mangled fragments into one paste, recording where each one lands. */
export function buildPaste(
  picks: readonly {
    fragment: number;
    before: number;
    ops: number;
    cut: number;
    eol: number;
  }[],
): PasteCase {
  const frags = pasteFragments();
  const parts: PastePart[] = [];
  // Each line with its own line end: a part keeps one style (LF, CRLF or a lone CR).
  const out: [string, string][] = [];
  picks.forEach((p, k) => {
    const f = frags[p.fragment % frags.length]!;
    const m = mangle(f.text, p.ops, p.cut, p.fragment + k);
    const eol = EOLS[p.eol % EOLS.length]!;
    out.push([BETWEEN[p.before % BETWEEN.length]!, eol === '\r' ? '\n' : eol]);
    const body = m.text.split('\n');
    parts.push({
      source: f.source,
      start: out.length + 1,
      end: out.length + body.length,
      how: [...m.how, `eol ${JSON.stringify(eol)}`],
    });
    for (const l of body) out.push([l, eol]);
  });
  let text = out.map(([l, e]) => l + e).join('');
  // A lone CR before an empty LF line reads as one CRLF: then lone CRs become CRLF.
  let fixed = out;
  if (text.split(lineSplit).length !== out.length + 1) {
    fixed = out.map(([l, e]) => [l, e === '\r' ? '\r\n' : e]);
    text = fixed.map(([l, e]) => l + e).join('');
  }
  // Each part exactly as it sits in the paste, line ends included (read alone as a file).
  for (const p of parts)
    p.text = fixed
      .slice(p.start - 1, p.end)
      .map(([l, e]) => l + e)
      .join('');
  return { text, parts };
}

export const pasteArbitrary = (): fc.Arbitrary<PasteCase> =>
  fc
    .array(
      fc.record({
        fragment: fc.nat(),
        before: fc.nat(),
        ops: fc
          .nat({ max: 63 })
          .map((o) => (o & 32 && o & 1 ? o : o & ~32) /* huge lines rarely */),
        cut: fc.nat({ max: 199 }),
        eol: fc.nat({ max: 2 }),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map(buildPaste);

/** Every evidence pointer (record) in a parsed value, with its line range. */
function evidenceOf(value: unknown): { lines: { start: number; end: number }; excerpt?: string }[] {
  const out: { lines: { start: number; end: number }; excerpt?: string }[] = [];
  const stack: unknown[] = [value];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v) || v instanceof Uint8Array) continue;
    seen.add(v);
    const o = v as Record<string, unknown>;
    const lines = o['lines'] as { start?: unknown; end?: unknown } | undefined;
    if (
      typeof o['path'] === 'string' &&
      typeof o['artifactId'] === 'string' &&
      lines &&
      typeof lines.start === 'number' &&
      typeof lines.end === 'number'
    )
      out.push({
        lines: { start: lines.start, end: lines.end },
        ...(typeof o['excerpt'] === 'string' && { excerpt: o['excerpt'] }),
      });
    for (const x of Array.isArray(v) ? v : Object.values(o)) stack.push(x);
  }
  return out;
}

const PATH = 'paste.txt';

export function readPaste(text: string): ParsedBundle {
  const bytes = Buffer.from(text, 'utf8');
  const file: BundleFile = {
    path: PATH,
    size: bytes.length,
    read: () => bytes,
    *chunks(n = 1 << 20) {
      for (let i = 0; i < bytes.length; i += n) yield bytes.subarray(i, i + n);
    },
  };
  return loadBundle({ source: PATH, kind: 'files', files: [file], skipped: [] });
}

function filesOf(b: ParsedBundle): ParsedFile[] {
  return b.artifacts.flatMap((a) => a.files).filter((f) => f.path === PATH);
}

/** What the loader made of a paste, stable across runs (no Buffers, no functions). */
export function snapshot(b: ParsedBundle): string {
  return JSON.stringify({ files: filesOf(b), unrecognized: b.unrecognized }, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
  );
}

/** Lines (1-based) that records cover in a read. */
function recordLines(files: ParsedFile[]): Map<number, Set<string>> {
  const m = new Map<number, Set<string>>();
  files.forEach((f, i) => {
    const who = `${f.artifactId}#${f.segment?.start ?? 0}#${i}`;
    for (const e of evidenceOf(f.value))
      for (let l = e.lines.start; l <= e.lines.end; l++) {
        let s = m.get(l);
        if (!s) m.set(l, (s = new Set()));
        s.add(who);
      }
  });
  return m;
}

const capLine = (line: string): string =>
  line.length <= MAX_EXCERPT_LINE_CHARS ? line : line.slice(0, MAX_EXCERPT_LINE_CHARS);

/**
 * Checks one paste; returns what broke (undefined when every property holds). `alone` reads a
 * part by itself (cached by the caller: the same fragment comes back often). `drops: false` skips
 * the no-silent-drop property (failures of which start with `lines `; see docs/fuzzing.md for the
 * kinds still open).
 */
export function checkPaste(c: PasteCase, alone = readPaste, drops = true): string | undefined {
  let first: ParsedBundle;
  try {
    first = readPaste(c.text);
  } catch (e) {
    const err = e as Error;
    return `threw ${err?.name}: ${err?.message}\n${(err?.stack ?? '').split('\n').slice(1, 5).join('\n')}`;
  }
  if (snapshot(readPaste(c.text)) !== snapshot(first)) return 'two reads of the same paste differ';
  const lines = c.text.split(lineSplit);
  const files = filesOf(first);
  if (files.length === 0 && first.unrecognized.length === 0)
    return 'the paste is neither read nor listed as unrecognised';
  // Segments: ordered, disjoint, covering the file.
  const segs = files
    .filter((f) => f.segment)
    .map((f) => f.segment!)
    .sort((a, b) => a.start - b.start);
  if (segs.length > 0) {
    if (segs.length !== files.length) return 'a segmented paste also has an unsegmented read';
    let prev = 0;
    for (const s of segs) {
      if (s.start !== prev + 1 || s.end < s.start)
        return `segment ${s.start}-${s.end} after ${prev}`;
      prev = s.end;
    }
    if (prev !== lines.length) return `segments end at ${prev} of ${lines.length} lines`;
  }
  // Records and issues point inside the file (and their segment), at the text they came from.
  for (const f of files) {
    const lo = f.segment?.start ?? 1;
    const hi = f.segment?.end ?? lines.length;
    for (const i of f.issues)
      if (i.line !== undefined && (i.line < lo || i.line > hi))
        return `${f.artifactId} issue ${i.code} at line ${i.line}, outside ${lo}-${hi}`;
    for (const e of evidenceOf(f.value)) {
      const { start, end } = e.lines;
      if (start < lo || end > hi || start > end)
        return `${f.artifactId} record at lines ${start}-${end}, outside ${lo}-${hi}`;
      // Certificate files' evidence is a one-line summary (subject, thumbprint), by design.
      if (e.excerpt !== undefined && f.artifactId !== 'cert.files') {
        // The excerpt is the file's text at those lines (parsers may trim or unquote it).
        const shown = e.excerpt.split('\n').slice(0, Math.min(end - start + 1, MAX_EXCERPT_LINES));
        for (const [k, x] of shown.entries()) {
          const want = x.trim().slice(0, 200);
          const line = capLine(lines[start - 1 + k] ?? '');
          if (want !== '' && !line.includes(want))
            return `${f.artifactId} record at lines ${start}-${end}: excerpt line ${JSON.stringify(want.slice(0, 100))} is not in the file's line ${start + k} ${JSON.stringify(line.slice(0, 100))}`;
        }
      }
    }
  }
  // No line read by two parsers.
  const byLine = recordLines(files);
  for (const [l, who] of byLine) {
    const outputs = new Set([...who].map((w) => w.split('#').slice(0, 2).join('#')));
    if (outputs.size > 1) return `line ${l} read by ${[...outputs].join(' and ')}`;
  }
  if (!drops) return undefined;
  // Nothing silently dropped: what a part yields alone, the paste yields too (or says why not).
  const issueLines = new Set(files.flatMap((f) => f.issues.map((i) => i.line ?? -1)));
  const unread = files.flatMap((f) =>
    f.issues
      .filter((i) => i.code === 'unread-lines')
      .map((i): [number, number] => [Number(i.params?.['start']), Number(i.params?.['end'])]),
  );
  // An output its parser rejected whole (an error with no line: invalid JSON) names all its lines.
  for (const f of files)
    if (f.issues.some((i) => i.severity === 'error' && i.line === undefined))
      unread.push([f.segment?.start ?? 1, f.segment?.end ?? lines.length]);
  // A paste listed as unrecognised is reported whole: nothing in it is dropped silently.
  if (first.unrecognized.some((u) => u.path === PATH)) return undefined;
  for (const p of c.parts) {
    const solo = filesOf(alone(p.text ?? lines.slice(p.start - 1, p.end).join('\n')));
    for (const f of solo)
      for (const e of evidenceOf(f.value)) {
        // The record, moved to where its part sits in the paste: some line of it is read or named.
        const from = e.lines.start + p.start - 1;
        const to = Math.min(e.lines.end + p.start - 1, p.end);
        let seen = false;
        for (let at = from; at <= to && !seen; at++)
          seen =
            byLine.has(at) || issueLines.has(at) || unread.some(([a, b]) => a <= at && at <= b);
        if (seen) continue;
        const read = files.map(
          (x) => `${x.artifactId} ${x.segment ? `${x.segment.start}-${x.segment.end}` : 'whole'}`,
        );
        return `lines ${from}-${to} (${JSON.stringify((lines[from - 1] ?? '').slice(0, 80))}) of ${p.source} [${p.how.join(', ')}] yield a ${f.artifactId} record alone, but nothing in the paste (read as ${read.join(', ') || 'nothing'})`;
      }
  }
  return undefined;
}

/** Reads of single parts, cached by text (fragments recur across cases). */
export function cachedAlone(limit = 2000): (text: string) => ParsedBundle {
  const cache = new Map<string, ParsedBundle>();
  return (text) => {
    let r = cache.get(text);
    if (!r) {
      r = readPaste(text);
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(text, r);
    }
    return r;
  };
}

export const describePaste = (c: PasteCase): string =>
  c.parts.map((p) => `${p.source} @${p.start}-${p.end} [${p.how.join(', ')}]`).join(' + ');

export interface PasteFigures {
  cases: number;
  /** Broken properties other than silent drops (must be 0). */
  failures: number;
  /** Records a part yields alone that the glued paste neither reads nor names. */
  drops: number;
  slowestMs: number;
  seconds: number;
  fragments: number;
  /** Distinct failures: what broke, the paste's parts, and the paste itself. */
  found: { failure: string; parts: string; text: string }[];
}

/** Whether a failure of checkPaste is a silent drop (the property still open in places). */
export const isDrop = (failure: string): boolean =>
  /^lines \d+-\d+ .* record alone, but nothing/.test(failure);

/** A campaign of `runs` random pastes (scripts/fuzz.ts, target `paste.segments`). */
export function pasteCampaign(
  runs: number,
  seed: number,
  progress?: (done: number) => void,
): PasteFigures {
  const t0 = performance.now();
  const alone = cachedAlone();
  const f: PasteFigures = {
    cases: 0,
    failures: 0,
    drops: 0,
    slowestMs: 0,
    seconds: 0,
    fragments: pasteFragments().length,
    found: [],
  };
  const seen = new Set<string>();
  fc.check(
    fc.property(pasteArbitrary(), (c) => {
      const start = performance.now();
      const failure = checkPaste(c, alone);
      f.slowestMs = Math.max(f.slowestMs, performance.now() - start);
      f.cases++;
      progress?.(f.cases);
      if (!failure) return true;
      if (isDrop(failure)) f.drops++;
      else f.failures++;
      const key = failure.replace(/\d+/g, 'N').slice(0, 120);
      if (!seen.has(key)) {
        seen.add(key);
        f.found.push({ failure, parts: describePaste(c), text: c.text });
      }
      return true;
    }),
    { numRuns: runs, seed },
  );
  f.seconds = (performance.now() - t0) / 1000;
  return f;
}
