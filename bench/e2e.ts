/**
 * End to end, as a user runs it: `tls-doctor analyze` on captures built from real handshakes, as
 * a loose file and inside a bundle zip, side by side with tshark and nDPI on the same file.
 *
 *   npx tsx bench/e2e.ts [--sizes 200,1024,4096] [--tshark-max 1024] [--no-ndpi] [--keep] [--dist DIR]
 *                        [--collector-zips] [--peers-only] [--fresh-peers] [--out DIR]
 *
 * 1. inputs (bench/out/e2e/ or --out DIR, not committed): `bench/make-capture.ts` writes an N MiB pcap from
 *    the capture parser's real fixtures (handshake mix: the parser's worst case), and
 *    `bench/make-zip.ts` (streaming deflate level 1, zip64) puts it at `capture/capture.pcap` in a
 *    bundle zip; with --collector-zips also the forms the collector writes (stored; deflate
 *    level 0 as Windows PowerShell 5.1 writes NoCompression);
 * 2. tls-doctor: `node dist/cli.js analyze INPUT -f json` (built with `npm run build` first) under
 *    /usr/bin/time: wall, CPU (user + system, all threads), peak RSS;
 * 3. peers on the loose file: `tshark -n -r FILE -Y tls.handshake -T fields …` (as
 *    bench/capture.ts) up to --tshark-max MiB (tshark needs ~1 CPU-s per 4 MB), and nDPI's
 *    `ndpiReader -q -i FILE -C out.csv` (Debian libndpi-bin, installed with apt when absent);
 *    The peers' runs do not depend on tls-doctor's code: each is kept beside its input
 *    (`<pcap>.<peer>.json`, with the time and load average it was measured at, for the same file
 *    size and mtime) and reused by a later run, which prints that it did (`--fresh-peers` runs
 *    them again; `--peers-only` runs only them, e.g. while the machine is quiet);
 * 4. the table, and for every target missed the stage that took the time: the same analysis
 *    in-process with the pipeline's progress phases timed (open + read/inflate, parse, facts,
 *    rules, report), and the reader alone (chunks drained, nothing parsed).
 *
 * Targets (issue 18): ≥ 40× tshark's speed (wall; load noted), ≥ 2× less CPU than nDPI, peak RSS
 * < 150 MB.
 * On a shared machine the CPU columns are the stable ones; the load average is printed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { tsharkHandshakeArgs } from './tshark.js';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const out = resolve(root, opt('--out', 'bench/out/e2e'));
const sizes = opt('--sizes', '200,1024,4096').split(',').map(Number);
const tsharkMax = Number(opt('--tshark-max', '1024'));
const useNdpi = !args.includes('--no-ndpi');
const keep = args.includes('--keep');
const peersOnly = args.includes('--peers-only');
const freshPeers = args.includes('--fresh-peers');
const MB = 1e6;

interface Run {
  wall: number;
  cpu: number;
  rss: number;
  ok: boolean;
  note?: string;
}

/** Runs a command under /usr/bin/time -f "%e %U %S %M" and returns wall, CPU, peak RSS (bytes). */
function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...argv], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) return { wall: NaN, cpu: NaN, rss: NaN, ok: false, note: (r.stderr ?? '').slice(-300) };
  const code = /Command exited with non-zero status (\d+)/.exec(r.stderr)?.[1];
  return {
    wall: Number(m[1]),
    cpu: Number(m[2]) + Number(m[3]),
    rss: Number(m[4]) * 1024,
    // tls-doctor runs with --fail-on none, so any exit code but 0 is a failed run (node exits 1
    // on an uncaught error too: counting 1 as finished once reported a crashed CLI as on target)
    ok: code === undefined,
    ...(code !== undefined && { note: `exit ${code}` }),
  };
}

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

function ensureNdpi(): boolean {
  if (have('ndpiReader')) return true;
  process.stderr.write('ndpiReader not found: apt-get install -y libndpi-bin …\n');
  spawnSync('apt-get', ['install', '-y', 'libndpi-bin'], { stdio: 'ignore' });
  return have('ndpiReader');
}

