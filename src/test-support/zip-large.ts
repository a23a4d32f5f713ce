/**
 * Large archives for the streaming tests, written without the disk or the time their size would
 * take:
 *
 * - `writeSparseZip64`: a stored entry of several GiB that is a hole in a sparse file, followed by
 *   a small deflated entry whose local header lies past 4 GiB, with the zip64 extra fields, zip64
 *   end record and locator written by hand (what `zip` or .NET write for such an archive);
 * - `writeRepeatedZip`: one deflated entry made of a head and a block repeated many times. Each
 *   piece is deflated on its own and ended with a full flush (byte-aligned, no reference to earlier
 *   data), so the same compressed bytes can be written again and again; a final empty block ends
 *   the stream. A 1 GiB capture becomes a few MB of archive, written in well under a second.
 */
import * as zlib from 'node:zlib';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

const U32 = 0xffffffff;
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

interface Header {
  name: string;
  method: 0 | 8;
  crc: number;
  size: number;
  compressed: number;
  offset: number;
}

/** zip64 extra field with the fields whose 32-bit slot says 0xFFFFFFFF, in the spec's order. */
function zip64Extra(h: Header, withOffset: boolean): Buffer {
  const parts: bigint[] = [];
  if (h.size >= U32) parts.push(BigInt(h.size));
  if (h.compressed >= U32) parts.push(BigInt(h.compressed));
  if (withOffset && h.offset >= U32) parts.push(BigInt(h.offset));
  if (parts.length === 0) return Buffer.alloc(0);
  const b = Buffer.alloc(4 + 8 * parts.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * parts.length, 2);
  parts.forEach((v, i) => b.writeBigUInt64LE(v, 4 + 8 * i));
  return b;
}

const cap = (n: number): number => (n >= U32 ? U32 : n);

function localHeader(h: Header): Buffer {
  const name = Buffer.from(h.name, 'utf8');
  const extra = zip64Extra(h, false);
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(extra.length ? 45 : 20, 4);
  b.writeUInt16LE(0x800, 6);
  b.writeUInt16LE(h.method, 8);
  b.writeUInt32LE(h.crc >>> 0, 14);
  b.writeUInt32LE(cap(h.compressed), 18);
  b.writeUInt32LE(cap(h.size), 22);
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(extra.length, 28);
  return Buffer.concat([b, name, extra]);
}

function centralHeader(h: Header): Buffer {
  const name = Buffer.from(h.name, 'utf8');
  const extra = zip64Extra(h, true);
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(45, 4);
  b.writeUInt16LE(extra.length ? 45 : 20, 6);
  b.writeUInt16LE(0x800, 8);
  b.writeUInt16LE(h.method, 10);
  b.writeUInt32LE(h.crc >>> 0, 16);
  b.writeUInt32LE(cap(h.compressed), 20);
  b.writeUInt32LE(cap(h.size), 24);
  b.writeUInt16LE(name.length, 28);
  b.writeUInt16LE(extra.length, 30);
  b.writeUInt32LE(cap(h.offset), 42);
  return Buffer.concat([b, name, extra]);
}

/** Central directory, then zip64 end record + locator (always), then the classic end record. */
function endRecords(headers: Header[], cdStart: number): Buffer {
  const cd = Buffer.concat(headers.map(centralHeader));
  const end64 = Buffer.alloc(56 + 20);
  end64.writeUInt32LE(0x06064b50, 0);
  end64.writeBigUInt64LE(44n, 4);
  end64.writeUInt16LE(45, 12);
  end64.writeUInt16LE(45, 14);
  end64.writeBigUInt64LE(BigInt(headers.length), 24);
  end64.writeBigUInt64LE(BigInt(headers.length), 32);
  end64.writeBigUInt64LE(BigInt(cd.length), 40);
  end64.writeBigUInt64LE(BigInt(cdStart), 48);
  end64.writeUInt32LE(0x07064b50, 56);
  end64.writeBigUInt64LE(BigInt(cdStart + cd.length), 64);
  end64.writeUInt32LE(1, 72);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(cap(cd.length), 12);
  end.writeUInt32LE(U32, 16);
  return Buffer.concat([cd, end64, end]);
}

export interface SmallEntry {
  name: string;
  data: Buffer;
}

/**
 * A sparse archive: `bigName` stored, `bigSize` bytes that start with `bigHead` and are zeros
 * (a hole) after it, then `small` entries deflated, their local headers past the hole.
 */
