/**
 * Long fuzzing campaigns over every parser of src/artifacts/parsers.ts (`npm run fuzz`).
 * The same harness as the short runs in `npm test` (src/test-support/fuzz.ts), with many more
 * cases: the fixed hostile inputs, truncations of every seed at (up to --truncations) offsets, and
 * --runs random cases (random bytes and text, token soup, mutated / re-encoded / cross-fed seeds).
 *
 *   npm run fuzz                                   100,000 random cases per parser
 *   npm run fuzz -- --runs 5000 --only capture     a quick look at one parser
 *   npm run fuzz -- --record                       also write the figures into docs/fuzzing.md
 *
 * Pastes of several outputs (target paste.segments, issue 17) run last: --paste-runs N (default
 * --runs / 20) glued pastes of real fragments, each a whole loader run.
 *
 * Options: --runs N, --only SUBSTRING (target name), --seed N (fast-check seed; default random,
 * printed), --truncations N (offsets per seed, default 2000), --max-ms N (per case, default 5000),
 * --max-rss MiB (default 1536), --out DIR (failing inputs are written there), --record,
 * --target-timeout S (default 1800: each parser runs in its own process, so a hang or a crash
 * fails that parser's row instead of stalling the campaign), --in-process (no child processes).
 * Exit code 1 when any case broke the contract. Failing inputs are saved as files; replay one with
 * `npx tsx scripts/fuzz.ts --replay FILE --only TARGET`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import {
  DEFAULT_BOUNDS,
  HOSTILE,
  ROOT,
  allSeeds,
  caseArbitrary,
  check,
  describeInput,
  fuzzTargets,
  isDrop,
  pasteCampaign,
  truncationOffsets,
  type Bounds,
  type Case,
  type FuzzTarget,
} from '../src/test-support/fuzz.js';
import { CASES } from '../bench/hostile/cases.js';
import { loadParsers } from '../src/artifacts/parsers.js';

// Every parser is a target (parsers are imported lazily per artifact; a fuzz run needs them all).
await loadParsers('all');

/**
 * The artifact files of bench/hostile/cases.ts (issue 22: 6,000 event ids over nine millennia,
 * listeners × services, 8,000 addresses, UTF-16 without BOM), generated once per process.
 */
let benchFiles: { name: string; path: string }[] | null = null;
function benchHostile(): { name: string; path: string }[] {
  if (benchFiles) return benchFiles;
  const dir = join(tmpdir(), `tls-doctor-fuzz-bench-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  benchFiles = [];
  CASES.forEach((c, i) => {
    if (!c.fuzzInputs) return;
    const d = join(dir, String(i));
    c.make(d);
    benchFiles!.push(...c.fuzzInputs(d));
  });
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return benchFiles;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const num = (name: string, dflt: number): number => {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} expects a number, got ${v}`);
  return n;
};

const runs = num('runs', 100_000);
const truncations = num('truncations', 2000);
const seed = num('seed', Math.floor(Math.random() * 2 ** 31));
const maxRssMiB = num('max-rss', 1536);
const bounds: Bounds = { ...DEFAULT_BOUNDS, maxMs: num('max-ms', DEFAULT_BOUNDS.maxMs) };
const only = arg('only');
const outDir = arg('out') ?? join(tmpdir(), 'tls-doctor-fuzz');
const replay = arg('replay');
const targetTimeout = num('target-timeout', 1800);

const targets = fuzzTargets().filter((t) => !only || t.name.includes(only));
if (flag('child') && !targets.some((t) => t.name === arg('target'))) process.exit(2);
const pasteTarget = !only || 'paste.segments/text'.includes(only);
if (targets.length === 0 && !pasteTarget) {
  console.error(
    `no target matches ${only}; targets: ${fuzzTargets()
      .map((t) => t.name)
      .join(', ')}`,
  );
  process.exit(2);
}

if (replay) {
  const bytes = readFileSync(replay);
  for (const t of targets) {
    const o = check(t.parser, bytes, bounds);
    console.log(
      `${t.name}: ${o.ok ? 'ok' : 'FAIL'} ${o.result} ${Math.round(o.ms)} ms ${o.failure ?? ''}`,
    );
  }
  process.exit(0);
}

