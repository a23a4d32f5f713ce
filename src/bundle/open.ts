/**
 * Opens what the engineer was given: an evidence zip, the same tree as a folder, or loose files
 * (what a customer emails). This stage reads bytes and knows no artifact format.
 *
 * Zip safety: every check runs on the central directory's declared sizes before anything is
 * inflated, and inflation is capped at the declared size (zlib `maxOutputLength`), so an entry
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
import { inflateRawSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { BundleError } from './errors.js';
import { DEFAULT_LIMITS, type BundleLimits } from './limits.js';
import { safeEntryName } from './names.js';

export interface BundleFile {
  /** Path relative to the bundle root, forward slashes. */
  readonly path: string;
  /** Uncompressed size in bytes (declared size for zip entries). */
  readonly size: number;
  /** Whole content. */
  read(): Buffer;
  /** Content in chunks, for streaming parsers; memory stays bounded for folder files. */
  chunks(chunkSize?: number): Iterable<Buffer>;
}

export interface SkippedEntry {
  path: string;
  reason: string;
}

export interface Bundle {
  /** What was opened, as given. */
  source: string;
  kind: 'zip' | 'folder' | 'files';
  files: BundleFile[];
  /** Entries present but not readable (encrypted, nested archives, duplicates, links). */
  skipped: SkippedEntry[];
}

const ZIP_MAGIC = [0x50, 0x4b];
const DEFAULT_CHUNK = 1024 * 1024;

function* sliceChunks(buf: Buffer, size: number): Iterable<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, Math.min(buf.length, i + size));
}

