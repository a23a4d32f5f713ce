/**
 * `--check` for the sample builders: runs a builder in a scratch copy of the working tree (the
 * files git knows, tracked or not ignored; node_modules linked), then compares every file of the
 * copy with the original. A builder whose committed output is stale, or that writes files it did
 * not write before, or deletes files it wrote before, fails with the list. The working tree is
 * never written. See scripts/README.md for the run order.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The sample builders in the order they must run (later ones read what earlier ones wrote):
 * certificates first, then the bundles built from them, then manifests and the samples index.
 * scripts/README.md explains each.
 */
export const BUILDERS = [
  'scripts/gen-certs.ts',
  'scripts/build-samples-certs.ts',
  'scripts/build-samples-httpsys.ts',
  'scripts/build-samples-network-iis.ts',
  'scripts/build-samples-protocols.ts',
  'scripts/build-samples-ciphers.ts',
  'scripts/build-samples-events.ts',
  'scripts/build-samples-httpevent.ts',
  'scripts/build-samples-clientauth.ts',
  'scripts/build-samples-certutil.py',
  'scripts/build-samples-keys.py',
  'scripts/build-samples-host.ts',
  'scripts/make-synthetic-reg-sample.ts',
  'scripts/samples-manifest.ts',
  'scripts/samples-readme.ts',
] as const;

/** Files under these folders are never compared: installed, built or scratch. */
const SKIP = new Set(['node_modules', '.git', 'dist', 'coverage', '.tmp', '.cache']);

export interface BuilderDiff {
  changed: string[];
  added: string[];
  removed: string[];
}

function workingFiles(root: string): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return out
    .split('\0')
    .filter((f) => f !== '' && !SKIP.has(f.split('/')[0]!) && existsSync(join(root, f)));
}

function walk(root: string, dir = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (!dir && SKIP.has(e.name)) continue;
    if (e.isDirectory()) out.push(...walk(root, rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/** How to run a builder: TypeScript through tsx, Python with python3. */
function command(script: string): [string, string[]] {
  if (script.endsWith('.py')) return ['python3', [script]];
  const tsx = join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return [process.execPath, [tsx, script]];
}

/**
 * Runs `scripts` (paths inside the repo) one after the other in one scratch copy, each with
 * `args`, and lists what they changed there.
 */
export function checkBuilders(
  scripts: readonly string[],
  args: readonly string[] = [],
): BuilderDiff {
  const scratch = mkdtempSync(join(tmpdir(), 'tls-doctor-check-'));
  try {
    const files = workingFiles(REPO);
    for (const f of files) {
      mkdirSync(dirname(join(scratch, f)), { recursive: true });
      cpSync(join(REPO, f), join(scratch, f));
    }
    symlinkSync(join(REPO, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    for (const script of scripts) {
      const [cmd, cmdArgs] = command(join(scratch, relative(REPO, resolve(script))));
      execFileSync(cmd, [...cmdArgs, ...args], {
        cwd: scratch,
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    const before = new Set(files);
    const after = walk(scratch);
    const afterSet = new Set(after);
    const diff: BuilderDiff = { changed: [], added: [], removed: [] };
    for (const f of after) {
      if (!before.has(f)) diff.added.push(f);
      else if (!readFileSync(join(scratch, f)).equals(readFileSync(join(REPO, f))))
        diff.changed.push(f);
    }
    for (const f of files) if (!afterSet.has(f)) diff.removed.push(f);
    return diff;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One line per difference, or an empty list when the committed output is current. */
export function describeDiff(d: BuilderDiff): string[] {
  return [
    ...d.changed.map((f) => `  differs: ${f}`),
    ...d.added.map((f) => `  not committed: ${f}`),
    ...d.removed.map((f) => `  would be deleted: ${f}`),
  ];
}

/** The builder and every builder after it in the run order (they may read what it writes). */
export function downstreamOf(script: string): string[] {
  const rel = relative(REPO, resolve(script));
  const i = BUILDERS.indexOf(rel as (typeof BUILDERS)[number]);
  return i < 0 ? [rel] : BUILDERS.slice(i);
}

/**
 * Called first in a builder: with `--check` it checks instead of building, then exits (0 when
 * current, 1 with the differences). The builder and the builders after it in the run order run
 * in the scratch copy, without `--check`, as a developer would run them after changing it.
 */
export function checkModeGate(scriptUrl: string): void {
  const args = process.argv.slice(2);
  if (!args.includes('--check')) return;
  const script = fileURLToPath(scriptUrl);
  const chain = downstreamOf(script);
  const lines = describeDiff(
    checkBuilders(
      chain.map((c) => join(REPO, c)),
      args.filter((a) => a !== '--check'),
    ),
  );
  const name = relative(REPO, script);
  if (lines.length === 0) {
    console.log(`${name}: committed output is current (ran ${chain.join(' → ')})`);
    process.exit(0);
  }
  console.error(
    `${name}: committed output is stale (run it without --check):\n${lines.join('\n')}`,
  );
  process.exit(1);
}
