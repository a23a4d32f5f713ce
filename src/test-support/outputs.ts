/**
 * What every output of tls-doctor shows for a bundle (the secrets tests: judge10 T3 and round
 * 11): the CLI run as a user runs it (analyze json, md, html with and without --redact, diff,
 * fleet, inspect), everything it writes to stdout, stderr and its output folder.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source in `cwd`. */
export function cli(cwd: string, ...args: string[]): CliRun {
  const r = spawnSync(process.execPath, ['--import', TSX, join(root, 'src/cli.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Writes `bytes` over the file `path` of the bundle folder `dir` and updates its manifest entry
 * (a file's size and hash; a folder artifact's total size).
 */
export function replaceInBundle(dir: string, path: string, bytes: Buffer): void {
  const before = statSync(join(dir, path)).size;
  writeFileSync(join(dir, path), bytes);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    artifacts: { path: string; size?: number; sha256?: string }[];
  };
  const entry = manifest.artifacts.find((a) => a.path === path);
  if (entry) {
    entry.size = bytes.length;
    entry.sha256 = createHash('sha256').update(bytes).digest('hex');
  } else {
    const folder = manifest.artifacts.find((a) => a.path.endsWith('/') && path.startsWith(a.path))!;
    folder.size = (folder.size ?? 0) + bytes.length - before;
  }
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
}

/** What a run wrote: stdout and every file it left in `out` (a report and its redaction map). */
export function outputsOf(out: string, stdout: string): string {
  const files = readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
  return [stdout, ...files].join('\n');
}

/** The 13 outputs: `[name, args]`, args starting with the command. */
export function outputRuns(): [string, string[]][] {
  const runs: [string, string[]][] = [];
  for (const f of ['json', 'md', 'html'])
    for (const redact of [[], ['--redact']])
      runs.push([`analyze -f ${f} ${redact.join('')}`, ['analyze', '-f', f, ...redact]]);
  for (const f of ['json', 'md', 'html'])
    runs.push([`diff -f ${f}`, ['diff', '-f', f]], [`fleet -f ${f}`, ['fleet', '-f', f]]);
  runs.push(['inspect', ['inspect']]);
  return runs;
}

/**
 * Runs one of `outputRuns()` in `tmp` on `bundle` (diff: `other` then `bundle`; fleet: both as
 * two servers) and returns everything it printed or wrote.
 */
export function runOutput(
  tmp: string,
  args: string[],
  bundle: string,
  other: string,
): CliRun & {
  all: string;
} {
  const out = mkdtempSync(join(tmp, 'out-'));
  const [cmd, ...opts] = args;
  let inputs: string[];
  if (cmd === 'diff') inputs = [other, bundle];
  else if (cmd === 'fleet') {
    const farm = mkdtempSync(join(tmp, 'farm-'));
    cpSync(bundle, join(farm, 'web1'), { recursive: true });
    cpSync(other, join(farm, 'web2'), { recursive: true });
    inputs = [farm, '--reports', join(out, 'reps')];
  } else inputs = [bundle];
  const toFile = cmd === 'inspect' ? [] : ['-o', join(out, `report.${opts[1] ?? 'txt'}`)];
  const r = cli(tmp, cmd!, ...inputs, ...opts, ...toFile);
  return { ...r, all: outputsOf(out, r.stdout) + r.stderr };
}

/**
 * One test per output of `outputRuns()` on `bundle`: it runs, says something, and none of what it
 * prints or writes holds a planted secret (`leaks` names those found in a text).
 */
export function itLeaksNoSecret(
  tmp: string,
  bundle: string,
  other: string,
  leaks: (text: string) => string[],
): void {
  for (const [name, args] of outputRuns())
    it(`${name}: no secret in the output`, () => {
      const r = runOutput(tmp, args, bundle, other);
      expect(r.stderr).not.toMatch(/error:|TypeError|at .*\.ts:\d+/);
      expect(r.all.length).toBeGreaterThan(500);
      expect(leaks(r.all)).toEqual([]);
    }, 200_000);
}
