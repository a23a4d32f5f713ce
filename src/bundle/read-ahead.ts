/**
 * Read-ahead on the second core for large streamed inputs (issue 18). A capture's parser spends a
 * sixth of its thread copying the file from the page cache (`read`), and a deflated entry's
 * inflate costs more than the parse itself (~3.4 CPU-s per GB here): done on the parser's thread
 * they add up, done on another thread they overlap. A small worker thread
 * (src/bundle/read-ahead-worker.ts) reads, or reads and inflates, into a ring of a few slots of
 * shared memory while the parser works on the slot before; the parser's thread waits on an
 * `Atomics` counter, so the parsers keep their synchronous pull (`chunks()`), and backpressure is
 * the ring: the reader never runs more than `SLOTS` chunks ahead.
 *
 * Memory: the worker's isolate (~10 MiB) plus the slots (4 × 256 KiB), only while a large
 * input is read; round 7's worker reader cost 40–90 MiB because it posted fresh buffers to the
 * main thread and its queue was not bounded by shared memory. Only consumers that keep nothing of
 * a chunk (`reuse`) get it, only on the main thread (a fleet worker already has its own core), and
 * only for inputs of `READ_AHEAD_MIN_BYTES` or more; anything else, or a worker that cannot start,
 * reads on the caller's thread as before.
 *
 * `TLS_DOCTOR_READ_AHEAD=off` turns it off; `=always` uses it for every size (the tests run
 * the same inputs both ways).
 */
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { reapplyHeapFlags } from '../shared/heap-flags.js';
import {
  CTRL_FIELDS,
  Ctrl,
  DATA_OFF,
  ERR_OFF,
  READ_AHEAD_WORKER,
  State,
} from './read-ahead-worker.js';

export const READ_AHEAD_MIN_BYTES = 64 * 1024 * 1024;
const SLOTS = 4;
const SLOT_MAX = 256 * 1024;
/**
 * A reader that has not started after this long is taken to be unable to (a worker dies without
 * a word when its isolate cannot be set up): the input is read on this thread instead. Once it
 * runs, the reader reports its own failures; with no new chunk for `stallMs` it is taken to be gone.
 * (An object so the tests can shorten them.)
 */
const TICK_MS = 100;
export const READ_AHEAD_WAIT = { startMs: 20 * 1000, stallMs: 10 * 60 * 1000 };

export type ReadJob =
  /** `length` bytes at `start`; `null` reads to the end of the file (a loose file). */
  | { kind: 'range'; path: string; start: number; length: number | null }
  /** A deflated zip entry: its compressed bytes at `start`, its declared size, bytes to skip. */
  | {
      kind: 'inflate';
      path: string;
      start: number;
      compressedSize: number;
      size: number;
      skip: number;
    };

type Threads = typeof import('node:worker_threads');
let loaded: Threads | undefined;
/**
 * node:worker_threads, loaded when a reader thread is first needed: only large captures use one,
 * and loading it took ~3 ms of every run's start (docs/benchmarks.md "Start-up", round 14).
 * `load` is replaced by the tests that make the Worker fail.
 */
export const workerThreads = {
  load: (): Threads =>
    (loaded ??= createRequire(import.meta.url)('node:worker_threads') as Threads),
};
const threads = (): Threads => workerThreads.load();

/** Whether a read of `size` bytes goes through the reader thread. */
export function readAheadApplies(size: number, reuse: boolean | undefined): boolean {
  const mode = process.env['TLS_DOCTOR_READ_AHEAD'];
  if (mode === 'off' || reuse !== true) return false;
  if (mode !== 'always' && size < READ_AHEAD_MIN_BYTES) return false;
  return threads().isMainThread;
}

/**
 * The job's bytes in chunks of `chunkSize` or 256 KiB, whichever is smaller (the last may be
 * shorter), read by a worker thread.
 * A chunk is valid until the next one is asked for. A read failure is thrown as `fail(text)`.
 * When no worker can start, `fallback()` is read instead.
 */
export function* readAhead(
  job: ReadJob,
  chunkSize: number,
  fail: (why: string) => Error,
  fallback: () => Iterable<Buffer>,
): Iterable<Buffer> {
  // Slots of at most 256 KiB, whatever the chunk size asked: parsers take chunks of any size (the
  // capture parser is checked with 777-byte chunks), and the ring costs 1 MiB instead of 4.
  const slotSize = Math.max(1, Math.min(chunkSize, SLOT_MAX));
  const sab = new SharedArrayBuffer(DATA_OFF + SLOTS * slotSize);
  const ctrl = new Int32Array(sab, 0, CTRL_FIELDS + SLOTS);
  let worker: Worker;
  try {
    worker = new (threads().Worker)(READ_AHEAD_WORKER, {
      eval: true,
      // Not the parent's flags or loaders (tsx under the tests): the reader is plain CommonJS.
      execArgv: [],
      workerData: { sab, job, slots: SLOTS, slotSize },
      // It allocates one 64 KiB input buffer: a small heap keeps its share of RSS small.
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1, stackSizeMb: 1 },
      stdout: true,
      stderr: true,
    });
  } catch {
    yield* fallback();
    return;
  }
  worker.unref();
  // Failures come through the shared state; an 'error' event must not become an uncaught one.
  worker.on('error', () => undefined);
  const views: Buffer[] = [];
  for (let i = 0; i < SLOTS; i++) views.push(Buffer.from(sab, DATA_OFF + i * slotSize, slotSize));
  let k = 0;
  let finished = false;
  // The worker's isolate reset V8's young-generation flag when it was set up (heap-flags.ts); it
  // exists once the reader has answered, so the flags are set again then.
  let flagsBack = false;
  try {
    for (;;) {
      let waited = 0;
      for (;;) {
        const produced = Atomics.load(ctrl, Ctrl.Produced);
        if (produced > k) break;
        const state = Atomics.load(ctrl, Ctrl.State);
        if (state !== State.Reading && !flagsBack) {
          reapplyHeapFlags();
          flagsBack = true;
        }
        if (state === State.Failed) {
          const n = Atomics.load(ctrl, Ctrl.ErrLen);
          throw fail(Buffer.from(sab, ERR_OFF, n).toString('utf8'));
        }
        if (state === State.Done) {
          // Done is stored after the last chunk: look once more before ending.
          if (Atomics.load(ctrl, Ctrl.Produced) > k) break;
          finished = true;
          return;
        }
        if (Atomics.wait(ctrl, Ctrl.Produced, produced, TICK_MS) === 'timed-out') {
          waited += TICK_MS;
          if (
            k === 0 &&
            Atomics.load(ctrl, Ctrl.Started) === 0 &&
            waited >= READ_AHEAD_WAIT.startMs
          ) {
            Atomics.store(ctrl, Ctrl.Cancel, 1);
            void worker.terminate();
            finished = true;
            yield* fallback();
            return;
          }
          if (waited >= READ_AHEAD_WAIT.stallMs)
            throw fail('the reader thread stopped without an answer');
        }
      }
      if (!flagsBack) {
        reapplyHeapFlags();
        flagsBack = true;
      }
      const slot = k % SLOTS;
      const length = Atomics.load(ctrl, CTRL_FIELDS + slot);
      const view = views[slot]!;
      yield length === slotSize ? view : view.subarray(0, length);
      k++;
      Atomics.store(ctrl, Ctrl.Consumed, k);
      Atomics.notify(ctrl, Ctrl.Consumed);
    }
  } finally {
    if (!finished) {
      Atomics.store(ctrl, Ctrl.Cancel, 1);
      Atomics.notify(ctrl, Ctrl.Consumed);
    }
    void worker.terminate();
  }
}
