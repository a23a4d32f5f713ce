/**
 * Output check for speed work (issue 18): runs two built CLIs side by side on every bundle under
 * samples/ (and on any extra input, e.g. a bench capture) and fails when their reports differ,
 * apart from the run's own time (`generatedAt`).
 *
 *   npx tsx bench/same-output.ts <before/dist/cli.js> <after/dist/cli.js> [--formats json,md]
 *     [--langs en,zh-CN] [--only name,…] [extra inputs…]
 *
 * Each input is analyzed with `-f <format> --lang <lang> --fail-on none` by both CLIs; the
 * outputs are compared byte for byte after the `generatedAt` value is blanked. Prints one line
 * per difference and a total; exits 1 when any output differs or a run fails.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = args[i + 1] ?? fallback;
  args.splice(i, 2);
  return v;
};
const formats = option('--formats', 'json').split(',');
const langs = option('--langs', 'en,zh-CN').split(',');
const only = option('--only', '');
const [before, after, ...extra] = args;
if (!before || !after || !existsSync(before) || !existsSync(after)) {
  console.error('usage: same-output.ts <before/dist/cli.js> <after/dist/cli.js> [inputs…]');
  process.exit(2);
}

const samplesDir = join(root, 'samples');
const samples = readdirSync(samplesDir)
  .filter((n) => statSync(join(samplesDir, n)).isDirectory())
  .filter((n) => only === '' || only.split(',').includes(n))
  .map((n) => join(samplesDir, n));
const inputs = [...samples, ...extra.map((p) => resolve(p))];

const work = mkdtempSync(join(tmpdir(), 'same-output-'));
/** `generatedAt` is the run's clock; everything else must match. */
const normalize = (text: string): string =>
  text
    .replace(/("generatedAt":\s*)"[^"]*"/g, '$1""')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z(?= · tls-doctor)/g, '');

function run(cli: string, input: string, format: string, lang: string, tag: string): string {
  const out = join(work, `${tag}.${format}`);
  const r = spawnSync(
    process.execPath,
    [cli, 'analyze', input, '-f', format, '--lang', lang, '--fail-on', 'none', '-o', out],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) return `(exit ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''})`;
  return normalize(readFileSync(out, 'utf8'));
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 12);
let compared = 0;
let differ = 0;
for (const input of inputs)
  for (const format of formats)
    for (const lang of langs) {
      const a = run(before, input, format, lang, 'a');
      const b = run(after, input, format, lang, 'b');
      compared++;
      if (a === b && !a.startsWith('(exit')) continue;
      differ++;
      console.log(`DIFFERS ${input} -f ${format} --lang ${lang}: ${sha(a)} vs ${sha(b)}`);
      if (a.startsWith('(exit') || b.startsWith('(exit'))
        console.log(`  ${a.slice(0, 200)} | ${b.slice(0, 200)}`);
    }
rmSync(work, { recursive: true, force: true });
console.log(
  `${compared} outputs compared (${inputs.length} inputs × ${formats.join(',')} × ${langs.join(',')}), ${differ} differ`,
);
process.exit(differ > 0 ? 1 : 0);
