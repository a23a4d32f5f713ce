/**
 * Bundle → parsed artifacts. Decides which artifact each file is (manifest first, then the
 * catalog path, then file name, then content), decodes text deliberately, runs its parser, and
 * keeps every outcome — parsed, partial, failed, not collected, unrecognised — so the report's
 * collection log can say what the analysis rests on. One broken file never stops the others.
 */
import type { Bundle, BundleFile, SkippedEntry } from '../bundle/open.js';
import { parseManifest, type Manifest, type ManifestArtifact } from '../bundle/manifest.js';
import type { ArtifactParser, ParseIssue } from '../shared/parse.js';
import { ParseError, SNIFF } from '../shared/parse.js';
import { catalog, entryForPath, pathMatches } from './catalog.js';
import { decodeText } from './decode.js';
import { allParsers, parsersOf, type ArtifactValues } from './parsers.js';
import { headBytes, HeadSniffer, runParserOn, runTextParser, type HostFormat } from './run.js';
import { MAX_SEGMENTED_CHARS, segmentsOf, segmentText } from './segments.js';
import { noteUnreadLines } from './unread.js';

export { MAX_LINE_CHARS, MAX_TEXT_BYTES } from './run.js';

export interface ParsedFile<T = unknown> {
  artifactId: string;
  path: string;
  size: number;
  /** null when the parser could not produce anything. */
  value: T | null;
  issues: ParseIssue[];
  encoding: string | null;
  /** How the file was matched to its artifact. */
  matchedBy: 'manifest' | 'path' | 'name' | 'content';
  /** One of several outputs pasted into one file: its lines (1-based, inclusive) and how many there are. */
  segment?: { start: number; end: number; of: number };
}

/**
 * parsed / partial (parsed with errors) / failed (nothing usable) / kept (present, no parser:
 * shown as evidence only) / not-collected (the manifest says failed or skipped) / missing.
 */
export type ArtifactStatus = 'parsed' | 'partial' | 'failed' | 'kept' | 'not-collected' | 'missing';

export interface ArtifactState {
  id: string;
  status: ArtifactStatus;
  files: ParsedFile[];
  manifest: ManifestArtifact | null;
  /** Why it is not usable (manifest reason, parser error). */
  reason: string | null;
  /**
   * Which kind of reason, for a report in another language: `collector` (the manifest's own
   * words, data), `file-absent` (params.path), `no-parser`, `parse-errors` (see the issues).
   */
  reasonCode?: 'collector' | 'file-absent' | 'no-parser' | 'parse-errors';
  reasonParams?: Record<string, string | number>;
}

export interface ParsedBundle {
  source: string;
  kind: Bundle['kind'];
  manifest: Manifest | null;
  manifestIssues: ParseIssue[];
  artifacts: ArtifactState[];
  /** `code` words the reason in a report's language (`unrecognized.<code>` in the i18n table). */
  unrecognized: {
    path: string;
    reason: string;
    code?: 'unreadable' | 'not-an-artifact' | 'name-only';
    params?: Record<string, string>;
  }[];
  skipped: SkippedEntry[];
}

export interface LoadOptions {
  /** Forced text encoding for every text file (CLI --encoding). */
  encoding?: string;
}

/** Typed access to the parsed files of one artifact. */
export function filesOf<K extends keyof ArtifactValues>(
  parsed: ParsedBundle,
  id: K,
): (ParsedFile<ArtifactValues[K]> & { value: ArtifactValues[K] })[] {
  const state = parsed.artifacts.find((a) => a.id === id);
  return (state?.files ?? []).filter((f) => f.value !== null) as (ParsedFile<ArtifactValues[K]> & {
    value: ArtifactValues[K];
  })[];
}

/** Artifact ids that yielded something usable. */
export function availableArtifacts(parsed: ParsedBundle): Set<string> {
  return new Set(
    parsed.artifacts
      .filter((a) => a.status === 'parsed' || a.status === 'partial')
      .map((a) => a.id),
  );
}

type DecodeHints = Parameters<typeof decodeText>[1];

