/**
 * A file checked against the size and SHA-256 the collector wrote for it in manifest.json.
 * - Shorter than declared: cut after collection (a truncated copy or transfer). A cut output reads
 *   as a real defect (a hash cut mid-line is "no certificate hash", judge5 T3), so it is not
 *   parsed: `file-damaged`, its artifact failed and its area "not checked" unless another source
 *   (the registry beside netsh) covers it, and the issue says to collect it again.
 * - Otherwise different (longer, or another SHA-256): changed after collection, e.g. edited or
 *   re-encoded by hand. It is read, with a `file-changed` warning on it, so the engineer sees that
 *   the findings rest on a file that is not what the collector wrote.
 *
 * Only an entry naming exactly this file is compared: a folder entry (`certificates/`) declares the
 * total of its files, not one file's.
 */
import { createHash } from 'node:crypto';
import type { BundleFile } from '../bundle/open.js';
import type { ManifestArtifact } from '../bundle/manifest.js';
import type { ParseIssue } from '../shared/parse.js';
import type { ParsedFile } from './load.js';

export type IntegrityIssueCode = 'file-damaged' | 'file-changed';

/** Files larger than this are checked by size only. */
export const SHA256_CHECK_MAX_BYTES = 64 * 1024 * 1024;

function sha256(file: BundleFile): string {
  const h = createHash('sha256');
  for (const c of file.chunks()) h.update(c);
  return h.digest('hex');
}

/** `file-damaged` (cut: not read) or `file-changed` (read, warned) when the file does not match its entry. */
export function checkIntegrity(
  file: BundleFile,
  entry: ManifestArtifact,
): ParseIssue<IntegrityIssueCode> | null {
  if (entry.path.replace(/^\.\//, '').toLowerCase() !== file.path.toLowerCase()) return null;
  const what = (found: string, declared: string): ParseIssue<IntegrityIssueCode> => ({
    code: 'file-changed',
    severity: 'warning',
    message: `${file.path} is ${found} but manifest.json declares ${declared}: the file was changed after collection; it is read as it is now`,
    params: { path: file.path, id: entry.id, found, declared },
  });
  if (entry.size !== undefined && file.size < entry.size)
    return {
      code: 'file-damaged',
      severity: 'error',
      message: `${file.path} is ${file.size} bytes but manifest.json declares ${entry.size} bytes: the file was cut after collection, so it is not read; collect ${entry.id} again (or copy the bundle again)`,
      params: {
        path: file.path,
        id: entry.id,
        found: `${file.size} bytes`,
        declared: `${entry.size} bytes`,
      },
    };
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
  damaged: ParseIssue<IntegrityIssueCode> | null = checkIntegrity(file, entry),
): Omit<ParsedFile, 'matchedBy'> | null {
  if (damaged?.code !== 'file-damaged') return null;
  return {
    artifactId: entry.id,
    path: file.path,
    size: file.size,
    value: null,
    issues: [damaged],
    encoding: null,
  };
}