/** The zip forms measured: deflate level 1 (round 5), and how the collector writes a capture since
 * round 6 (CompressionLevel.NoCompression): STORE under PowerShell 7, deflate blocks without
 * compression (level 0) under Windows PowerShell 5.1. */
const ZIP_FORMS = [
  { key: 'stored', label: 'stored (collector, PowerShell 7)', args: ['--store'] },
  { key: 'level0', label: 'deflate level 0 (collector, PowerShell 5.1)', args: ['--level', '0'] },
] as const;

function build(sizeMiB: number): {
  pcap: string;
  zip: string;
  forms: { label: string; zip: string }[];
} {
  const pcap = join(out, `hs-${sizeMiB}.pcap`);
  const zip = join(out, `hs-${sizeMiB}.zip`);
  const forms = ZIP_FORMS.map((f) => ({
    label: f.label,
    zip: join(out, `hs-${sizeMiB}-${f.key}.zip`),
  }));
  if (!existsSync(pcap)) {
    process.stderr.write(`building ${pcap} …\n`);
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench/make-capture.ts'), String(sizeMiB), pcap],
      { stdio: 'inherit', cwd: root },
    );
  }
  if (!existsSync(zip)) {
    process.stderr.write(`zipping ${zip} …\n`);
    // bench/make-zip.ts: streaming deflate level 1 with zip64 records (4.3 GB in ~100 CPU-s;
    // Info-ZIP `zip -1` had not finished after 37 minutes on the loaded machine)
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'bench/make-zip.ts'), pcap, zip, 'capture/capture.pcap'],
      { stdio: 'inherit', cwd: root },
    );
  }
  ZIP_FORMS.forEach((f, i) => {
    const z = forms[i]!.zip;
    if (existsSync(z) || !args.includes('--collector-zips')) return;
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'bench/make-zip.ts'),
        pcap,
        z,
        'capture/capture.pcap',
        ...f.args,
      ],
      { stdio: 'inherit', cwd: root },
    );
  });
  return { pcap, zip, forms: forms.filter((f) => existsSync(f.zip)) };
}

/** The built CLI (`--dist DIR`: a copy of dist/ beside it, so a long run is not changed by a rebuild). */
const dist = join(root, opt('--dist', 'dist'));
const cli = join(dist, 'cli.js');
const LIMITS = ['--max-entry-size', '8GiB', '--max-total-size', '8GiB'];

function tlsDoctor(input: string): Run {
  return timed(process.execPath, [
    cli,
    'analyze',
    input,
    '-f',
    'json',
    '-o',
    join(out, 'report.json'),
    '--fail-on',
    'none',
    ...LIMITS,
  ]);
}

