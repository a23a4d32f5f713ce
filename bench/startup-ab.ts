/**
 * Start-up before / after: two built CLIs run alternately (before, after, before, …) on the same
 * commands, so both see the same machine load; prints the median wall and CPU (user + system)
 * of each, with the load average at start and end.
 *
 *   npx tsx bench/startup-ab.ts <before/dist/cli.js> <after/dist/cli.js> [runs=7] [inputs…]
 *
 * Commands: `--help`; `analyze` of the s5 sample (folder, manifest); `analyze` of the s5 sample's
 * capture as a loose file; and of each extra input (e.g. a 1 MB capture made with
 * bench/make-capture.ts from samples/s5-protocol-mismatch/capture, cut at a packet, as a loose
 * file; a bundle without findings such as samples/ccs-healthy).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const [before, after, runsArg, ...extra] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: startup-ab.ts <before/dist/cli.js> <after/dist/cli.js> [runs] [inputs…]');
  process.exit(2);
}
const runs = Number(runsArg ?? 7);
const s5 = join(root, 'samples/s5-protocol-mismatch');
const json = ['-f', 'json', '--fail-on', 'none', '-o', '/dev/null'];
const commands: [string, string[]][] = [
  ['--help', ['--help']],
  ['analyze s5-protocol-mismatch/ (manifest)', ['analyze', s5, ...json]],
  [
    'analyze s5 capture (3.5 KB), loose',
    ['analyze', join(s5, 'capture/s5-protocol-mismatch.pcap'), ...json],
  ],
  ...extra.map((p): [string, string[]] => [
    `analyze ${p.split('/').pop()}`,
    ['analyze', p, ...json],
  ]),
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function once(cli: string, argv: string[]): { wall: number; cpu: number } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, cli, ...argv], {
    encoding: 'utf8',
  });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (!m || r.status !== 0) throw new Error(`${cli} ${argv.join(' ')}: ${r.stderr.slice(-300)}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]) };
}

const loadStart = loadavg()[0]!.toFixed(1);
console.log('| command | before wall | after wall | before CPU | after CPU |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [label, argv] of commands) {
  const a: { wall: number; cpu: number }[] = [];
  const b: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(once(before, argv));
    b.push(once(after, argv));
  }
  const f = (xs: { wall: number; cpu: number }[], k: 'wall' | 'cpu'): string =>
    `${median(xs.map((x) => x[k])).toFixed(2)} s`;
  console.log(`| ${label} | ${f(a, 'wall')} | ${f(b, 'wall')} | ${f(a, 'cpu')} | ${f(b, 'cpu')} |`);
}
console.log(
  `\n${runs} runs each, alternating; load average ${loadStart} at start, ${loadavg()[0]!.toFixed(1)} at end`,
);
