/**
 * Files without a manifest entry (loose files, pasted outputs): which parser reads them, by
 * content first, with the catalog path and file name only ordering close scores, and a file
 * holding several pasted outputs read output by output. Why a reading was chosen becomes info
 * issues of the file for the collection log.
 */
import type { BundleFile } from '../bundle/open.js';
import type { Manifest, ManifestArtifact } from '../bundle/manifest.js';
import type { ArtifactParser, DecodeHints, ParseIssue, Recognizer } from '../shared/parse.js';
import { SNIFF } from '../shared/parse.js';
import { entryForPath } from './catalog.js';
import { decodeText } from './decode.js';
import type { LoadOptions, ParsedFile } from './parsed.js';
import { parserFor, recognizers } from './parsers.js';
import { headBytes, HeadSniffer, runTextParser, TOOL_ERROR_CODES } from './run.js';
import { decodeHints, hostFormat, runParser } from './run-file.js';
import { settleParsedRuns } from '../parsers/console-listings.js';
import {
  joinSegment,
  MAX_SEGMENTED_CHARS,
  segmentsOf,
  segmentText,
  type Segment,
} from './segments.js';

/** A parser that may read a file without a manifest entry, with why. */
export interface Candidate {
  /** What recognition knows of the parser (its module is imported once chosen: `parserFor`). */
  parser: Recognizer;
  /** Content score (sniff), 0 … 1. */
  score: number;
  /** The catalog path or the file name points at this parser. */
  by: 'path' | 'name' | null;
}

/** What the name adds to a content score: enough to order close scores, never to beat clear content. */
const NAME_BONUS = { path: 0.3, name: 0.15 } as const;

function rank(c: Candidate): number {
  return c.score + (c.by ? NAME_BONUS[c.by] : 0);
}

/**
 * Every parser that may read a file without a manifest entry, best first. Content decides; the
 * catalog path and the file name only order the candidates (a bonus below a clear content
 * difference), and a parser the name points at is kept as a last resort even when its sniff
 * does not recognise the head.
 */
export function candidatesFor(file: BundleFile, hints: DecodeHints = {}): Candidate[] {
  const byPath = entryForPath(file.path);
  const name = file.path.split('/').pop() ?? file.path;
  // Read here, not inside a sniff: a head that cannot be read (a damaged zip entry) must reach
  // the caller as an error, not score 0 everywhere.
  const head = new HeadSniffer(headBytes(file), hints);
  const out: Candidate[] = [];
  for (const p of recognizers()) {
    const by =
      byPath?.id === p.artifactId ? 'path' : p.fileName?.test(name) === true ? 'name' : null;
    const score = head.score(p);
    if (score >= SNIFF.low || by !== null) out.push({ parser: p, score, by });
  }
  // Stable: equal ranks keep PARSERS order.
  return out.sort((a, b) => rank(b) - rank(a));
}

/** Records in a parsed value: the sum of its top-level lists (a value without lists counts 1). */
export function recordCount(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let lists = 0;
  let n = 0;
  for (const v of Object.values(value)) {
    if (Array.isArray(v)) {
      lists++;
      n += v.length;
    }
  }
  return lists === 0 ? 1 : n;
}

const fmt = (c: Candidate): string =>
  `${c.parser.artifactId} (${c.parser.input}, content ${c.score.toFixed(2)}${c.by ? `, ${c.by}` : ''})`;

/** At most this many candidates are parsed in full for one loose file. */
const MAX_TRIES = 4;

/** Why a loose file is not taken as an artifact, with the code and values the report words. */
type Unrecognised = {
  unrecognised: string;
  code: 'not-an-artifact' | 'name-only';
  params?: Record<string, string>;
};

const NOT_AN_ARTIFACT: Unrecognised = {
  unrecognised: 'not an artifact of the catalog, by path, name or content',
  code: 'not-an-artifact',
};

/**
 * Reads a file without a manifest entry: the best candidate that yields records wins; a candidate
 * whose parse fails or yields nothing hands over to the next. The choice and why (scores, ties,
 * a low score, a name overruled) become info issues of the file, shown in the collection log.
 */
