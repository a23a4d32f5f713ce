/**
 * Builds the capture of a busy server from real recorded handshakes: each template (a
 * little-endian microsecond pcap of Ethernet/IPv4 traffic, e.g. the samples recorded by
 * scripts/make-handshake-captures.sh) is copied once per client, with the client's IPv4 address
 * replaced by a new one (10.100.0.0/14 counting up) and the IPv4 header checksum recomputed; the
 * server side and every TLS byte stay as recorded. Copies follow each other in time (1 ms apart).
 * Used by bench/handshake-endpoints.ts (10,000 clients) and by its fast test.
 */

interface Packet {
  sec: number;
  usec: number;
  data: Buffer;
  /** Offset of the IPv4 header in data. */
  ip: number;
  fromClient: boolean;
}

function readTemplate(buf: Buffer): Packet[] {
  if (buf.readUInt32LE(0) !== 0xa1b2c3d4 || buf.readUInt32LE(20) !== 1)
    throw new Error('template must be a little-endian µs pcap of Ethernet frames');
  const out: Packet[] = [];
  let client: number | null = null;
  for (let o = 24; o + 16 <= buf.length;) {
    const cap = buf.readUInt32LE(o + 8);
    const data = buf.subarray(o + 16, o + 16 + cap);
    let ip = 14;
    while (data.readUInt16BE(ip - 2) === 0x8100) ip += 4;
    if (data.readUInt16BE(ip - 2) === 0x0800 && data[ip + 9] === 6) {
      const src = data.readUInt32BE(ip + 12);
      // The first TCP packet of a recorded handshake is the client's SYN.
      client ??= src;
      out.push({
        sec: buf.readUInt32LE(o),
        usec: buf.readUInt32LE(o + 4),
        data,
        ip,
        fromClient: src === client,
      });
    }
    o += 16 + cap;
  }
  return out;
}

function ipChecksum(b: Buffer, ip: number): void {
  const len = (b[ip]! & 0x0f) * 4;
  b.writeUInt16BE(0, ip + 10);
  let sum = 0;
  for (let i = 0; i < len; i += 2) sum += b.readUInt16BE(ip + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  b.writeUInt16BE(~sum & 0xffff, ip + 10);
}

/** A pcap holding `clients` copies of the templates, taken in turn. */
export function manyClientsCapture(templates: readonly Buffer[], clients: number): Buffer {
  const parsed = templates.map(readTemplate);
  const parts: Buffer[] = [];
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(1, 20);
  parts.push(head);
  const t0 = parsed[0]?.[0]?.sec ?? 0;
  for (let i = 0; i < clients; i++) {
    const pkts = parsed[i % parsed.length]!;
    const addr = (10 << 24) | ((100 + (i >>> 16)) << 16) | (i & 0xffff);
    const base = pkts[0]!;
    for (const p of pkts) {
      const data = Buffer.from(p.data);
      data.writeUInt32BE(addr >>> 0, p.ip + (p.fromClient ? 12 : 16));
      ipChecksum(data, p.ip);
      const usec = (p.sec - base.sec) * 1e6 + (p.usec - base.usec) + i * 1000;
      const rec = Buffer.alloc(16);
      rec.writeUInt32LE(t0 + Math.floor(usec / 1e6), 0);
      rec.writeUInt32LE(usec % 1e6, 4);
      rec.writeUInt32LE(data.length, 8);
      rec.writeUInt32LE(data.length, 12);
      parts.push(rec, data);
    }
  }
  return Buffer.concat(parts);
}
