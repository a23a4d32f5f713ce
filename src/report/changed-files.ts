/**
 * Files changed after collection: the loader reads them with a `file-changed` issue
 * (src/artifacts/integrity.ts: longer than manifest.json declares, or another SHA-256). The report
 * names them in the verdict and marks every finding whose evidence comes from one, so a finding
 * resting on an edited file is not presented as a confident root cause (judge6 p49).
 */
import type { ParsedBundle } from '../artifacts/load.js';
import type { ParseIssue } from '../shared/parse.js';

export interface ChangedFile {
  path: string;
  /** The artifact id the manifest declares for it. */
  id: string;
  /** What the file is now, and what manifest.json declares (`1463 bytes` / `SHA-256 …`). */
  found: string;
  declared: string;
}

/** The `file-changed` issues of the bundle's files, with the manifest entry they come from. */
export function changedFileIssues(parsed: ParsedBundle): ParseIssue[] {
  return parsed.artifacts.flatMap((a) =>
    a.files.flatMap((f) => f.issues.filter((i) => i.code === 'file-changed')),
  );
}

export function changedFiles(parsed: ParsedBundle): ChangedFile[] {
  return parsed.artifacts.flatMap((a) =>
    a.files.flatMap((f) =>
      f.issues
        .filter((i) => i.code === 'file-changed')
        .map((i) => ({
          path: f.path,
          id: a.id,
          found: String(i.params?.['found'] ?? ''),
          declared: String(i.params?.['declared'] ?? ''),
        })),
    ),
  );
}

/** The evidence paths of a finding that are changed files (empty when none is). */
export function changedEvidence(evidence: { path: string }[], changed: Set<string>): string[] {
  return [...new Set(evidence.map((e) => e.path).filter((p) => changed.has(p)))];
}