export function readLoose(
  file: BundleFile,
  manifest: Manifest | null,
  entryOf: (id: string) => ManifestArtifact | null,
  options: LoadOptions,
): { result: ParsedFile } | Unrecognised {
  const hints = decodeHints(manifest, null, options);
  let ranked: Candidate[];
  try {
    ranked = candidatesFor(file, hints);
  } catch (e) {
    // The head cannot be read (a damaged zip entry): a file at a catalog path is that artifact,
    // failed with the reader's error; anything else is listed as unreadable by the caller.
    const byPath = entryForPath(file.path);
    if (!byPath) throw e;
    const r = runParser(file, byPath.id, manifest, entryOf(byPath.id), options);
    return { result: { ...r, matchedBy: 'path' } };
  }
  if (ranked.length === 0) return NOT_AN_ARTIFACT;
  const log: ParseIssue[] = [];
  const note = (code: string, message: string, params: Record<string, string | number>): void => {
    log.push({ code, severity: 'info', message, params });
  };
  const tried: { c: Candidate; r: Omit<ParsedFile, 'matchedBy'>; n: number }[] = [];
  let chosen: (typeof tried)[number] | undefined;
  for (const c of ranked.slice(0, MAX_TRIES)) {
    // A parser only the name points at is tried only when nothing else could read the file.
    if (c.score === 0 && tried.length > 0) continue;
    const r = runParser(
      file,
      c.parser.artifactId,
      manifest,
      entryOf(c.parser.artifactId),
      options,
      parserFor(c.parser),
    );
    const n = r.value === null ? 0 : recordCount(r.value);
    tried.push({ c, r, n });
    if (n > 0) {
      chosen = tried[tried.length - 1];
      break;
    }
  }
  const first = tried[0]!;
  if (!chosen) {
    // Nothing yielded records: the best candidate's result stands (its issues say why).
    chosen = first;
    if (first.c.score < SNIFF.low && first.c.by === null) return NOT_AN_ARTIFACT;
    // Only the name points at it, the content has nothing of it and no record was read: random
    // bytes named sslcert.txt. Taken as "collected, nothing in it" it would read as a clean bill
    // of health; unrecognised, its artifact stays uncollected and its areas "not evaluated". (An
    // output that is empty but genuine, netsh's header alone, scores above 0 and stays.)
    // A file holding only its command's error ("requires elevation") keeps that error as its
    // reason: the report then says how to collect it, not just that it was not recognised.
    const toolError =
      first.r.value === null && first.r.issues.some((i) => TOOL_ERROR_CODES.has(i.code));
    if (first.c.score === 0 && first.c.by !== null && !toolError) {
      const id = first.c.parser.artifactId;
      return {
        unrecognised: `the ${first.c.by === 'path' ? 'catalog path' : 'file name'} suggests ${id}, but nothing in the content is of it (content 0.00) and no record was read`,
        code: 'name-only',
        params: { id, by: first.c.by },
      };
    }
  }
  const c = chosen.c;
  const others = ranked.filter((x) => x !== c && x.score > 0).slice(0, 3);
  const why =
    `read as ${fmt(c)}` +
    (others.length > 0 ? `; other candidates: ${others.map(fmt).join(', ')}` : '');
  // What the report words in its language: the chosen reading and the others, as data.
  const whyParams = {
    chosen: c.parser.artifactId,
    score: c.score.toFixed(2),
    others: others.map((o) => `${o.parser.artifactId} ${o.score.toFixed(2)}`).join(', '),
  };
  for (const t of tried) {
    if (t === chosen) continue;
    note(
      'recognition-fallback',
      `${t.c.parser.artifactId} (${t.c.by ?? 'content'}) was tried first and ${t.r.value === null ? 'failed' : 'yielded no records'}; ${why}`,
      {
        ...whyParams,
        tried: `${t.c.parser.artifactId} (${t.c.by ?? 'content'})`,
        outcome: t.r.value === null ? 'failed' : 'empty',
      },
    );
  }
  const named = ranked.find((x) => x.by !== null);
  if (
    named &&
    named.parser.artifactId !== c.parser.artifactId &&
    !tried.some((t) => t.c === named && t !== chosen)
  )
    note(
      'recognised-by-content',
      `the ${named.by} suggests ${named.parser.artifactId} but the content does not (${named.score.toFixed(2)}); ${why}`,
      {
        ...whyParams,
        variant: 'overruled',
        by: named.by ?? '',
        named: named.parser.artifactId,
        namedScore: named.score.toFixed(2),
      },
    );
  else if (!c.by) note('recognised-by-content', why, { ...whyParams, variant: 'content' });
  const rival = ranked.find(
    (x) => x !== c && x.parser.artifactId !== c.parser.artifactId && x.score > 0,
  );
  if (rival && Math.abs(rival.score - c.score) < 0.05 && c.score > 0)
    note(
      'recognition-tie',
      `content fits ${c.parser.artifactId} and ${rival.parser.artifactId} equally (${c.score.toFixed(2)}); ${c.by ? `the ${c.by} decided` : 'the first candidate was taken'} — check the collection log`,
      {
        chosen: c.parser.artifactId,
        rival: rival.parser.artifactId,
        score: c.score.toFixed(2),
        decided: c.by ?? 'first',
      },
    );
  if (c.score < SNIFF.fragment)
    note(
      'recognition-low-score',
      `the content looks only a little like ${c.parser.artifactId} (${c.score.toFixed(2)}); ${why}`,
      { ...whyParams, id: c.parser.artifactId },
    );
  const matchedBy: ParsedFile['matchedBy'] = c.by ?? 'content';
  return { result: { ...chosen.r, matchedBy, issues: [...log, ...chosen.r.issues] } };
}

/**
 * Where a loose text holding several outputs is cut, by recognizers alone (no parser imported):
 * its text, how it was decoded and its segments; null when it is one output.
 */
