/**
 * Builds zip archives byte by byte, so tests can make the archives a real tool would refuse to
 * write: lying sizes, zip64 sizes of 10 GB, `../` names, encrypted flags, bombs.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as zlib from 'node:zlib';
import { deflateRawSync } from 'node:zlib';

export interface CraftEntry {
  name: string;
  data: Buffer;
  method?: 0 | 8;
  /** Uncompressed size to declare (default: the real size). */
  declaredSize?: number;
  /** Declare this size through a zip64 extra field (e.g. 10 GB). */
  zip64Size?: bigint;
  flags?: number;
  /**
   * Streamed entry (general-purpose flag bit 3): the local header declares CRC and sizes as 0 and
   * a data descriptor after the data carries them, as `zip` writes when reading from a pipe.
   */
  dataDescriptor?: boolean;
}

export interface CraftOptions {
  /** Entry count to declare in the end records (default: the real count). */
  declaredCount?: number;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const zlibCrc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
function crc32(buf: Buffer): number {
  if (zlibCrc32) return zlibCrc32(buf) >>> 0; // Node ≥ 20.15: native, fast enough for bombs
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function craftZip(entries: CraftEntry[], options: CraftOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const size = e.zip64Size !== undefined ? 0xffffffff : (e.declaredSize ?? e.data.length);
    const extra = e.zip64Size !== undefined ? Buffer.alloc(20) : Buffer.alloc(0);
    if (e.zip64Size !== undefined) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(16, 2);
      extra.writeBigUInt64LE(e.zip64Size, 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
    }
    const compSize = e.zip64Size !== undefined ? 0xffffffff : body.length;
    const crc = crc32(e.data);
    const dd = e.dataDescriptor === true;
    const flags = (e.flags ?? 0) | 0x800 | (dd ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(dd ? 0 : crc, 14);
    local.writeUInt32LE(dd ? 0 : compSize, 18);
    local.writeUInt32LE(dd ? 0 : size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const descriptor = Buffer.alloc(dd ? 16 : 0);
    if (dd) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compSize, 8);
      descriptor.writeUInt32LE(size >>> 0, 12);
    }
    locals.push(local, name, extra, body, descriptor);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compSize, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + body.length + descriptor.length;
  }
  const cd = Buffer.concat(centrals);
  const count = options.declaredCount ?? entries.length;
  // More than 65,534 entries need the zip64 end records (the 16-bit count then reads 0xFFFF).
  const zip64 = count > 0xfffe;
  const end64 = Buffer.alloc(zip64 ? 56 + 20 : 0);
  if (zip64) {
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(count), 24);
    end64.writeBigUInt64LE(BigInt(count), 32);
    end64.writeBigUInt64LE(BigInt(cd.length), 40);
    end64.writeBigUInt64LE(BigInt(offset), 48);
    end64.writeUInt32LE(0x07064b50, 56);
    end64.writeBigUInt64LE(BigInt(offset + cd.length), 64);
    end64.writeUInt32LE(1, 72);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : count, 8);
  end.writeUInt16LE(zip64 ? 0xffff : count, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end64, end]);
}

/**
 * `count` stored one-byte entries, written straight into one buffer (craftZip would take seconds
 * for 100,000 entries); zip64 end records when the count needs them.
 */
export function manyEntriesZip(count: number): Buffer {
  const nameOf = (i: number): string => `f${String(i).padStart(6, '0')}.txt`;
  const nameLen = nameOf(0).length;
  const localLen = 30 + nameLen + 1;
  const centralLen = 46 + nameLen;
  const zip64 = count > 0xfffe;
  const cdStart = count * localLen;
  const out = Buffer.alloc(cdStart + count * centralLen + (zip64 ? 76 : 0) + 22);
  const crc = 0x8cdc1683; // CRC-32 of "x"
  for (let i = 0; i < count; i++) {
    const l = i * localLen;
    out.writeUInt32LE(0x04034b50, l);
    out.writeUInt16LE(10, l + 4);
    out.writeUInt32LE(crc, l + 14);
    out.writeUInt32LE(1, l + 18);
    out.writeUInt32LE(1, l + 22);
    out.writeUInt16LE(nameLen, l + 26);
    out.write(nameOf(i), l + 30, 'latin1');
    out[l + 30 + nameLen] = 0x78;
    const c = cdStart + i * centralLen;
    out.writeUInt32LE(0x02014b50, c);
    out.writeUInt16LE(20, c + 4);
    out.writeUInt16LE(10, c + 6);
    out.writeUInt32LE(crc, c + 16);
    out.writeUInt32LE(1, c + 20);
    out.writeUInt32LE(1, c + 24);
    out.writeUInt16LE(nameLen, c + 28);
    out.writeUInt32LE(l, c + 42);
    out.write(nameOf(i), c + 46, 'latin1');
  }
  const cdLen = count * centralLen;
  let e = cdStart + cdLen;
  if (zip64) {
    out.writeUInt32LE(0x06064b50, e);
    out.writeBigUInt64LE(44n, e + 4);
    out.writeUInt16LE(45, e + 12);
    out.writeUInt16LE(45, e + 14);
    out.writeBigUInt64LE(BigInt(count), e + 24);
    out.writeBigUInt64LE(BigInt(count), e + 32);
    out.writeBigUInt64LE(BigInt(cdLen), e + 40);
    out.writeBigUInt64LE(BigInt(cdStart), e + 48);
    out.writeUInt32LE(0x07064b50, e + 56);
    out.writeBigUInt64LE(BigInt(e), e + 64);
    out.writeUInt32LE(1, e + 72);
    e += 76;
  }
  out.writeUInt32LE(0x06054b50, e);
  out.writeUInt16LE(zip64 ? 0xffff : count, e + 8);
  out.writeUInt16LE(zip64 ? 0xffff : count, e + 10);
  out.writeUInt32LE(cdLen, e + 12);
  out.writeUInt32LE(cdStart, e + 16);
  return out;
}

/** Zips every file under `dir` into `zip` (names relative to `dir`, under `top` when given). */
export function zipFolder(dir: string, zip: string, top = ''): void {
  const entries: CraftEntry[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const full = join(d, n);
      if (statSync(full).isDirectory()) walk(full);
      else
        entries.push({
          name: top + relative(dir, full).split('\\').join('/'),
          data: readFileSync(full),
        });
    }
  };
  walk(dir);
  writeFileSync(zip, craftZip(entries));
}
