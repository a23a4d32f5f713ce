/**
 * A file checked against the size and SHA-256 the collector wrote for it in manifest.json. A file
 * that no longer matches was cut or changed after collection (a truncated copy or transfer, an
 * edit): what it says is not what the server said. It is not parsed, so no finding rests on it; its
 * artifact is failed and its area "not checked" unless another source (the registry beside
 * netsh) covers it, and the issue says to collect it again.
 *
 * Only an entry naming exactly this file is compared: a folder entry (`certificates/`) declares the
 * total of its files, not one file's.
 */
import { createHash } from 'node:crypto';
import type { BundleFile } from '../bundle/open.js';
import type { ManifestArtifact } from '../bundle/manifest.js';
import type { ParseIssue } from '../shared/parse.js';
import type { ParsedFile } from './load.js';

export type IntegrityIssueCode = 'file-damaged';

/** Files larger than this are checked by size only. */
export const SHA256_CHECK_MAX_BYTES = 64 * 1024 * 1024;

function sha256(file: BundleFile): string {
  const h = createHash('sha256');
  for (const c of file.chunks()) h.update(c);
  return h.digest('hex');
}

/** The `file-damaged` issue when the file does not match its manifest entry, else null. */
export function checkIntegrity(
  file: BundleFile,
  entry: ManifestArtifact,
): ParseIssue<IntegrityIssueCode> | null {
  if (entry.path.replace(/^\.\//, '').toLowerCase() !== file.path.toLowerCase()) return null;
  const what = (found: string, declared: string): ParseIssue<IntegrityIssueCode> => ({
    code: 'file-damaged',
    severity: 'error',
    message: `${file.path} is ${found} but manifest.json declares ${declared}: the file was cut or changed after collection, so it is not read; collect ${entry.id} again (or copy the bundle again)`,
    params: { path: file.path, id: entry.id, found, declared },
  });
  if (entry.size !== undefined && entry.size !== file.size)
    return what(`${file.size} bytes`, `${entry.size} bytes`);
  // The hash is checked up to 64 MiB: a multi-gigabyte capture would be read twice for it (its
  // size still is checked, and a cut capture shows as truncated records in its own parse).
  if (
    entry.sha256 !== undefined &&
    /^[0-9a-f]{64}$/i.test(entry.sha256) &&
    file.size <= SHA256_CHECK_MAX_BYTES
  ) {
    const actual = sha256(file);
    if (actual !== entry.sha256.toLowerCase())
      return what(`SHA-256 ${actual}`, `SHA-256 ${entry.sha256.toLowerCase()}`);
  }
  return null;
}

/** The damaged file as the loader keeps it (no value: nothing rests on it), or null when it matches. */
export function damagedFile(
  file: BundleFile,
  entry: ManifestArtifact,
): Omit<ParsedFile, 'matchedBy'> | null {
  const damaged = checkIntegrity(file, entry);
  if (!damaged) return null;
  return {
    artifactId: entry.id,
    path: file.path,
    size: file.size,
    value: null,
    issues: [damaged],
    encoding: null,
  };
}
