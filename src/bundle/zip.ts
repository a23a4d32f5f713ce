/**
 * The one zip reader of the analyzer (yauzl). Archives of any size open (zip64 end records, sizes
 * and offsets), nothing is read before it is asked for, and entries stream to the parsers with
 * bounded memory:
 *
 * - the end records and the central directory are read by yauzl through a synchronous file
 *   reader, one entry at a time (`lazyEntries`), so every limit is checked on the declared sizes,
 *   names and flags before anything is inflated, and an archive that declares 100,000 entries is
 *   refused from its end record alone;
 * - small entries (≤ 8 MiB) are inflated whole on demand, capped at their declared size (zlib
 *   `maxOutputLength`); the last one is kept because a file is typically read twice in a row (its
 *   head to recognise it, then whole to parse it);
 * - large entries stream: stored entries are read straight from the file; deflated ones are
 *   inflated on the parser's thread in 32 KiB pieces from the byte range yauzl located (local
 *   header read and bounds checked by yauzl), stopped at the first byte past the declared size
 *   (and failed if short: what yauzl's `validateEntrySizes` does for its own streams, whose
 *   16 KiB pieces cost 2–3× the CPU here). The parsers' contract is a synchronous pull of chunks,
 *   so a chunk is inflated when the parser asks for it (backpressure); until round 7 a worker
 *   thread inflated ahead on the other core, at the price of a second V8 isolate's memory
 *   (./zip-inflate.ts).
 *
 * Entries are never written to disk.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { constants as zlibConstants, inflateRawSync } from 'node:zlib';
import * as yauzl from 'yauzl';
import { BundleError } from './errors.js';
import { readAhead, readAheadApplies } from './read-ahead.js';
import { inflateFailure, inflateStream } from './zip-inflate.js';
import type { ChunkOptions } from '../shared/parse.js';
import { DEFAULT_LIMITS, type BundleLimits } from './limits.js';
import { safeEntryName } from './names.js';
import type { Bundle, BundleFile, SkippedEntry } from './open.js';

const DEFAULT_CHUNK = 1024 * 1024;
const MiB = 1024 * 1024;
/** Entries up to this size are inflated whole (and cached); larger ones stream. */
const WHOLE_ENTRY_BYTES = 8 * MiB;
/** `read()` (text parsers) takes an entry whole: above this it fails instead of exhausting memory. */
export const WHOLE_READ_MAX_BYTES = 1024 * MiB;

/** True when the file starts with "PK". */
export function looksLikeZip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    return n >= 2 && head[0] === 0x50 && head[1] === 0x4b;
  } finally {
    closeSync(fd);
  }
}

/**
 * yauzl's random-access reader over a file, answering synchronously so that opening the archive
 * and walking its directory run to completion inside `openZip` (checked: `syncCall`). The file is
 * opened on first use and closed by `release()` after each operation, so an open bundle holds no
 * descriptor.
 */
class SyncFileReader extends yauzl.RandomAccessReader {
  private fd: number | null = null;
  /** Central headers that declared strong encryption (general-purpose bit 6). */
  readonly strong = new Set<number>();

  constructor(private readonly path: string) {
    super();
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    let n: number;
    try {
      this.fd ??= openSync(this.path, 'r');
      n = readSync(this.fd, buffer, offset, length, position);
    } catch (e) {
      callback(e as Error);
      return;
    }
    // yauzl refuses the whole archive when one central header has the strong-encryption bit; we
    // skip that entry like any encrypted one, so the bit is noted here and hidden from yauzl.
    if (length === 46 && n === 46 && buffer.readUInt32LE(offset) === 0x02014b50) {
      const flags = buffer.readUInt16LE(offset + 8);
      if (flags & 0x40) {
        this.strong.add(position);
        buffer.writeUInt16LE(flags & ~0x40, offset + 8);
      }
    }
    callback(null, n);
  }

  override _readStreamForRange(): never {
    throw new Error('SyncFileReader reads ranges with read() only');
  }

  override close(callback: (err: Error | null) => void): void {
    this.release();
    callback(null);
  }

  /** Reads `length` bytes at `position` (fewer at the end of the file). */
  readAt(buffer: Buffer, length: number, position: number): number {
    this.fd ??= openSync(this.path, 'r');
    return readSync(this.fd, buffer, 0, length, position);
  }

