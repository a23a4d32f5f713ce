/**
 * Opens what the engineer was given: an evidence zip, the same tree as a folder, or loose files
 * (what a customer emails). This stage reads bytes and knows no artifact format.
 *
 * Zip safety (zip.ts): every check runs on the central directory's declared sizes before anything is
 * inflated, and inflation is capped at the declared size, so an entry
 * whose header lies cannot grow past what was checked. Entries are never written to disk.
 */
import {
  closeSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  lstatSync,
  statSync,
  type Stats,
} from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { ChunkOptions } from '../shared/parse.js';
import { BundleError } from './errors.js';
import { DEFAULT_LIMITS, type BundleLimits } from './limits.js';
import { readAhead, readAheadApplies } from './read-ahead.js';
import { looksLikeZip, readZip } from './zip.js';

export interface BundleFile {
  /** Path relative to the bundle root, forward slashes. */
  readonly path: string;
  /** Uncompressed size in bytes (declared size for zip entries). */
  readonly size: number;
  /** A zip entry's modification time (ISO, UTC): when the file was written before zipping. */
  readonly mtime?: string;
  /** Whole content. */
  read(): Buffer;
  /**
   * Content in chunks, for streaming parsers; memory stays bounded (folder files and zip entries).
   * With `reuse`, a chunk's bytes are valid only until the next chunk is asked for.
   */
  chunks(chunkSize?: number, options?: ChunkOptions): Iterable<Buffer>;
}

export interface SkippedEntry {
  path: string;
  reason: string;
  /** Why, as a code and values a report words in its language (`skip.<code>` in src/report/i18n.ts). */
  code?: SkipCode;
  params?: Record<string, string | number>;
}

export type SkipCode =
  | 'unexaminable'
  | 'symlink'
  | 'too-large'
  | 'ratio'
  | 'nested-archive'
  | 'not-a-file'
  | 'encrypted'
  | 'duplicate-name'
  | 'duplicate-differs'
  | 'compression';

export interface Bundle {
  /** What was opened, as given. */
  source: string;
  kind: 'zip' | 'folder' | 'files';
  files: BundleFile[];
  /** Entries present but not readable (encrypted, nested archives, duplicates, links). */
  skipped: SkippedEntry[];
}

const DEFAULT_CHUNK = 1024 * 1024;

function fileFromDisk(fullPath: string, path: string, size: number): BundleFile {
  return {
    path,
    size,
    read: () => readFileSync(fullPath),
    *chunks(chunkSize = DEFAULT_CHUNK, options?: ChunkOptions) {
      if (readAheadApplies(size, options?.reuse)) {
        yield* readAhead(
          { kind: 'range', path: fullPath, start: 0, length: null },
          chunkSize,
          (why) => new BundleError('input-unreadable', `${path}: ${why}`, path),
          () => readOnThisThread(fullPath, chunkSize, true),
        );
        return;
      }
      yield* readOnThisThread(fullPath, chunkSize, options?.reuse === true);
    },
  };
}