/** What the bundle says about a text file's encoding: --encoding, the manifest entry, the code pages. */
function decodeHints(
  manifest: Manifest | null,
  entry: ManifestArtifact | null,
  options: LoadOptions,
): DecodeHints {
  const hints: DecodeHints = {};
  const declared = options.encoding ?? entry?.encoding;
  if (declared !== undefined) hints.declared = declared;
  if (manifest?.host.oemCodePage !== undefined) hints.oemCodePage = manifest.host.oemCodePage;
  if (manifest?.host.ansiCodePage !== undefined) hints.ansiCodePage = manifest.host.ansiCodePage;
  return hints;
}

/** The host's date format as the manifest states it (format culture, not UI culture). */
function hostFormat(manifest: Manifest | null): HostFormat {
  const h = manifest?.host;
  return {
    ...(h?.culture !== undefined && { hostCulture: h.culture }),
    ...(h?.shortDatePattern !== undefined && { hostShortDatePattern: h.shortDatePattern }),
  };
}

function runParser(
  file: BundleFile,
  artifactId: string,
  manifest: Manifest | null,
  entry: ManifestArtifact | null,
  options: LoadOptions,
  chosen?: ArtifactParser,
): Omit<ParsedFile, 'matchedBy'> {
  const base = { artifactId, path: file.path, size: file.size };
  const candidates = chosen ? [chosen] : parsersOf(artifactId);
  if (candidates.length === 0) {
    return {
      ...base,
      value: null,
      encoding: null,
      issues: [
        {
          code: 'no-parser',
          severity: 'info',
          message: `no parser for ${artifactId} yet; kept as evidence only`,
          params: { id: artifactId },
        },
      ],
    };
  }
  const hints = decodeHints(manifest, entry, options);
  try {
    let parser = candidates[0]!;
    if (candidates.length > 1) {
      const head = new HeadSniffer(headBytes(file), hints);
      const scored = candidates.map((c) => ({ c, s: head.score(c) }));
      const best = scored.reduce((a, b) => (b.s > a.s ? b : a));
      if (best.s > 0) parser = best.c;
    }
    return {
      ...base,
      ...runParserOn(parser, file, artifactId, hints, hostFormat(manifest)),
    };
  } catch (e) {
    const err = e as Error;
    const code = e instanceof ParseError ? e.code : 'parser-failed';
    // The parser's own words are data here (its message names what it met), kept as `error`.
    const issue: ParseIssue = {
      code,
      severity: 'error',
      message: `${file.path}: ${err.message}`,
      params: { path: file.path, error: err.message },
    };
    if (e instanceof ParseError && e.position?.line !== undefined) issue.line = e.position.line;
    if (e instanceof ParseError && e.position?.offset !== undefined)
      issue.offset = e.position.offset;
    return { ...base, value: null, issues: [issue], encoding: null };
  }
}

