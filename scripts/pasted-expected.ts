/**
 * Writes samples/pasted/<name>.expected.json for a NEW pasted fragment from what the loader reads
 * today — a starting point to check line by line against the fragment, never to refresh a failing
 * test. Usage: npx tsx scripts/pasted-expected.ts <name.txt> <artifact id>
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
