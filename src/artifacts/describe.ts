/**
 * What a file the analyzer could not use looks like, so the person who sent it can tell what it
 * is and how to make it readable: its size, its first non-empty line and the encoding the
 * decoder would pick (binary when the head holds control bytes that no text has).
 */
import type { Bundle, BundleFile } from '../bundle/open.js';
import { decodeText } from './decode.js';

export interface FileLook {
  path: string;
  size: number | null;
  /** First non-empty line (up to 120 characters); null for binary or empty files. */
  firstLine: string | null;
  /** Encoding guess (`utf-8`, `utf-16le`, `gb18030`, …), `binary`, or null when unreadable. */
  encoding: string | null;
  /** Why it was not used (from the loader). */
  reason: string;
}

const HEAD_BYTES = 4096;
const MAX_LINE = 120;

export function describeFile(file: BundleFile, reason: string): FileLook {
  const look: FileLook = {
    path: file.path,
    size: file.size,
    firstLine: null,
    encoding: null,
    reason,
  };
  try {
    const first = file.chunks(HEAD_BYTES)[Symbol.iterator]().next();
    const head = first.done ? new Uint8Array(0) : first.value.subarray(0, HEAD_BYTES);
    if (head.length === 0) return { ...look, encoding: 'empty' };
    const decoded = decodeText(head);
    // NUL or other C0 controls (besides tab, CR, LF, FF, ESC) in decoded text: not a text file.
    let controls = 0;
    for (const ch of decoded.text) {
      const c = ch.charCodeAt(0);
      if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1b)
        controls++;
    }
    if (controls > Math.max(2, decoded.text.length / 50)) return { ...look, encoding: 'binary' };
    const line = decoded.text
      .split(/\r\n|\r|\n/)
      .map((l) => l.trim())
      .find((l) => l !== '');
    return {
      ...look,
      encoding: decoded.encoding,
      firstLine:
        line === undefined ? null : line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line,
    };
  } catch (e) {
    return { ...look, reason: `${reason}; cannot be read: ${(e as Error).message}` };
  }
}

/** Looks of the files the loader listed as unrecognised (by path; a missing one keeps its reason only). */
export function describeUnrecognised(
  bundle: Bundle,
  unrecognised: readonly { path: string; reason: string }[],
): FileLook[] {
  const byPath = new Map(bundle.files.map((f) => [f.path, f]));
  return unrecognised.map((u) => {
    const file = byPath.get(u.path);
    return file
      ? describeFile(file, u.reason)
      : { path: u.path, size: null, firstLine: null, encoding: null, reason: u.reason };
  });
}