/** The same analysis in-process, each phase of the pipeline timed (a script written to bench/out/e2e/stages.mjs). */
function stages(input: string): string {
  const script = join(out, 'stages.mjs');
  writeFileSync(
    script,
    `
// the CLI's heap flags first, as src/cli.ts sets them
import ${JSON.stringify(join(dist, 'cli/heap.js'))};
import { analyze } from ${JSON.stringify(join(dist, 'analyze.js'))};
import { openInputs } from ${JSON.stringify(join(dist, 'bundle/open.js'))};
import { DEFAULT_LIMITS } from ${JSON.stringify(join(dist, 'bundle/limits.js'))};
import { buildReportModel } from ${JSON.stringify(join(dist, 'report/model.js'))};
const limits = { ...DEFAULT_LIMITS, maxEntryBytes: 8 * 2 ** 30, maxTotalBytes: 8 * 2 ** 30 };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const mode = process.argv[3];
const t0 = performance.now(), c0 = cpu();
const startup = { wall: t0 / 1e3, cpu: c0, peak: process.resourceUsage().maxRSS * 1024 };
if (mode === 'drain') {
  let n = 0;
  for (const f of openInputs([process.argv[2]], limits).files) for (const c of f.chunks(undefined, { reuse: true })) n += c.length;
  console.log(JSON.stringify({ drain: { wall: (performance.now() - t0) / 1e3, cpu: cpu() - c0, peak: process.resourceUsage().maxRSS * 1024 } }));
} else {
  const marks = { 'node + imports': startup };
  // analyze() reports phases: read (open, inflate, parse), facts (facts, then the rules are
  // loaded and compiled), rules (evaluation), done.
  const LABEL = { read: 'open + inflate + parse', facts: 'facts + rule loading', rules: 'rule evaluation', report: 'report model' };
  let last = t0, lastC = c0, phase = 'read';
  const mark = (next) => {
    const now = performance.now(), c = cpu();
    marks[LABEL[phase] ?? phase] = { wall: (now - last) / 1e3, cpu: c - lastC, peak: process.resourceUsage().maxRSS * 1024 };
    last = now; lastC = c; phase = next;
  };
  const result = await analyze([process.argv[2]], {
    limits,
    onProgress: (p) => { if (p.phase !== 'read' && p.phase !== phase) mark(p.phase); },
  });
  mark('report');
  JSON.stringify(buildReportModel(result, { lang: 'en', now: new Date(), toolVersion: 'bench' }));
  mark('end');
  console.log(JSON.stringify(marks));
}
`,
  );
  const full = spawnSync(process.execPath, [script, input, 'full'], { encoding: 'utf8' });
  const drain = spawnSync(process.execPath, [script, input, 'drain'], { encoding: 'utf8' });
  const fmt = (o: Record<string, { wall: number; cpu: number; peak: number }>): string =>
    Object.entries(o)
      .filter(([k]) => k !== 'done')
      .map(
        ([k, v]) =>
          `${k} ${v.wall.toFixed(2)} s (${v.cpu.toFixed(2)} CPU-s, peak RSS so far ${Math.round(v.peak / 2 ** 20)} MiB)`,
      )
      .join(', ');
  try {
    const f = JSON.parse(full.stdout) as Parameters<typeof fmt>[0];
    const d = JSON.parse(drain.stdout) as Parameters<typeof fmt>[0];
    return `stages: ${fmt(f)}; reader alone (open + inflate + chunks, no parsing): ${fmt(d)}`;
  } catch {
    return `stages: not measured (${(full.stderr + drain.stderr).slice(-300)})`;
  }
}

interface PeerRun extends Run {
  /** When and at which load average it was measured (a kept run: `reused`). */
  at?: string;
  load?: string;
  reused?: boolean;
}

/** A peer's run on `pcap`: the kept one for the same file (size, mtime), else measured and kept. */
function peer(pcap: string, name: string, run: () => Run): PeerRun {
  const file = `${pcap}.${name}.json`;
  const { size, mtimeMs } = statSync(pcap);
  if (!freshPeers && existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as PeerRun & {
      size: number;
      mtimeMs: number;
    };
    if (kept.size === size && kept.mtimeMs === mtimeMs && kept.ok) return { ...kept, reused: true };
  }
  const before = loadavg()[0]!.toFixed(1);
  const at = new Date().toISOString().slice(0, 16);
  const r: PeerRun = { ...run(), at };
  r.load = `${before} → ${loadavg()[0]!.toFixed(1)}`;
  writeFileSync(file, JSON.stringify({ ...r, size, mtimeMs }));
  return r;
}

function tshark(pcap: string): PeerRun {
  return peer(pcap, 'tshark', () => timed('tshark', tsharkHandshakeArgs(pcap)));
}

function ndpi(pcap: string): PeerRun {
  return peer(pcap, 'ndpi', () =>
    timed('ndpiReader', ['-q', '-i', pcap, '-C', join(out, 'ndpi.csv')]),
  );
}

const peerNote = (what: string, r: PeerRun | null): string[] =>
  r?.ok && r.at
    ? [`${what}: started ${r.at} UTC, load ${r.load}${r.reused ? ' (kept run, reused)' : ''}`]
    : [];

const s = (r: Run | null): string => (r && r.ok ? `${r.wall.toFixed(1)} s` : r ? 'failed' : '—');
const c = (r: Run | null): string => (r && r.ok ? `${r.cpu.toFixed(1)} s` : '—');
const m = (r: Run | null): string => (r && r.ok ? `${Math.round(r.rss / 2 ** 20)} MiB` : '—');

