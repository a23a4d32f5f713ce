/**
 * Fleet analysis: every bundle of a folder (zips and bundle folders), analyzed in parallel on the
 * machine's cores. Each bundle runs in a worker thread with its own module instances, so no two
 * analyses ever share a json-rules-engine instance. The workers send back plain data (the report
 * model, a fingerprint for cross-server comparison, the sensitive values for redaction); the facts
 * stay in the worker. No console, no argv here.
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeOptions } from './analyze.js';
import type { Lang } from './engine/rule.js';
import type { FleetFingerprint, FleetServerInput } from './report/fleet.js';
import type { ReportModel } from './report/model.js';
import type { SensitiveValue } from './report/redact.js';

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
  /** Told about every entry that is not taken as a bundle and why. */
  onSkip?: (path: string, reason: string) => void;
}

/**
 * Bundles in a folder: `*.zip` files and sub-folders, by name. A bundle folder itself is refused.
 * Symbolic links are not followed unless asked: `farm/web02 -> /etc` would report a system folder.
 */
export function fleetBundles(folder: string, opts: FleetBundlesOptions = {}): string[] {
  const names = readdirSync(folder).sort((a, b) => a.localeCompare(b));
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
        opts.onSkip?.(p, 'symbolic link: not followed (--follow-links follows them)');
        continue;
      }
      try {
        st = statSync(p);
      } catch (e) {
        opts.onSkip?.(
          p,
          `symbolic link to nothing readable (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        );
        continue;
      }
    }
    if (st.isDirectory() || (st.isFile() && /\.zip$/i.test(p))) out.push(p);
    else if (!st.isFile()) opts.onSkip?.(p, 'neither a folder nor a file: not read');
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

// From source (tests, tsx) the worker is TypeScript: a tiny bootstrap registers tsx's loader in the
// worker first. Built, the worker is plain JS.
const fromSource = import.meta.url.endsWith('.ts');
const WORKER = new URL(fromSource ? './fleet-worker.ts' : './fleet-worker.js', import.meta.url);
const TSX_API = new URL('../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url);

function spawnWorker(): Worker {
  if (!fromSource) return new Worker(WORKER);
  const boot = `import(${JSON.stringify(TSX_API.href)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER.href)}); });`;
  return new Worker(boot, { eval: true });
}

export interface FleetOptions {
  lang: Lang | null;
  analyze: Omit<AnalyzeOptions, 'onProgress'>;
  toolVersion: string;
  now: Date;
  /** Parallel workers (default: the machine's cores, at most one per bundle). */
  concurrency?: number;
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

  const spawn = spawnWorker;

  /** One job on a worker; a worker that dies (crash, out of memory) yields an error result. */
  const run = (worker: Worker, job: FleetJob): Promise<{ r: FleetResult; dead: boolean }> =>
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
      const onExit = (code: number): void => {
        off();
        resolve({ r: { ok: false, error: `worker exited with code ${code}` }, dead: true });
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
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
          await worker.terminate();
          worker = spawn();
        }
        const id = idOf(path);
        results[i] = r.ok
          ? { id, model: r.model, fingerprint: r.fingerprint, sensitive: r.sensitive, error: null }
          : { id, model: null, fingerprint: null, sensitive: [], error: r.error };
        opts.onProgress?.(++done, bundles.length, id);
      }
    } finally {
      await worker.terminate();
    }
  }

  await Promise.all(Array.from({ length: size }, () => lane()));
  return results;
}
