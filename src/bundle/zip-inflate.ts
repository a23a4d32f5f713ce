/**
 * Inflating a large zip entry on a worker thread (src/bundle/zip.ts streams entries over 8 MiB
 * through it): the parser's core keeps parsing while the other core inflates, with credits for
 * backpressure and buffers handed back for reuse.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { BundleError } from './errors.js';

/** Chunks the inflating worker may be ahead of the parser. */
const CREDITS = 2;
/** A worker that sends nothing for this long is broken (it always sends data, an end or an error). */
const STALL_MS = 120_000;

type WorkerMessage =
  { data: ArrayBuffer; length: number } | { end: true; bytes: number } | { error: string };

/**
 * The inflating worker, plain JavaScript (evaluated, so it runs the same from source and built):
 * reads the entry's compressed bytes (the range yauzl located and bounds-checked), inflates them
 * with zlib in 256 KiB pieces, stops at the first byte past the declared size, and posts chunks of
 * `chunk` bytes in buffers it then gives away (transferred), skipping the `skip` bytes already
 * handed over. It pauses when it has no credit left. A consumer that keeps no chunk (`reuse`)
 * sends each buffer back once it asks for the next chunk, and the worker fills it again instead
 * of allocating a fresh one.
 */
const WORKER_SOURCE = `
const { workerData: d } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createInflateRaw } = require('node:zlib');
const port = d.port;
const ctrl = new Int32Array(d.ctrl);
const post = (msg, transfer) => {
  port.postMessage(msg, transfer || []);
  Atomics.add(ctrl, 0, 1);
  Atomics.notify(ctrl, 0);
};
let failed = false;
const input = createReadStream(d.path, {
  start: d.start,
  end: d.start + d.compressedSize - 1,
  highWaterMark: 1 << 20,
});
const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
const fail = (message) => {
  if (failed) return;
  failed = true;
  post({ error: message });
  input.destroy();
  inflate.destroy();
};
process.on('uncaughtException', (e) => fail(String(e && e.message)));
let credit = d.credits;
let skip = d.skip;
let bytes = 0;
const pool = [];
const fresh = () => pool.pop() || Buffer.allocUnsafeSlow(d.chunk);
let buf = fresh();
let fill = 0;
const flush = () => {
  post({ data: buf.buffer, length: fill }, [buf.buffer]);
  buf = fresh();
  fill = 0;
  if (--credit <= 0) inflate.pause();
};
port.on('message', (m) => {
  if (m instanceof ArrayBuffer) {
    if (m.byteLength === d.chunk) pool.push(Buffer.from(m));
    return;
  }
  credit++;
  if (credit > 0 && inflate.isPaused() && !failed) inflate.resume();
});
input.on('error', (e) => fail(e.message));
inflate.on('error', (e) => fail(e.message));
inflate.on('data', (c) => {
  if (failed) return;
  bytes += c.length;
  if (bytes > d.size) return fail('inflates past its declared size');
  let o = 0;
  if (skip > 0) {
    o = Math.min(skip, c.length);
    skip -= o;
  }
  while (o < c.length) {
    const k = Math.min(c.length - o, buf.length - fill);
    c.copy(buf, fill, o, o + k);
    fill += k;
    o += k;
    if (fill === buf.length) flush();
  }
});
inflate.on('end', () => {
  if (failed) return;
  if (fill > 0) flush();
  post({ end: true, bytes });
});
input.pipe(inflate);
`;

export function* inflateInWorker(
  archive: string,
  name: string,
  start: number,
  compressedSize: number,
  size: number,
  skip: number,
  chunkSize: number,
  reuse: boolean,
): Iterable<Buffer> {
  const ctrl = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path: archive,
      start,
      compressedSize,
      size,
      skip,
      chunk: chunkSize,
      credits: CREDITS,
      ctrl: ctrl.buffer,
      port: port2,
    },
    transferList: [port2],
    // The worker holds a few chunks and zlib state: a small heap keeps its share of RSS small.
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 16 },
  });
  worker.unref();
  const fail = (why: string): BundleError =>
    new BundleError(
      'corrupt-archive',
      `entry ${name} cannot be read within its declared size ${size}: ${why}`,
      name,
    );
  try {
    for (;;) {
      const seen = Atomics.load(ctrl, 0);
      const got = receiveMessageOnPort(port1);
      if (!got) {
        if (Atomics.wait(ctrl, 0, seen, STALL_MS) === 'timed-out')
          throw fail('the inflating worker stopped answering');
        continue;
      }
      const m = got.message as WorkerMessage;
      if ('error' in m) throw fail(m.error);
      if ('end' in m) {
        if (m.bytes !== size) throw fail(`inflates to ${m.bytes} bytes`);
        return;
      }
      port1.postMessage(0); // one credit back: the worker may inflate one more chunk ahead
      yield Buffer.from(m.data, 0, m.length);
      // Asked for the next chunk: a `reuse` consumer holds nothing of this one any more.
      if (reuse) port1.postMessage(m.data, [m.data]);
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}