mkdirSync(out, { recursive: true });
if (!existsSync(cli)) throw new Error('build first: npm run build');
const ndpiOk = useNdpi && ensureNdpi();
const tsharkOk = have('tshark');
const rows: string[] = [];
const misses: string[] = [];
const notes: string[] = [];
process.stderr.write(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
for (const size of sizes) {
  const { pcap, zip, forms } = build(size);
  const bytes = statSync(pcap).size;
  const zipBytes = statSync(zip).size;
  const ts = tsharkOk && size <= tsharkMax ? tshark(pcap) : null;
  const nd = ndpiOk ? ndpi(pcap) : null;
  const label = `${(bytes / MB).toFixed(0)} MB`;
  notes.push(...peerNote(`tshark, ${label}`, ts), ...peerNote(`ndpiReader, ${label}`, nd));
  if (tsharkOk && size > tsharkMax)
    notes.push(
      `tshark, ${label}: not run (--tshark-max ${tsharkMax}; ~150 CPU-s and ~2.4 GB per GB)`,
    );
  if (peersOnly) continue;
  const loose = tlsDoctor(pcap);
  const zipped = tlsDoctor(zip);
  rows.push(
    `| ${label} capture, loose | ${s(loose)} | ${c(loose)} | ${m(loose)} | ${s(ts)} / ${c(ts)} / ${m(ts)} | ${s(nd)} / ${c(nd)} / ${m(nd)} |`,
    `| same inside a zip, deflate level 1 (${(zipBytes / MB).toFixed(0)} MB) | ${s(zipped)} | ${c(zipped)} | ${m(zipped)} | | |`,
  );
  const runs: [string, Run, string][] = [
    ['loose', loose, pcap],
    ['zipped (deflate level 1)', zipped, zip],
  ];
  for (const f of forms) {
    const r = tlsDoctor(f.zip);
    rows.push(
      `| same inside a zip, ${f.label} (${(statSync(f.zip).size / MB).toFixed(0)} MB) | ${s(r)} | ${c(r)} | ${m(r)} | | |`,
    );
    runs.push([`zipped (${f.label})`, r, f.zip]);
  }
  process.stderr.write(`${rows.slice(-2 - forms.length).join('\n')}\n`);
  for (const [what, r, input] of runs) {
    const why: string[] = [];
    if (!r.ok) why.push(`run failed: ${r.note ?? ''}`);
    if (r.ok && r.rss >= 150 * 2 ** 20)
      why.push(`peak RSS ${Math.round(r.rss / 2 ** 20)} MiB ≥ 150`);
    // Speed is wall time, as in the issue's own table (its nDPI target says CPU, this one does
    // not): tls-doctor reads ahead on a second thread (src/bundle/read-ahead.ts), tshark is
    // single-threaded, so its wall on an idle core is its CPU time (its recorded wall may have
    // been taken under load). Run on a quiet machine; the CPU ratio is given beside it.
    const tsWall = ts?.ok ? Math.min(ts.wall, ts.cpu) : NaN;
    if (r.ok && ts?.ok && tsWall / r.wall < 40)
      why.push(
        `${(tsWall / r.wall).toFixed(1)}× tshark's speed < 40× (wall; in CPU time ${(ts.cpu / r.cpu).toFixed(1)}×)`,
      );
    if (r.ok && nd?.ok && nd.cpu / r.cpu < 2)
      why.push(`${(nd.cpu / r.cpu).toFixed(2)}× nDPI's CPU < 2×`);
    if (why.length) misses.push(`- ${label} ${what}: ${why.join('; ')}\n  ${stages(input)}`);
  }
  if (!keep && size >= 4096) rmSync(zip, { force: true });
}
process.stdout.write(
  `\nNode ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end\n\n` +
    '| input | tls-doctor wall | tls-doctor CPU | tls-doctor peak RSS | tshark wall / CPU / RSS | ndpiReader wall / CPU / RSS |\n' +
    '| --- | ---: | ---: | ---: | ---: | ---: |\n' +
    rows.join('\n') +
    '\n\n' +
    (notes.length ? `Peers:\n${notes.map((n) => `- ${n}`).join('\n')}\n\n` : '') +
    (peersOnly
      ? 'Peers only (--peers-only): tls-doctor was not run, so no target was checked.\n'
      : misses.length
        ? `Targets missed, and where the time went:\n${misses.join('\n')}\n`
        : 'All targets met.\n'),
);
