/**
 * A BinaryInput that holds the consumer to the `reuse` contract (ChunkOptions): when asked with
 * `reuse`, every chunk is copied into one buffer, and as soon as the next chunk is asked for (and
 * once more after the last) the buffer is overwritten with garbage (`garbage`, what the file
 * reader's reuse looks like) or taken away (`detach`: transferred, so a kept view reads as empty,
 * what the zip reader's reuse looks like when it hands the buffer back to its worker). A parser
 * that keeps a reference into a chunk then reads garbage or nothing, and its result changes.
 * Without `reuse` each chunk is a fresh copy that stays valid, as the bundle reader gives it.
 */
import type { BinaryInput, ChunkOptions } from '../shared/parse.js';

export interface ReusingInput extends BinaryInput {
  /** Whether the consumer asked for `reuse` (the garbage check applies only then). */
  readonly askedReuse: boolean;
}

export function reusingInput(
  bytes: Uint8Array,
  base: Omit<BinaryInput, 'size' | 'chunks'>,
  /** Size of every chunk, whatever the consumer asks (small sizes put records across chunks). */
  chunk?: number,
  mode: 'garbage' | 'detach' = 'garbage',
): ReusingInput {
  let asked = false;
  return {
    ...base,
    size: bytes.length,
    get askedReuse() {
      return asked;
    },
    *chunks(n = 1 << 20, options?: ChunkOptions) {
      const size = Math.max(1, chunk ?? n);
      if (!options?.reuse) {
        for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
        return;
      }
      asked = true;
      let buf = new Uint8Array(size);
      let garbage = 0x5a;
      const spoil = (): void => {
        if (mode === 'detach') {
          structuredClone(buf.buffer, { transfer: [buf.buffer] });
          buf = new Uint8Array(size);
          return;
        }
        // A different pattern each time, so a kept view never reads the same bytes twice.
        garbage = (garbage * 73 + 41) & 0xff;
        buf.fill(garbage);
      };
      for (let i = 0; i < bytes.length; i += size) {
        spoil();
        const piece = bytes.subarray(i, i + size);
        buf.set(piece);
        yield buf.subarray(0, piece.length);
      }
      spoil();
    },
  };
}
