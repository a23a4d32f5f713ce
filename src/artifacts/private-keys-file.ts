/**
 * Private keys in a file no parser read (a `server.key` zipped with the evidence): the loader
 * lists the file as unrecognised, and the verdict still says a key was sent (judge7 T1).
 */
import type { BundleFile } from '../bundle/open.js';
import type { DecodeHints } from '../shared/parse.js';
import { decodeText } from './decode.js';
import { isPfxHeader } from './pfx-blocks.js';

/** A key file is a few KiB; a large unrecognised file (a log, a dump) is not decoded for this. */
const MAX_BYTES = 4 * 1024 * 1024;

export function keysInFile(
  file: BundleFile,
  hints: DecodeHints,
): { start: number; end: number; kind?: 'pfx' | 'pfx-file' }[] {
  if (file.size > MAX_BYTES) return [];
  try {
    const bytes = file.read();
    // A binary .pfx / .p12 (PKCS#12 DER) zipped with the evidence (judge10 M7): a key was sent all
    // the same; it is never decoded or read further.
    if (isPfxHeader(bytes)) return [{ start: 1, end: 1, kind: 'pfx-file' }];
    return decodeText(bytes, hints)
      .issues.filter((i) => i.code === 'private-key-omitted')
      .map((i) => ({
        start: Number(i.params?.['start']),
        end: Number(i.params?.['end']),
        ...(i.params?.['kind'] === 'pfx' && { kind: 'pfx' as const }),
      }));
  } catch {
    return [];
  }
}
