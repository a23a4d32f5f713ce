/**
 * Fuzz targets and their seeds: one target per parser of PARSERS; seeds found on disk (parser
 * samples and fixtures, sample bundles' artifact files), assigned by manifest id or sniff.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PARSERS } from '../../artifacts/parsers.js';
import { HEAD_BYTES, HeadSniffer } from '../../artifacts/run.js';
import { SNIFF, type ArtifactParser } from '../../shared/parse.js';

export const ROOT = new URL('../../../', import.meta.url).pathname;

export interface Seed {
  /** Path relative to the repository root. */
  file: string;
  bytes: Buffer;
}

export interface FuzzTarget {
  /** `artifactId/input`, unique over PARSERS (an index is added if two would collide). */
  name: string;
  parser: ArtifactParser;
  seeds: Seed[];
}

/** Largest seed used (bigger fixtures are cut here so one case stays cheap). */
const MAX_SEED = 256 * 1024;

function walk(dir: string, keep: (path: string) => boolean, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, keep, out);
    else if (st.isFile() && keep(full)) out.push(full);
  }
  return out;
}

const read = (full: string): Seed => {
  const bytes = readFileSync(full);
  return {
    file: relative(ROOT, full),
    bytes: bytes.length > MAX_SEED ? bytes.subarray(0, MAX_SEED) : bytes,
  };
};

/** Every sample and fixture file beside the parsers, and the pasted fragments, with no artifact id known. */
function parserSamples(): Seed[] {
  return [
    ...walk(
      join(ROOT, 'src/parsers'),
      (p) => /\.sample\./.test(p) || (/[/\\]fixtures[/\\]/.test(p) && !/\.md$/i.test(p)),
    ),
    // samples/pasted (issue 17): fragments as people paste them, each seeding the parsers that sniff it.
    ...walk(join(ROOT, 'samples/pasted'), (p) => /\.txt$/.test(p)),
  ].map(read);
}

/** Artifact files of the sample bundles, with the id their manifest gives them. */
function bundleSamples(): (Seed & { artifactId: string })[] {
  const out: (Seed & { artifactId: string })[] = [];
  const dir = join(ROOT, 'samples');
  let bundles: string[];
  try {
    bundles = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const b of bundles) {
    let manifest: { artifacts?: { id?: unknown; path?: unknown }[] };
    try {
      manifest = JSON.parse(readFileSync(join(dir, b, 'manifest.json'), 'utf8')) as typeof manifest;
    } catch {
      continue;
    }
    for (const a of manifest.artifacts ?? []) {
      if (typeof a.id !== 'string' || typeof a.path !== 'string') continue;
      const full = join(dir, b, a.path);
      const files = a.path.endsWith('/') ? walk(full, () => true) : [full];
      for (const f of files) {
        try {
          out.push({ ...read(f), artifactId: a.id });
        } catch {
          // listed but not present (failed artifact)
        }
      }
    }
  }
  return out;
}

function sniffs(parser: ArtifactParser, bytes: Buffer): boolean {
  return new HeadSniffer(bytes.subarray(0, HEAD_BYTES)).score(parser) >= SNIFF.low;
}

let cachedTargets: FuzzTarget[] | undefined;

/** One target per parser of PARSERS, with its seeds. */
export function fuzzTargets(): FuzzTarget[] {
  if (cachedTargets) return cachedTargets;
  const loose = parserSamples();
  const bundled = bundleSamples();
  const all: Seed[] = [...loose, ...bundled];
  const names = new Map<string, number>();
  cachedTargets = PARSERS.map((parser) => {
    const sameId = PARSERS.filter((p) => p.artifactId === parser.artifactId).length;
    const own = new Map<string, Seed>();
    for (const s of bundled)
      if (s.artifactId === parser.artifactId && (sameId === 1 || sniffs(parser, s.bytes)))
        own.set(s.file, s);
    for (const s of loose) if (sniffs(parser, s.bytes)) own.set(s.file, s);
    let name = `${parser.artifactId}/${parser.input}`;
    const n = names.get(name) ?? 0;
    names.set(name, n + 1);
    if (n > 0) name += `#${n + 1}`;
    return { name, parser, seeds: own.size > 0 ? [...own.values()] : all };
  });
  return cachedTargets;
}

/** Every seed of every target (for cross-feeding one format to another parser). */
export function allSeeds(): Seed[] {
  const m = new Map<string, Seed>();
  for (const t of fuzzTargets()) for (const s of t.seeds) m.set(s.file, s);
  return [...m.values()];
}