function segmentPlan(
  file: BundleFile,
  manifest: Manifest | null,
  options: LoadOptions,
): { text: string; encoding: string; decodeIssues: ParseIssue[]; segments: Segment[] } | null {
  // UTF-16 doubles the bytes of a text of MAX_SEGMENTED_CHARS characters.
  if (file.size > MAX_SEGMENTED_CHARS * 2 + 2) return null;
  const hints = decodeHints(manifest, null, options);
  let text: string;
  let decodeIssues: ParseIssue[];
  let encoding: string;
  try {
    if (candidatesFor(file, hints)[0]?.parser.input !== 'text') return null;
    const d = decodeText(file.read(), hints);
    ({ text, encoding } = d);
    decodeIssues = d.issues;
  } catch {
    return null;
  }
  const segments = segmentsOf(text, recognizers());
  return segments ? { text, encoding, decodeIssues, segments } : null;
}

/**
 * The artifact ids whose parsers reading this loose file takes (`parsersNeeded`): the catalog
 * path's, the candidates `readLoose` may try, the outputs `readSegments` cuts. The unread-lines
 * check of a paste may want another: `withParsers` imports it then.
 */
export function looseParserIds(
  file: BundleFile,
  manifest: Manifest | null,
  options: LoadOptions,
): Set<string> {
  const ids = new Set<string>();
  const byPath = entryForPath(file.path);
  if (byPath) ids.add(byPath.id);
  try {
    const ranked = candidatesFor(file, decodeHints(manifest, null, options));
    for (const c of ranked.slice(0, MAX_TRIES)) ids.add(c.parser.artifactId);
  } catch {
    // an unreadable head: only the catalog path's parser may run (readLoose)
  }
  for (const seg of segmentPlan(file, manifest, options)?.segments ?? [])
    ids.add(seg.parser.artifactId);
  return ids;
}

/**
 * A loose file holding several outputs (a mail with sslcert then iplisten output): each output
 * read by its own parser, line numbers pointing into the file (src/artifacts/segments.ts). An
 * output that yields nothing joins its neighbour; null when one kind is left (or the file is one
 * output): then it is read whole.
 */
export function readSegments(
  file: BundleFile,
  manifest: Manifest | null,
  options: LoadOptions,
): ParsedFile[] | null {
  const plan = segmentPlan(file, manifest, options);
  if (!plan) return null;
  const { text, encoding, decodeIssues } = plan;
  let segments = plan.segments;
  // An output that yields nothing alone (a config cut to its first lines) joins the output before
  // it (the first joins the next), whose parser then names its lines; one kind left: read whole.
  const reads = new Map<string, ReturnType<typeof runTextParser> | null>();
  const readOf = (seg: Segment): ReturnType<typeof runTextParser> | null => {
    const key = `${seg.parser.artifactId} ${seg.start} ${seg.end}`;
    if (!reads.has(key)) {
      let r: ReturnType<typeof runTextParser> | null;
      // Outside the try: a parser not imported yet is the caller's to load (withParsers).
      const parser = parserFor(seg.parser) as Extract<ArtifactParser, { input: 'text' }>;
      try {
        r = runTextParser(
          parser,
          file.path,
          seg.parser.artifactId,
          segmentText(text, seg),
          [],
          encoding,
          hostFormat(manifest),
        );
      } catch {
        r = null;
      }
      reads.set(key, r !== null && r.value !== null && recordCount(r.value) > 0 ? r : null);
    }
    return reads.get(key)!;
  };
  for (;;) {
    const empty = segments.findIndex((seg) => readOf(seg) === null);
    if (empty < 0) break;
    segments = joinSegment(segments, empty);
    if (new Set(segments.map((x) => x.parser.artifactId)).size < 2) return null;
  }
  const out: ParsedFile[] = [];
  const allLines = text.split(/\r\n|\n|\r/);
  for (const [k, seg] of segments.entries()) {
    const id = seg.parser.artifactId;
    const got = readOf(seg)!;
    // A netstat / tasklist run followed by another in the same copy: the last decides (judge8 T3).
    const runs = settleParsedRuns(id, got.value, allLines);
    const r = { ...got, issues: [...(k === 0 ? decodeIssues : []), ...got.issues, ...runs] };
    const params = {
      id,
      start: seg.start,
      end: seg.end,
      count: segments.length,
      score: seg.score.toFixed(2),
      all: segments.map((s) => `${s.parser.artifactId} ${s.start}-${s.end}`).join(', '),
    };
    out.push({
      artifactId: id,
      path: file.path,
      size: file.size,
      value: r.value,
      encoding: r.encoding,
      matchedBy: 'content',
      segment: { start: seg.start, end: seg.end, of: segments.length },
      issues: [
        {
          code: 'paste-segment',
          severity: 'info',
          message: `the file holds ${segments.length} outputs (${params.all}); lines ${seg.start}-${seg.end} read as ${id} (content ${params.score})`,
          line: seg.start,
          params,
        },
        ...r.issues,
      ],
    });
  }
  return out;
}