function* readOnThisThread(fullPath: string, chunkSize: number, reuse: boolean): Iterable<Buffer> {
  const fd = openSync(fullPath, 'r');
  try {
    // A fresh buffer per read unless the consumer keeps nothing of a chunk (`reuse`): then one
    // buffer serves every read. Reading straight into it avoids a copy either way.
    const reused = reuse ? Buffer.allocUnsafeSlow(chunkSize) : null;
    for (;;) {
      const buf = reused ?? Buffer.allocUnsafe(chunkSize);
      const n = readSync(fd, buf, 0, chunkSize, null);
      if (n <= 0) return;
      yield n === chunkSize ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Opens a zip after checking every declared size, count, ratio and name (see zip.ts). */
export function openZip(path: string, limits: BundleLimits = DEFAULT_LIMITS): Bundle {
  const zip = readZip(path, limits);
  const root = commonRoot(zip.files, zip.skipped);
  if (root === null) return zip;
  const strip = (p: string): string => p.slice(root.length + 1);
  return {
    ...zip,
    files: zip.files.map((f) => ({ ...f, path: strip(f.path), read: f.read, chunks: f.chunks })),
    skipped: zip.skipped.map((e) => ({ ...e, path: strip(e.path) })),
  };
}

/** `ENOENT: …` → `ENOENT`, with Node's text when there is no code. */
function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message;
}

function entryKind(st: Stats): string {
  if (st.isFIFO()) return 'named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSocket()) return 'socket';
  return 'special file';
}

/** Walks a folder (links are not followed) with the same count and size limits. */
export function openFolder(root: string, limits: BundleLimits = DEFAULT_LIMITS): Bundle {
  const files: BundleFile[] = [];
  const skipped: SkippedEntry[] = [];
  let total = 0;
  let folders = 0;
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      // A folder we cannot list would silently lose its artifacts: the whole input is refused.
      const rel = relative(root, dir).split(sep).join('/') || '.';
      throw new BundleError(
        'input-unreadable',
        `${root}: the folder ${rel} cannot be read (${fsReason(e)}); fix its permissions or remove it from the bundle`,
        rel,
      );
    }
    for (const name of names) {
      const full = join(dir, name);
      const rel = relative(root, full).split(sep).join('/');
      let st;
      try {
        st = lstatSync(full);
      } catch (e) {
        skipped.push({
          path: rel,
          reason: `cannot be examined (${fsReason(e)}): not read`,
          code: 'unexaminable',
          params: { error: fsReason(e) },
        });
        continue;
      }
      if (st.isSymbolicLink()) {
        skipped.push({ path: rel, reason: 'symbolic link: not followed', code: 'symlink' });
      } else if (st.isDirectory()) {
        // Folders count as entries, as in a zip: a million empty folders is not a bundle.
        if (++folders + files.length > limits.maxEntries) {
          throw new BundleError(
            'too-many-entries',
            `${root} has more than ${limits.maxEntries} files and folders (--max-entries).`,
          );
        }
        walk(full);
      } else if (st.isFile()) {
        if (folders + files.length + 1 > limits.maxEntries) {
          throw new BundleError(
            'too-many-entries',
            `${root} has more than ${limits.maxEntries} files (--max-entries).`,
          );
        }
        if (st.size > limits.maxEntryBytes) {
          skipped.push({
            path: rel,
            reason: `${st.size} bytes exceeds --max-entry-size ${limits.maxEntryBytes}`,
            code: 'too-large',
            params: { size: st.size, limit: limits.maxEntryBytes },
          });
          continue;
        }
        total += st.size;
        if (total > limits.maxTotalBytes) {
          throw new BundleError(
            'total-too-large',
            `${root} holds more than ${limits.maxTotalBytes} bytes (--max-total-size).`,
          );
        }
        if (/\.(zip|7z|rar|cab)$/i.test(name)) {
          skipped.push({
            path: rel,
            reason: 'nested archive: not opened (unpack it and pass its files)',
            code: 'nested-archive',
          });
          continue;
        }
        files.push(fileFromDisk(full, rel, st.size));
      } else {
        // Reading a FIFO blocks forever and a device never ends: listed, never opened.
        skipped.push({
          path: rel,
          reason: `${entryKind(st)}: not read`,
          code: 'not-a-file',
          params: { kind: entryKind(st) },
        });
      }
    }
  };
  walk(root);
  return { source: root, kind: 'folder', files, skipped };
}

/**
 * Opens whatever the user named: one zip, one folder, or several loose files (a zip or folder
 * among several inputs is merged in, its paths kept).
 */
export function openInputs(
  inputs: readonly string[],
  limits: BundleLimits = DEFAULT_LIMITS,
): Bundle {
  if (inputs.length === 0) throw new BundleError('input-not-found', 'no input given');
  const parts: Bundle[] = [];
  const loose: BundleFile[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new BundleError('input-not-found', `${input}: no such file or folder`);
    }
    if (st.isDirectory()) parts.push(openFolder(input, limits));
    else if (/\.zip$/i.test(input) || looksLikeZip(input)) parts.push(openZip(input, limits));
    else {
      if (st.size > limits.maxEntryBytes) {
        throw new BundleError(
          'entry-too-large',
          `${input} is ${st.size} bytes; the limit is ${limits.maxEntryBytes} (--max-entry-size).`,
        );
      }
      loose.push(fileFromDisk(input, basename(input), st.size));
    }
  }
  if (parts.length === 1 && loose.length === 0) return parts[0]!;
  return {
    source: inputs.join(', '),
    kind: 'files',
    files: [...parts.flatMap((p) => p.files), ...loose],
    skipped: parts.flatMap((p) => p.skipped),
  };
}

/**
 * A zip made by right-clicking a folder puts everything under one top folder. When manifest.json
 * (or everything) sits below a single root folder, that prefix is dropped so paths match the contract.
 */
function commonRoot(files: BundleFile[], skipped: SkippedEntry[]): string | null {
  if (files.length === 0 || files.some((f) => f.path === 'manifest.json')) return null;
  const first = files[0]!.path.split('/')[0]!;
  // Entries skipped (over a limit, encrypted) count too: a folder beside them is no wrapper.
  const paths = [...files.map((f) => f.path), ...skipped.map((e) => e.path)];
  return paths.every((p) => p.startsWith(first + '/')) ? first : null;
}
