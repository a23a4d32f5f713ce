/**
 * Builds a large pcap from real handshakes for bench/capture.ts (not committed; bench/out/).
 *   npx tsx bench/make-capture.ts [sizeMiB=1100] [out=bench/out/big.pcap] [templateDir]
 * Templates: the Ethernet/IPv4 pcap fixtures of the capture parser (real TLS 1.0–1.3 handshakes,
 * alerts, STARTTLS, application data). Each copy of a template gets its own client address and
 * port, and 32 copies are interleaved packet by packet, so the file looks like a busy server:
 * many concurrent connections. With the fixtures (default) most connections are short handshakes
 * (the parser's worst case); a templateDir with long real sessions (e.g. zeek's
 * tls-1.2-stream-keylog.pcap, ssl.v3.pcap) gives the bulk-data mix of a busy web server.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FIX = process.argv[4] ?? join(import.meta.dirname, '../src/parsers/capture/fixtures');
const sizeMiB = Number(process.argv[2] ?? 1100);
const out = process.argv[3] ?? join(import.meta.dirname, 'out/big.pcap');

interface Pkt {
  hdr: Buffer;
  data: Buffer;
  /** Offset of the IPv4 header. */
  ip: number;
  fromClient: boolean;
}

function template(buf: Buffer): Pkt[] | null {
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4 || buf.readUInt32LE(20) !== 1) return null;
  const pkts: Pkt[] = [];
  // The client of each TCP connection: the sender of its SYN, else the side with the higher
  // (ephemeral) port. Not by address alone: in a loopback capture (zeek-ftp-auth-tls.pcap) both
  // ends are 127.0.0.1, and the server's packets would get the per-copy client address, making
  // every copy a new server (1,903 "servers" at 4.3 GB before this).
  const clientEnd = new Map<string, string>();
  const end = (d: Buffer, ip: number, tcp: number, src: boolean): string =>
    `${d.readUInt32BE(ip + (src ? 12 : 16))}:${d.readUInt16BE(tcp + (src ? 0 : 2))}`;
  for (let o = 24; o + 16 <= buf.length;) {
    const cap = buf.readUInt32LE(o + 8);
    const data = buf.subarray(o + 16, o + 16 + cap);
    let ip = 14;
    while (data.readUInt16BE(ip - 2) === 0x8100) ip += 4;
    if (data.readUInt16BE(ip - 2) === 0x0800 && data[ip + 9] === 6) {
      const tcp = ip + (data[ip]! & 15) * 4;
      const src = end(data, ip, tcp, true);
      const dst = end(data, ip, tcp, false);
      const key = src < dst ? `${src}-${dst}` : `${dst}-${src}`;
      const syn = (data[tcp + 13]! & 0x12) === 0x02;
      if (syn || !clientEnd.has(key)) {
        const srcHigher = data.readUInt16BE(tcp) > data.readUInt16BE(tcp + 2);
        clientEnd.set(key, syn || srcHigher ? src : dst);
      }
      pkts.push({ hdr: buf.subarray(o, o + 16), data, ip, fromClient: clientEnd.get(key) === src });
    }
    o += 16 + cap;
  }
  return pkts.length ? pkts : null;
}

const templates = readdirSync(FIX)
  .filter((f) => f.endsWith('.pcap'))
  .map((f) => template(readFileSync(join(FIX, f))))
  .filter((t): t is Pkt[] => t !== null);

mkdirSync(dirname(out), { recursive: true });
const fd = openSync(out, 'w');
const head = Buffer.alloc(24);
head.writeUInt32LE(0xa1b2c3d4, 0);
head.writeUInt16LE(2, 4);
head.writeUInt16LE(4, 6);
head.writeUInt32LE(262144, 16);
head.writeUInt32LE(1, 20);
writeSync(fd, head);

const target = sizeMiB * 1024 * 1024;
let written = 24;
let copy = 0;
let batch: Buffer[] = [];
let batchLen = 0;
const slots: { t: Pkt[]; i: number; id: number }[] = [];
let ts = 1_700_000_000;
while (written < target) {
  while (slots.length < 32)
    slots.push({ t: templates[copy % templates.length]!, i: 0, id: copy++ });
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k]!;
    const p = s.t[s.i++]!;
    const d = Buffer.from(p.data);
    // Unique client address per copy: 10.(id>>16).(id>>8).(id); ports stay as recorded.
    const addr = (10 << 24) | (s.id & 0xffffff);
    d.writeUInt32BE(addr >>> 0, p.ip + (p.fromClient ? 12 : 16));
    const h = Buffer.from(p.hdr);
    h.writeUInt32LE(ts++ % 4294967296, 0);
    batch.push(h, d);
    batchLen += 16 + d.length;
    if (s.i >= s.t.length) slots.splice(k--, 1);
  }
  if (batchLen > 8 << 20) {
    writeSync(fd, Buffer.concat(batch));
    written += batchLen;
    batch = [];
    batchLen = 0;
  }
}
if (batchLen) writeSync(fd, Buffer.concat(batch));
closeSync(fd);
console.log(
  `${out}: ${((written + batchLen) / 1048576).toFixed(0)} MiB, ${copy} connections from ${templates.length} templates`,
);
