/**
 * Start-up: `node -e 0` (the floor), `tls-doctor --help`, and `analyze` of a typical bundle as a
 * folder and as a zip (json and html), each run N times as a user runs it (built CLI, plain node).
 *
 *   npm run build && npx tsx bench/startup.ts [runs=7] [sample=s5-protocol-mismatch]
 *
 * Also the same for a typical 1 MB bundle (bench/typical-bundle.ts: a collected bundle's size is
 * mostly event logs). The commands run in rounds (one run of each per round), so a load that
 * changes during the bench hits them all alike. Prints the median wall time and the median CPU
 * time (user + system) of each; on a shared machine the CPU figure is the stable one. Targets (issue 18): --help < 0.2 s, analyze of a
 * typical bundle < 0.4 s wall on a quiet machine.
 *
 * `analyze` runs from the CommonJS bundle with V8's code cache (src/launcher.ts); two rows run the
 * typical bundle without it (TLS_DOCTOR_CODE_CACHE=off), as a Node other than the build's would.
 *
 * Then where the CPU of `analyze` (zip, html) goes: the same steps as the CLI in a fresh plain
 * node process per run, each timed with process.cpuUsage (median of the runs): node's own start,
 * importing the CLI's modules, opening the bundle and reading + parsing it, facts, loading and
 * evaluating the rules, the report model, rendering.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { typicalBundle } from './typical-bundle.js';

const root = join(import.meta.dirname, '..');

const runs = Number(process.argv[2] ?? 7);
const sample = process.argv[3] ?? 's5-protocol-mismatch';
const out = join(root, 'bench/out/startup');
const cli = join(root, 'dist/cli.js');
if (!existsSync(cli)) throw new Error('build first: npm run build');
mkdirSync(out, { recursive: true });
const zip = join(out, `${sample}.zip`);
rmSync(zip, { force: true });
execFileSync('zip', ['-q', '-r', zip, '.'], { cwd: join(root, 'samples', sample) });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const typical = typicalBundle(root, out);

const json = (input: string): string[] => [
  cli,
  'analyze',
  input,
  '-f',
  'json',
  '-o',
  join(out, 'r.json'),
  '--fail-on',
  'none',
];
/** Label, node's arguments, and TLS_DOCTOR_CODE_CACHE when the row sets it (src/launcher.ts). */
const commands: [string, string[], string?][] = [
  ['node -e 0', ['-e', '0']],
  ['tls-doctor --help', [cli, '--help']],
  [`analyze ${sample}/ -f json`, json(join(root, 'samples', sample))],
  [`analyze ${sample}.zip -f json`, json(zip)],
  [
    `analyze ${sample}.zip (html)`,
    [cli, 'analyze', zip, '-o', join(out, 'r.html'), '--fail-on', 'none'],
  ],
  ['analyze typical-1mb/ -f json', json(typical.folder)],
  ['analyze typical-1mb.zip -f json', json(typical.zip)],
  [
    'analyze typical-1mb.zip (html)',
    [cli, 'analyze', typical.zip, '-o', join(out, 'r.html'), '--fail-on', 'none'],
  ],
  // the same without the code cache: the ESM chunks, as every command ran before round 13
  ['analyze typical-1mb/ -f json, no code cache', json(typical.folder), 'off'],
  [
    'analyze typical-1mb.zip (html), no code cache',
    [cli, 'analyze', typical.zip, '-o', join(out, 'r.html'), '--fail-on', 'none'],
    'off',
  ],
];

/** One run of each command per round, round after round: a load that changes hits all alike. */
function measureAll(): string[] {
  const wall = commands.map((): number[] => []);
  const cpu = commands.map((): number[] => []);
  const rss = commands.map(() => 0);
  const failed: (string | null)[] = commands.map(() => null);
  for (let i = 0; i < runs; i++)
    commands.forEach(([, argv, cache], c) => {
      const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', process.execPath, ...argv], {
        encoding: 'utf8',
        env: cache ? { ...process.env, TLS_DOCTOR_CODE_CACHE: cache } : process.env,
      });
      const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
      if (!m) {
        failed[c] = r.stderr.slice(-200);
        return;
      }
      wall[c]!.push(Number(m[1]));
      cpu[c]!.push(Number(m[2]) + Number(m[3]));
      rss[c] = Math.max(rss[c]!, Number(m[4]));
    });
  return commands.map(([label], c) =>
    failed[c] !== null
      ? `| ${label} | failed: ${failed[c]} | | |`
      : `| ${label} | ${median(wall[c]!).toFixed(2)} s | ${median(cpu[c]!).toFixed(2)} s | ${Math.round(rss[c]! / 1024)} MiB |`,
  );
}

const load = loadavg()[0]!.toFixed(1);
const rows = measureAll();
/** The in-process steps of `analyze` (zip, html), median CPU ms of each over the runs. */
function phases(): string {
  const per = new Map<string, number[]>();
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [join(root, 'bench/startup-phases.mjs'), typical.zip], {
      encoding: 'utf8',
      cwd: root,
    });
    const got = JSON.parse(r.stdout || '{}') as Record<string, number>;
    for (const [k, v] of Object.entries(got)) per.set(k, [...(per.get(k) ?? []), v]);
  }
  return [...per].map(([k, v]) => `| ${k} | ${median(v).toFixed(0)} ms |`).join('\n');
}

process.stdout.write(
  `\n${runs} runs each, Node ${process.version}, load average ${load} → ${loadavg()[0]!.toFixed(1)}\n\n` +
    '| command | median wall | median CPU | peak RSS |\n| --- | ---: | ---: | ---: |\n' +
    rows.join('\n') +
    '\n',
);
process.stdout.write(
  `\nWhere the CPU of analyze typical-1mb.zip (html) goes, in-process (plain node, bench/startup-phases.mjs; median of ${runs}):\n\n` +
    '| step | median CPU |\n| --- | ---: |\n' +
    phases() +
    '\n',
);
