/**
 * Fleet analysis: every bundle of a folder (zips and bundle folders), analyzed in parallel on the
 * machine's cores. Each bundle runs in a worker process with its own module instances, so no two
 * analyses ever share a json-rules-engine instance, and a bundle that exhausts a worker's memory
 * kills only that worker (V8 aborts the whole process on a heap overflow, so a worker *thread*
 * would take the fleet down with it). The workers send back plain data (the report model, a
 * fingerprint for cross-server comparison, the sensitive values for redaction); the facts stay in
 * the worker. No console, no argv here.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork, type ChildProcess } from 'node:child_process';
import type { AnalyzeOptions } from './analyze.js';
import type { Lang } from './engine/rule.js';
import type { FleetFolderSkip } from './fleet-dedupe.js';
import type { FleetFingerprint, FleetServerInput } from './report/fleet.js';
import type { ReportModel } from './report/model.js';
import type { SensitiveValue } from './report/redact.js';
import { compareText } from './shared/evidence.js';

export interface FleetJob {
  path: string;
  /** Report language; null = from the bundle's UI culture. */
  lang: Lang | null;
  options: Omit<AnalyzeOptions, 'onProgress'>;
  toolVersion: string;
  now: string;
}

export type FleetResult =
  | {
      ok: true;
      model: ReportModel;
      fingerprint: FleetFingerprint;
      sensitive: SensitiveValue[];
    }
  | { ok: false; error: string };

export interface FleetServerResult extends FleetServerInput {
  sensitive: SensitiveValue[];
}

/** The report language a bundle asks for: Chinese UI cultures get zh-CN, everything else en. */
export function langForCulture(uiCulture: string | null): Lang {
  return uiCulture && /^zh/i.test(uiCulture) ? 'zh-CN' : 'en';
}

export interface FleetBundlesOptions {
  /** Follow symbolic links among the folder's entries (`--follow-links`); off by default. */
  followLinks?: boolean;
  /** Told about every entry that is not taken as a bundle and why (in words, and its kind). */
  onSkip?: (path: string, reason: string, kind: FleetFolderSkip) => void;
}

/**
 * Bundles in a folder: `*.zip` files and sub-folders, by name. A bundle folder itself is refused.
 * Symbolic links are not followed unless asked: `farm/web02 -> /etc` would report a system folder.
 */
export function fleetBundles(folder: string, opts: FleetBundlesOptions = {}): string[] {
  const names = readdirSync(folder).sort((a, b) => compareText(a, b));
  if (names.some((n) => n.toLowerCase() === 'manifest.json'))
    throw new Error(
      `${folder} is one bundle (it has a manifest.json); give the folder that holds the bundles`,
    );
  const out: string[] = [];
  for (const n of names) {
    if (n.startsWith('.')) continue;
    const p = join(folder, n);
    let st = lstatSync(p);
    if (st.isSymbolicLink()) {
      if (!opts.followLinks) {
        opts.onSkip?.(p, 'symbolic link: not followed (--follow-links follows them)', 'link');
        continue;
      }
      try {
        st = statSync(p);
      } catch (e) {
        opts.onSkip?.(
          p,
          `symbolic link to nothing readable (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
          'link-unreadable',
        );
        continue;
      }
    }
    if (st.isDirectory() || (st.isFile() && /\.zip$/i.test(p))) out.push(p);
    else if (!st.isFile()) opts.onSkip?.(p, 'neither a folder nor a file: not read', 'not-a-file');
  }
  return out;
}

/**
 * File names for the per-server reports: the bundle name with unsafe characters replaced, made
 * unique case-insensitively (`web 01` and `web_01` must not overwrite each other's report).
 */
export function reportFileNames(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    const base = id.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '_') || 'server';
    let name = `${base}.html`;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}-${n}.html`;
    used.add(name.toLowerCase());
    return name;
  });
}

// From source (tests, tsx) the worker is TypeScript, run with tsx's loader. Built, it is plain JS.
const fromSource = import.meta.url.endsWith('.ts');
const WORKER = new URL(fromSource ? './fleet-worker.ts' : './fleet-worker.js', import.meta.url);
const TSX_LOADER = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url);

/** Heap of one worker (V8 old space, MiB), unless FleetOptions.workerHeapMb says otherwise. */
export const WORKER_HEAP_MB = 1024;

type FleetWorker = ChildProcess & { lastError: string };

function spawnWorker(heapMb: number): FleetWorker {
  // Memory stays bounded however many bundles there are: at most `concurrency` workers, each with
  // a heap cap; a bundle that exhausts it kills only its own worker (reported as failed, and a
  // fresh worker goes on with the next bundle).
  const child = fork(fileURLToPath(WORKER), [], {
    execArgv: [
      ...(fromSource ? ['--import', TSX_LOADER.href] : []),
      `--max-old-space-size=${heapMb}`,
    ],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  }) as FleetWorker;
  child.lastError = '';
  // The last words of a dying worker (V8's "heap out of memory") go into its bundle's error.
  child.stderr?.on('data', (d: Buffer) => {
    child.lastError = (child.lastError + d.toString()).slice(-2000);
  });
  return child;
}

const lastWords = (w: FleetWorker): string => {
  const line = w.lastError
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /error/i.test(l));
  return line ? `: ${line}` : '';
};

