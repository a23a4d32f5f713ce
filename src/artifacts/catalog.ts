/**
 * The artifact catalog, read from collectors/artifacts.json — the one list shared by the
 * collector and the analyzer (a test checks the collector against it).
 */
import { readFileSync } from 'node:fs';

export interface CatalogEntry {
  id: string;
  /** Path in the bundle; ends with `/` for a folder of files. */
  path: string;
  kind: 'text' | 'json' | 'binary' | 'directory';
  source: string;
  description: string;
  needsAdmin: boolean;
}

let cached: CatalogEntry[] | undefined;

export function catalog(): CatalogEntry[] {
  if (!cached) {
    const url = new URL('../../collectors/artifacts.json', import.meta.url);
    const doc = JSON.parse(readFileSync(url, 'utf8')) as { artifacts: CatalogEntry[] };
    cached = doc.artifacts;
  }
  return cached;
}

export function catalogEntry(id: string): CatalogEntry | undefined {
  return catalog().find((a) => a.id === id);
}

/** Whether a bundle path belongs to a catalog entry (exact file, or inside its folder). */
export function pathMatches(entry: Pick<CatalogEntry, 'path'>, path: string): boolean {
  const want = entry.path.toLowerCase();
  const p = path.toLowerCase();
  return want.endsWith('/') ? p.startsWith(want) : p === want;
}

/** The catalog entry a bundle path belongs to: an exact file path wins over a folder entry. */
export function entryForPath(path: string): CatalogEntry | undefined {
  const all = catalog();
  return (
    all.find((c) => !c.path.endsWith('/') && pathMatches(c, path)) ??
    all.find((c) => pathMatches(c, path))
  );
}