  release(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Runs a yauzl call that completes synchronously with SyncFileReader; throws if it did not. */
function syncCall<T>(what: string, start: (cb: (err: Error | null, value?: T) => void) => void): T {
  let done = false;
  let error: Error | null = null;
  let value: T | undefined;
  start((err, v) => {
    done = true;
    error = err;
    value = v;
  });
  if (error) throw error;
  if (!done) throw new Error(`${what} did not complete synchronously`);
  return value as T;
}

const corrupt = (path: string, e: unknown, entry?: string): BundleError =>
  e instanceof BundleError
    ? e
    : new BundleError(
        'corrupt-archive',
        `${entry !== undefined ? `entry ${entry}` : path} cannot be read as a zip: ${(e as Error).message}`,
        entry,
      );

/** yauzl's own name checks (`..`, absolute paths) are the zip-slip refusals of names.ts. */
function nameError(e: Error): BundleError | null {
  const m = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.exec(
    e.message,
  );
  if (!m) return null;
  const name = JSON.stringify(m[2]);
  return new BundleError(
    'unsafe-entry-name',
    m[1] === 'invalid relative path'
      ? `entry name climbs out of the archive (".."): ${name}`
      : m[1] === 'absolute path'
        ? `entry name is an absolute path: ${name}`
        : `entry name has invalid characters: ${name}`,
    m[2],
  );
}

interface EntryData {
  path: string;
  name: string;
  size: number;
  compressedSize: number;
  method: 0 | 8;
  entry: yauzl.Entry;
}

/** Opens a zip after checking every declared size, count, ratio and name. */
export function readZip(path: string, limits: BundleLimits = DEFAULT_LIMITS): Bundle {
  const st = statSync(path);
  if (st.size > limits.maxArchiveBytes) {
    throw new BundleError(
      'archive-too-large',
      `${path} is ${st.size} bytes; the limit is ${limits.maxArchiveBytes} (--max-archive-size).`,
    );
  }
  if (!looksLikeZip(path)) {
    throw new BundleError(
      'not-a-zip',
      `${path} is not a zip archive (no "PK" signature at the start).`,
    );
  }
  const reader = new SyncFileReader(path);
  let zip: yauzl.ZipFile;
  try {
    zip = syncCall<yauzl.ZipFile>('opening the archive', (cb) =>
      yauzl.fromRandomAccessReader(
        reader,
        st.size,
        // Stored-size mismatches are checked per entry when it is read (one damaged entry does not
        // refuse the archive); names are decoded (CP437 / UTF-8 / Info-ZIP Unicode path) and checked.
        { lazyEntries: true, autoClose: false, validateEntrySizes: false, strictFileNames: false },
        cb,
      ),
    );
  } catch (e) {
    reader.release();
    throw new BundleError(
      'corrupt-archive',
      `${path} cannot be read as a zip: ${(e as Error).message}`,
    );
  }
  try {
    return walkDirectory(path, st.size, zip, reader, limits);
  } finally {
    reader.release();
  }
}

function walkDirectory(
  path: string,
  archiveBytes: number,
  zip: yauzl.ZipFile,
  reader: SyncFileReader,
  limits: BundleLimits,
): Bundle {
  const count = zip.entryCount;
  if (count > limits.maxEntries) {
    throw new BundleError(
      'too-many-entries',
      `${path} declares ${count} entries; the limit is ${limits.maxEntries} (--max-entries).`,
    );
  }
  // Filled by yauzl's events, which fire synchronously inside readEntry().
  const got: { entry: yauzl.Entry | null; error: Error | null } = { entry: null, error: null };
  zip.on('entry', (e: yauzl.Entry) => (got.entry = e));
  zip.on('error', (e: Error) => (got.error = e));
  const files: BundleFile[] = [];
  const skipped: SkippedEntry[] = [];
  // Name (lower case) → CRC-32 and size of the first entry of that name.
  const seen = new Map<string, { crc32: number; size: number }>();
  const cache: ZipCache = { name: null, data: null };
  const overLimit: BundleError[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    // (yauzl's typings declare the cursor a boolean; it is the central header's offset)
    const cursor = (zip as unknown as { readEntryCursor: number }).readEntryCursor;
    got.entry = null;
    zip.readEntry();
    if (got.error) throw nameError(got.error) ?? corrupt(path, got.error);
    const entry = got.entry as yauzl.Entry | null; // (narrowed to null by TS, set by the listener)
    if (entry === null) {
      // yauzl defers an entry whose name, extra field and comment are all empty.
      throw new BundleError(
        'corrupt-archive',
        `${path} cannot be read as a zip: central directory entry ${i + 1} has no name`,
      );
    }
    const name = safeEntryName(entry.fileName);
    if (name === '' || entry.fileName.endsWith('/')) continue;
    const size = entry.uncompressedSize;
    const compressed = entry.compressedSize;
    // One entry over a per-entry limit is refused alone (never inflated) and the rest is read
    // (judge12 case 26); the archive is refused only when no other entry is left (below).
    if (size > limits.maxEntryBytes) {
      overLimit.push(
        new BundleError(
          'entry-too-large',
          `entry ${name} declares ${size} bytes uncompressed; the limit is ${limits.maxEntryBytes} (--max-entry-size).`,
          name,
        ),
      );
      skipped.push({
        path: name,
        reason: `declares ${size} bytes uncompressed, over --max-entry-size ${limits.maxEntryBytes}; re-run with a larger --max-entry-size if you trust the bundle`,
        code: 'too-large',
        params: { size, limit: limits.maxEntryBytes },
      });
      continue;
    }
    const ratio = size / Math.max(1, compressed);
    if (size > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      overLimit.push(
        new BundleError(
          'suspicious-ratio',
          `entry ${name} expands ${Math.round(ratio)}× (limit ${limits.maxRatio}×, --max-ratio): refusing a likely zip bomb.`,
          name,
        ),
      );
      skipped.push({
        path: name,
        reason: `expands ${Math.round(ratio)}× (limit ${limits.maxRatio}×, a likely zip bomb); re-run with --max-ratio ${Math.ceil(ratio)} if you trust the bundle`,
        code: 'ratio',
        params: { ratio: Math.round(ratio), limit: limits.maxRatio, needed: Math.ceil(ratio) },
      });
      continue;
    }
    // Only the entries that will be read count towards the archive's total.
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new BundleError(
        'total-too-large',
        `entries add up to more than ${limits.maxTotalBytes} bytes uncompressed (--max-total-size).`,
        name,
      );
    }
    if ((entry.generalPurposeBitFlag & 1) !== 0 || reader.strong.has(cursor)) {
      skipped.push({
        path: name,
        reason: 'encrypted entry (password-protected zip): not read',
        code: 'encrypted',
      });
      continue;
    }
    // A Unix symbolic link stored as an entry (its content is the target path): never read.
    if (
      entry.versionMadeBy >> 8 === 3 &&
      ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000
    ) {
      skipped.push({ path: name, reason: 'symbolic link: not followed', code: 'symlink' });
      continue;
    }
    const first = seen.get(name.toLowerCase());
    if (first) {
      // Two different copies of one file (judge9 S6): which is current cannot be told, and the
      // loader sets the artifact aside rather than judge from whichever came first.
      const differs = first.crc32 !== entry.crc32 || first.size !== size;
      skipped.push(
        differs
          ? {
              path: name,
              reason:
                'duplicate entry name with different content: which copy is current cannot be told',
              code: 'duplicate-differs',
            }
          : {
              path: name,
              reason: 'duplicate entry name: the first one is used',
              code: 'duplicate-name',
            },
      );
      continue;
    }
    if (/\.(zip|7z|rar|cab)$/i.test(name)) {
      skipped.push({
        path: name,
        reason: 'nested archive: not opened (unpack it and pass its files)',
        code: 'nested-archive',
      });
      continue;
    }
    seen.set(name.toLowerCase(), { crc32: entry.crc32, size });
    const method = entry.compressionMethod;
    if (method !== 0 && method !== 8) {
      skipped.push({
        path: name,
        reason: `unsupported compression method ${method}`,
        code: 'compression',
        params: { method },
      });
      continue;
    }
    files.push(
      zipFile(path, zip, reader, cache, {
        path: name,
        name,
        size,
        compressedSize: compressed,
        method,
        entry,
      }),
    );
  }
  // Many entries just under the per-entry ratio floor add up to a bomb too (1,000 × 1 MiB of zeros
  // is a 1 MB archive): the archive as a whole must not expand more than --max-ratio either.
  if (total > limits.ratioFloorBytes && total / Math.max(1, archiveBytes) > limits.maxRatio) {
    throw new BundleError(
      'suspicious-ratio',
      `${path} expands ${Math.round(total / Math.max(1, archiveBytes))}× as a whole (${total} bytes declared from ${archiveBytes}; limit ${limits.maxRatio}×, --max-ratio): refusing a likely zip bomb.`,
    );
  }
  // Nothing left to analyse but entries over a limit: the input is refused, with the first one's reason.
  if (files.length === 0 && overLimit.length > 0) throw overLimit[0]!;
  return { source: path, kind: 'zip', files, skipped };
}

interface ZipCache {
  name: string | null;
  data: Buffer | null;
}

function zipFile(
  archive: string,
  zip: yauzl.ZipFile,
  reader: SyncFileReader,
  cache: ZipCache,
  e: EntryData,
): BundleFile {
  const { name, size, method } = e;
  /** Where the entry's data starts (yauzl reads the local header and checks the bounds). */
  const dataStart = (): number => {
    try {
      if (method === 0 && e.compressedSize !== size)
        throw new Error(`stored entry declares ${e.compressedSize} bytes stored for ${size}`);
      return syncCall<{ fileDataStart: number }>('reading a local header', (cb) =>
        zip.readLocalFileHeader(e.entry, { minimal: true }, cb),
      ).fileDataStart;
    } catch (err) {
      reader.release();
      throw corrupt(archive, err, name);
    }
  };
  const compressedBytes = (start: number, length: number, into?: Buffer): Buffer => {
    const buf = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
    try {
      if (reader.readAt(buf, length, start) !== length) throw new Error('unexpected end of file');
      return buf;
    } catch (err) {
      throw corrupt(archive, err, name);
    } finally {
      reader.release();
    }
  };
  const inflateWhole = (raw: Buffer, cap: number): Buffer => {
    try {
      // Cap at the declared size + 1 so a lying header is detected instead of obeyed.
      return inflateRawSync(raw, { maxOutputLength: Math.max(1, cap) });
    } catch (err) {
      throw new BundleError(
        'corrupt-archive',
        `entry ${name} cannot be read within its declared size ${size}: ${(err as Error).message}`,
        name,
      );
    }
  };
  const read = (): Buffer => {
    if (cache.name === name && cache.data) return cache.data;
    if (size > WHOLE_READ_MAX_BYTES) {
      throw new BundleError(
        'entry-too-large',
        `entry ${name} is ${size} bytes: only streaming parsers (captures, event logs) read entries over ${WHOLE_READ_MAX_BYTES} bytes`,
        name,
      );
    }
    const start = dataStart();
    const raw = compressedBytes(start, e.compressedSize);
    const data = method === 0 ? raw : inflateWhole(raw, size + 1);
    if (data.length !== size) {
      throw new BundleError(
        'corrupt-archive',
        `entry ${name} inflates to ${data.length} bytes, not the declared ${size}`,
        name,
      );
    }
    cache.name = name;
    cache.data = data;
    return data;
  };
  function* chunks(chunkSize = DEFAULT_CHUNK, options?: ChunkOptions): Iterable<Buffer> {
    const reuse = options?.reuse === true;
    if (size <= WHOLE_ENTRY_BYTES || (cache.name === name && cache.data)) {
      const all = read();
      for (let i = 0; i < all.length; i += chunkSize)
        yield all.subarray(i, Math.min(all.length, i + chunkSize));
      return;
    }
    const start = dataStart();
    if (method === 0 && readAheadApplies(size, reuse)) {
      yield* readAhead(
        { kind: 'range', path: archive, start, length: size },
        chunkSize,
        (why) => corrupt(archive, new Error(why), name),
        () => storedChunks(start, chunkSize, reuse),
      );
      return;
    }
    if (method === 0) {
      yield* storedChunks(start, chunkSize, reuse);
      return;
    }
    yield* deflatedChunks(start, chunkSize, reuse);
  }
  /** Stored: the entry is a range of the archive file (read into one buffer with `reuse`). */
  function* storedChunks(start: number, chunkSize: number, reuse: boolean): Iterable<Buffer> {
    const reused = reuse ? Buffer.allocUnsafeSlow(Math.min(chunkSize, size)) : undefined;
    for (let at = 0; at < size;) {
      const n = Math.min(chunkSize, size - at);
      yield compressedBytes(start + at, n, reused);
      at += n;
    }
  }
  function* deflatedChunks(start: number, chunkSize: number, reuse: boolean): Iterable<Buffer> {
    // The head comes from a prefix (inflated with a sync flush), so recognising a file by its
    // first bytes never sets up the streaming inflater; it starts if the parser reads on.
    const prefix = compressedBytes(start, Math.min(e.compressedSize, 32 * 1024));
    let head: Buffer;
    try {
      head = inflateRawSync(prefix, {
        finishFlush: zlibConstants.Z_SYNC_FLUSH,
        maxOutputLength: 64 * MiB,
      });
    } catch (err) {
      throw corrupt(archive, err, name);
    }
    if (head.length > size)
      throw corrupt(archive, new Error(`inflates past its declared size ${size}`), name);
    const first = head.subarray(0, Math.min(chunkSize, size));
    if (first.length > 0) yield first;
    if (first.length >= size) return;
    const onThisThread = (): Iterable<Buffer> =>
      inflateStream(archive, name, start, e.compressedSize, size, first.length, chunkSize, reuse);
    if (readAheadApplies(size, reuse)) {
      yield* readAhead(
        {
          kind: 'inflate',
          path: archive,
          start,
          compressedSize: e.compressedSize,
          size,
          skip: first.length,
        },
        chunkSize,
        (why) => inflateFailure(name, size, why),
        onThisThread,
      );
      return;
    }
    yield* onThisThread();
  }
  // When the file was written (Info-ZIP / NTFS extra field, else the DOS time read as UTC): a hand-zipped
  // collection's estimate of its time (src/facts/event-age.ts).
  let mtime: string | undefined;
  try {
    const d = e.entry.getLastModDate({ timezone: 'UTC' });
    if (!Number.isNaN(d.getTime())) mtime = d.toISOString();
  } catch {
    // no usable time: none is claimed
  }
  return { path: e.path, size, read, chunks, ...(mtime !== undefined && { mtime }) };
}
