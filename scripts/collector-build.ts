/**
 * Joins the collector's parts (collectors/src/NN-<name>.ps1) into the one script customers run,
 * collectors/Collect-TlsEvidence.ps1: `npm run collector:build` after editing a part.
 * `--check` only reports whether the shipped script is current (exit 1 when not).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { COLLECTOR_SCRIPT, joinParts, readParts } from '../src/collector/script-parts.js';

const joined = joinParts(readParts());
let before: Buffer | null = null;
try {
  before = readFileSync(COLLECTOR_SCRIPT);
} catch {
  // first build
}
if (before?.equals(joined)) console.log('collectors/Collect-TlsEvidence.ps1 is up to date');
else if (process.argv.includes('--check')) {
  console.error(
    'collectors/Collect-TlsEvidence.ps1 differs from collectors/src: run npm run collector:build',
  );
  process.exit(1);
} else {
  writeFileSync(COLLECTOR_SCRIPT, joined);
  console.log('collectors/Collect-TlsEvidence.ps1 rebuilt from collectors/src/*.ps1');
}
