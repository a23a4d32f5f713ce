/**
 * The collector files as shipped in the package's collectors/ folder, for
 * `tls-doctor collector --out DIR` (the CLI writes them; this module only reads).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** What the customer gets: the script, the double-click wrapper and the bilingual README. */
export const COLLECTOR_FILE_NAMES = [
  'Collect-TlsEvidence.ps1',
  'collect.cmd',
  'README.md',
] as const;

export interface CollectorFile {
  name: (typeof COLLECTOR_FILE_NAMES)[number];
  content: Buffer;
  /** Hex SHA-256, so the engineer can tell the customer what to expect. */
  sha256: string;
}

/** The package's collectors/ folder (the same relative path from src/ and from dist/). */
export const COLLECTOR_DIR = new URL('../../collectors/', import.meta.url);

export function collectorFiles(dir: URL = COLLECTOR_DIR): CollectorFile[] {
  return COLLECTOR_FILE_NAMES.map((name) => {
    const content = readFileSync(new URL(name, dir));
    return { name, content, sha256: createHash('sha256').update(content).digest('hex') };
  });
}
