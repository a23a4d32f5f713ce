/**
 * Fleet at scale: `tls-doctor fleet` over N generated bundles (default 500), as a user runs it.
 *
 *   npm run build && npx tsx bench/fleet.ts [count=500] [--jobs 1,2]
 *
 * The bundles (bench/out/fleet/, not committed) are the project's samples copied round-robin,
 * each with its own host name in manifest.json; every third one is zipped (`zip -q -r`, as a
 * customer's zip), the others are folders. Each run is `node dist/cli.js fleet DIR -f json` under
 * /usr/bin/time: wall, CPU (user + system of the CLI and its worker processes), peak RSS of the
 * largest process (the CLI, which keeps every server's report model for the fleet report),
 * bundles per second. The load average is printed: on a shared machine compare CPU, not wall.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 500);
const jobsArg = args.indexOf('--jobs');
const jobs = (jobsArg >= 0 ? args[jobsArg + 1]! : `${cpus().length}`).split(',').map(Number);
const farm = join(root, `bench/out/fleet/farm-${count}`);
const cli = join(root, 'dist/cli.js');

function build(): void {
  if (existsSync(farm) && readdirSync(farm).length === count) return;
  rmSync(farm, { recursive: true, force: true });
  mkdirSync(farm, { recursive: true });
  const samples = readdirSync(join(root, 'samples')).filter((n) =>
    existsSync(join(root, 'samples', n, 'manifest.json')),
  );
  const stage = join(root, 'bench/out/fleet/stage');
  for (let i = 0; i < count; i++) {
    const sample = samples[i % samples.length]!;
    const host = `WEB${String(i + 1).padStart(4, '0')}`;
    const zipped = i % 3 === 2;
    const dir = zipped ? join(stage, host) : join(farm, host);
    cpSync(join(root, 'samples', sample), dir, { recursive: true });
    rmSync(join(dir, 'expected-findings.json'), { force: true });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      host: { name: string };
    };
    manifest.host.name = host;
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    if (zipped) {
      execFileSync('zip', ['-q', '-r', join(farm, `${host}.zip`), '.'], { cwd: dir });
      rmSync(dir, { recursive: true, force: true });
    }
  }
  rmSync(stage, { recursive: true, force: true });
  process.stderr.write(`${farm}: ${count} bundles from ${samples.length} samples\n`);
}

if (!existsSync(cli)) throw new Error('build first: npm run build');
build();
const rows: string[] = [];
for (const j of jobs) {
  const load = loadavg()[0]!.toFixed(1);
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'TIME %e %U %S %M',
      process.execPath,
      cli,
      'fleet',
      farm,
      '-f',
      'json',
      '-o',
      join(root, 'bench/out/fleet/fleet.json'),
      '--fail-on',
      'none',
      '--jobs',
      String(j),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) {
    rows.push(`| ${j} | failed: ${r.stderr.slice(-300)} | | | | |`);
    continue;
  }
  const wall = Number(m[1]);
  const cpu = Number(m[2]) + Number(m[3]);
  const summary = /tls-doctor: (.*); written/.exec(r.stderr)?.[1] ?? '';
  rows.push(
    `| ${j} | ${wall.toFixed(1)} s | ${cpu.toFixed(1)} s | ${Math.round(Number(m[4]) / 1024)} MiB | ${(count / wall).toFixed(1)} (${(count / cpu).toFixed(1)} per CPU-s) | ${load} | ${summary} |`,
  );
}
process.stdout.write(
  `\n${count} bundles, Node ${process.version}, ${cpus().length} cores\n\n` +
    '| jobs | wall | CPU | peak RSS (largest process) | bundles/s | load before | summary |\n' +
    '| ---: | ---: | ---: | ---: | ---: | ---: | --- |\n' +
    rows.join('\n') +
    '\n',
);