export function writeSparseZip64(
  path: string,
  bigName: string,
  bigSize: number,
  bigHead: Buffer,
  small: SmallEntry[],
): { size: number } {
  const fd = openSync(path, 'w');
  try {
    const crc = 0; // never checked by the reader (nor by yauzl); computing it means reading GiBs
    const big: Header = {
      name: bigName,
      method: 0,
      crc,
      size: bigSize,
      compressed: bigSize,
      offset: 0,
    };
    const lh = localHeader(big);
    writeSync(fd, lh, 0, lh.length, 0);
    writeSync(fd, bigHead, 0, bigHead.length, lh.length);
    let at = lh.length + bigSize;
    const headers = [big];
    for (const s of small) {
      const body = zlib.deflateRawSync(s.data);
      const h: Header = {
        name: s.name,
        method: 8,
        crc: zlibCrc32 ? zlibCrc32(s.data) : 0,
        size: s.data.length,
        compressed: body.length,
        offset: at,
      };
      const l = localHeader(h);
      writeSync(fd, l, 0, l.length, at);
      writeSync(fd, body, 0, body.length, at + l.length);
      at += l.length + body.length;
      headers.push(h);
    }
    const end = endRecords(headers, at);
    writeSync(fd, end, 0, end.length, at);
    ftruncateSync(fd, at + end.length);
    return { size: at + end.length };
  } finally {
    closeSync(fd);
  }
}

const fullFlush = (data: Buffer): Buffer =>
  zlib.deflateRawSync(data, { finishFlush: zlib.constants.Z_FULL_FLUSH });

/**
 * An archive with `name` = head + block × repeats (deflated) and `others` after it. Returns the
 * entry's uncompressed size and the archive's size.
 */
export function writeRepeatedZip(
  path: string,
  name: string,
  head: Buffer,
  block: Buffer,
  repeats: number,
  others: SmallEntry[] = [],
): { entryBytes: number; archiveBytes: number } {
  const headZ = fullFlush(head);
  const blockZ = fullFlush(block);
  const final = Buffer.from([0x03, 0x00]); // last block: fixed Huffman, end-of-block only
  const size = head.length + block.length * repeats;
  let crc = 0;
  if (zlibCrc32) {
    crc = zlibCrc32(head);
    for (let i = 0; i < repeats; i++) crc = zlibCrc32(block, crc);
  }
  const h: Header = {
    name,
    method: 8,
    crc,
    size,
    compressed: headZ.length + blockZ.length * repeats + final.length,
    offset: 0,
  };
  const fd = openSync(path, 'w');
  try {
    let at = 0;
    const put = (b: Buffer): void => {
      writeSync(fd, b, 0, b.length, at);
      at += b.length;
    };
    put(localHeader(h));
    put(headZ);
    // Written in batches of ~4 MiB so the loop is not one syscall per copy.
    const per = Math.max(1, Math.floor((4 << 20) / blockZ.length));
    const batch = Buffer.concat(Array.from({ length: per }, () => blockZ));
    let left = repeats;
    while (left >= per) {
      put(batch);
      left -= per;
    }
    if (left > 0) put(batch.subarray(0, left * blockZ.length));
    put(final);
    const headers = [h];
    for (const s of others) {
      const body = zlib.deflateRawSync(s.data);
      const o: Header = {
        name: s.name,
        method: 8,
        crc: zlibCrc32 ? zlibCrc32(s.data) : 0,
        size: s.data.length,
        compressed: body.length,
        offset: at,
      };
      put(localHeader(o));
      put(body);
      headers.push(o);
    }
    put(endRecords(headers, at));
    return { entryBytes: size, archiveBytes: at };
  } finally {
    closeSync(fd);
  }
}

/**
 * pcap records (no file header) of real connections copied from `pcap` (a classic little-endian
 * Ethernet pcap), each copy with its own client address 10.x.y.z, until `bytes` is reached.
 */
export function pcapRecords(pcap: Buffer, bytes: number): Buffer {
  const recs: { hdr: Buffer; data: Buffer; ip: number; fromClient: boolean }[] = [];
  let client: number | null = null;
  for (let o = 24; o + 16 <= pcap.length;) {
    const capLen = pcap.readUInt32LE(o + 8);
    const data = pcap.subarray(o + 16, o + 16 + capLen);
    o += 16 + capLen;
    let ip = 14;
    while (ip + 20 <= data.length && data.readUInt16BE(ip - 2) === 0x8100) ip += 4; // 802.1Q
    if (ip + 20 > data.length || data.readUInt16BE(ip - 2) !== 0x0800 || data[ip + 9] !== 6)
      continue;
    const src = data.readUInt32BE(ip + 12);
    client ??= src;
    recs.push({
      hdr: pcap.subarray(o - 16 - capLen, o - capLen),
      data,
      ip,
      fromClient: src === client,
    });
  }
  if (recs.length === 0) throw new Error('no IPv4/TCP packets in the template capture');
  const out: Buffer[] = [];
  let n = 0;
  for (let copy = 1; n < bytes; copy++) {
    for (const r of recs) {
      const d = Buffer.from(r.data);
      d.writeUInt32BE(((10 << 24) | (copy & 0xffffff)) >>> 0, r.ip + (r.fromClient ? 12 : 16));
      out.push(r.hdr, d);
      n += r.hdr.length + d.length;
    }
  }
  return Buffer.concat(out);
}

/** The 24-byte header of a classic little-endian Ethernet pcap. */
export function pcapFileHeader(): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(262144, 16);
  h.writeUInt32LE(1, 20);
  return h;
}