interface Figures {
  target: string;
  seeds: number;
  hostile: number;
  truncations: number;
  random: number;
  cases: number;
  parseErrors: number;
  failures: number;
  seconds: number;
  slowestMs: number;
  peakRssMiB: number;
}

interface Failure {
  target: string;
  failure: string;
  input: string;
  file: string;
}

const crossSeeds = allSeeds();
const failures: Failure[] = [];
const figures: Figures[] = [];
const started = Date.now();
let peakRss = 0;

if (!flag('child'))
  console.log(
    `fuzzing ${targets.length} parser(s): ${runs} random cases each, seed ${seed}, failing inputs → ${outDir}`,
  );

function fuzzTarget(t: FuzzTarget): { figures: Figures; failures: Failure[]; peakRss: number } {
  const failures: Failure[] = [];
  let peakRss = 0;
  const f: Figures = {
    target: t.name,
    seeds: t.seeds.length,
    hostile: 0,
    truncations: 0,
    random: 0,
    cases: 0,
    parseErrors: 0,
    failures: 0,
    seconds: 0,
    slowestMs: 0,
    peakRssMiB: 0,
  };
  const t0 = Date.now();
  const seen = new Set<string>();
  const record = (c: Case, phase: 'hostile' | 'truncations' | 'random'): boolean => {
    const o = check(t.parser, c.input, bounds, c.chunk);
    f[phase]++;
    f.cases++;
    if (o.result !== 'returned' && o.result !== 'exception') f.parseErrors++;
    f.slowestMs = Math.max(f.slowestMs, o.ms);
    if (f.cases % 500 === 0) {
      const rss = process.memoryUsage.rss();
      f.peakRssMiB = Math.max(f.peakRssMiB, rss / 2 ** 20);
      peakRss = Math.max(peakRss, rss);
      if (rss / 2 ** 20 > maxRssMiB && !seen.has('rss')) {
        seen.add('rss');
        f.failures++;
        failures.push({
          target: t.name,
          failure: `RSS ${Math.round(rss / 2 ** 20)} MiB above --max-rss ${maxRssMiB}`,
          input: describeInput(c),
          file: '',
        });
      }
    }
    if (o.ok) return true;
    f.failures++;
    const key = (o.failure ?? '')
      .split('\n')
      .slice(0, 2)
      .join('\n')
      .replace(/\d+ ms/, 'N ms');
    if (!seen.has(key)) {
      seen.add(key);
      const bytes =
        typeof c.input === 'string' ? Buffer.from(c.input, 'utf8') : Buffer.from(c.input);
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      mkdirSync(join(outDir, t.name.replace(/[^\w.-]/g, '_')), { recursive: true });
      const file = join(outDir, t.name.replace(/[^\w.-]/g, '_'), `${hash}.bin`);
      writeFileSync(file, bytes);
      failures.push({ target: t.name, failure: o.failure ?? '', input: describeInput(c), file });
      console.log(
        `  FAIL ${t.name}: ${o.failure}\n    input: ${describeInput(c)}\n    saved: ${file}`,
      );
    }
    return false;
  };

  for (const h of HOSTILE) record({ kind: `hostile: ${h.name}`, input: h.input() }, 'hostile');
  // The artifact files of the hostile bundles (bench/hostile/cases.ts), fed to every parser.
  for (const h of benchHostile())
    record({ kind: `hostile bundle: ${h.name}`, input: readFileSync(h.path) }, 'hostile');
  for (const s of t.seeds)
    for (const at of truncationOffsets(s.bytes.length, truncations))
      record(
        { kind: `truncated ${s.file} at ${at}`, input: s.bytes.subarray(0, at) },
        'truncations',
      );
  let done = 0;
  const tick = Math.max(1, Math.floor(runs / 10));
  fc.check(
    fc.property(caseArbitrary(t, crossSeeds), (c) => {
      record(c, 'random');
      if (++done % tick === 0)
        process.stdout.write(
          `  ${t.name}: ${done}/${runs} (${Math.round((Date.now() - t0) / 1000)} s)\r`,
        );
      return true;
    }),
    { numRuns: runs, seed },
  );
  f.seconds = (Date.now() - t0) / 1000;
  const rss = process.memoryUsage.rss();
  f.peakRssMiB = Math.max(f.peakRssMiB, rss / 2 ** 20);
  peakRss = Math.max(peakRss, rss);
  return { figures: f, failures, peakRss };
}

