/**
 * Inflating a large zip entry on the parser's own thread, in pieces (src/bundle/zip.ts streams
 * entries over 8 MiB through it). The parsers pull chunks synchronously, so the inflater is a
 * synchronous generator: it reads 32 KiB of compressed bytes, inflates them with one zlib stream
 * kept across pieces, and hands the parser a chunk when one is full. Nothing runs ahead of the
 * parser (backpressure is the pull itself), and there is no second V8 isolate: the worker thread
 * this replaces (round 7) cost 40–90 MiB of RSS for its heap, read-ahead and chunks in flight.
 *
 * Node has no documented synchronous streaming inflate. The zlib stream's handle has one: its
 * `writeSync(flush, in, inOff, inLen, out, outOff, outLen)` is the call `zlib.inflateRawSync` runs
 * in a loop (lib/zlib.js `processChunkSync`, which closes the handle after one input, so it cannot
 * be fed in pieces). Used here directly, it inflates straight into the chunk the parser gets: no
 * intermediate buffers, and never more than one chunk of output held. `zip-inflate.test.ts` fails
 * if a Node release changes that interface.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { constants as zlibConstants, createInflateRaw } from 'node:zlib';
import { BundleError } from './errors.js';

/** Compressed bytes read per piece. */
const PIECE = 64 * 1024;

/** The parts of Node's zlib stream this uses (lib/zlib.js). */
interface ZlibInternals {
  _handle: {
    writeSync(
      flush: number,
      input: Uint8Array,
      inOff: number,
      inLen: number,
      out: Uint8Array,
      outOff: number,
      outLen: number,
    ): void;
  } | null;
  /** [output bytes still free, input bytes not consumed] after a write. */
  _writeState: Uint32Array;
  /** The error the handle reported (zlibOnError destroys the stream with it). */
  errored: Error | null;
  on(event: 'error', listener: (e: Error) => void): unknown;
  close(): void;
}

/** How an entry that does not inflate to its declared size is refused (here and by read-ahead). */
export function inflateFailure(name: string, size: number, why: string): BundleError {
  return new BundleError(
    'corrupt-archive',
    `entry ${name} cannot be read within its declared size ${size}: ${why}`,
    name,
  );
}

export function* inflateStream(
  archive: string,
  name: string,
  start: number,
  compressedSize: number,
  size: number,
  skip: number,
  chunkSize: number,
  reuse: boolean,
): Iterable<Buffer> {
  const fail = (why: string): BundleError => inflateFailure(name, size, why);
  const z = createInflateRaw() as unknown as ZlibInternals;
  // The handle reports errors through the stream, which then emits 'error' on the next tick.
  z.on('error', () => undefined);
  const handle = z._handle;
  if (
    handle === null ||
    typeof handle.writeSync !== 'function' ||
    !(z._writeState instanceof Uint32Array)
  )
    throw fail('this Node has no synchronous inflate');
  const state = z._writeState;
  const fd = openSync(archive, 'r');
  const input = Buffer.allocUnsafeSlow(Math.min(PIECE, Math.max(1, compressedSize)));
  let out = Buffer.allocUnsafeSlow(Math.min(chunkSize, size));
  let fill = 0;
  let produced = 0;
  let toSkip = skip;
  try {
    for (let at = 0; at < compressedSize;) {
      const n = Math.min(PIECE, compressedSize - at);
      if (readSync(fd, input, 0, n, start + at) !== n) throw fail('unexpected end of file');
      at += n;
      const flush = at === compressedSize ? zlibConstants.Z_FINISH : zlibConstants.Z_NO_FLUSH;
      let inOff = 0;
      let inLen = n;
      for (;;) {
        const room = out.length - fill;
        handle.writeSync(flush, input, inOff, inLen, out, fill, room);
        if (z.errored) throw fail(z.errored.message);
        const freeAfter = state[0]!;
        let have = room - freeAfter;
        inOff += inLen - state[1]!;
        inLen = state[1]!;
        produced += have;
        if (produced > size) throw fail('inflates past its declared size');
        if (toSkip > 0) {
          // The head the caller already handed over (inflated from a prefix).
          const d = Math.min(toSkip, have);
          out.copyWithin(fill, fill + d, fill + have);
          toSkip -= d;
          have -= d;
        }
        fill += have;
        if (fill === out.length) {
          yield out;
          // A `reuse` consumer keeps nothing of a chunk once it asks for the next one.
          if (!reuse) out = Buffer.allocUnsafeSlow(out.length);
          fill = 0;
        }
        // Output space left over: zlib took all the input it could (or the stream ended).
        if (freeAfter !== 0) break;
      }
    }
    if (produced !== size) throw fail(`inflates to ${produced} bytes`);
    if (fill > 0) yield out.subarray(0, fill);
  } finally {
    closeSync(fd);
    z.close();
  }
}
