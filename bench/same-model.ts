/**
 * The fast twin of bench/same-output.ts: the JSON report model of every sample (and any extra
 * input), built in process by two builds' per-module output (dist/analyze.js,
 * dist/report/model.js), in zh-CN then en from one analysis (so a fix rendered for one language
 * must not change the other's), with a fixed clock. Prints the inputs whose models differ.
 *
 *   npx tsx bench/same-model.ts <before-root> <after-root> [inputs…]   (roots hold dist/)
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const [before, after, ...extra] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: same-model.ts <before-root> <after-root> [inputs…]');
  process.exit(2);
}
const samples = join(root, 'samples');
const inputs = [
  ...readdirSync(samples)
    .filter((n) => statSync(join(samples, n)).isDirectory())
    .map((n) => join(samples, n)),
  ...extra.map((p) => resolve(p)),
];
const script = join(tmpdir(), 'same-model-run.mjs');
writeFileSync(
  script,
  `import { createHash } from 'node:crypto';
const d = process.argv[2];
const { analyze } = await import(d + '/dist/analyze.js');
const { buildReportModel } = await import(d + '/dist/report/model.js');
const now = new Date('2026-12-07T00:00:00Z');
for (const input of process.argv.slice(3)) {
  let line = '';
  try {
    const r = await analyze([input], { runAt: now.toISOString() });
    for (const lang of ['zh-CN', 'en']) {
      const m = buildReportModel(r, { lang, now, toolVersion: 'x' });
      line += createHash('sha256').update(JSON.stringify(m)).digest('hex').slice(0, 16) + ' ';
    }
  } catch (e) { line += 'ERR ' + String(e.message).split('\\n')[0] + ' '; }
  console.log(line + input);
}
`,
);
const run = (build: string): string[] =>
  execFileSync(process.execPath, [script, resolve(build), ...inputs], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
    .trim()
    .split('\n');
const a = run(before);
const b = run(after);
let differ = 0;
a.forEach((line, i) => {
  if (line !== b[i] || line.includes('ERR')) {
    differ++;
    console.log(`DIFFERS ${line} | ${b[i]}`);
  }
});
console.log(`${a.length} inputs, models in zh-CN and en: ${differ} differ`);
process.exit(differ > 0 ? 1 : 0);
