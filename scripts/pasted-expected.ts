/**
 * Writes samples/pasted/<name>.expected.json for a NEW pasted fragment from what the loader reads
 * today — a starting point to check line by line against the fragment, never to refresh a failing
 * test. Usage: npx tsx scripts/pasted-expected.ts <name.txt> <artifact id>; for a file holding
 * several outputs (`*-concatenated*`), the artifact id `segments` writes each output's artifact,
 * lines and records.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBundle } from '../src/artifacts/load.js';
import { loadParsers } from '../src/artifacts/parsers.js';
import { openInputs } from '../src/bundle/open.js';
import { recordLines } from '../src/test-support/records.js';

const [name, artifactId] = process.argv.slice(2);
if (!name || !artifactId) throw new Error('usage: pasted-expected.ts <name.txt> <artifact id>');
const dir = new URL('../samples/pasted/', import.meta.url).pathname;
await loadParsers('all');
const parsed = loadBundle(openInputs([join(dir, name)]));
const target = join(dir, name.replace(/\.txt$/, '.expected.json'));
if (artifactId === 'segments') {
  const segments = parsed.artifacts
    .flatMap((a) => a.files)
    .filter((f) => f.segment)
    .sort((a, b) => a.segment!.start - b.segment!.start)
    .map((f) => ({
      artifactId: f.artifactId,
      lines: [f.segment!.start, f.segment!.end],
      records: recordLines(f),
    }));
  writeFileSync(target, JSON.stringify({ segments }, null, 2) + '\n');
  console.log(`${name}: ${segments.length} outputs`);
  process.exit(0);
}
const file = parsed.artifacts.flatMap((a) => a.files).find((f) => f.artifactId === artifactId);
const records = file ? recordLines(file) : null;
const out = { artifactId, records: records ?? [] };
writeFileSync(
  join(dir, name.replace(/\.txt$/, '.expected.json')),
  JSON.stringify(out, null, 2) + '\n',
);
console.log(
  `${name}: ${file ? `read as ${file.artifactId}` : 'NOT read as ' + artifactId}, ${out.records.length} records`,
);
