/**
 * Puts one file into a bundle zip as a single entry (zip64 records), streaming: memory stays flat
 * and a 4 GB capture is deflated in about a CPU-minute (Info-ZIP `zip -1` took over 37 minutes
 * for 3.3 of 4.3 GB on the loaded machine). For bench/e2e.ts (not committed).
 *
 *   npx tsx bench/make-zip.ts SOURCE OUT.zip [entryName=capture/capture.pcap] [--store | --level N]
 *
 * Default: deflate level 1. `--store`: the STORE method, as the collector writes captures since
 * round 6 (CompressionLevel.NoCompression under PowerShell 7); `--level 0`: deflate blocks without
 * compression, as Windows PowerShell 5.1 (.NET Framework) writes NoCompression.
 *
 * The local header carries a zip64 extra field with both sizes (valid at any size), patched with
 * the CRC and sizes once the data is written; the central directory, the zip64 end record and
 * locator, and the classic end record follow, as Info-ZIP writes them past 4 GiB.
 */
import { createReadStream, closeSync, openSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import * as zlib from 'node:zlib';

const argv = process.argv.slice(2);
const store = argv.includes('--store');
const li = argv.indexOf('--level');
const level = li >= 0 ? Number(argv[li + 1]) : 1;
const [source, out, entryName = 'capture/capture.pcap'] = argv.filter(
  (a, i) => !a.startsWith('--') && (li < 0 || i !== li + 1),
);
if (!source || !out)
  throw new Error('usage: make-zip.ts SOURCE OUT.zip [entryName] [--store | --level N]');
const METHOD = store ? 0 : 8;
const crc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
if (!crc32) throw new Error('needs zlib.crc32 (Node ≥ 20.15)');

const U32 = 0xffffffff;
/** The day it is written (MS-DOS date: years since 1980, month, day). */
const now = new Date();
const DOS_DATE = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
const name = Buffer.from(entryName, 'utf8');

function local(crc: number, size: number, compressed: number): Buffer {
  const b = Buffer.alloc(30 + name.length + 20);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(45, 4); // version needed: zip64
  b.writeUInt16LE(0x800, 6); // UTF-8 name
  b.writeUInt16LE(METHOD, 8); // 0 stored, 8 deflate
  b.writeUInt16LE(DOS_DATE, 12);
  b.writeUInt32LE(crc >>> 0, 14);
  b.writeUInt32LE(U32, 18);
  b.writeUInt32LE(U32, 22);
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(20, 28);
  name.copy(b, 30);
  const x = 30 + name.length;
  b.writeUInt16LE(0x0001, x);
  b.writeUInt16LE(16, x + 2);
  b.writeBigUInt64LE(BigInt(size), x + 4);
  b.writeBigUInt64LE(BigInt(compressed), x + 12);
  return b;
}

function ends(crc: number, size: number, compressed: number, cdStart: number): Buffer {
  const c = Buffer.alloc(46 + name.length + 20);
  c.writeUInt32LE(0x02014b50, 0);
  c.writeUInt16LE(45, 4);
  c.writeUInt16LE(45, 6);
  c.writeUInt16LE(0x800, 8);
  c.writeUInt16LE(METHOD, 10);
  c.writeUInt16LE(DOS_DATE, 14);
  c.writeUInt32LE(crc >>> 0, 16);
  c.writeUInt32LE(U32, 20);
  c.writeUInt32LE(U32, 24);
  c.writeUInt16LE(name.length, 28);
  c.writeUInt16LE(20, 30);
  c.writeUInt32LE(0, 42); // local header at 0
  name.copy(c, 46);
  const x = 46 + name.length;
  c.writeUInt16LE(0x0001, x);
  c.writeUInt16LE(16, x + 2);
  c.writeBigUInt64LE(BigInt(size), x + 4);
  c.writeBigUInt64LE(BigInt(compressed), x + 12);
  const e64 = Buffer.alloc(56 + 20);
  e64.writeUInt32LE(0x06064b50, 0);
  e64.writeBigUInt64LE(44n, 4);
  e64.writeUInt16LE(45, 12);
  e64.writeUInt16LE(45, 14);
  e64.writeBigUInt64LE(1n, 24);
  e64.writeBigUInt64LE(1n, 32);
  e64.writeBigUInt64LE(BigInt(c.length), 40);
  e64.writeBigUInt64LE(BigInt(cdStart), 48);
  e64.writeUInt32LE(0x07064b50, 56);
  e64.writeBigUInt64LE(BigInt(cdStart + c.length), 64);
  e64.writeUInt32LE(1, 72);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(c.length, 12);
  end.writeUInt32LE(cdStart >= U32 ? U32 : cdStart, 16);
  return Buffer.concat([c, e64, end]);
}

const fd = openSync(out, 'w');
const headerLen = local(0, 0, 0).length;
let at = headerLen;
let size = 0;
let crc = 0;
const input = createReadStream(source, { highWaterMark: 1 << 20 });
input.on('data', (chunk) => {
  const b = chunk as Buffer;
  size += b.length;
  crc = crc32(b, crc);
});
const write = new Writable({
  write(chunk: Buffer, _enc, done) {
    writeSync(fd, chunk, 0, chunk.length, at);
    at += chunk.length;
    done();
  },
});
if (store) await pipeline(input, write);
else await pipeline(input, zlib.createDeflateRaw({ level, chunkSize: 1 << 20 }), write);
const compressed = at - headerLen;
writeSync(fd, local(crc, size, compressed), 0, headerLen, 0);
const tail = ends(crc, size, compressed, at);
writeSync(fd, tail, 0, tail.length, at);
closeSync(fd);
process.stderr.write(
  `${out}: ${size} bytes → ${at + tail.length} bytes (${store ? 'stored' : `deflate level ${level}`})\n`,
);
