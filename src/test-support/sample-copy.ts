/**
 * Test helper: a copy of a sample bundle with some of its files edited, sealed as the collector
 * would have written it. Every file an edit writes gets its new size and SHA-256 in the copy's
 * manifest (resealManifest), so the integrity check (src/artifacts/integrity.ts) does not warn
 * `file-changed` about an edit the test made; a test that wants that warning edits by hand.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resealManifest } from './reseal.js';

const SAMPLES = fileURLToPath(new URL('../../samples/', import.meta.url));

/** What to do with one file of the copy (path relative to the bundle, forward slashes). */
export type SampleEdit =
  /** New content. */
  | string
  | Buffer
  /** New content from the old (`text` read as UTF-8; `bytes` for other encodings). */
  | ((text: string, bytes: Buffer) => string | Buffer)
  /** Remove the file (its manifest entry stays: the collector listed it). */
  | null;

/** The copy's manifest.json as far as tests edit it. */
export interface SampleManifest {
  host: Record<string, unknown>;
  artifacts: { id: string; path: string; size?: number; sha256?: string; [k: string]: unknown }[];
  [k: string]: unknown;
}

/**
 * Copies `samples/<name>` (or the bundle folder `name` when it is a path) to `dir`, applies `edits`
 * in order, passes the manifest through `manifest` (when given), and reseals every file an edit
 * wrote (unless an edit removed manifest.json: loose files as pasted). Returns `dir`.
 */
export function copySample(
  name: string,
  dir: string,
  edits: Readonly<Record<string, SampleEdit>> = {},
  manifest?: (m: SampleManifest) => void,
): string {
  cpSync(name.includes('/') ? name : join(SAMPLES, name), dir, { recursive: true });
  const written: string[] = [];
  for (const [rel, edit] of Object.entries(edits)) {
    const path = join(dir, rel);
    if (edit === null) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (typeof edit === 'function') {
      const bytes = readFileSync(path);
      writeFileSync(path, edit(bytes.toString('utf8'), bytes));
    } else writeFileSync(path, edit);
    written.push(rel);
  }
  const manifestPath = join(dir, 'manifest.json');
  if (manifest) {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as SampleManifest;
    manifest(m);
    writeFileSync(manifestPath, JSON.stringify(m, null, 2));
  }
  // Loose files (the manifest removed by an edit) have nothing to reseal.
  if (existsSync(manifestPath))
    for (const rel of written) if (rel !== 'manifest.json') resealManifest(dir, rel);
  return dir;
}
