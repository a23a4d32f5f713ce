#!/usr/bin/env node
/**
 * The `tls-doctor` executable (dist/cli.js after `npm run build`). It only chooses how the CLI
 * (src/cli.ts) is loaded; every command behaves the same either way.
 *
 * Node 20 has no compile cache (`module.enableCompileCache` is Node >= 22.1), so each run parsed
 * and compiled the analyzer's ~1.3 MB of JavaScript again: ~30 % of an `analyze` of a typical
 * 1 MB bundle (docs/benchmarks.md "Start-up", round 13). The commands that read evidence
 * (HEAVY_COMMANDS) therefore run the CLI as one CommonJS bundle (dist/cli-main.cjs) compiled
 * through `vm.Script` with V8's code cache (dist/cli-main.v8cache). The build writes the cache
 * once, by analyzing sample bundles (scripts/code-cache.mjs); a run only reads it, so nothing is
 * written on the user's machine. V8 checks that the cache matches the source, its own version and
 * its flags, and ignores it otherwise (another Node version: the run compiles as before).
 *
 * The light commands (`--help`, `rules`, `explain`, `collector`) load the ESM bundle's chunks
 * (dist/cli-main.js): parsing the whole analyzer for them would cost more than the cache saves.
 *
 * TLS_DOCTOR_CODE_CACHE: `off` loads the ESM bundle for every command (benchmarks compare the two),
 * `report` says on stderr whether the cache was accepted, `write` (the build only) writes the
 * cache when the run ends.
 */
// The heap flags first (src/cli/heap.ts): V8 keys its code cache by its flags, so they must be
// the same when the build writes the cache and when a run reads it.
import './cli/heap.js';
import { isAscii } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** Commands that parse evidence: they load most of the analyzer, so they gain from the cache. */
export const HEAVY_COMMANDS: ReadonlySet<string> = new Set(['analyze', 'inspect', 'diff', 'fleet']);

type CjsWrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

/** Runs dist/cli-main.cjs with the code cache; false when the bundle is not there. */
function runCached(mode: string | undefined): boolean {
  const bundle = fileURLToPath(new URL('./cli-main.cjs', import.meta.url));
  const cacheFile = bundle.replace(/\.cjs$/, '.v8cache');
  let source: string;
  try {
    // The build writes it ASCII-only (src/shared/ascii-only.ts): Latin-1 then reads the same text
    // ~15 ms sooner than UTF-8 decoding. A bundle with other bytes is decoded as UTF-8.
    const bytes = readFileSync(bundle);
    source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  } catch {
    return false;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  if (mode === 'report') {
    const state = !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
    process.stderr.write(`tls-doctor: code cache ${state}\n`);
  }
  // After the run: the cache then holds every function the run compiled, not only the top level.
  if (mode === 'write')
    process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
  const run = script.runInThisContext() as CjsWrapper;
  const mod = { exports: {} };
  run.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, dirname(bundle));
  return true;
}

const mode = process.env['TLS_DOCTOR_CODE_CACHE'];
const command = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (mode === 'off' || command === undefined || !HEAVY_COMMANDS.has(command) || !runCached(mode)) {
  await import(new URL('./cli-main.js', import.meta.url).href);
}
