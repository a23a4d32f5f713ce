// Regenerates samples/README.md from each sample's expected-findings.json description.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSamplesReadme } from '../src/test-support/samples-readme.js';
import { checkModeGate } from './lib/check-builder.js';

// --check: rebuild in a scratch copy and compare with the committed output (scripts/README.md).
checkModeGate(import.meta.url);

const root = new URL('../samples/', import.meta.url).pathname;
writeFileSync(join(root, 'README.md'), renderSamplesReadme(root));
console.log('samples/README.md written');