/** A parser that may read a file without a manifest entry, with why. */
export interface Candidate {
  parser: ArtifactParser;
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
  for (const p of allParsers()) {
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
function readLoose(
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
      c.parser,
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
    if (first.c.score === 0 && first.c.by !== null) {
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
 * A loose file holding several outputs (a mail with sslcert then iplisten output): each output
 * read by its own parser, line numbers pointing into the file (src/artifacts/segments.ts). null
 * when the file is one output, or when any output yields nothing: then it is read whole.
 */
function readSegments(
  file: BundleFile,
  manifest: Manifest | null,
  options: LoadOptions,
): ParsedFile[] | null {
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
  const segments = segmentsOf(text, allParsers());
  if (!segments) return null;
  const out: ParsedFile[] = [];
  for (const [k, seg] of segments.entries()) {
    const id = seg.parser.artifactId;
    let r: ReturnType<typeof runTextParser>;
    try {
      r = runTextParser(
        seg.parser,
        file.path,
        id,
        segmentText(text, seg),
        k === 0 ? decodeIssues : [],
        encoding,
        hostFormat(manifest),
      );
    } catch {
      return null;
    }
    if (r.value === null || recordCount(r.value) === 0) return null;
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

/** Files that are never artifacts: the sample's expectations, readmes, desktop litter. */
const NOT_EVIDENCE = /(^|\/)(expected-findings\.json|README(\.md)?|\.DS_Store|Thumbs\.db)$/i;

/**
 * Whether a collected manifest entry takes this file: a folder entry (certificates/) does not take
 * files that are artifacts of their own (certificates/store.json). `exactPaths`: the manifest's
 * file (not folder) paths, lower case.
 */
function manifestTakes(m: ManifestArtifact, exactPaths: Set<string>, path: string): boolean {
  return (
    pathMatches(m, path) &&
    (!m.path.endsWith('/') ||
      (!exactPaths.has(path.toLowerCase()) && (entryForPath(path)?.id ?? m.id) === m.id))
  );
}

const exactPathsOf = (manifest: Manifest): Set<string> =>
  new Set(manifest.artifacts.filter((a) => !a.path.endsWith('/')).map((a) => a.path.toLowerCase()));

/**
 * The artifact ids whose parsers `loadBundle` will run on this bundle (pass to `loadParsers`
 * first), or `'all'` when some file must be recognised by content: no readable manifest, or a
 * file no manifest entry takes. A superset is harmless (a parser imported for nothing), a missing
 * id is not (`parsersOf` throws), so every entry that takes a file counts.
 */
export function parsersNeeded(bundle: Bundle): Set<string> | 'all' {
  const { manifestFile, manifest } = readManifest(bundle);
  if (!manifest) return 'all';
  const exactPaths = exactPathsOf(manifest);
  const ids = new Set<string>();
  for (const f of bundle.files) {
    if (f === manifestFile || NOT_EVIDENCE.test(f.path)) continue;
    const takers = manifest.artifacts.filter((m) =>
      m.status === 'collected' ? manifestTakes(m, exactPaths, f.path) : pathMatches(m, f.path),
    );
    if (takers.length === 0) return 'all';
    for (const m of takers) if (m.status === 'collected') ids.add(m.id);
  }
  return ids;
}

function readManifest(bundle: Bundle): {
  manifestFile: BundleFile | undefined;
  manifest: Manifest | null;
  manifestIssues: ParseIssue[];
} {
  const manifestFile = bundle.files.find((f) => f.path.toLowerCase() === 'manifest.json');
  let manifest: Manifest | null = null;
  let manifestIssues: ParseIssue[] = [];
  if (manifestFile) {
    let text: string | null = null;
    try {
      text = decodeText(manifestFile.read()).text;
    } catch (e) {
      // A damaged manifest entry: files are still recognised by path, name and content.
      manifestIssues = [
        {
          code: 'manifest-unreadable',
          severity: 'error',
          message: `manifest.json cannot be read: ${(e as Error).message}`,
        },
      ];
    }
    if (text !== null) {
      const r = parseManifest(text);
      manifest = r.manifest;
      manifestIssues = r.issues;
    }
  }
  return { manifestFile, manifest, manifestIssues };
}

export function loadBundle(bundle: Bundle, options: LoadOptions = {}): ParsedBundle {
  const { manifestFile, manifest, manifestIssues } = readManifest(bundle);
  const states = new Map<string, ArtifactState>();
  const state = (id: string): ArtifactState => {
    let s = states.get(id);
    if (!s) {
      s = { id, status: 'missing', files: [], manifest: null, reason: null };
      states.set(id, s);
    }
    return s;
  };
  for (const c of catalog()) state(c.id);

  const claimed = new Set<string>();
  if (manifestFile) claimed.add(manifestFile.path);
  const expectedFiles = new Map<string, string>();
  for (const m of manifest?.artifacts ?? []) {
    const s = state(m.id);
    s.manifest = m;
    if (m.status !== 'collected') {
      s.status = 'not-collected';
      s.reason = m.reason ?? m.stderr ?? `${m.status} by the collector`;
      s.reasonCode = 'collector';
      // Files the collector left for a skipped artifact (an unconverted pktmon .etl) are kept, not parsed.
      for (const f of bundle.files.filter((x) => pathMatches(m, x.path) && !claimed.has(x.path))) {
        claimed.add(f.path);
        s.files.push({
          artifactId: m.id,
          path: f.path,
          size: f.size,
          value: null,
          encoding: null,
          matchedBy: 'manifest',
          issues: [
            {
              code: 'not-parsed',
              severity: 'info',
              message: /\.etl$/i.test(f.path)
                ? `kept, not parsed: ${f.path} is an ETL trace; convert it with etl2pcapng (https://github.com/microsoft/etl2pcapng) for a netsh trace ETL, or "pktmon etl2pcap" for a pktmon one, then analyze the pcapng (${s.reason})`
                : `the collector marked ${m.id} ${m.status} (${s.reason}); the file is kept as evidence, not parsed`,
              params: {
                variant: /\.etl$/i.test(f.path) ? 'etl' : 'marked',
                path: f.path,
                id: m.id,
                status: m.status,
                reason: s.reason,
              },
            },
          ],
        });
      }
      continue;
    }
    const exactPaths = exactPathsOf(manifest!);
    const files = bundle.files.filter(
      (f) => !claimed.has(f.path) && manifestTakes(m, exactPaths, f.path),
    );
    for (const f of files) {
      claimed.add(f.path);
      s.files.push({ ...runParser(f, m.id, manifest, m, options), matchedBy: 'manifest' });
    }
    if (files.length === 0) expectedFiles.set(m.id, m.path);
  }

  const unrecognized: ParsedBundle['unrecognized'] = [];
  for (const f of bundle.files) {
    if (claimed.has(f.path)) continue;
    if (NOT_EVIDENCE.test(f.path)) continue;
    const outputs = readSegments(f, manifest, options);
    if (outputs) {
      noteUnreadLines(f, outputs, decodeHints(manifest, null, options), allParsers());
      for (const r of outputs) {
        const s = state(r.artifactId);
        s.files.push(r);
        if (s.status === 'not-collected') s.status = 'missing';
      }
      continue;
    }
    let read: ReturnType<typeof readLoose>;
    try {
      read = readLoose(f, manifest, (id) => state(id).manifest, options);
    } catch (e) {
      // Reading its head failed (a damaged zip entry): listed, and the other files go on.
      unrecognized.push({
        path: f.path,
        reason: `cannot be read: ${(e as Error).message}`,
        code: 'unreadable',
        params: { error: (e as Error).message },
      });
      continue;
    }
    if ('unrecognised' in read) {
      unrecognized.push({
        path: f.path,
        reason: read.unrecognised,
        code: read.code,
        ...(read.params && { params: read.params }),
      });
      continue;
    }
    noteUnreadLines(f, [read.result], decodeHints(manifest, null, options), allParsers());
    const s = state(read.result.artifactId);
    s.files.push(read.result);
    if (s.status === 'not-collected') s.status = 'missing';
  }

  for (const s of states.values()) {
    if (s.files.length === 0) {
      if (s.status !== 'not-collected' && expectedFiles.has(s.id)) {
        s.status = 'failed';
        s.reason = `the manifest lists ${expectedFiles.get(s.id)} but the bundle does not contain it`;
        s.reasonCode = 'file-absent';
        s.reasonParams = { path: expectedFiles.get(s.id)! };
      }
      continue;
    }
    if (s.status === 'not-collected') continue;
    if (s.files.every((f) => f.issues.some((i) => i.code === 'no-parser'))) {
      s.status = 'kept';
      s.reason = 'no parser for this artifact yet; the file is kept as evidence';
      s.reasonCode = 'no-parser';
      continue;
    }
    const usable = s.files.filter((f) => f.value !== null);
    const errors = s.files.some((f) => f.issues.some((i) => i.severity === 'error'));
    s.status = usable.length === 0 ? 'failed' : errors ? 'partial' : 'parsed';
    if (usable.length === 0) s.reasonCode = 'parse-errors';
    if (usable.length === 0)
      s.reason =
        s.files
          .flatMap((f) => f.issues.filter((i) => i.severity === 'error').map((i) => i.message))
          .join('; ') || null;
  }

  return {
    source: bundle.source,
    kind: bundle.kind,
    manifest,
    manifestIssues,
    artifacts: [...states.values()],
    unrecognized,
    skipped: bundle.skipped,
  };
}