function fileFromDisk(fullPath: string, path: string, size: number): BundleFile {
  return {
    path,
    size,
    read: () => readFileSync(fullPath),
    *chunks(chunkSize = DEFAULT_CHUNK) {
      const fd = openSync(fullPath, 'r');
      try {
        for (;;) {
          // A fresh buffer per read: consumers may keep a chunk (a record spanning chunks), and
          // reading straight into it avoids a copy.
          const buf = Buffer.allocUnsafe(chunkSize);
          const n = readSync(fd, buf, 0, chunkSize, null);
          if (n <= 0) return;
          yield n === chunkSize ? buf : buf.subarray(0, n);
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}

function looksLikeZip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    return n >= 2 && head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1];
  } finally {
    closeSync(fd);
  }
}

/**
 * The uncompressed size an entry declares. adm-zip keeps only the low 32 bits of a zip64 size
 * (10 GB reads as 2 GB), so the zip64 extra field (tag 0x0001) is read here directly.
 */
function declaredSize(entry: AdmZip.IZipEntry): number {
  let size = entry.header.size;
  const extra = entry.extra;
  for (let i = 0; i + 4 <= extra.length;) {
    const tag = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (tag === 0x0001 && len >= 8 && i + 12 <= extra.length) {
      size = Math.max(size, Number(extra.readBigUInt64LE(i + 4)));
    }
    i += 4 + len;
  }
  return size;
}

/**
 * The entry count the end-of-central-directory record declares (zip64 end record when the 16-bit
 * count is 0xFFFF), read from the last 64 KiB of the file. adm-zip parses the whole central
 * directory before we can count its entries (100,000 entries: ~25 s), so the count is checked
 * here first. Null when there is no end record: the archive is truncated or not a zip.
 */
function declaredEntryCount(path: string, fileSize: number): number | null {
  const tail = Math.min(fileSize, 22 + 0xffff + 20);
  const buf = Buffer.alloc(tail);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, tail, fileSize - tail);
    for (let i = tail - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) !== 0x06054b50) continue;
      const count = buf.readUInt16LE(i + 10);
      if (count !== 0xffff || i < 20 || buf.readUInt32LE(i - 20) !== 0x07064b50) return count;
      const at = Number(buf.readBigUInt64LE(i - 12));
      const end64 = Buffer.alloc(56);
      if (at + 56 > fileSize || readSync(fd, end64, 0, 56, at) !== 56) return count;
      if (end64.readUInt32LE(0) !== 0x06064b50) return count;
      return Number(end64.readBigUInt64LE(32));
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Opens a zip after checking every declared size, count, ratio and name. */
export function openZip(path: string, limits: BundleLimits = DEFAULT_LIMITS): Bundle {
  const st = statSync(path);
  if (st.size > limits.maxArchiveBytes) {
    throw new BundleError(
      'archive-too-large',
      `${path} is ${st.size} bytes; the limit is ${limits.maxArchiveBytes} (--max-archive-size). Unzip it and pass the folder instead.`,
    );
  }
  if (!looksLikeZip(path)) {
    throw new BundleError(
      'not-a-zip',
      `${path} is not a zip archive (no "PK" signature at the start).`,
    );
  }
  const count = declaredEntryCount(path, st.size);
  if (count === null) {
    throw new BundleError(
      'corrupt-archive',
      `${path} cannot be read as a zip: it has no end-of-central-directory record (truncated, or not a zip).`,
    );
  }
  if (count > limits.maxEntries) {
    throw new BundleError(
      'too-many-entries',
      `${path} declares ${count} entries; the limit is ${limits.maxEntries} (--max-entries).`,
    );
  }
  let zip: AdmZip;
  let entries: AdmZip.IZipEntry[];
  try {
    zip = new AdmZip(path);
    entries = zip.getEntries();
  } catch (e) {
    throw new BundleError(
      'corrupt-archive',
      `${path} cannot be read as a zip: ${(e as Error).message}`,
    );
  }
  if (entries.length > limits.maxEntries) {
    throw new BundleError(
      'too-many-entries',
      `${path} has ${entries.length} entries; the limit is ${limits.maxEntries} (--max-entries).`,
    );
  }
  const files: BundleFile[] = [];
  const skipped: SkippedEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  // One inflated entry is kept (a parser reads the head to recognise a file, then the whole file);
  // caching every entry would keep up to --max-total-size of inflated data alive.
  let cache: { name: string; data: Buffer } | undefined;
  for (const entry of entries) {
    const name = safeEntryName(entry.entryName);
    if (entry.isDirectory || name === '') continue;
    const size = declaredSize(entry);
    const compressed = entry.header.compressedSize;
    if (size > limits.maxEntryBytes) {
      throw new BundleError(
        'entry-too-large',
        `entry ${name} declares ${size} bytes uncompressed; the limit is ${limits.maxEntryBytes} (--max-entry-size).`,
        name,
      );
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new BundleError(
        'total-too-large',
        `entries add up to more than ${limits.maxTotalBytes} bytes uncompressed (--max-total-size).`,
        name,
      );
    }
    if (size > limits.ratioFloorBytes && size / Math.max(1, compressed) > limits.maxRatio) {
      throw new BundleError(
        'suspicious-ratio',
        `entry ${name} expands ${Math.round(size / Math.max(1, compressed))}× (limit ${limits.maxRatio}×, --max-ratio): refusing a likely zip bomb.`,
        name,
      );
    }
    if ((entry.header.flags & 1) !== 0) {
      skipped.push({ path: name, reason: 'encrypted entry (password-protected zip): not read' });
      continue;
    }
    if (seen.has(name.toLowerCase())) {
      skipped.push({ path: name, reason: 'duplicate entry name: the first one is used' });
      continue;
    }
    if (/\.(zip|7z|rar|cab)$/i.test(name)) {
      skipped.push({
        path: name,
        reason: 'nested archive: not opened (unpack it and pass its files)',
      });
      continue;
    }
    seen.add(name.toLowerCase());
    const method = entry.header.method;
    if (method !== 0 && method !== 8) {
      skipped.push({ path: name, reason: `unsupported compression method ${method}` });
      continue;
    }
    const read = (): Buffer => {
      if (cache?.name === name) return cache.data;
      let data: Buffer;
      try {
        const raw = entry.getCompressedData();
        // Cap at the declared size + 1 so a lying header is detected instead of obeyed.
        data = method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, size + 1) });
      } catch (e) {
        throw new BundleError(
          'corrupt-archive',
          `entry ${name} cannot be read within its declared size ${size}: ${(e as Error).message}`,
          name,
        );
      }
      if (data.length !== size) {
        throw new BundleError(
          'corrupt-archive',
          `entry ${name} inflates to ${data.length} bytes, not the declared ${size}`,
          name,
        );
      }
      cache = { name, data };
      return data;
    };
    files.push({ path: name, size, read, chunks: (n = DEFAULT_CHUNK) => sliceChunks(read(), n) });
  }
  // Many entries just under the per-entry ratio floor add up to a bomb too (1,000 × 1 MiB of zeros
  // is a 1 MB archive): the archive as a whole must not expand more than --max-ratio either.
  if (total > limits.ratioFloorBytes && total / Math.max(1, st.size) > limits.maxRatio) {
    throw new BundleError(
      'suspicious-ratio',
      `${path} expands ${Math.round(total / Math.max(1, st.size))}× as a whole (${total} bytes declared from ${st.size}; limit ${limits.maxRatio}×, --max-ratio): refusing a likely zip bomb.`,
    );
  }
  return { source: path, kind: 'zip', files: stripCommonRoot(files), skipped };
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
        skipped.push({ path: rel, reason: `cannot be examined (${fsReason(e)}): not read` });
        continue;
      }
      if (st.isSymbolicLink()) {
        skipped.push({ path: rel, reason: 'symbolic link: not followed' });
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
          });
          continue;
        }
        files.push(fileFromDisk(full, rel, st.size));
      } else {
        // Reading a FIFO blocks forever and a device never ends: listed, never opened.
        skipped.push({ path: rel, reason: `${entryKind(st)}: not read` });
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
 * (or everything) sits below a single root folder, drop that prefix so paths match the contract.
 */
function stripCommonRoot(files: BundleFile[]): BundleFile[] {
  if (files.length === 0 || files.some((f) => f.path === 'manifest.json')) return files;
  const first = files[0]!.path.split('/')[0]!;
  if (!files.every((f) => f.path.startsWith(first + '/'))) return files;
  return files.map((f) => ({
    ...f,
    path: f.path.slice(first.length + 1),
    read: f.read,
    chunks: f.chunks,
  }));
}
