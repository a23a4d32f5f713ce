/** Test helper: after a test edits a file of a sample copy, record its new size and SHA-256 in the
 * copy's manifest.json, as the collector would have written them (src/artifacts/integrity.ts
 * refuses a file shorter than its manifest declares). */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function resealManifest(dir: string, relPath: string): void {
  const manifestPath = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    artifacts: { path: string; size?: number; sha256?: string }[];
  };
  const bytes = readFileSync(join(dir, relPath));
  for (const a of m.artifacts.filter((x) => x.path === relPath)) {
    a.size = bytes.length;
    a.sha256 = createHash('sha256').update(bytes).digest('hex');
  }
  writeFileSync(manifestPath, JSON.stringify(m, null, 2));
}