if (flag('child')) {
  // One parser per process (see below): the parent reads the result file.
  const t = targets.find((x) => x.name === arg('target'))!;
  writeFileSync(arg('result')!, JSON.stringify(fuzzTarget(t)));
  process.exit(0);
}

const childArgs = [
  ...['--runs', String(runs), '--truncations', String(truncations), '--seed', String(seed)],
  ...['--max-ms', String(bounds.maxMs), '--max-rss', String(maxRssMiB), '--out', outDir],
];
for (const t of targets) {
  let r: { figures: Figures; failures: Failure[]; peakRss: number };
  if (flag('in-process')) r = fuzzTarget(t);
  else {
    // A child process per parser, so a parser that hangs or exhausts memory fails its row after
    // --target-timeout instead of stalling the campaign (cases run synchronously).
    mkdirSync(outDir, { recursive: true });
    const resultFile = join(outDir, `${t.name.replace(/[^\w.-]/g, '_')}.result.json`);
    rmSync(resultFile, { force: true });
    const started = Date.now();
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        ...childArgs,
        '--child',
        '--target',
        t.name,
        '--result',
        resultFile,
      ],
      { stdio: 'inherit', timeout: targetTimeout * 1000, maxBuffer: 1 << 20 },
    );
    try {
      r = JSON.parse(readFileSync(resultFile, 'utf8')) as typeof r;
    } catch {
      const why = child.error?.message.includes('ETIMEDOUT')
        ? `no result within --target-timeout ${targetTimeout} s: a case hangs (the last progress line shows where)`
        : `the child process ended without a result (status ${child.status}, signal ${child.signal}): crashed or out of memory`;
      r = {
        figures: {
          target: t.name,
          seeds: t.seeds.length,
          hostile: 0,
          truncations: 0,
          random: 0,
          cases: 0,
          parseErrors: 0,
          failures: 1,
          seconds: (Date.now() - started) / 1000,
          slowestMs: 0,
          peakRssMiB: 0,
        },
        failures: [{ target: t.name, failure: why, input: '', file: '' }],
        peakRss: 0,
      };
      console.log(`  FAIL ${t.name}: ${why}`);
    }
  }
  const f = r.figures;
  figures.push(f);
  failures.push(...r.failures);
  peakRss = Math.max(peakRss, r.peakRss);
  console.log(
    `${t.name.padEnd(28)} ${String(f.cases).padStart(7)} cases  ${f.seconds.toFixed(1).padStart(6)} s  slowest ${Math.round(f.slowestMs)} ms  ParseError ${f.parseErrors}  failures ${f.failures}`,
  );
}

// Pastes holding several outputs (issue 17): target `paste.segments`, run in this process (cases
// are whole loader runs over real fragments; src/test-support/fuzz/paste.ts has the properties).
if (pasteTarget) {
  const pasteRuns = num('paste-runs', Math.max(1, Math.round(runs / 20)));
  const p = pasteCampaign(pasteRuns, seed, (n) => {
    if (n % Math.max(1, Math.floor(pasteRuns / 10)) === 0)
      process.stdout.write(`  paste.segments: ${n}/${pasteRuns}\r`);
  });
  figures.push({
    target: 'paste.segments/text',
    seeds: p.fragments,
    hostile: 0,
    truncations: 0,
    random: p.cases,
    cases: p.cases,
    parseErrors: 0,
    failures: p.failures,
    seconds: p.seconds,
    slowestMs: p.slowestMs,
    peakRssMiB: process.memoryUsage.rss() / 2 ** 20,
  });
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  mkdirSync(join(outDir, 'paste.segments'), { recursive: true });
  for (const x of p.found) {
    const file = join(
      outDir,
      'paste.segments',
      `${createHash('sha256').update(x.text).digest('hex').slice(0, 16)}.txt`,
    );
    writeFileSync(file, x.text);
    // Silent drops are counted apart (docs/fuzzing.md lists the kinds still open).
    if (!isDrop(x.failure))
      failures.push({ target: 'paste.segments/text', failure: x.failure, input: x.parts, file });
    console.log(
      `  ${isDrop(x.failure) ? 'DROP' : 'FAIL'} paste.segments: ${x.failure}\n    parts: ${x.parts}\n    saved: ${file}`,
    );
  }
  console.log(
    `${'paste.segments/text'.padEnd(28)} ${String(p.cases).padStart(7)} cases  ${p.seconds.toFixed(1).padStart(6)} s  slowest ${Math.round(p.slowestMs)} ms  failures ${p.failures}  silent drops ${p.drops} (${p.found.filter((x) => isDrop(x.failure)).length} kinds)`,
  );
}

