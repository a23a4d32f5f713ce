/**
 * Shared by the tests of the two inflaters (src/bundle/zip-inflate.test.ts on the parser's
 * thread, src/bundle/read-ahead.test.ts on the reader thread): the same bytes and the same way of
 * catching a refusal, so both are held to one contract.
 */
import { randomBytes } from 'node:crypto';
import { BundleError } from '../bundle/errors.js';

const KiB = 1024;

/** Compressible but not trivial bytes, like a capture; with a run that inflates far per piece. */
export function captureLikeBytes(bytes: number): Buffer {
  const b = randomBytes(bytes);
  for (let i = 0; i < b.length; i++) b[i] = 0x41 + (b[i]! & 0x0f);
  b.fill(0x20, bytes >> 1, Math.min(bytes, (bytes >> 1) + 300 * KiB));
  return b;
}

/** The BundleError `fn` throws (anything else is rethrown; nothing thrown fails). */
export function bundleFailure(fn: () => void): BundleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BundleError) return e;
    throw e;
  }
  throw new Error('nothing thrown');
}
