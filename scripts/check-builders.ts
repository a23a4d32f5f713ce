/**
 * `npm run samples:check`: runs every sample builder of scripts/README.md in its run order in one
 * scratch copy of the working tree, and fails when the run would change, add or delete a
 * committed file. A builder name runs that builder and the ones after it (`--check` of a builder
 * does the same).
 *
 *   npm run samples:check
 *   npm run samples:check -- build-samples-events.ts
 */
import { basename, join } from 'node:path';
import { BUILDERS, REPO, checkBuilders, describeDiff, downstreamOf } from './lib/check-builder.js';

const names = process.argv.slice(2).map((a) => basename(a));
const first = names[0];
const start = first === undefined ? undefined : BUILDERS.find((b) => basename(b) === first);
if (names.length > 1 || (first !== undefined && start === undefined)) {
  console.error(`give at most one sample builder of scripts/README.md, not: ${names.join(' ')}`);
  process.exit(2);
}
const chain = start === undefined ? [...BUILDERS] : downstreamOf(join(REPO, start));
const started = Date.now();
const lines = describeDiff(checkBuilders(chain.map((c) => join(REPO, c))));
const took = `${((Date.now() - started) / 1000).toFixed(0)} s`;
if (lines.length === 0) {
  console.log(`committed output is current (${chain.length} builders, ${took})`);
} else {
  console.error(
    `the builders would change the committed output (${chain.length} builders, ${took}); run them in the order of scripts/README.md:\n${lines.join('\n')}`,
  );
  process.exit(1);
}