const totalSeconds = (Date.now() - started) / 1000;
const total = figures.reduce((n, f) => n + f.cases, 0);
const totalFailures = figures.reduce((n, f) => n + f.failures, 0);
console.log(
  `\n${total} cases in ${totalSeconds.toFixed(0)} s, ${totalFailures} failure(s), peak RSS ${Math.round(peakRss / 2 ** 20)} MiB, seed ${seed}`,
);

if (flag('record')) {
  const docs = join(ROOT, 'docs/fuzzing.md');
  const begin = '<!-- fuzz-figures:begin -->';
  const end = '<!-- fuzz-figures:end -->';
  // Rows of parsers not fuzzed this time (--only) are kept from the previous campaign, marked.
  const date = new Date().toISOString().slice(0, 10);
  const row = (f: Figures): string =>
    `| ${f.target} | ${f.seeds} | ${f.hostile} | ${f.truncations} | ${f.random.toLocaleString('en')} | ${f.cases.toLocaleString('en')} | ${f.parseErrors} | ${f.failures} | ${f.seconds.toFixed(0)} | ${Math.round(f.slowestMs)} | ${date} |`;
  let previous = '';
  try {
    previous = readFileSync(docs, 'utf8');
  } catch {
    // first campaign
  }
  const kept = previous
    .split('\n')
    .filter((l) => /^\| [\w.-]+\/(text|binary)/.test(l))
    .filter((l) => !figures.some((f) => l.startsWith(`| ${f.target} |`)));
  const rows = [...figures.map(row), ...kept].sort();
  const cell = (r: string, i: number): number => Number(r.split('|')[i]!.replace(/[,\s]/g, ''));
  const tableCases = rows.reduce((n, r) => n + cell(r, 6), 0);
  const tableFailures = rows.reduce((n, r) => n + cell(r, 8), 0);
  const minRandom = Math.min(...rows.map((r) => cell(r, 5)));
  const table = [
    begin,
    '',
    `**${rows.length} parsers, ${tableCases.toLocaleString('en')} cases, ${tableFailures} failure(s)** ` +
      `(every row: ${minRandom.toLocaleString('en')} random cases or more).`,
    '',
    `Last run: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, Node ${process.version}, ` +
      `\`npm run fuzz -- ${process.argv.slice(2).join(' ')}\` (fast-check seed ${seed}): ` +
      `${total.toLocaleString('en')} cases in ${Math.round(totalSeconds)} s, ${totalFailures} failure(s), ` +
      `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB.`,
    '',
    '| parser | seeds | hostile | truncations | random | cases | ParseError | failures | seconds | slowest case (ms) | run |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    ...(failures.length > 0
      ? [
          '',
          'Failures:',
          '',
          ...failures.map((x) => `- ${x.target}: ${x.failure.split('\n')[0]} (${x.input})`),
        ]
      : []),
    '',
    end,
  ].join('\n');
  let doc: string;
  try {
    doc = readFileSync(docs, 'utf8');
  } catch {
    doc = `# Fuzzing\n\n${begin}\n${end}\n`;
  }
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  doc =
    i >= 0 && j > i
      ? doc.slice(0, i) + table + doc.slice(j + end.length)
      : `${doc.trimEnd()}\n\n${table}\n`;
  writeFileSync(docs, doc);
  console.log(`figures written to ${docs}`);
}

process.exitCode = totalFailures > 0 ? 1 : 0;
