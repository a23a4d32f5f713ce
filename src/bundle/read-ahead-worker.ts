/**
 * The reader thread of src/bundle/read-ahead.ts, as the CommonJS source a `Worker` evaluates
 * (`eval: true`). It is a string, not a module of its own, because the CLI ships as an esbuild
 * bundle and runs from src/ under vitest and tsx: a worker file would need a path that holds in
 * all three. It is plain JavaScript with no import of ours; `read-ahead.test.ts` runs every path
 * of it (ranges, inflate, short files, corrupt data, cancellation).
 *
 * Shared memory layout (all offsets in bytes, Int32 fields):
 *   ctrl[0] PRODUCED  chunks published so far (the main thread waits on it)
 *   ctrl[1] CONSUMED  chunks the main thread is done with (the reader waits on it)
 *   ctrl[2] STATE     0 reading, 1 done, 2 failed
 *   ctrl[3] CANCEL    set by the main thread when it stops early
 *   ctrl[4] ERRLEN    bytes of the UTF-8 failure text at ERR_OFF
 *   ctrl[5] STARTED   1 once the reader's code runs (its isolate is up)
 *   ctrl[8 + i]       length of the chunk in slot i
 * Slot i (chunk k lives in slot k % slots) starts at DATA_OFF + i * slotSize.
 *
 * The inflate job mirrors src/bundle/zip-inflate.ts (same zlib handle call, same checks against
 * the declared size, same failure texts); the main thread wraps a failure text the same way.
 */
export const CTRL_FIELDS = 8;
export const ERR_OFF = 256;
export const ERR_MAX = 1024;
export const DATA_OFF = ERR_OFF + ERR_MAX;
export const Ctrl = {
  Produced: 0,
  Consumed: 1,
  State: 2,
  Cancel: 3,
  ErrLen: 4,
  Started: 5,
} as const;
export const State = { Reading: 0, Done: 1, Failed: 2 } as const;

export const READ_AHEAD_WORKER = String.raw`
'use strict';
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { sab, job, slots, slotSize } = workerData;
const ctrl = new Int32Array(sab, 0, ${CTRL_FIELDS} + slots);
const errBytes = new Uint8Array(sab, ${ERR_OFF}, ${ERR_MAX});
const views = [];
for (let i = 0; i < slots; i++) views.push(new Uint8Array(sab, ${DATA_OFF} + i * slotSize, slotSize));
Atomics.store(ctrl, 5, 1);
Atomics.notify(ctrl, 0);
const CANCELLED = { cancelled: true };
let produced = 0;

// The slot for the next chunk, once the main thread has released it.
const nextSlot = () => {
  for (;;) {
    if (Atomics.load(ctrl, 3) !== 0) throw CANCELLED;
    const consumed = Atomics.load(ctrl, 1);
    if (produced - consumed < slots) return views[produced % slots];
    Atomics.wait(ctrl, 1, consumed, 1000);
  }
};
const publish = (length) => {
  Atomics.store(ctrl, 8 + (produced % slots), length);
  produced++;
  Atomics.store(ctrl, 0, produced);
  Atomics.notify(ctrl, 0);
};
const fail = (why) => {
  const text = Buffer.from(String(why)).subarray(0, ${ERR_MAX});
  errBytes.set(text);
  Atomics.store(ctrl, 4, text.length);
  Atomics.store(ctrl, 2, 2);
  Atomics.notify(ctrl, 0);
};

// A byte range of a file, or the whole file from 'start' when 'length' is null (a loose file:
// read to its end, as the synchronous reader does).
const readRange = (fd) => {
  let at = job.start;
  const end = job.length === null ? Infinity : job.start + job.length;
  for (;;) {
    const want = Math.min(slotSize, end - at);
    if (want <= 0) return;
    const view = nextSlot();
    let fill = 0;
    while (fill < want) {
      const n = fs.readSync(fd, view, fill, want - fill, at + fill);
      if (n <= 0) break;
      fill += n;
    }
    if (fill < want && job.length !== null) throw new Error('unexpected end of file');
    if (fill > 0) publish(fill);
    at += fill;
    if (fill < want) return;
  }
};

const PIECE = 64 * 1024;
const inflate = (fd) => {
  const z = zlib.createInflateRaw();
  z.on('error', () => undefined);
  const handle = z._handle;
  const state = z._writeState;
  if (handle === null || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array))
    throw new Error('this Node has no synchronous inflate');
  const input = Buffer.allocUnsafeSlow(Math.min(PIECE, Math.max(1, job.compressedSize)));
  let out = nextSlot();
  let fill = 0;
  let produced_ = 0;
  let toSkip = job.skip;
  try {
    for (let at = 0; at < job.compressedSize; ) {
      const n = Math.min(PIECE, job.compressedSize - at);
      if (fs.readSync(fd, input, 0, n, job.start + at) !== n) throw new Error('unexpected end of file');
      at += n;
      const flush = at === job.compressedSize ? zlib.constants.Z_FINISH : zlib.constants.Z_NO_FLUSH;
      let inOff = 0;
      let inLen = n;
      for (;;) {
        const room = slotSize - fill;
        handle.writeSync(flush, input, inOff, inLen, out, fill, room);
        if (z.errored) throw new Error(z.errored.message);
        const freeAfter = state[0];
        let have = room - freeAfter;
        inOff += inLen - state[1];
        inLen = state[1];
        produced_ += have;
        if (produced_ > job.size) throw new Error('inflates past its declared size');
        if (toSkip > 0) {
          const d = Math.min(toSkip, have);
          out.copyWithin(fill, fill + d, fill + have);
          toSkip -= d;
          have -= d;
        }
        fill += have;
        if (fill === slotSize) {
          publish(fill);
          out = nextSlot();
          fill = 0;
        }
        if (freeAfter !== 0) break;
      }
    }
    if (produced_ !== job.size) throw new Error('inflates to ' + produced_ + ' bytes');
    if (fill > 0) publish(fill);
  } finally {
    z.close();
  }
};

let fd = null;
try {
  fd = fs.openSync(job.path, 'r');
  if (job.kind === 'inflate') inflate(fd);
  else readRange(fd);
  Atomics.store(ctrl, 2, 1);
  Atomics.notify(ctrl, 0);
} catch (e) {
  if (e !== CANCELLED) fail(e && e.message ? e.message : e);
} finally {
  if (fd !== null) fs.closeSync(fd);
}
`;