export interface FleetOptions {
  lang: Lang | null;
  analyze: Omit<AnalyzeOptions, 'onProgress'>;
  toolVersion: string;
  now: Date;
  /** Parallel workers (default: the machine's cores, at most one per bundle). */
  concurrency?: number;
  /** Old-generation heap of each worker in MiB (default WORKER_HEAP_MB). */
  workerHeapMb?: number;
  /** Called when a bundle is done. */
  onProgress?: (done: number, total: number, id: string) => void;
}

export async function runFleet(
  bundles: readonly string[],
  opts: FleetOptions,
): Promise<FleetServerResult[]> {
  const results = new Array<FleetServerResult>(bundles.length);
  const size = Math.max(1, Math.min(opts.concurrency ?? availableParallelism(), bundles.length));
  let next = 0;
  let done = 0;
  const idOf = (p: string): string => p.split(/[\\/]/).filter(Boolean).pop() ?? p;

  const spawn = (): FleetWorker => spawnWorker(opts.workerHeapMb ?? WORKER_HEAP_MB);
  const stop = (w: FleetWorker): Promise<void> =>
    new Promise((resolve) => {
      if (w.exitCode !== null || w.signalCode !== null) return resolve();
      w.once('exit', () => resolve());
      w.kill();
    });

  /** One job on a worker; a worker that dies (crash, out of memory) yields an error result. */
  const run = (worker: FleetWorker, job: FleetJob): Promise<{ r: FleetResult; dead: boolean }> =>
    new Promise((resolve) => {
      const off = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (r: FleetResult): void => {
        off();
        resolve({ r, dead: false });
      };
      const onError = (e: Error): void => {
        off();
        resolve({ r: { ok: false, error: `worker failed: ${e.message}` }, dead: true });
      };
      const onExit = (code: number | null, signal: string | null): void => {
        off();
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        resolve({ r: { ok: false, error: `worker ${how}${lastWords(worker)}` }, dead: true });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.send(job);
    });

  async function lane(): Promise<void> {
    let worker = spawn();
    try {
      while (next < bundles.length) {
        const i = next++;
        const path = bundles[i]!;
        const { r, dead } = await run(worker, {
          path,
          lang: opts.lang,
          options: opts.analyze,
          toolVersion: opts.toolVersion,
          now: opts.now.toISOString(),
        });
        if (dead) {
          await stop(worker);
          worker = spawn();
        }
        const id = idOf(path);
        results[i] = r.ok
          ? { id, model: r.model, fingerprint: r.fingerprint, sensitive: r.sensitive, error: null }
          : { id, model: null, fingerprint: null, sensitive: [], error: r.error };
        opts.onProgress?.(++done, bundles.length, id);
      }
    } finally {
      await stop(worker);
    }
  }

  await Promise.all(Array.from({ length: size }, () => lane()));
  return results;
}
